// SecurityControl on the com target: a second CoInitializeSecurity in a caller's process, whose
// HRESULT is the finding (RPC_E_TOO_LATE on Windows, HT-IMP-5), never the control's failure.
#pragma once

#include "bitscts/com/system_api.h"
#include "bitscts/controls.h"
#include "process_caller.h"

namespace bitscts::com {

// Returns the EOAC_* capability for `cloaking`.
DWORD CloakingCapability(Cloaking cloaking);

// Calls CoInitializeSecurity in this process as the com target does when it connects
// (RPC_C_AUTHN_LEVEL_CONNECT, the settings' impersonation level and cloaking); returns its
// HRESULT unchanged.
HResult InitializeSecurityInProcess(SystemApi& system, CallerSettings settings);

class ComSecurityControl final : public SecurityControl {
 public:
  // Acts in this process for `own` (the target's own caller) and through the agent for others.
  ComSecurityControl(SystemApi& system, ProcessCaller& own) : system_(system), own_(own) {}

  // Returns the HRESULT of the second CoInitializeSecurity in `caller`'s process; E_INVALIDARG
  // for a caller of another target.
  HResult InitializeSecurityAgain(Caller& caller, CallerSettings settings) override;

 private:
  SystemApi& system_;
  ProcessCaller& own_;
};

}  // namespace bitscts::com
