#include "handles.h"

namespace bitscts::model {

CallerHandle::CallerHandle(std::shared_ptr<Service> service, std::shared_ptr<CallerState> state,
                           JobStandIn stand_in)
    : service_(std::move(service)), state_(std::move(state)), stand_in_(std::move(stand_in)) {}

std::string CallerHandle::Sid() const { return state_->process.user_sid; }

Outcome<std::unique_ptr<Job>> CallerHandle::CreateDownloadJob(const std::string& display_name) {
  if (stand_in_) return {hr::kOk, stand_in_("")};
  // The manager proxy was obtained at logon, as the caller's own identity.
  const Token& owner = state_->Presented(state_->process);
  if (const HResult can = state_->CanModify(owner); can.Failed())
    return {can, nullptr};  // HT-ADM-6
  HResult result;
  JobRecord* job = service_->CreateJob(owner, display_name, &result);
  if (job == nullptr) return {result, nullptr};
  return {result, std::make_unique<JobHandle>(service_, state_, job->id, state_->Thread())};
}

Outcome<std::unique_ptr<Job>> CallerHandle::OpenJob(const std::string& job_id) {
  if (stand_in_) return {hr::kOk, stand_in_(job_id)};
  if (const HResult can = state_->CanCall(); can.Failed()) return {can, nullptr};
  HResult result;
  JobRecord* job = service_->OpenJob(job_id, state_->Presented(state_->process), &result);
  if (job == nullptr) return {result, nullptr};
  return {result, std::make_unique<JobHandle>(service_, state_, job->id, state_->Thread())};
}

HResult CallerHandle::Impersonate(const Principal& principal) {
  if (!state_->alive) return hr::kNotLoggedOn;
  const Account* account = service_->authority().Find(principal.sid);
  if (account == nullptr) return hr::kInvalidArg;  // not an account of this machine
  // LogonUser + ImpersonateLoggedOnUser: an impersonation-level token created in the caller's
  // Terminal Services session (HT-LOGOFF-5 counts it as coming from that session).
  Token token = service_->authority().TokenFor(*account, state_->process.ts_session);
  token.level = ImpersonationLevel::kImpersonate;
  state_->impersonated = token;
  return hr::kOk;
}

HResult CallerHandle::ImpersonateWith(const Principal& principal, TokenShape shape) {
  // The model makes identification-, impersonation- and delegation-level tokens; an anonymous
  // token (or "default", which is no token level) is not something it can produce.
  const bool producible = shape.level == ImpersonationLevel::kIdentify ||
                          shape.level == ImpersonationLevel::kImpersonate ||
                          shape.level == ImpersonationLevel::kDelegate;
  if (!producible) return hr::kInvalidArg;
  if (const HResult impersonated = Impersonate(principal); impersonated.Failed())
    return impersonated;
  state_->impersonated->level = shape.level;            // DuplicateTokenEx (HT-IMP-6)
  state_->impersonated->restricted = shape.restricted;  // CreateRestrictedToken (HT-ADM-6)
  return hr::kOk;
}

HResult CallerHandle::InitializeSecurityAgain(CallerSettings) {
  if (!state_->alive) return hr::kNotLoggedOn;
  // HT-IMP-5: CoInitializeSecurity works once per process, and every model caller made that call
  // when it was created (at LogOn, the runner at startup): its settings stay as they were.
  return hr::kTooLate;
}

HResult CallerHandle::PumpMessages() {
  if (!state_->alive) return hr::kNotLoggedOn;
  // JOB-CB-6: dispatches what waited, including calls posted while dispatching.
  while (!state_->posted.empty()) {
    const std::function<void()> call = std::move(state_->posted.front());
    state_->posted.pop_front();
    call();
  }
  return hr::kOk;
}

Outcome<std::string> CallerHandle::UserProxy() {
  if (!state_->alive) return {hr::kNotLoggedOn, {}};
  return {hr::kOk, service_->authority().UserProxyOf(state_->Thread().user_sid)};
}

HResult CallerHandle::RevertToSelf() {
  if (!state_->alive) return hr::kNotLoggedOn;
  state_->impersonated.reset();
  return hr::kOk;
}

}  // namespace bitscts::model
