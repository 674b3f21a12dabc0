// Internal: the notify interfaces clients register on jobs (IBackgroundCopyJob::SetNotifyInterface)
// and the calls the service makes into them: each on its own thread with no lock held, or posted
// to a single-threaded client's message queue, and each returning its JOB-CB-4 slot when done.
#pragma once

#include <string>

#include "bitscts/com/bits_api.h"
#include "job_record.h"
#include "machine_core.h"

namespace bitscts::model::com_face {

// Makes `callback` (an IBackgroundCopyCallback, referenced until replaced, removed or the job is
// final) the notify interface of `job`, registered by `served.process` as `sid` (JOB-CB-5).
void RegisterNotifyInterface(const Served& served, JobRecord& job,
                             IBackgroundCopyCallback* callback, std::string sid);
// Drops the notify interfaces of the registered jobs that reached a final state. Call it under the
// machine lock.
void ReleaseFinalRegistrations(MachineCore& core);

}  // namespace bitscts::model::com_face
