// Internal: the logons of the com target's test accounts other than the one Target::LogOn makes
// (JOB-OWN-2). What each LogonKind is on the com target:
//   kInteractive      what LogOn does: an agent in a PowerShell remote session of the account
//                     (from Windows 10 1607 BITS counts it as the user being logged on; the com
//                     target opens no console or Terminal Services session), refused before 1607;
//   kPowerShellRemote the same session on every build, so that a build before 1607 shows BITS
//                     not counting it;
//   kSecondary        RunAs: an agent started as the account through the Secondary Logon service
//                     (SecondaryLogonSite), which BITS does not count.
// The agent must then report a token of the principal's kind (CheckCallerKind), as for LogOn.
#pragma once

#include <functional>
#include <memory>

#include "agent_site.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"
#include "bitscts/controls.h"
#include "bitscts/target.h"
#include "remote_session.h"

namespace bitscts::com {

// What the com target lends its logon control: its LogOn, and its way of starting an agent in a
// site and adopting it as a caller.
class LogonHost {
 public:
  // Makes the site an agent of a test account runs in, given the account's password.
  using SiteMaker = std::function<std::shared_ptr<AgentSite>(const Secret& password)>;

  virtual ~LogonHost() = default;
  // Target::LogOn.
  virtual Outcome<std::unique_ptr<Caller>> LogOn(const Principal& principal,
                                                 CallerSettings settings) = 0;
  // As LogOn for the test account `principal`, with its agent in the site `make_site` makes and
  // whether or not BITS counts that site as a logon; E_INVALIDARG for a principal that is no
  // test account of the run.
  virtual Outcome<std::unique_ptr<Caller>> LogOnInSite(const Principal& principal,
                                                       CallerSettings settings,
                                                       const SiteMaker& make_site) = 0;
};

class ComLogonControl final : public LogonControl {
 public:
  ComLogonControl(SystemApi& system, RemoteSessionRun& sessions, LogonHost& host)
      : system_(system), sessions_(sessions), host_(host) {}

  // See the kinds above; every agent ends with its caller, and with its site on every failure.
  Outcome<std::unique_ptr<Caller>> LogOnAs(const Principal& principal, CallerSettings settings,
                                           LogonKind kind) override;

 private:
  SystemApi& system_;
  RemoteSessionRun& sessions_;
  LogonHost& host_;
};

}  // namespace bitscts::com
