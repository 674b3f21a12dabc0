// Internal: Job and TokenOptions over the COM interfaces of one BITS job.
#pragma once

#include <memory>
#include <vector>

#include "bits_sdk.h"
#include "bitscts/target.h"
#include "com_ref.h"
#include "job_events.h"

namespace bitscts::com {

// Wraps a job; `events` (shared by the target) receives the job's notifications.
std::unique_ptr<Job> MakeComJob(ComRef<IBackgroundCopyJob> job, ComRef<JobEvents> events);

// Converts a Windows HRESULT to the suite's value type.
inline HResult ToHResult(HRESULT value) { return HResult(static_cast<std::uint32_t>(value)); }

}  // namespace bitscts::com
