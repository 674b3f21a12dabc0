#include "service.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <memory>
#include <system_error>
#include <utility>

#include "file_fetch.h"
#include "http_fetch.h"

namespace bitscts::model {
namespace {

constexpr VirtualTime kNever = VirtualTime::max();

// Real time the scheduler waits for a server to finish answering a request before it leaves the
// transfer in flight (TRANSFERRING) and lets virtual time go on. A loopback answer takes far
// less, so only a server that holds the request (or stalls) is left in flight; a slow answer is
// still taken, at the job's next TRANSFERRING step.
constexpr std::chrono::milliseconds kAnswerPatience{250};

VirtualTime Seconds(std::uint32_t seconds) { return std::chrono::seconds(seconds); }

// Integrity level as UAC assigns it: services above elevated administrators above the rest.
int Integrity(const Token& token) {
  if (IsServiceAccount(token.kind)) return 3;
  return token.AdminEnabled() ? 2 : 1;
}

// Job limits apply from BITS 3.0 on, to users that are neither administrators nor services.
bool LimitsApply(const EmulatedBuild& build, const Token& owner) {
  return build.build >= builds::kVista && !owner.AdminEnabled() && !IsServiceAccount(owner.kind);
}

}  // namespace

Service::Service(EmulatedBuild build,
                 std::function<void(const std::string&, const std::string&)> register_identity)
    : build_(std::move(build)),
      authority_(std::move(register_identity)),
      random_(std::random_device{}()) {}

Service::~Service() { JoinBackgroundFetches(); }

std::string Service::NewGuid() {
  const std::uint64_t high = random_();
  const std::uint64_t low = random_();
  char text[40];
  std::snprintf(text, sizeof text, "{%08X-%04X-%04X-%04X-%012llX}",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xFFFFu),
                static_cast<unsigned>((high & 0x0FFFu) | 0x4000u),
                static_cast<unsigned>(((low >> 48) & 0x3FFFu) | 0x8000u),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFull));
  return text;
}

JobRecord* Service::CreateJob(const Token& owner, const std::string& display_name,
                              HResult* result) {
  if (display_name.size() > job_defaults::kMaxDisplayName) {
    *result = hr::kInvalidArg;  // JOB-LIM-1
    return nullptr;
  }
  if (LimitsApply(build_, owner)) {
    std::size_t mine = 0;
    std::size_t all = 0;
    for (const auto& job : jobs_) {
      if (IsFinal(job->state)) continue;
      ++all;
      if (job->owner.user_sid == owner.user_sid) ++mine;
    }
    if (mine >= job_defaults::kMaxJobsPerUser) {
      *result = hr::kTooManyJobsPerUser;
      return nullptr;
    }
    if (all >= job_defaults::kMaxJobsPerMachine) {
      *result = hr::kTooManyJobsPerMachine;
      return nullptr;
    }
  }
  auto job = std::make_unique<JobRecord>();
  job->id = NewGuid();
  job->display_name = display_name;
  job->owner = owner;
  // JOB-OWN-6: from 1903 a job created by a service keeps the service SID; before, the job of a
  // service process is LocalSystem's alone.
  if (build_.build < builds::kWindows1903) job->owner.service_sid.clear();
  job->last_activity = Now();
  jobs_.push_back(std::move(job));
  *result = hr::kOk;
  return jobs_.back().get();
}

JobRecord* Service::Find(const std::string& id) {
  for (auto& job : jobs_) {
    if (job->id == id) return job.get();
  }
  return nullptr;
}

JobRecord* Service::OpenJob(const std::string& id, const Token& caller, HResult* result) {
  JobRecord* job = Find(id);
  if (job == nullptr || IsFinal(job->state)) {  // JOB-STATE-9: final jobs leave the queue
    *result = hr::kNotFound;
    return nullptr;
  }
  const bool owner_or_admin = caller.user_sid == job->owner.user_sid || caller.AdminEnabled();
  if (!owner_or_admin || Integrity(caller) < Integrity(job->owner)) {  // HT-ADM-7, HT-ADM-5
    *result = hr::kAccessDenied;
    return nullptr;
  }
  *result = hr::kOk;
  return job;
}

HResult Service::AddFile(JobRecord& job, const Token& caller, const std::string& remote_url,
                         const std::string& local_path) {
  if (IsFinal(job.state)) return hr::kInvalidState;
  // JOB-LIM-2, JOB-LIM-3: HTTP(S) URLs, UNC names, file:// URLs and absolute local paths.
  if (!IsSupportedUrl(remote_url) && !ParseUnc(remote_url) && !LocalSourceOf(remote_url)) return hr::kInvalidArg;
  const std::filesystem::path local(local_path);
  if (!local.is_absolute() || !local.has_filename()) return hr::kInvalidArg;  // JOB-LIM-2
  // RW-2: a job whose owner has no logon BITS recognises cannot take files.
  if (!authority_.IsLoggedOn(job.owner.user_sid)) return hr::kNotLoggedOn;
  const auto folder = local.parent_path();
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) return model_hr::kPathNotFound;
  // JOB-LIM-4 (unclear): with BG_TOKEN_LOCAL_FILE and a helper token, the folder is checked as
  // the helper; otherwise as the caller.
  const bool as_helper = (job.helper_flags & token_usage::kLocalFile) != 0 && job.helper;
  const Token& checked = as_helper ? *job.helper : caller;
  if (!acl_.MayWrite(folder, checked.Sids())) return hr::kAccessDenied;  // JOB-LIM-2
  if (LimitsApply(build_, job.owner) && job.files.size() >= job_defaults::kMaxFilesPerJob) {
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
  const Token* renamer = &job.owner;
  if ((job.helper_flags & token_usage::kLocalFile) != 0) {
    if (!job.helper) return hr::kTokenRequired;  // HT-CLR-3: the job stays where it is
    renamer = &*job.helper;
  }
  for (const auto& file : job.files) {
    if (file.transferred && !acl_.MayWrite(file.local_path.parent_path(), renamer->Sids())) {
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

HResult Service::SetClientCertificate(JobRecord& job, const Token& caller, JobCertificate certificate) {
  if (IsFinal(job.state)) return hr::kInvalidState;
  // Only the owner names a job's certificate, which is looked up in the owner's stores.
  if (caller.user_sid != job.owner.user_sid) return hr::kAccessDenied;
  if (certificate.store_name.empty()) return hr::kNullRefPointer;
  if (certificate.store_name.size() >= job_defaults::kMaxStoreName) return hr::kStringTooLong;
  if (const HResult hash = CheckThumbprint(certificate.thumbprint); hash.Failed()) return hash;
  const StoredCertificate* found = nullptr;
  const HResult looked_up = certificates_.Find(certificate.location, certificate.store_name, caller.user_sid,
                                               certificate.thumbprint, &found);
  if (looked_up.Failed()) return looked_up;
  job.client_certificate = std::move(certificate);
  Touch(job);
  return hr::kOk;
}

HResult Service::TakeOwnership(JobRecord& job, const Token& new_owner) {
  if (!new_owner.AdminEnabled()) return hr::kAccessDenied;  // JOB-OWN-7: elevated administrators only
  if (IsFinal(job.state)) return hr::kInvalidState;
  // JOB-OWN-7: the temporary files BITS already created must stay reachable. They are opened as
  // the helper under BG_TOKEN_LOCAL_FILE (HT-FLAG-2), which the change of owner does not touch.
  const bool helper_writes = (job.helper_flags & token_usage::kLocalFile) != 0 && job.helper;
  if (!helper_writes) {
    for (const auto& file : job.files) {
      std::error_code error;
      const bool created = std::filesystem::exists(file.temp_path, error);
      if (created && !acl_.MayWrite(file.temp_path.parent_path(), new_owner.Sids())) {
        return hr::kNewOwnerNoFileAccess;
      }
    }
  }
  job.owner = new_owner;
  job.credentials.clear();  // JOB-OWN-7, JOB-OWN-8: credentials do not pass to the new owner
  job.client_certificate.reset();  // JOB-OWN-7: nor does the client certificate
  // open question (unclear): the helper token and its flags are not on the documented list of what
  // TakeOwnership removes, so they stay; so does the notify interface (JOB-CB-5).
  Touch(job);
  return hr::kOk;
}

void Service::LogOff(std::uint32_t ts_session, std::uint64_t caller_serial) {
  // JOB-CB-2, JOB-CB-7 (unclear): a notification interface dies with the caller that set it,
  // so no JobError reaches a caller that has logged off.
  for (auto& job : jobs_) {
    if (job->notify && job->notify->caller_serial == caller_serial) job->notify.reset();
  }
  // HT-LOGOFF-9, JOB-OWN-3: session 0 (service accounts) never logs off.
  if (!authority_.LogOff(ts_session)) return;
  for (auto& job : jobs_) {
    if (IsFinal(job->state) || !job->helper) continue;
    const bool owner_logged_off = job->owner.ts_session == ts_session;    // HT-LOGOFF-1
    const bool helper_session_ended = job->helper->ts_session == ts_session;  // HT-LOGOFF-5
    if (!owner_logged_off && !helper_session_ended) continue;
    job->helper.reset();  // HT-SET-8
    if (job->state == JobState::kTransferred) continue;
    // HT-LOGOFF-2; DOC-AMB-9 / open question (unclear): immediately at logoff, whatever the state and
    // the flags; JOB-ERR-4 (unclear): context GENERAL_QUEUE_MANAGER since no file was touched.
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
  for (auto& job : jobs_) {
    const bool running =
        job->state == JobState::kConnecting || job->state == JobState::kTransferring;
    if (running && !Runnable(*job)) {
      job->Enter(JobState::kQueued);
      job->due = Now() + kPickupDelay;
    }
  }
}

void Service::Restart() {
  callbacks_in_flight_.clear();  // the calls of the old service process are gone
  waiting_calls_.clear();
  for (auto& job : jobs_) {
    job->helper.reset();  // HT-LOGOFF-8 (unclear): tokens are not persistent, flags are
    job->notify.reset();  // JOB-CB-2: the interface pointer is not persisted
    if (job->state == JobState::kConnecting || job->state == JobState::kTransferring) {
      job->Enter(JobState::kQueued);
      job->due = Now() + kPickupDelay;
    }
  }
}

void Service::SetNetworkConnected(bool connected) {
  if (connected == network_connected_) return;
  network_connected_ = connected;
  for (auto& job : jobs_) {
    if (!connected && (job->state == JobState::kQueued || job->state == JobState::kConnecting ||
                       job->state == JobState::kTransferring)) {
      // JOB-STATE-10, JOB-RETRY-3: no retry timer while the network is away.
      job->error = ErrorRecord{{hr::kNetworkDisconnected, ErrorContext::kGeneralTransport,
                                "the network is disconnected"},
                               std::nullopt,
                               {}};
      job->Enter(JobState::kTransientError);
      job->due = kNever;
    } else if (connected && job->state == JobState::kTransientError && job->due == kNever) {
      job->Enter(JobState::kQueued);
      job->due = Now();
    }
  }
}

void Service::SetNetworkCost(std::uint32_t cost_state) {
  network_cost_ = cost_state;
  for (auto& job : jobs_) ApplyCostPolicy(*job);
}

bool Service::BlockedByCost(const JobRecord& job) const {
  return build_.HasCostFlags() && (job.cost_flags & network_cost_) == 0;
}

void Service::ApplyCostPolicy(JobRecord& job) {
  const bool running = job.state == JobState::kConnecting || job.state == JobState::kTransferring;
  const bool blocked_now = job.state == JobState::kTransientError && job.due == kNever && job.error &&
                           job.error->report.code == hr::kBlockedByCostTransferPolicy;
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
  for (auto& job : jobs_) {
    if (!IsFinal(job->state) && Cancel(*job).Succeeded()) ++cancelled;
  }
  return cancelled;
}

bool Service::Runnable(const JobRecord& job) const {
  // JOB-OWN-1..3: a job runs only while its owner is logged on (service accounts always are).
  return authority_.IsLoggedOn(job.owner.user_sid);
}

bool Service::IsActive(const JobRecord& job) const {
  switch (job.state) {
    case JobState::kQueued:
    case JobState::kConnecting:
    case JobState::kTransferring:
      return Runnable(job);
    case JobState::kTransientError:
      return job.due != kNever;
    default:
      return false;
  }
}

bool Service::RunUntil(VirtualTime deadline, const std::function<bool()>& done) {
  while (!done()) {
    JobRecord* next = nullptr;       // the active job the scheduler acts on first
    JobRecord* abandoned = nullptr;  // the job whose inactivity period ends first
    for (auto& job : jobs_) {
      if (IsActive(*job) && (next == nullptr || job->due < next->due)) next = job.get();
      if (!IsFinal(job->state) && (abandoned == nullptr || job->last_activity < abandoned->last_activity)) {
        abandoned = job.get();
      }
    }
    const VirtualTime step_at = next != nullptr ? next->due : kNever;
    const VirtualTime expiry_at =
        abandoned != nullptr ? abandoned->last_activity + job_defaults::kJobInactivityTimeout : kNever;
    if (std::min(step_at, expiry_at) > deadline) {
      clock_.AdvanceTo(deadline);
      return done();
    }
    if (expiry_at <= step_at) {
      clock_.AdvanceTo(expiry_at);
      Cancel(*abandoned);  // JOB-STATE-11: BITS cancels a job nobody touched for 90 days
      continue;
    }
    clock_.AdvanceTo(step_at);
    Step(*next);
  }
  return true;
}

void Service::Step(JobRecord& job) {
  const VirtualTime now = Now();
  switch (job.state) {
    case JobState::kQueued:  // JOB-STATE-7: the service picks the job up
      job.Enter(JobState::kConnecting);
      job.due = now;
      return;
    case JobState::kConnecting:
      StartNextFile(job);
      return;
    case JobState::kTransferring:
      if (job.fetch) {  // the answer had not come when the transfer started
        const std::optional<FetchOutcome> outcome = job.fetch->Wait(kAnswerPatience);
        if (!outcome) {
          job.due = now + kFileTransferTime;  // still none: the transfer stays in flight
          return;
        }
        job.fetch.reset();
        if (outcome->kind != FetchOutcome::Kind::kDone) {
          Settle(job, job.NextFile(), *outcome, "http");
          return;
        }
      }
      job.files[job.NextFile()].transferred = true;
      job.first_transient_error.reset();  // JOB-RETRY-2: progress resets the timeout
      Touch(job);                         // JOB-STATE-11: and restarts the inactivity period
      if (job.NextFile() < job.files.size()) {
        StartNextFile(job);  // JOB-LIM-2: files go one after the other
        return;
      }
      job.Enter(JobState::kTransferred);  // JOB-STATE-7, JOB-STATE-8
      Notify(job, JobEvent::kTransferred);
      return;
    case JobState::kTransientError:
      if (job.first_transient_error &&
          now >= *job.first_transient_error + Seconds(job.no_progress_timeout)) {
        job.Enter(JobState::kError);  // JOB-RETRY-2: the no-progress timeout expired
        Notify(job, JobEvent::kError);
        return;
      }
      job.Enter(JobState::kQueued);  // JOB-RETRY-1: retry after the delay
      job.due = now;
      return;
    default:
      return;
  }
}

void Service::StartNextFile(JobRecord& job) {
  if (!network_connected_) {
    job.error = ErrorRecord{{hr::kNetworkDisconnected, ErrorContext::kGeneralTransport,
                             "the network is disconnected"},
                            std::nullopt,
                            {}};
    job.Enter(JobState::kTransientError);
    job.due = kNever;
    return;
  }
  if (BlockedByCost(job)) {
    BlockByCost(job);
    return;
  }
  const std::uint32_t flags = job.helper_flags;
  const std::size_t index = job.NextFile();
  // HT-CLR-3, HT-FLAG-12; open question (unclear): the job errs when it first needs a flagged resource,
  // not at Resume; BG_TOKEN_NETWORK counts on every HTTP request. JOB-ERR-4 (unclear): the
  // context is that of the resource that needed the token, the remote file being first.
  // JOB-ERR-6: the error belongs to the file, but no protocol exchange took place.
  if (flags != 0 && !job.helper) {
    const ErrorContext context = (flags & token_usage::kNetwork) != 0 ? ErrorContext::kRemoteFile
                                                                      : ErrorContext::kLocalFile;
    Fail(job,
         ErrorRecord{{hr::kTokenRequired, context,
                      "usage flags " + TokenUsageName(flags) + " are set but the job has no helper token"},
                     index,
                     {}},
         false);
    return;
  }
  FileRecord& file = job.files[index];
  // HT-FLAG-1..3: the helper's identity for flagged resources, the owner's for the rest.
  const std::string& network_sid =
      (flags & token_usage::kNetwork) != 0 ? job.helper->user_sid : job.owner.user_sid;
  const Token& local = (flags & token_usage::kLocalFile) != 0 ? *job.helper : job.owner;
  if (!acl_.MayWrite(file.local_path.parent_path(), local.Sids())) {
    Fail(job,
         ErrorRecord{{hr::kAccessDenied, ErrorContext::kLocalFile,
                      "creating the temporary file in " + file.local_path.parent_path().string() +
                          " as " + local.user_sid + " was denied"},
                     index,
                     {}},
         false);
    return;
  }
  if (std::optional<FetchOutcome> copied = CopyRemoteFile(file.remote_url, network_sid, file.temp_path)) {
    Settle(job, index, *copied, "file");
    return;
  }
  const std::optional<Presentation> to_server = PresentationTo(job, AuthTarget::kServer, network_sid);
  TlsClient tls{certificates_.trusted(), std::nullopt};
  if (IsHttpsUrl(file.remote_url) && job.client_certificate) {
    // HT-FLAG-5: with BG_TOKEN_NETWORK and a helper token, the private key of a job whose owner
    // is not LocalSystem is out of reach. open question (unclear): a final REMOTE_FILE error.
    if ((flags & token_usage::kNetwork) != 0 && job.helper && job.owner.kind != PrincipalKind::kLocalSystem) {
      Fail(job,
           ErrorRecord{{hr::kClientCertNoAccessPrivateKey, ErrorContext::kRemoteFile,
                        "the client certificate's private key cannot be used with BG_TOKEN_NETWORK"},
                       index,
                       "http"},
           false);
      return;
    }
    // HT-FLAG-4: the certificate is looked up as the job's owner, never as the helper.
    const JobCertificate& named = *job.client_certificate;
    const StoredCertificate* found = nullptr;
    if (certificates_.Find(named.location, named.store_name, job.owner.user_sid, named.thumbprint, &found).Failed()) {
      Fail(job,
           ErrorRecord{{hr::kCryptNotFound, ErrorContext::kRemoteFile, "the job's client certificate is gone"},
                       index,
                       "http"},
           false);
      return;
    }
    // The private key is the owner's to use, or LocalSystem's (a machine certificate of another
    // user's key is out of reach).
    if (found->key_user_sid != job.owner.user_sid && job.owner.kind != PrincipalKind::kLocalSystem) {
      Fail(job,
           ErrorRecord{{hr::kClientCertNoAccessPrivateKey, ErrorContext::kRemoteFile,
                        "the client certificate's private key belongs to " + found->key_user_sid},
                       index,
                       "http"},
           false);
      return;
    }
    tls.certificate = found->certificate;
  }
  std::optional<ProxyHop> proxy;
  if (!ChooseProxy(job, file.remote_url, network_sid, &proxy)) {
    // Model reading: a malformed list is found when a request needs it, a transport error.
    Fail(job,
         ErrorRecord{{hr::kInvalidProxyInfo, ErrorContext::kGeneralTransport, "the job's proxy list is malformed"},
                     index,
                     {}},
         false);
    return;
  }
  auto fetch = std::make_shared<BackgroundFetch>(file.remote_url, to_server, proxy, tls, file.temp_path);
  if (std::optional<FetchOutcome> outcome = fetch->Wait(kAnswerPatience)) {
    Settle(job, index, *outcome, "http");
    return;
  }
  // No answer yet: the request is in flight, and the TRANSFERRING step takes its outcome.
  job.error.reset();
  job.Enter(JobState::kTransferring);
  job.fetch = std::move(fetch);
  job.due = Now() + kFileTransferTime;
}

void Service::Settle(JobRecord& job, std::size_t index, const FetchOutcome& outcome, const char* protocol) {
  // JOB-ERR-6: an error belongs to this file and names the protocol of the exchange, unless
  // writing the temporary file failed.
  if (outcome.kind != FetchOutcome::Kind::kDone) {
    Fail(job, ErrorRecord{outcome.error, index, outcome.error.context == ErrorContext::kLocalFile ? "" : protocol},
         outcome.kind == FetchOutcome::Kind::kTransientError);
    return;
  }
  job.error.reset();
  job.Enter(JobState::kTransferring);
  job.due = Now() + kFileTransferTime;
}

std::string Service::CreateShare(std::filesystem::path folder, std::set<std::string> reader_sids) {
  const std::string name = "share-" + std::to_string(shares_.size() + 1);
  shares_[name] = Share{std::move(folder), std::move(reader_sids)};
  return name;
}

std::optional<FetchOutcome> Service::CopyRemoteFile(const std::string& remote_name, const std::string& network_sid,
                                                    const std::filesystem::path& destination) const {
  if (const std::optional<UncName> unc = ParseUnc(remote_name)) {
    FetchOutcome refused;
    refused.kind = FetchOutcome::Kind::kPermanentError;
    const auto share = shares_.find(unc->share);
    std::string host = unc->host;
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (host != kMachineName || share == shares_.end()) {
      // Model reading: no server of the model's network offers another share.
      refused.kind = FetchOutcome::Kind::kTransientError;
      refused.error = JobError{model_hr::kBadNetPath, ErrorContext::kRemoteFile, "no share " + remote_name};
      return refused;
    }
    // HT-FLAG-3: an SMB file is read as the helper with BG_TOKEN_NETWORK, else as the owner;
    // JOB-OWN-8: credentials given with SetCredentials do not apply to SMB names.
    if (!share->second.readers.empty() && !share->second.readers.contains(network_sid)) {
      refused.error =
          JobError{hr::kAccessDenied, ErrorContext::kRemoteFile, network_sid + " may not read " + remote_name};
      return refused;
    }
    return CopyToFile(share->second.folder / unc->relative, destination);
  }
  if (const std::optional<std::filesystem::path> local = LocalSourceOf(remote_name)) {
    return CopyToFile(*local, destination);  // JOB-LIM-3 (inferred): read as the service reads it
  }
  return std::nullopt;
}

bool Service::ChooseProxy(const JobRecord& job, const std::string& url, const std::string& network_sid,
                          std::optional<ProxyHop>* hop) const {
  hop->reset();
  std::string list;
  std::string bypass;
  switch (job.proxy_usage) {
    case ProxyUsage::kOverride:
      list = job.proxy_list;
      bypass = job.proxy_bypass_list;
      break;
    case ProxyUsage::kPreconfig: {
      // HT-FLAG-13: with BG_TOKEN_NETWORK the per-user settings are read as the helper from 1809,
      // as the owner before; without it, always as the owner.
      const bool as_helper = (job.helper_flags & token_usage::kNetwork) != 0 && job.helper &&
                             build_.build >= builds::kWindows1809;
      list = authority_.UserProxyOf(as_helper ? job.helper->user_sid : job.owner.user_sid);
      break;
    }
    case ProxyUsage::kAutodetect:  // model reading: no WPAD server answers on the model's network
    case ProxyUsage::kNoProxy:
      return true;
  }
  const ProxyChoice choice = HttpProxyOf(list);
  if (!choice.valid) return false;
  if (!choice.address || IsBypassed(bypass, HostOf(url))) return true;
  // HT-FLAG-13: the proxy is answered with the same identity as the server.
  *hop = ProxyHop{*choice.address, PresentationTo(job, AuthTarget::kProxy, network_sid)};
  return true;
}

std::optional<Presentation> Service::PresentationTo(const JobRecord& job, AuthTarget target,
                                                    const std::string& network_sid) const {
  // JOB-OWN-8: explicit credentials for the target are presented as given.
  if (const StoredCredentials* explicit_credentials = ExplicitCredentials(job, target)) {
    return Presentation{
        NetworkIdentity{*explicit_credentials->user_name, std::string(explicit_credentials->password->Reveal())}, false};
  }
  // HT-FLAG-3, DOC-AMB-14: the logon identity of `network_sid` (the helper's under
  // BG_TOKEN_NETWORK, else the owner's) answers a Negotiate or NTLM challenge only when the job
  // has implicit credentials for the target; JOB-OWN-8: implicit proxy credentials serve the
  // server too, explicit server credentials having been looked for first.
  const bool implicit = HasImplicitCredentials(job, target) ||
                        (target == AuthTarget::kServer && HasImplicitCredentials(job, AuthTarget::kProxy));
  if (!implicit) return std::nullopt;
  std::optional<NetworkIdentity> identity = authority_.NetworkIdentityOf(network_sid);
  if (!identity) return std::nullopt;  // JOB-OWN-5: LocalService has no network identity
  return Presentation{std::move(*identity), true};
}

void Service::Fail(JobRecord& job, ErrorRecord error, bool transient) {
  const VirtualTime now = Now();
  job.error = std::move(error);
  // JOB-RETRY-2: a no-progress timeout of 0 makes every error final at once.
  if (transient && job.no_progress_timeout > 0) {
    if (!job.first_transient_error) job.first_transient_error = now;
    job.Enter(JobState::kTransientError);  // JOB-RETRY-4: no JobError for transient errors
    const VirtualTime retry = now + Seconds(job.minimum_retry_delay);
    const VirtualTime give_up = *job.first_transient_error + Seconds(job.no_progress_timeout);
    job.due = std::min(retry, give_up);  // JOB-RETRY-1: a delay beyond the timeout ends in ERROR
    return;
  }
  job.Enter(JobState::kError);
  Notify(job, JobEvent::kError);
}

void Service::Notify(JobRecord& job, JobEvent event) {
  // JOB-CB-1, JOB-CB-3: per notify flags; BG_NOTIFY_DISABLE silences everything.
  if (!job.notify || (job.notify_flags & notify::kDisable) != 0) return;
  const std::uint32_t wanted =
      event == JobEvent::kTransferred ? notify::kJobTransferred : notify::kJobError;
  if ((job.notify_flags & wanted) == 0) return;
  Notification notification{event, std::nullopt, job.notify->caller_sid};
  if (event == JobEvent::kError && job.error) notification.error = job.error->report;
  Deliver(PendingCall{job.notify->callback, notification, job.notify->blocking});
}

void Service::Deliver(PendingCall call) {
  const std::string& user = call.notification.caller_sid;
  if (callbacks_in_flight_[user] >= job_defaults::kMaxCallbacksInFlight) {
    waiting_calls_[user].push_back(std::move(call));  // JOB-CB-4: a blocked callback delays the others
    return;
  }
  if (call.blocking) ++callbacks_in_flight_[user];
  call.callback(call.notification);
}

void Service::ReleaseCallbacks() {
  callbacks_in_flight_.clear();
  auto waiting = std::move(waiting_calls_);
  waiting_calls_.clear();
  for (auto& [user, calls] : waiting) {
    for (PendingCall& call : calls) Deliver(std::move(call));
  }
}

}  // namespace bitscts::model
