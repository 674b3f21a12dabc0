#include "security_control.h"

#include "caller_place.h"

namespace bitscts::com {

DWORD CloakingCapability(Cloaking cloaking) {
  switch (cloaking) {
    case Cloaking::kNone: return EOAC_NONE;
    case Cloaking::kStatic: return EOAC_STATIC_CLOAKING;
    case Cloaking::kDynamic: return EOAC_DYNAMIC_CLOAKING;
  }
  return EOAC_DYNAMIC_CLOAKING;
}

HResult InitializeSecurityInProcess(SystemApi& system, CallerSettings settings) {
  return ToHResult(system.CoInitializeSecurity(RPC_C_AUTHN_LEVEL_CONNECT,
                                               static_cast<DWORD>(settings.level),
                                               CloakingCapability(settings.cloaking)));
}

HResult ComSecurityControl::InitializeSecurityAgain(Caller& caller, CallerSettings settings) {
  const CallerPlace place = PlaceOf(caller, own_);
  if (place.own != nullptr) return InitializeSecurityInProcess(system_, settings);
  if (place.agent != nullptr) return place.agent->InitializeSecurityAgain(settings);
  return hr::kInvalidArg;
}

}  // namespace bitscts::com
