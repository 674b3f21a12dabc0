// The objects a model caller holds: its Caller, the Job pointers it obtained and the
// IBitsTokenOptions pointers it queried. Each forwards to the shared emulated service.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bitscts/model/model_target.h"
#include "bitscts/target.h"
#include "caller_state.h"
#include "model_extensions.h"
#include "service.h"
#include "token_rules.h"

namespace bitscts::model {

class TokenOptionsHandle final : public TokenOptions {
 public:
  TokenOptionsHandle(std::shared_ptr<Service> service, std::shared_ptr<CallerState> caller,
                     std::string job_id, Token qi_identity);
  HResult SetHelperToken() override;
  HResult ClearHelperToken() override;
  HResult SetHelperTokenFlags(std::uint32_t flags) override;
  Outcome<std::uint32_t> GetHelperTokenFlags() override;
  Outcome<std::optional<std::string>> GetHelperTokenSid() override;

 private:
  HResult Check(TokenMethod method, const Token* new_helper);

  std::shared_ptr<Service> service_;
  std::shared_ptr<CallerState> caller_;
  std::string job_id_;
  Token qi_identity_;  // the identity checked at QueryInterface (HT-QI-1, open question)
};

class JobHandle final : public Job, public ModelJob {
 public:
  JobHandle(std::shared_ptr<Service> service, std::shared_ptr<CallerState> caller,
            std::string job_id, Token proxy_identity);
  std::string Id() const override;
  HResult AddFile(const std::string& remote_url, const std::string& local_path) override;
  HResult Resume() override;
  HResult Suspend() override;
  HResult Cancel() override;
  HResult Complete() override;
  HResult SetNoProgressTimeout(std::uint32_t seconds) override;
  Outcome<JobState> State() override;
  Outcome<JobError> Error() override;
  WaitResult WaitForState(const std::vector<JobState>& wanted,
                          std::chrono::milliseconds timeout) override;
  std::vector<JobState> StateHistory() const override;
  Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() override;

  HResult SetNotifyFlags(std::uint32_t flags) override;
  Outcome<std::uint32_t> NotifyFlags() override;
  HResult SetNotifyInterface() override;
  HResult SetBlockingNotifyInterface() override;
  HResult RemoveNotifyInterface() override;
  Outcome<std::vector<Notification>> WaitForNotification(
      JobEvent event, std::chrono::milliseconds timeout) override;
  Outcome<std::string> ErrorDescription(std::uint32_t language_id) override;
  Outcome<JobFile> ErrorFile() override;
  Outcome<std::string> ErrorProtocol() override;
  Outcome<std::string> OwnerSid() override;
  HResult TakeOwnership() override;
  HResult SetCredentials(const Credentials& credentials) override;
  HResult SetProxySettings(ProxyUsage usage, const std::string& proxy_list,
                           const std::string& bypass_list) override;
  HResult SetClientCertificate(CertStoreLocation location, const std::string& store_name,
                               const std::string& thumbprint) override;
  HResult SetCostFlags(std::uint32_t flags) override;
  Outcome<std::uint32_t> CostFlags() override;

  HResult SetMinimumRetryDelay(std::uint32_t seconds) override;
  Outcome<std::uint32_t> MinimumRetryDelay() override;
  Outcome<std::uint32_t> NoProgressTimeout() override;

 private:
  JobRecord& Record() const;
  // Returns the identity COM presents to BITS on calls through this pointer.
  const Token& Presented() const { return caller_->Presented(proxy_identity_); }
  // Returns S_OK if this pointer's caller may change the job now (CallerState::CanModify).
  HResult CanModify() const { return caller_->CanModify(Presented()); }
  // Registers the recording callback, blocking or not (SetNotifyInterface).
  HResult Register(bool blocking);
  // Returns `result`, restarting the job's inactivity period first if it succeeded.
  HResult Touched(HResult result);
  // Returns the job's error for the IBackgroundCopyError methods, or null (JOB-ERR-1).
  const ErrorRecord* CurrentError() const;

  std::shared_ptr<Service> service_;
  std::shared_ptr<CallerState> caller_;
  std::string job_id_;
  Token proxy_identity_;  // the thread identity when this pointer was obtained
  // The calls received by the notify interface registered through this pointer.
  std::shared_ptr<std::vector<Notification>> received_;
};

class CallerHandle final : public Caller {
 public:
  // A caller of `service`; its jobs are `stand_in`'s when that is set (ModelOptions::stand_in).
  CallerHandle(std::shared_ptr<Service> service, std::shared_ptr<CallerState> state,
               JobStandIn stand_in);
  std::string Sid() const override;
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& display_name) override;
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) override;
  HResult Impersonate(const Principal& principal) override;
  HResult RevertToSelf() override;
  // The model's TokenShapeControl, SecurityControl, ApartmentControl and UserProxyControl, for
  // this caller (ModelTarget offers them and dispatches to the caller they name).
  HResult ImpersonateWith(const Principal& principal, TokenShape shape);
  HResult InitializeSecurityAgain(CallerSettings settings);
  HResult PumpMessages();
  Outcome<std::string> UserProxy();

  // Returns the caller's state, shared with the jobs it obtained.
  CallerState& state() { return *state_; }

 private:
  std::shared_ptr<Service> service_;
  std::shared_ptr<CallerState> state_;
  JobStandIn stand_in_;
};

}  // namespace bitscts::model
