// The thread tokens of TokenShapeControl::ImpersonateWith, made from a principal's logon token:
// an impersonation token at the shape's level (DuplicateTokenEx), restricted by the token's own
// user SID first when the shape says so (CreateRestrictedToken, HT-ADM-6).
#pragma once

#include "bitscts/com/call_log.h"
#include "bitscts/com/system_api.h"
#include "bitscts/principal.h"
#include "logon.h"

namespace bitscts::com {

// Returns the SECURITY_IMPERSONATION_LEVEL a thread token of `level` has (SecurityIdentification
// for kIdentify; the default level is SecurityImpersonation).
DWORD SecurityImpersonationLevel(ImpersonationLevel level);

// Makes the thread token `shape` asks for from `logon`, which it closes; every call is recorded
// in `log`. On failure the result is not open and no token is left open.
LogonToken ShapeToken(SystemApi& system, LogonToken logon, TokenShape shape, CallLog& log);

}  // namespace bitscts::com
