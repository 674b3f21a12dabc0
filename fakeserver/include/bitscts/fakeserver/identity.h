// How the fakeserver names the identity a request presented, and the one rule that says whether
// such a name is a given account. A Basic user is logged as sent ("alice"); on Windows a
// Negotiate or NTLM handshake is logged as SSPI names the client ("DOMAIN\alice",
// "MACHINE\alice"), while access lists and scenarios name accounts bare.
#pragma once

#include <string_view>

namespace bitscts::fakeserver {

// Returns true if and only if the logged identity `presented` names `account`: their account
// names are equal ignoring ASCII case (as Windows account names compare), and so are their
// domain parts ("DOMAIN\" before the last backslash) when both have one. A bare name on either
// side matches that account in any domain. An empty `presented` (anonymous) names no account.
bool NamesAccount(std::string_view presented, std::string_view account);

}  // namespace bitscts::fakeserver
