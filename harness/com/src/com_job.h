// Internal: the Target's Job and TokenOptions over the COM interfaces of one BITS job.
#pragma once

#include <memory>

#include "bitscts/com/bits_api.h"
#include "bitscts/com/system_api.h"
#include "bitscts/target.h"
#include "callback_gate.h"
#include "com_ref.h"
#include "job_events.h"

namespace bitscts::com {

// Wraps a job; `events` (shared by the target) receives the job's notifications and wakes its
// waits, and the notify interfaces a scenario registers through the job wake it too; blocking
// ones hold their calls at `gate` (shared by the target, which releases it).
std::unique_ptr<Job> MakeComJob(std::shared_ptr<SystemApi> system, ComRef<IBackgroundCopyJob> job,
                                ComRef<JobEvents> events, std::shared_ptr<CallbackGate> gate);

// Wraps a job's IBitsTokenOptions.
std::unique_ptr<TokenOptions> MakeComTokenOptions(std::shared_ptr<SystemApi> system,
                                                  ComRef<IBitsTokenOptions> options);

// Returns the bytes of the hexadecimal `thumbprint` (each pair of characters one byte, a
// character that is no hex digit counting as 0), zero-padded to the 20 bytes of a SHA-1 hash:
// the proxy of SetClientCertificateByID always reads 20, so a shorter hash must not make it read
// beyond the buffer, and a longer one is cut there by the proxy.
std::vector<BYTE> CertificateHashBytes(const std::string& thumbprint);

}  // namespace bitscts::com
