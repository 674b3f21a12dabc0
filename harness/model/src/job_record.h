// A job as the emulated BITS service stores it: owner, files, state with its history, error,
// retry settings, credentials, helper token and usage flags, notification settings.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bitscts/credentials.h"
#include "bitscts/model/emulated_build.h"
#include "bitscts/target.h"
#include "clock.h"
#include "security.h"

namespace bitscts::model {

class BackgroundFetch;

// Defaults and limits BITS documents (JOB-LIM, JOB-RETRY).
namespace job_defaults {
inline constexpr std::uint32_t kMinimumRetryDelay = 600;             // seconds
inline constexpr std::uint32_t kMinimumRetryDelayFloor = 5;          // seconds
inline constexpr std::uint32_t kNoProgressTimeout = 1209600;         // seconds (14 days)
inline constexpr std::chrono::hours kJobInactivityTimeout{90 * 24};  // JobInactivityTimeout policy
inline constexpr std::uint32_t kNotifyFlags = notify::kJobTransferred | notify::kJobError;
inline constexpr std::uint32_t kCostFlags = cost::kPolicyStandard;  // JOB-RETRY-5 reading
inline constexpr std::size_t kMaxDisplayName = 256;
inline constexpr std::size_t kMaxStoreName =
    256;  // characters with the terminator (SetClientCertificateByID)
inline constexpr std::size_t kMaxJobsPerUser = 60;
inline constexpr std::size_t kMaxJobsPerMachine = 300;
inline constexpr std::size_t kMaxFilesPerJob = 200;
inline constexpr int kMaxCallbacksInFlight = 4;  // per user (JOB-CB-4)
}  // namespace job_defaults

struct FileRecord {
  std::string remote_url;
  std::filesystem::path local_path;
  std::filesystem::path temp_path;  // BITS's temporary file in the destination folder
  bool transferred = false;
};

// A registered notification interface; it lives only as long as the caller that registered it.
struct NotifyRegistration {
  std::uint64_t caller_serial = 0;
  std::string caller_sid;  // the identity that called SetNotifyInterface (JOB-CB-5)
  std::function<void(const Notification&)> callback;
  bool blocking = false;  // its calls stay in flight until Service::ReleaseCallbacks (JOB-CB-4)
};

// A job error as the service keeps it: what GetError reports and what GetFile and GetProtocol
// add (JOB-ERR-6).
struct ErrorRecord {
  JobError report;
  std::optional<std::size_t> file;  // index of the file whose transfer failed, if any
  std::string protocol;             // "http" when an HTTP exchange failed; empty otherwise
};

// Credentials for one target and scheme (IBackgroundCopyJob2::SetCredentials).
struct StoredCredentials {
  AuthTarget target = AuthTarget::kServer;
  AuthScheme scheme = AuthScheme::kBasic;
  std::optional<std::string> user_name;
  std::optional<Password> password;
};

// The client certificate a job names (IBackgroundCopyJobHttpOptions::SetClientCertificateByID).
struct JobCertificate {
  CertStoreLocation location = CertStoreLocation::kCurrentUser;
  std::string store_name;
  std::string thumbprint;
};

struct JobRecord {
  std::string id;
  std::string display_name;
  Token owner;  // the identity that created the job
  JobState state = JobState::kSuspended;
  std::vector<JobState> history{JobState::kSuspended};
  std::optional<ErrorRecord> error;
  std::vector<FileRecord> files;
  std::vector<StoredCredentials> credentials;
  std::optional<Token> helper;
  std::uint32_t helper_flags = 0;
  std::uint32_t minimum_retry_delay = job_defaults::kMinimumRetryDelay;
  std::uint32_t no_progress_timeout = job_defaults::kNoProgressTimeout;
  std::optional<VirtualTime> first_transient_error;  // start of the no-progress period
  VirtualTime due{0};            // when the scheduler next acts on an active job
  VirtualTime last_activity{0};  // last property change or transfer progress (JOB-STATE-11)
  std::uint32_t notify_flags = job_defaults::kNotifyFlags;
  std::uint32_t cost_flags = job_defaults::kCostFlags;
  std::optional<NotifyRegistration> notify;
  ProxyUsage proxy_usage = ProxyUsage::kPreconfig;  // SetProxySettings, with its two lists
  std::string proxy_list;
  std::string proxy_bypass_list;
  std::optional<JobCertificate> client_certificate;
  // The HTTP request of the file in transfer while its answer has not come (a server holding it):
  // the job stays TRANSFERRING until the answer ends. Leaving TRANSFERRING abandons it.
  std::shared_ptr<BackgroundFetch> fetch;

  // Moves the job to `next`, recording it in the history when it differs from the current state;
  // a job that leaves TRANSFERRING abandons the request in flight.
  void Enter(JobState next);
  // Returns the index of the first file not yet transferred, or files.size() if none.
  std::size_t NextFile() const;
};

// The state-machine operations that touch no file (spec JOB-STATE, JOB-RETRY, JOB-CB-1).
// Returns S_OK, or BG_E_INVALID_STATE in final states, BG_E_EMPTY for a job without files.
HResult ResumeJob(JobRecord& job, VirtualTime now);
// Returns S_OK after moving the job to SUSPENDED, or BG_E_INVALID_STATE in final states.
HResult SuspendJob(JobRecord& job);
// Stores the proxy settings: E_NOTIMPL for an undefined usage, E_INVALIDARG for lists with a
// usage other than OVERRIDE or for OVERRIDE without a proxy list, BG_E_INVALID_STATE in final
// states.
HResult SetProxySettings(JobRecord& job, ProxyUsage usage, const std::string& proxy_list,
                         const std::string& bypass_list);
// Stores the no-progress timeout; BG_E_INVALID_STATE in final states.
HResult SetNoProgressTimeout(JobRecord& job, std::uint32_t seconds);
// Stores the retry delay (at least 5 s); BG_E_INVALID_STATE in final states.
HResult SetMinimumRetryDelay(JobRecord& job, std::uint32_t seconds);
// Returns the BG_NOTIFY_* bits `build`'s BITS knows (JOB-CB-1).
std::uint32_t KnownNotifyFlags(const EmulatedBuild& build);
// Stores the notify flags; E_NOTIMPL for bits outside `known`, BG_E_INVALID_STATE in final states.
HResult SetNotifyFlags(JobRecord& job, std::uint32_t flags, std::uint32_t known);
// Stores the cost flags; BG_E_INVALID_STATE in final states.
HResult SetCostFlags(JobRecord& job, std::uint32_t flags);
// Stores credentials for their target and scheme, replacing earlier ones for the same pair;
// BG_E_INVALID_AUTH_TARGET / _SCHEME, E_INVALIDARG, BG_E_USERNAME_TOO_LARGE or
// BG_E_PASSWORD_TOO_LARGE for invalid ones, BG_E_INVALID_STATE in final states (JOB-OWN-8).
HResult SetCredentials(JobRecord& job, const Credentials& credentials);

// Virtual time the service takes to pick up a queued job, and to transfer one file.
inline constexpr VirtualTime kPickupDelay{1000};
inline constexpr VirtualTime kFileTransferTime{1000};

}  // namespace bitscts::model
