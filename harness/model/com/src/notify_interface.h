// Internal: the notify interfaces clients register on jobs (IBackgroundCopyJob::SetNotifyInterface)
// and the calls the service makes into them: each on its own thread with no lock held, or posted
// to a single-threaded client's message queue, and each returning its JOB-CB-4 slot when done.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bitscts/com/bits_api.h"
#include "job_record.h"
#include "machine_core.h"

namespace bitscts::model::com_face {

// Makes `callback` (an IBackgroundCopyCallback, referenced until replaced, removed or the job is
// final) the notify interface of `job`, registered by `served.process` as `sid` (JOB-CB-5), and
// returns the registration it replaced: destroy that after unlocking, as it may release a client
// object.
std::optional<NotifyRegistration> RegisterNotifyInterface(const Served& served, JobRecord& job,
                                                          IBackgroundCopyCallback* callback,
                                                          std::string sid);
// Takes the notify interfaces of the registered jobs that reached a final state off those jobs and
// returns them. Call it under the machine lock, and destroy what it returns after unlocking.
std::vector<NotifyRegistration> ReleaseFinalRegistrations(MachineCore& core);

}  // namespace bitscts::model::com_face
