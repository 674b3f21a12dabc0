// Internal: the Target's Job and TokenOptions over the COM interfaces of one BITS job.
#pragma once

#include <memory>

#include "bitscts/com/bits_api.h"
#include "bitscts/com/system_api.h"
#include "bitscts/target.h"
#include "com_ref.h"
#include "job_events.h"

namespace bitscts::com {

// Wraps a job; `events` (shared by the target) receives the job's notifications and wakes its
// waits.
std::unique_ptr<Job> MakeComJob(std::shared_ptr<SystemApi> system, ComRef<IBackgroundCopyJob> job,
                                ComRef<JobEvents> events);

// Wraps a job's IBitsTokenOptions.
std::unique_ptr<TokenOptions> MakeComTokenOptions(std::shared_ptr<SystemApi> system,
                                                  ComRef<IBitsTokenOptions> options);

}  // namespace bitscts::com
