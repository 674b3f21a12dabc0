#include <algorithm>
#include <functional>
#include <memory>
#include <utility>

#include "handles.h"

namespace bitscts::model {
namespace {

// The language GetErrorDescription has strings for: the model's descriptions are English.
constexpr std::uint32_t kPrimaryLanguageMask = 0x3FF;
constexpr std::uint32_t kLangEnglish = 0x09;

}  // namespace

JobHandle::JobHandle(std::shared_ptr<Service> service, std::shared_ptr<CallerState> caller,
                     std::string job_id, Token proxy_identity)
    : service_(std::move(service)),
      caller_(std::move(caller)),
      job_id_(std::move(job_id)),
      proxy_identity_(std::move(proxy_identity)) {}

JobRecord& JobHandle::Record() const { return *service_->Find(job_id_); }

HResult JobHandle::Touched(HResult result) {
  // JOB-STATE-11 (W32-GP): property changes and transfer progress restart the inactivity period.
  if (result.Succeeded()) service_->Touch(Record());
  return result;
}

std::string JobHandle::Id() const { return job_id_; }

HResult JobHandle::AddFile(const std::string& remote_url, const std::string& local_path) {
  if (const HResult can = CanModify(); can.Failed()) return can;
  return Touched(service_->AddFile(Record(), Presented(), remote_url, local_path));
}

HResult JobHandle::Resume() {
  if (const HResult can = CanModify(); can.Failed()) return can;
  return Touched(ResumeJob(Record(), service_->Now()));
}

HResult JobHandle::Suspend() {
  if (const HResult can = CanModify(); can.Failed()) return can;
  return Touched(SuspendJob(Record()));
}

HResult JobHandle::Cancel() {
  if (const HResult can = CanModify(); can.Failed()) return can;
  return service_->Cancel(Record());
}

HResult JobHandle::Complete() {
  if (const HResult can = CanModify(); can.Failed()) return can;
  return service_->Complete(Record());
}

HResult JobHandle::SetNoProgressTimeout(std::uint32_t seconds) {
  if (const HResult can = CanModify(); can.Failed()) return can;
  return Touched(bitscts::model::SetNoProgressTimeout(Record(), seconds));
}

Outcome<JobState> JobHandle::State() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, JobState::kSuspended};
  return {hr::kOk, Record().state};
}

const ErrorRecord* JobHandle::CurrentError() const {
  const JobRecord& job = Record();
  // JOB-ERR-1: error information exists only in the two error states.
  const bool in_error = job.state == JobState::kError || job.state == JobState::kTransientError;
  return in_error && job.error ? &*job.error : nullptr;
}

Outcome<JobError> JobHandle::Error() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, {}};
  const ErrorRecord* error = CurrentError();
  if (error == nullptr) return {hr::kErrorInformationUnavailable, {}};
  return {hr::kOk, error->report};
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
  const Token& presented = Presented();
  const HResult result = CheckQueryInterface(service_->build().token_rules, caller_->settings.level,
                                             presented, Record());
  if (result.Failed()) return {result, nullptr};
  return {result, std::make_unique<TokenOptionsHandle>(service_, caller_, job_id_, presented)};
}

HResult JobHandle::SetNotifyFlags(std::uint32_t flags) {
  if (const HResult can = CanModify(); can.Failed()) return can;
  return Touched(
      bitscts::model::SetNotifyFlags(Record(), flags, KnownNotifyFlags(service_->build())));
}

Outcome<std::uint32_t> JobHandle::NotifyFlags() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, 0};
  return {hr::kOk, Record().notify_flags};
}

HResult JobHandle::SetNotifyInterface() { return Register(false); }

HResult JobHandle::SetBlockingNotifyInterface() { return Register(true); }

HResult JobHandle::Register(bool blocking) {
  if (const HResult can = CanModify(); can.Failed()) return can;
  JobRecord& job = Record();
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-STATE-9
  if (!received_) received_ = std::make_shared<std::vector<Notification>>();
  std::function<void(const Notification&)> record =
      [log = received_](const Notification& notification) { log->push_back(notification); };
  if (caller_->settings.apartment == Apartment::kSingleThreaded) {
    // JOB-CB-6: a call into a single-threaded apartment waits for the registering thread to pump
    // its messages; a caller that is gone never receives it.
    record = [record,
              thread = std::weak_ptr<CallerState>(caller_)](const Notification& notification) {
      const std::shared_ptr<CallerState> state = thread.lock();
      if (state && state->alive)
        state->posted.push_back([record, notification] { record(notification); });
    };
  }
  // JOB-CB-2: the last caller wins; JOB-CB-5: calls are made as the identity that registered.
  job.notify =
      NotifyRegistration{caller_->serial, Presented().user_sid, std::move(record), blocking};
  // JOB-CB-2: an event that already happened is delivered to the new interface.
  if (job.state == JobState::kTransferred) service_->Notify(job, JobEvent::kTransferred);
  if (job.state == JobState::kError) service_->Notify(job, JobEvent::kError);
  return Touched(hr::kOk);
}

HResult JobHandle::RemoveNotifyInterface() {
  if (const HResult can = CanModify(); can.Failed()) return can;
  JobRecord& job = Record();
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-STATE-9
  job.notify.reset();  // JOB-CB-2: NULL removes whichever interface is registered
  return Touched(hr::kOk);
}

Outcome<std::vector<Notification>> JobHandle::WaitForNotification(
    JobEvent event, std::chrono::milliseconds timeout) {
  // Reads the harness's own record of the calls, so it works after the caller logged off too.
  const auto received = [this, event] {
    return received_ && std::any_of(received_->begin(), received_->end(),
                                    [event](const Notification& notification) {
                                      return notification.event == event;
                                    });
  };
  service_->RunUntil(service_->Now() + timeout, received);
  return {hr::kOk, received_ ? *received_ : std::vector<Notification>{}};
}

Outcome<std::string> JobHandle::ErrorDescription(std::uint32_t language_id) {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, {}};
  const ErrorRecord* error = CurrentError();
  if (error == nullptr) return {hr::kErrorInformationUnavailable, {}};
  if (language_id == 0) return {hr::kInvalidArg, {}};  // JOB-ERR-5
  // JOB-ERR-5: only English strings exist; any English sublanguage gets them (model reading).
  if ((language_id & kPrimaryLanguageMask) != kLangEnglish) return {hr::kResourceLangNotFound, {}};
  return {hr::kOk, error->report.description};
}

Outcome<JobFile> JobHandle::ErrorFile() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, {}};
  const ErrorRecord* error = CurrentError();
  if (error == nullptr) return {hr::kErrorInformationUnavailable, {}};
  if (!error->file) return {hr::kFileNotAvailable, {}};  // JOB-ERR-6
  const FileRecord& file = Record().files[*error->file];
  return {hr::kOk, JobFile{file.remote_url, file.local_path.string()}};
}

Outcome<std::string> JobHandle::ErrorProtocol() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, {}};
  const ErrorRecord* error = CurrentError();
  if (error == nullptr) return {hr::kErrorInformationUnavailable, {}};
  if (error->protocol.empty()) return {hr::kProtocolNotAvailable, {}};  // JOB-ERR-6
  return {hr::kOk, error->protocol};
}

Outcome<std::string> JobHandle::OwnerSid() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, {}};
  return {hr::kOk, Record().owner.user_sid};
}

HResult JobHandle::TakeOwnership() {
  if (const HResult can = CanModify(); can.Failed()) return can;
  return service_->TakeOwnership(Record(), Presented());
}

HResult JobHandle::SetCredentials(const Credentials& credentials) {
  if (const HResult can = CanModify(); can.Failed()) return can;
  JobRecord& job = Record();
  if (IsFinal(job.state)) return hr::kInvalidState;
  // JOB-OWN-8 (unclear how it fails): SetCredentials must be called as the job's owner; the model
  // refuses everyone else, administrators included, since the credentials are kept for the owner.
  if (Presented().user_sid != job.owner.user_sid) return hr::kAccessDenied;
  return Touched(bitscts::model::SetCredentials(job, credentials));
}

HResult JobHandle::SetProxySettings(ProxyUsage usage, const std::string& proxy_list,
                                    const std::string& bypass_list) {
  if (const HResult can = CanModify(); can.Failed()) return can;
  return Touched(bitscts::model::SetProxySettings(Record(), usage, proxy_list, bypass_list));
}

HResult JobHandle::SetClientCertificate(CertStoreLocation location, const std::string& store_name,
                                        const std::string& thumbprint) {
  if (const HResult can = CanModify(); can.Failed()) return can;
  JobCertificate named{location, store_name, thumbprint};
  return Touched(service_->SetClientCertificate(Record(), Presented(), std::move(named)));
}

HResult JobHandle::SetCostFlags(std::uint32_t flags) {
  if (!service_->build().HasCostFlags()) return hr::kNoInterface;  // no IBackgroundCopyJob5
  if (const HResult can = CanModify(); can.Failed()) return can;
  // HT-IMP-8 (inferred): changing a BITS 5.0 property needs an impersonate-level proxy.
  if (caller_->settings.level < ImpersonationLevel::kImpersonate) return hr::kAccessDenied;
  JobRecord& job = Record();
  const HResult result = bitscts::model::SetCostFlags(job, flags);
  if (result.Succeeded()) service_->ApplyCostPolicy(job);
  return Touched(result);
}

Outcome<std::uint32_t> JobHandle::CostFlags() {
  if (!service_->build().HasCostFlags()) return {hr::kNoInterface, 0};
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, 0};
  return {hr::kOk, Record().cost_flags};
}

HResult JobHandle::SetMinimumRetryDelay(std::uint32_t seconds) {
  if (const HResult can = CanModify(); can.Failed()) return can;
  return Touched(bitscts::model::SetMinimumRetryDelay(Record(), seconds));
}

Outcome<std::uint32_t> JobHandle::MinimumRetryDelay() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, 0};
  return {hr::kOk, Record().minimum_retry_delay};
}

Outcome<std::uint32_t> JobHandle::NoProgressTimeout() {
  if (const HResult can = caller_->CanCall(); can.Failed()) return {can, 0};
  return {hr::kOk, Record().no_progress_timeout};
}

}  // namespace bitscts::model
