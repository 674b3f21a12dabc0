#include <algorithm>

#include "handles.h"

namespace bitscts::model {

JobHandle::JobHandle(std::shared_ptr<Service> service, std::shared_ptr<CallerState> caller,
                     std::string job_id, Token proxy_identity)
    : service_(std::move(service)),
      caller_(std::move(caller)),
      job_id_(std::move(job_id)),
      proxy_identity_(std::move(proxy_identity)) {}

JobRecord& JobHandle::Record() const { return *service_->Find(job_id_); }

std::string JobHandle::Id() const { return job_id_; }

HResult JobHandle::AddFile(const std::string& remote_url, const std::string& local_path) {
  if (const HResult can = caller_->CanCall(); can.Failed()) return can;
  return service_->AddFile(Record(), caller_->Presented(proxy_identity_), remote_url, local_path);
}

HResult JobHandle::Resume() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return can;
  return ResumeJob(Record(), service_->Now());
}

HResult JobHandle::Suspend() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return can;
  return SuspendJob(Record());
}

HResult JobHandle::Cancel() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return can;
  return service_->Cancel(Record());
}

HResult JobHandle::Complete() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return can;
  return service_->Complete(Record());
}

HResult JobHandle::SetNoProgressTimeout(std::uint32_t seconds) {
  if (const HResult can = caller_->CanCall(); can.Failed()) return can;
  return bitscts::model::SetNoProgressTimeout(Record(), seconds);
}

Outcome<JobState> JobHandle::State() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, JobState::kSuspended};
  return {hr::kOk, Record().state};
}

Outcome<JobError> JobHandle::Error() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, {}};
  const JobRecord& job = Record();
  // JOB-ERR-1: error information exists only in the two error states.
  const bool in_error =
      job.state == JobState::kError || job.state == JobState::kTransientError;
  if (!in_error || !job.error) return {hr::kErrorInformationUnavailable, {}};
  return {hr::kOk, *job.error};
}

WaitResult JobHandle::WaitForState(const std::vector<JobState>& wanted,
                                   std::chrono::milliseconds timeout) {
  // The harness observes the job even after its caller logged off; time passes only virtually.
  const JobRecord& job = Record();
  const VirtualTime start = service_->Now();
  const auto reached_wanted = [&job, &wanted] {
    return std::find(wanted.begin(), wanted.end(), job.state) != wanted.end();
  };
  WaitResult result;
  result.reached = service_->RunUntil(start + timeout, reached_wanted);
  result.state = job.state;
  for (const JobState state : wanted) {
    if (!result.waited_for.empty()) result.waited_for += " or ";
    result.waited_for += Name(state);
  }
  if (result.waited_for.empty()) result.waited_for = "(no state)";
  result.waited = service_->Now() - start;
  return result;
}

std::vector<JobState> JobHandle::StateHistory() const { return Record().history; }

Outcome<std::unique_ptr<TokenOptions>> JobHandle::QueryTokenOptions() {
  if (!caller_->alive) return {hr::kNotLoggedOn, nullptr};
  const Token& presented = caller_->Presented(proxy_identity_);
  const HResult result = CheckQueryInterface(service_->build().token_rules,
                                             caller_->settings.level, presented, Record());
  if (result.Failed()) return {result, nullptr};
  return {result, std::make_unique<TokenOptionsHandle>(service_, caller_, job_id_, presented)};
}

HResult JobHandle::SetMinimumRetryDelay(std::uint32_t seconds) {
  if (const HResult can = caller_->CanCall(); can.Failed()) return can;
  return bitscts::model::SetMinimumRetryDelay(Record(), seconds);
}

Outcome<std::uint32_t> JobHandle::MinimumRetryDelay() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, 0};
  return {hr::kOk, Record().minimum_retry_delay};
}

Outcome<std::uint32_t> JobHandle::NoProgressTimeout() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, 0};
  return {hr::kOk, Record().no_progress_timeout};
}

HResult JobHandle::SetNotifyFlags(std::uint32_t flags) {
  if (const HResult can = caller_->CanCall(); can.Failed()) return can;
  return bitscts::model::SetNotifyFlags(Record(), flags);
}

Outcome<std::uint32_t> JobHandle::NotifyFlags() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, 0};
  return {hr::kOk, Record().notify_flags};
}

HResult JobHandle::SetNotifyCallback(std::function<void(const Notification&)> callback) {
  if (const HResult can = caller_->CanCall(); can.Failed()) return can;
  JobRecord& job = Record();
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-STATE-9
  if (!callback) {
    job.notify.reset();  // JOB-CB-2: null removes the interface
    return hr::kOk;
  }
  job.notify = NotifyRegistration{caller_->serial, std::move(callback)};
  // JOB-CB-2: an event that already happened is delivered to the new interface.
  if (job.state == JobState::kTransferred) service_->Notify(job, JobEvent::kTransferred);
  if (job.state == JobState::kError) service_->Notify(job, JobEvent::kError);
  return hr::kOk;
}

Outcome<std::string> JobHandle::OwnerSid() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, {}};
  return {hr::kOk, Record().owner.user_sid};
}

}  // namespace bitscts::model
