// Steps for the credentials a job presents to a server or a proxy that challenges it.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "bitscts/credentials.h"
#include "bitscts/scenario.h"

namespace bitscts::steps {

// Gives `job` implicit credentials for `target`: SetCredentials(target, Negotiate, NULL, NULL),
// which an application must call for a logon identity (the owner's, or the helper's under
// BG_TOKEN_NETWORK) to answer an HTTP server's or proxy's NTLM/Kerberos challenge (HT-FLAG-3,
// JOB-OWN-8; DOC-AMB-14: the documents name NTLM or Negotiate, the suite uses Negotiate, which
// W32-AUTH's recipe names). A failure fails the scenario (call it inside
// ASSERT_NO_FATAL_FAILURE).
inline void SetImplicitCredentials(Scenario& s, Job& job, AuthTarget target) {
  const HResult set =
      job.SetCredentials(Credentials{target, AuthScheme::kNegotiate, std::nullopt, std::nullopt});
  s.evidence().Call(std::string("SetCredentials(") +
                        (target == AuthTarget::kProxy ? "PROXY" : "SERVER") +
                        ", NEGOTIATE, NULL, NULL)",
                    set);
  ASSERT_EQ(set, hr::kOk) << "SetCredentials with implicit credentials";
}

// Sets `credentials` on `job` and returns what SetCredentials answered.
inline HResult SetCredentialsOn(Job& job, const Credentials& credentials) {
  return job.SetCredentials(credentials);
}

}  // namespace bitscts::steps
