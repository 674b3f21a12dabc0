// Internal: the check that a caller acts with the kind of token the principal it was promised to
// be has (an enabled administrator, a UAC-filtered one, a standard user, ...), from what its
// agent reports (agent::TokenReport). A caller that is not what it was promised would make a
// scenario's verdict about that kind wrong, so a mismatch is a failure, never a pass.
#pragma once

#include <string>

#include "bitscts/agent/token_report.h"
#include "bitscts/com/system_api.h"
#include "bitscts/target.h"

namespace bitscts::com {

// Returns how BUILTIN\Administrators must appear in the token of a principal of `kind`: enabled
// for an administrator, LocalSystem and a Windows service (LocalSystem with its service SID);
// deny-only for a UAC-filtered administrator; absent for a standard user, LocalService and
// NetworkService.
agent::AdministratorsGroup ExpectedAdministrators(PrincipalKind kind);

// Returns what the token the calling thread acts with (its impersonation token, else the
// process's) says of the principal: SystemApi::EffectiveTokenFacts as an agent::TokenReport.
Outcome<agent::TokenReport> ReadTokenReport(SystemApi& system);

// Returns S_OK when `report` (the answer to the agent's "token" request) shows the token a
// principal of `promised` kind has. A mismatch is E_FAIL, and a failed report its HRESULT
// (HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED) from an agent that cannot tell); `evidence` says what
// was promised and what was found.
HResult CheckCallerKind(PrincipalKind promised, const Outcome<agent::TokenReport>& report,
                        std::string* evidence);

}  // namespace bitscts::com
