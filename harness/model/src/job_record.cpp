#include "job_record.h"

namespace bitscts::model {

void JobRecord::Enter(JobState next) {
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
  if (job.files.empty()) return hr::kEmpty;           // JOB-STATE-2
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
    default:
      return hr::kOk;  // QUEUED, CONNECTING, TRANSFERRING, TRANSFERRED: unchanged
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

HResult SetMinimumRetryDelay(JobRecord& job, std::uint32_t seconds) {
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-RETRY-1
  job.minimum_retry_delay = seconds < job_defaults::kMinimumRetryDelayFloor
                                ? job_defaults::kMinimumRetryDelayFloor
                                : seconds;
  return hr::kOk;
}

HResult SetNotifyFlags(JobRecord& job, std::uint32_t flags) {
  constexpr std::uint32_t kKnown = notify::kJobTransferred | notify::kJobError | notify::kDisable |
                                   notify::kJobModification | notify::kFileTransferred |
                                   notify::kFileRangesTransferred;
  if ((flags & ~kKnown) != 0) return hr::kNotImpl;   // JOB-CB-1
  if (IsFinal(job.state)) return hr::kInvalidState;  // JOB-CB-1
  job.notify_flags = flags;
  return hr::kOk;
}

}  // namespace bitscts::model
