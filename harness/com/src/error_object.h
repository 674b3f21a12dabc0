// Internal: what an IBackgroundCopyError reports, read the same way for
// IBackgroundCopyJob::GetError and for the error object BITS passes to
// IBackgroundCopyCallback::JobError.
#pragma once

#include "bitscts/com/bits_api.h"
#include "bitscts/com/system_api.h"
#include "bitscts/target.h"

namespace bitscts::com {

// Reads the error's code and context (GetError, whose HRESULT the outcome carries) and its
// description in the thread's language (GetErrorDescription; left empty when that fails), without
// the line end BITS ends it with. An unwritten code shows as unwritten::kNumber, an unwritten
// description as unwritten::kText.
Outcome<JobError> ReadErrorObject(SystemApi& system, IBackgroundCopyError& error);

}  // namespace bitscts::com
