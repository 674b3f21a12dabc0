// Giving a BITS job a helper token: the identity of another local account, captured while the
// calling thread impersonates it. Unlike the documentation sample, every failed
// step is reported by its HRESULT's name (D1, D2), the impersonation is always reverted and the
// logon token always closed, each exactly once, and a job whose helper token could not be set
// can be cancelled rather than left to run as its owner alone.
#pragma once

#include <cstdint>
#include <string>

#include "bitscts/bits_types.h"  // token_usage: the flags
#include "bitscts/com/bits_api.h"
#include "bitscts/com/call_log.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"

namespace bitscts::com {

// What setting a helper token did.
struct HelperTokenOutcome {
  CallLog calls;  // every call in order, e.g. "LogonUserW(bitscts-x) -> S_OK (0x00000000); ..."
  bool job_cancelled = false;  // SetHelperTokenOrCancelJob cancelled the job after a failure

  // Returns true if and only if every call succeeded.
  bool Succeeded() const { return calls.Succeeded(); }
  // Returns the HRESULT of the first failed call, S_OK if none failed.
  HResult hr() const { return calls.Result(); }
};

// Logs `account` on interactively with `password`, impersonates it, calls SetHelperToken and then
// SetHelperTokenFlags(flags) on `options`, and reverts. Stops at the first failed step; once
// ImpersonateLoggedOnUser was called, RevertToSelf follows exactly once, and once LogonUserW
// produced a token, CloseHandle follows exactly once, after RevertToSelf.
HelperTokenOutcome SetHelperTokenAs(SystemApi& system, IBitsTokenOptions& options,
                                    const std::string& account, const Secret& password,
                                    std::uint32_t flags);

// Queries `job` for IBitsTokenOptions as the caller's own identity (the access check happens at
// QueryInterface time, HT-QI-1), then does what SetHelperTokenAs does. If any step failed, cancels
// the job (recorded as "Cancel") so that it never runs without the helper token asked for.
HelperTokenOutcome SetHelperTokenOrCancelJob(SystemApi& system, IBackgroundCopyJob& job,
                                             const std::string& account, const Secret& password,
                                             std::uint32_t flags);

}  // namespace bitscts::com
