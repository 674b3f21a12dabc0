#include "job_record.h"

#include <vector>

namespace bitscts::model {

void JobRecord::Enter(JobState next) {
  if (next != JobState::kTransferring) fetch.reset();
  if (next == state) return;
  state = next;
  history.push_back(next);
}

std::size_t JobRecord::NextFile() const {
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!files[i].transferred) return i;
  }
  return files.size();
}

HResult ResumeJob(JobRecord& job, VirtualTime now) {
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-STATE-3
  if (job.files.empty()) return hr::kEmpty;          // JOB-STATE-2
  switch (job.state) {
    case JobState::kSuspended:
    case JobState::kError:
    case JobState::kTransientError:
      // JOB-STATE-3, JOB-RETRY-1: back in the queue, and a retry happens at once.
      job.error.reset();
      job.first_transient_error.reset();
      job.Enter(JobState::kQueued);
      job.due = now + kPickupDelay;
      return hr::kOk;
    default: return hr::kOk;  // QUEUED, CONNECTING, TRANSFERRING, TRANSFERRED: unchanged
  }
}

HResult SuspendJob(JobRecord& job) {
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-STATE-4
  job.error.reset();
  job.Enter(JobState::kSuspended);
  return hr::kOk;
}

HResult SetNoProgressTimeout(JobRecord& job, std::uint32_t seconds) {
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-STATE-9
  job.no_progress_timeout = seconds;                 // JOB-RETRY-2
  return hr::kOk;
}

HResult SetProxySettings(JobRecord& job, ProxyUsage usage, const std::string& proxy_list,
                         const std::string& bypass_list) {
  if (IsFinal(job.state)) return hr::kInvalidState;
  if (static_cast<std::uint32_t>(usage) > static_cast<std::uint32_t>(ProxyUsage::kAutodetect)) {
    return hr::kNotImpl;  // not a BG_JOB_PROXY_USAGE value
  }
  if (usage == ProxyUsage::kOverride) {
    if (proxy_list.empty()) return hr::kInvalidArg;  // OVERRIDE needs a proxy list
  } else if (!proxy_list.empty() || !bypass_list.empty()) {
    return hr::kInvalidArg;  // the lists must be NULL for the other usages
  }
  // The lists are checked when a transfer uses them (BG_E_INVALID_PROXY_INFO).
  job.proxy_usage = usage;
  job.proxy_list = proxy_list;
  job.proxy_bypass_list = bypass_list;
  return hr::kOk;
}

HResult SetCostFlags(JobRecord& job, std::uint32_t flags) {
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-STATE-9
  job.cost_flags = flags;
  return hr::kOk;
}

HResult SetMinimumRetryDelay(JobRecord& job, std::uint32_t seconds) {
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-RETRY-1
  job.minimum_retry_delay = seconds < job_defaults::kMinimumRetryDelayFloor
                                ? job_defaults::kMinimumRetryDelayFloor
                                : seconds;
  return hr::kOk;
}

std::uint32_t KnownNotifyFlags(const EmulatedBuild& build) {
  // JOB-CB-1: BG_NOTIFY_FILE_TRANSFERRED came with BITS 3.0, _FILE_RANGES_TRANSFERRED with 10.1.
  std::uint32_t known =
      notify::kJobTransferred | notify::kJobError | notify::kDisable | notify::kJobModification;
  if (build.build >= builds::kVista) known |= notify::kFileTransferred;
  if (build.build >= builds::kWindows1703) known |= notify::kFileRangesTransferred;
  return known;
}

HResult SetNotifyFlags(JobRecord& job, std::uint32_t flags, std::uint32_t known) {
  if ((flags & ~known) != 0) return hr::kNotImpl;    // JOB-CB-1
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-CB-1
  job.notify_flags = flags;
  return hr::kOk;
}

HResult SetCredentials(JobRecord& job, const Credentials& credentials) {
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-STATE-9
  const auto target = static_cast<std::uint32_t>(credentials.target);
  const auto scheme = static_cast<std::uint32_t>(credentials.scheme);
  if (target < 1 || target > 2) return hr::kInvalidAuthTarget;  // JOB-OWN-8
  if (scheme < 1 || scheme > 5) return hr::kInvalidAuthScheme;
  const bool needs_user =
      credentials.scheme == AuthScheme::kBasic || credentials.scheme == AuthScheme::kDigest;
  if (needs_user && (!credentials.user_name || !credentials.password)) return hr::kInvalidArg;
  if (credentials.user_name && credentials.user_name->size() > kMaxCredentialUserName)
    return hr::kUsernameTooLarge;
  if (credentials.password && credentials.password->size() > kMaxCredentialPassword)
    return hr::kPasswordTooLarge;
  std::erase_if(job.credentials, [&credentials](const StoredCredentials& stored) {
    return stored.target == credentials.target && stored.scheme == credentials.scheme;
  });
  StoredCredentials stored{credentials.target, credentials.scheme, credentials.user_name,
                           std::nullopt};
  if (credentials.password) stored.password = Password(std::string(credentials.password->Reveal()));
  job.credentials.push_back(std::move(stored));
  return hr::kOk;
}

}  // namespace bitscts::model
