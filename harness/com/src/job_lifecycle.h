// Ending a job the client is done with, so that no job is left in the queue (the
// documentation sample leaves transferred and failed jobs behind).
#pragma once

#include "bitscts/com/bits_api.h"
#include "bitscts/com/call_log.h"

namespace bitscts::com {

// Reads the job's state and takes the job out of the queue accordingly: Complete() when it is
// TRANSFERRED (the downloaded files are kept), nothing when it is already ACKNOWLEDGED or
// CANCELLED, Cancel() in every other state. Returns GetState and the call made, with results.
CallLog SettleJob(IBackgroundCopyJob& job);

}  // namespace bitscts::com
