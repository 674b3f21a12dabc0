// Internal to the fakeserver: connection-bound authentication (Negotiate and NTLM through SSPI
// on Windows), whose handshake spans several requests of one connection and whose result holds
// for the later requests of that connection. Not part of the public API.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bitscts::fakeserver::internal {

// The connection-bound schemes that the server's challenges name on every build: it stands for a
// server that wants Windows integrated authentication. Which of them a build accepts is
// ConnectionAuthenticator::Schemes().
inline constexpr std::array<std::string_view, 2> kIntegratedSchemes{"Negotiate", "NTLM"};

class ConnectionAuthenticator {
 public:
  ConnectionAuthenticator();
  ~ConnectionAuthenticator();
  ConnectionAuthenticator(const ConnectionAuthenticator&) = delete;
  ConnectionAuthenticator& operator=(const ConnectionAuthenticator&) = delete;

  // Returns the connection-bound schemes this build offers in challenges ("Negotiate", "NTLM"
  // on Windows; none elsewhere).
  static std::vector<std::string> Schemes();
  // Returns true if and only if `scheme` (any case) is one of Schemes().
  static bool Supports(std::string_view scheme);

  struct Step {
    enum class Kind { kAuthenticated, kContinue, kFailed } kind = Kind::kFailed;
    std::string identity;  // for kAuthenticated: "DOMAIN\user"
    std::string
        challenge;  // a WWW-Authenticate value to send back ("Negotiate <base64>"), may be empty
  };

  // Feeds the client's decoded `token` for `scheme` to the handshake of this connection.
  Step Accept(std::string_view scheme, std::string_view token);
  // Returns the identity a completed handshake established on this connection, empty if none.
  const std::string& identity() const { return identity_; }

 private:
  class Context;
  std::unique_ptr<Context> context_;
  std::string identity_;
};

}  // namespace bitscts::fakeserver::internal
