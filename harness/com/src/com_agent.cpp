#include "bitscts/com/com_agent.h"

#include <functional>
#include <ostream>
#include <utility>

#include "apartment_control.h"
#include "bitscts/agent/agent_server.h"
#include "bitscts/com/com_target.h"
#include "bitscts/com/secret.h"
#include "caller_kind.h"
#include "process_caller.h"
#include "security_control.h"
#include "text.h"
#include "user_proxy_control.h"

namespace bitscts::com {
namespace {

// Runs `use` with `text` as a Secret, scrubbing the wide copy made on the way.
template <typename Use>
HResult WithSecret(const std::string& text, Use use) {
  std::wstring wide = Widen(text);
  Secret secret(wide);
  ScrubMemory(wide.data(), wide.size() * sizeof(wchar_t));
  return use(std::move(secret));
}

// Serves the com target's own caller, which becomes the logged-on account's for the agent's life.
class ComAgentHost final : public agent::AgentHost {
 public:
  ComAgentHost(Target& target, ProcessCaller& caller, SystemApi& system, std::ostream& diagnostics,
               Apartment apartment, std::function<HResult()> reconnect)
      : target_(target),
        caller_(caller),
        system_(system),
        diagnostics_(diagnostics),
        apartment_(apartment),
        reconnect_(std::move(reconnect)) {}

  Caller& caller() override { return caller_; }

  HResult LogOn(const std::string& user, const std::string& password) override {
    return WithSecret(password, [&](Secret secret) {
      std::string failure;
      const HResult result = caller_.LogOnAs(user, secret, &failure);
      if (result.Failed())
        diagnostics_ << "bitscts agent: logging on as " << user << " failed: " << failure << "\n";
      return result;
    });
  }

  HResult Remember(const std::string& user, const std::string& password) override {
    return WithSecret(password, [&](Secret secret) {
      caller_.Remember(user, std::move(secret));
      return hr::kOk;
    });
  }

  // The calls are made on this thread, so its token is the one they present.
  Outcome<agent::TokenReport> ReportToken() override { return ReadTokenReport(system_); }
  // Read on this thread, as its identity (the account logged on or impersonated).
  Outcome<std::string> UserProxy() override { return ReadUserProxy(system_); }

  // The controls, done here on the serving thread: the caller's thread.
  HResult ImpersonateWith(const Principal& principal, TokenShape shape) override {
    return caller_.ImpersonateShaped(principal, shape);
  }
  HResult InitializeSecurityAgain(CallerSettings settings) override {
    return InitializeSecurityInProcess(system_, settings);
  }
  HResult PumpMessages() override { return PumpInProcess(system_, apartment_); }
  HResult Reconnect() override { return reconnect_(); }

  // The blocking notify interfaces of the agent's jobs are its target's.
  HResult ReleaseCallbacks() override { return target_.ReleaseCallbacks(); }

 private:
  Target& target_;
  ProcessCaller& caller_;
  SystemApi& system_;
  std::ostream& diagnostics_;
  Apartment apartment_;
  std::function<HResult()> reconnect_;
};

}  // namespace

int ServeComAgentWith(std::shared_ptr<SystemApi> system, CallerSettings settings,
                      std::istream& requests, std::ostream& answers, std::ostream& diagnostics) {
  ComOptions options;
  options.security = settings;
  // BITS cannot identify an anonymous caller; refusing its activation is BITS's answer to its
  // calls.
  options.activation_refusal_is_an_answer = settings.level == ImpersonationLevel::kAnonymous;
  SystemApi& system_api = *system;  // the target shares ownership for as long as the host lives
  auto connected = ConnectComTarget(std::move(system), options);
  if (auto* error = std::get_if<std::string>(&connected)) {
    diagnostics << "bitscts agent: " << *error << "\n";
    return 3;
  }
  std::unique_ptr<Target> target = std::move(std::get<std::unique_ptr<Target>>(connected));
  // ConnectComTarget always makes a com target, whose own caller is a ProcessCaller.
  ComAgentHost host(*target, static_cast<ProcessCaller&>(target->CurrentCaller()), system_api,
                    diagnostics, settings.apartment,
                    [&target] { return ReconnectComTarget(*target); });
  // The jobs stay: the runner cancels them at the end of the run, after whatever a logoff did.
  return agent::ServeAgent(host, requests, answers);
}

}  // namespace bitscts::com
