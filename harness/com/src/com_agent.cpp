#include "bitscts/com/com_agent.h"

#include <optional>
#include <ostream>

#include "bitscts/agent/agent_server.h"
#include "bitscts/com/call_log.h"
#include "bitscts/com/com_target.h"
#include "bitscts/com/logon.h"
#include "bitscts/com/secret.h"
#include "text.h"

namespace bitscts::com {
namespace {

// The agent's caller: the com target's own caller, whose identity becomes the logged-on
// account's once LogOn succeeded (the thread impersonates it for the agent's whole life).
class LoggedOnCaller final : public Caller {
 public:
  explicit LoggedOnCaller(Caller& inner) : inner_(inner) {}

  std::string Sid() const override { return sid_.empty() ? inner_.Sid() : sid_; }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& name) override {
    return inner_.CreateDownloadJob(name);
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& id) override { return inner_.OpenJob(id); }
  HResult Impersonate(const Principal& principal) override { return inner_.Impersonate(principal); }
  HResult RevertToSelf() override { return inner_.RevertToSelf(); }

  void set_sid(std::string sid) { sid_ = std::move(sid); }

 private:
  Caller& inner_;
  std::string sid_;
};

class ComAgentHost final : public agent::AgentHost {
 public:
  ComAgentHost(SystemApi& system, Caller& caller, std::ostream& diagnostics)
      : system_(system), caller_(caller), diagnostics_(diagnostics) {}

  // Ends the impersonation, then closes the logon token: the logon session ends with the agent.
  ~ComAgentHost() override {
    CallLog log;
    if (impersonation_) impersonation_->End(log);
    if (token_) token_->Close(log);
  }

  Caller& caller() override { return caller_; }

  HResult LogOn(const std::string& user, const std::string& password) override {
    if (token_) return hr::kInvalidState;  // an agent logs on once
    CallLog log;
    std::wstring wide = Widen(password);
    Secret secret(wide);
    ScrubMemory(wide.data(), wide.size() * sizeof(wchar_t));
    token_.emplace(LogonToken::LogOn(system_, user, secret, log));
    if (token_->is_open()) impersonation_.emplace(Impersonation::Begin(system_, *token_, log));
    if (!log.Succeeded()) {
      diagnostics_ << "bitscts agent: logging on as " << user << " failed: " << log.ToString() << "\n";
      if (impersonation_) impersonation_->End(log);
      token_->Close(log);
      return log.Result();
    }
    std::wstring sid;
    if (system_.LookupAccountNameW(Widen(user), &sid) == 0) caller_.set_sid(Narrow(sid));
    return hr::kOk;
  }

 private:
  SystemApi& system_;
  LoggedOnCaller caller_;
  std::ostream& diagnostics_;
  std::optional<LogonToken> token_;
  std::optional<Impersonation> impersonation_;
};

}  // namespace

int ServeComAgentWith(std::shared_ptr<SystemApi> system, CallerSettings settings, std::istream& requests,
                      std::ostream& answers, std::ostream& diagnostics) {
  ComOptions options;
  options.security = settings;
  auto connected = ConnectComTarget(system, options);
  if (auto* error = std::get_if<std::string>(&connected)) {
    diagnostics << "bitscts agent: " << *error << "\n";
    return 3;
  }
  std::unique_ptr<Target> target = std::move(std::get<std::unique_ptr<Target>>(connected));
  int code = 0;
  {
    ComAgentHost host(*system, target->CurrentCaller(), diagnostics);
    code = agent::ServeAgent(host, requests, answers);
  }
  target->CancelLeftoverJobs();
  return code;
}

}  // namespace bitscts::com
