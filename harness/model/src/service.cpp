#include "service.h"

#include <cstdio>
#include <system_error>
#include <utility>

#include "file_fetch.h"
#include "http_fetch.h"

namespace bitscts::model {

Service::Service(EmulatedBuild build,
                 std::function<void(const std::string&, const std::string&)> register_identity)
    : build_(std::move(build)), authority_(std::move(register_identity)), queue_(build_) {}

Service::~Service() { JoinBackgroundFetches(); }

HResult Service::AddFile(JobRecord& job, const Token& caller, const std::string& remote_url,
                         const std::string& local_path) {
  if (IsFinal(job.state)) return hr::kInvalidState;
  // JOB-LIM-2, JOB-LIM-3: HTTP(S) URLs, UNC names, file:// URLs and absolute local paths.
  if (!IsSupportedUrl(remote_url) && !ParseUnc(remote_url) && !LocalSourceOf(remote_url))
    return hr::kInvalidArg;
  const std::filesystem::path local(local_path);
  if (!local.is_absolute() || !local.has_filename()) return hr::kInvalidArg;  // JOB-LIM-2
  // RW-2: a job whose owner has no logon BITS recognises cannot take files.
  if (!authority_.IsLoggedOn(job.owner.user_sid)) return hr::kNotLoggedOn;
  const auto folder = local.parent_path();
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) return model_hr::kPathNotFound;
  // JOB-LIM-4 (unclear): with BG_TOKEN_LOCAL_FILE and a helper token, the folder is checked as
  // the helper; otherwise as the caller.
  const Token& checked =
      HelperWritesLocalFiles(job.helper, job.helper_flags) ? *job.helper : caller;
  if (!acl_.MayWrite(folder, checked.Sids())) return hr::kAccessDenied;  // JOB-LIM-2
  if (JobLimitsApply(build_, job.owner) && job.files.size() >= job_defaults::kMaxFilesPerJob) {
    return hr::kTooManyFilesInJob;
  }
  char temp_name[32];
  std::snprintf(temp_name, sizeof temp_name, "BIT%04X.tmp", next_temp_++);
  job.files.push_back(FileRecord{remote_url, local, folder / temp_name, false});
  if (job.state == JobState::kTransferred) {  // new work for a finished transfer
    job.Enter(JobState::kQueued);
    job.due = Now() + kPickupDelay;
  }
  return hr::kOk;
}

HResult Service::Cancel(JobRecord& job) {
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-STATE-5
  bool kept = false;
  for (const auto& file : job.files) {
    std::error_code error;
    std::filesystem::remove(file.temp_path, error);
    kept = kept || static_cast<bool>(error);
  }
  job.error.reset();
  job.Enter(JobState::kCancelled);
  return kept ? hr::kUnableToDeleteFiles : hr::kOk;
}

HResult Service::Complete(JobRecord& job) {
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-STATE-6
  // HT-FLAG-2: with BG_TOKEN_LOCAL_FILE the final rename is made as the helper. DOC-AMB-21
  // (unclear): the files then belong to the helper, not to the caller of Complete.
  if ((job.helper_flags & token_usage::kLocalFile) != 0 && !job.helper) {
    return hr::kTokenRequired;  // HT-CLR-3: the job stays where it is
  }
  const Token& renamer =
      HelperWritesLocalFiles(job.helper, job.helper_flags) ? *job.helper : job.owner;
  for (const auto& file : job.files) {
    if (file.transferred && !acl_.MayWrite(file.local_path.parent_path(), renamer.Sids())) {
      return hr::kAccessDenied;  // a failed rename keeps the job in the queue
    }
  }
  bool partial = false;
  for (const auto& file : job.files) {
    std::error_code error;
    if (file.transferred) {
      std::filesystem::rename(file.temp_path, file.local_path, error);
      if (error) return hr::kAccessDenied;
    } else {
      std::filesystem::remove(file.temp_path, error);
      partial = true;
    }
  }
  job.error.reset();
  job.Enter(JobState::kAcknowledged);
  return partial ? hr::kPartialComplete : hr::kOk;
}

HResult Service::SetClientCertificate(JobRecord& job, const Token& caller,
                                      JobCertificate certificate) {
  if (IsFinal(job.state)) return hr::kInvalidState;
  // Only the owner names a job's certificate, which is looked up in the owner's stores.
  if (caller.user_sid != job.owner.user_sid) return hr::kAccessDenied;
  if (certificate.store_name.empty()) return hr::kNullRefPointer;
  if (certificate.store_name.size() >= job_defaults::kMaxStoreName) return hr::kStringTooLong;
  if (const HResult hash = CheckThumbprint(certificate.thumbprint); hash.Failed()) return hash;
  const StoredCertificate* found = nullptr;
  const HResult looked_up = certificates_.Find(certificate.location, certificate.store_name,
                                               caller.user_sid, certificate.thumbprint, &found);
  if (looked_up.Failed()) return looked_up;
  job.client_certificate = std::move(certificate);
  Touch(job);
  return hr::kOk;
}

HResult Service::TakeOwnership(JobRecord& job, const Token& new_owner) {
  if (!new_owner.AdminEnabled())
    return hr::kAccessDenied;  // JOB-OWN-7: elevated administrators only
  if (IsFinal(job.state)) return hr::kInvalidState;
  // JOB-OWN-7: the temporary files BITS already created must stay reachable. They are opened as
  // the helper under BG_TOKEN_LOCAL_FILE (HT-FLAG-2), which the change of owner does not touch.
  if (!HelperWritesLocalFiles(job.helper, job.helper_flags)) {
    for (const auto& file : job.files) {
      std::error_code error;
      const bool created = std::filesystem::exists(file.temp_path, error);
      if (created && !acl_.MayWrite(file.temp_path.parent_path(), new_owner.Sids())) {
        return hr::kNewOwnerNoFileAccess;
      }
    }
  }
  job.owner = new_owner;
  job.credentials.clear();         // JOB-OWN-7, JOB-OWN-8: credentials do not pass to the new owner
  job.client_certificate.reset();  // JOB-OWN-7: nor does the client certificate
  // open question (unclear): the helper token and its flags are not on the documented list of what
  // TakeOwnership removes, so they stay; so does the notify interface (JOB-CB-5).
  Touch(job);
  return hr::kOk;
}

void Service::LogOff(std::uint32_t ts_session, std::uint64_t caller_serial) {
  // JOB-CB-2, JOB-CB-7 (unclear): a notification interface dies with the caller that set it,
  // so no JobError reaches a caller that has logged off.
  for (const auto& job : queue_.all()) {
    if (job->notify && job->notify->caller_serial == caller_serial) job->notify.reset();
  }
  // HT-LOGOFF-9, JOB-OWN-3: session 0 (service accounts) never logs off.
  if (!authority_.LogOff(ts_session)) return;
  for (const auto& job : queue_.all()) {
    if (IsFinal(job->state) || !job->helper) continue;
    // HT-LOGOFF-1 (reading, unclear): the end of the session the job was created in is its owner's
    // logoff, even while the owner is still logged on in another session.
    const bool owner_logged_off = job->owner.ts_session == ts_session;
    const bool helper_session_ended = job->helper->ts_session == ts_session;  // HT-LOGOFF-5
    if (!owner_logged_off && !helper_session_ended) continue;
    job->helper.reset();  // HT-SET-8
    if (job->state == JobState::kTransferred) continue;
    // HT-LOGOFF-2; DOC-AMB-9 / open question (unclear): immediately at logoff, whatever the state
    // and the flags; JOB-ERR-4 (unclear): context GENERAL_QUEUE_MANAGER since no file was touched.
    // JOB-ERR-6: no file is involved, so GetFile and GetProtocol have nothing to report.
    job->error = ErrorRecord{{hr::kTokenRequired, ErrorContext::kGeneralQueueManager,
                              "the helper token was discarded when its logon session ended"},
                             std::nullopt,
                             {}};
    job->Enter(JobState::kError);
    Notify(*job, JobEvent::kError);
  }
  // HT-LOGOFF-10, DOC-AMB-9 (unclear): without helper tokens a running job goes back to QUEUED
  // and waits there until its owner logs on again.
  for (const auto& job : queue_.all()) {
    const bool running =
        job->state == JobState::kConnecting || job->state == JobState::kTransferring;
    if (running && !Runnable(*job)) Requeue(*job);
  }
}

void Service::Restart() {
  callbacks_.Forget();  // the calls of the old service process are gone
  for (const auto& job : queue_.all()) {
    job->helper.reset();  // HT-LOGOFF-8 (unclear): tokens are not persistent, flags are
    job->notify.reset();  // JOB-CB-2: the interface pointer is not persisted
    if (job->state == JobState::kConnecting || job->state == JobState::kTransferring) Requeue(*job);
  }
}

void Service::SetNetworkConnected(bool connected) {
  if (connected == network_connected_) return;
  network_connected_ = connected;
  for (const auto& job : queue_.all()) {
    if (!connected && (job->state == JobState::kQueued || job->state == JobState::kConnecting ||
                       job->state == JobState::kTransferring)) {
      WaitForNetwork(*job);
    } else if (connected && job->state == JobState::kTransientError && job->due == kNever) {
      job->Enter(JobState::kQueued);
      job->due = Now();
    }
  }
}

void Service::SetNetworkCost(std::uint32_t cost_state) {
  network_cost_ = cost_state;
  for (const auto& job : queue_.all()) ApplyCostPolicy(*job);
}

bool Service::BlockedByCost(const JobRecord& job) const {
  return build_.HasCostFlags() && (job.cost_flags & network_cost_) == 0;
}

void Service::ApplyCostPolicy(JobRecord& job) {
  const bool running = job.state == JobState::kConnecting || job.state == JobState::kTransferring;
  const bool blocked_now = job.state == JobState::kTransientError && job.due == kNever &&
                           job.error && job.error->report.code == hr::kBlockedByCostTransferPolicy;
  if (running && BlockedByCost(job)) {
    BlockByCost(job);
  } else if (blocked_now && !BlockedByCost(job)) {
    job.Enter(JobState::kQueued);
    job.due = Now();
  }
}

void Service::BlockByCost(JobRecord& job) {
  // JOB-RETRY-5 (inferred): transient, and neither retried nor timed out while the cost stays.
  job.error = ErrorRecord{{hr::kBlockedByCostTransferPolicy, ErrorContext::kGeneralQueueManager,
                           "the job's cost flags do not allow transfers on the network's cost"},
                          std::nullopt,
                          {}};
  job.Enter(JobState::kTransientError);
  job.due = kNever;
}

int Service::CancelLeftovers() {
  int cancelled = 0;
  for (const auto& job : queue_.all()) {
    if (!IsFinal(job->state) && Cancel(*job).Succeeded()) ++cancelled;
  }
  return cancelled;
}

void Service::WaitForNetwork(JobRecord& job) {
  // JOB-STATE-10, JOB-RETRY-3: no retry timer while the network is away.
  job.error = ErrorRecord{{hr::kNetworkDisconnected, ErrorContext::kGeneralTransport,
                           "the network is disconnected"},
                          std::nullopt,
                          {}};
  job.Enter(JobState::kTransientError);
  job.due = kNever;
}

void Service::Requeue(JobRecord& job) {
  job.Enter(JobState::kQueued);
  job.due = Now() + kPickupDelay;
}

}  // namespace bitscts::model
