#include "bitscts/principal.h"

namespace bitscts {

std::string Name(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kStandardUser: return "standard user";
    case PrincipalKind::kAdministrator: return "administrator";
    case PrincipalKind::kFilteredAdministrator: return "UAC-filtered administrator";
    case PrincipalKind::kLocalSystem: return "LocalSystem";
    case PrincipalKind::kLocalService: return "LocalService";
    case PrincipalKind::kNetworkService: return "NetworkService";
    case PrincipalKind::kWindowsService: return "Windows service";
  }
  return "unknown principal kind";
}

std::string Name(LogonKind kind) {
  switch (kind) {
    case LogonKind::kInteractive: return "interactive";
    case LogonKind::kSecondary: return "RunAs";
    case LogonKind::kPowerShellRemote: return "PowerShell remote";
  }
  return "unknown logon kind";
}

std::string Name(Cloaking cloaking) {
  switch (cloaking) {
    case Cloaking::kNone: return "EOAC_NONE";
    case Cloaking::kStatic: return "EOAC_STATIC_CLOAKING";
    case Cloaking::kDynamic: return "EOAC_DYNAMIC_CLOAKING";
  }
  return "EOAC_" + std::to_string(static_cast<unsigned>(cloaking));
}

std::string Name(Apartment apartment) {
  return apartment == Apartment::kSingleThreaded ? "single-threaded" : "multithreaded";
}

}  // namespace bitscts
