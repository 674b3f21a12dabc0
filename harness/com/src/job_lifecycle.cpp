#include "job_lifecycle.h"

namespace bitscts::com {

CallLog SettleJob(IBackgroundCopyJob& job) {
  CallLog log;
  BG_JOB_STATE state = BG_JOB_STATE_QUEUED;
  if (log.Add("GetState", ToHResult(job.GetState(&state))).Failed()) {
    log.Add("Cancel", ToHResult(job.Cancel()));
    return log;
  }
  switch (state) {
    case BG_JOB_STATE_TRANSFERRED: log.Add("Complete", ToHResult(job.Complete())); break;
    case BG_JOB_STATE_ACKNOWLEDGED:
    case BG_JOB_STATE_CANCELLED: break;
    default: log.Add("Cancel", ToHResult(job.Cancel())); break;
  }
  return log;
}

}  // namespace bitscts::com
