#include "caller_kind.h"

#include "bitscts/com/bits_api.h"

namespace bitscts::com {
namespace {

std::string ElevationTypeText(std::uint32_t type) {
  switch (type) {
    case 1: return "TokenElevationTypeDefault";
    case 2: return "TokenElevationTypeFull";
    case 3: return "TokenElevationTypeLimited";
    default: return "TOKEN_ELEVATION_TYPE " + std::to_string(type);
  }
}

}  // namespace

Outcome<agent::TokenReport> ReadTokenReport(SystemApi& system) {
  TokenFacts facts;
  const DWORD error = system.EffectiveTokenFacts(&facts);
  if (error != ERROR_SUCCESS) return {FromWin32(error), {}};
  agent::TokenReport report;
  report.impersonating = facts.impersonating;
  report.elevation_type = facts.elevation_type;
  switch (facts.administrators) {
    case AdministratorsInToken::kAbsent:
      report.administrators = agent::AdministratorsGroup::kAbsent;
      break;
    case AdministratorsInToken::kDenyOnly:
      report.administrators = agent::AdministratorsGroup::kDenyOnly;
      break;
    case AdministratorsInToken::kEnabled:
      report.administrators = agent::AdministratorsGroup::kEnabled;
      break;
  }
  return {hr::kOk, report};
}

agent::AdministratorsGroup ExpectedAdministrators(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kAdministrator:
    case PrincipalKind::kLocalSystem:
    case PrincipalKind::kWindowsService: return agent::AdministratorsGroup::kEnabled;
    case PrincipalKind::kFilteredAdministrator: return agent::AdministratorsGroup::kDenyOnly;
    case PrincipalKind::kStandardUser:
    case PrincipalKind::kLocalService:
    case PrincipalKind::kNetworkService: return agent::AdministratorsGroup::kAbsent;
  }
  return agent::AdministratorsGroup::kAbsent;
}

HResult CheckCallerKind(PrincipalKind promised, const Outcome<agent::TokenReport>& report,
                        std::string* evidence) {
  const agent::AdministratorsGroup expected = ExpectedAdministrators(promised);
  const std::string wanted = "a caller promised as " + Name(promised) + " needs Administrators " +
                             std::string(agent::Name(expected)) + " in its token";
  if (report.hr.Failed()) {
    *evidence =
        wanted + ", but its agent could not report its token: token -> " + report.hr.ToString();
    return report.hr;
  }
  const agent::TokenReport& token = report.value;
  const std::string found =
      std::string(token.impersonating ? "the thread's impersonation token" : "the process token") +
      ": " + ElevationTypeText(token.elevation_type) + ", Administrators " +
      std::string(agent::Name(token.administrators));
  if (token.administrators != expected) {
    *evidence = wanted + ", but " + found;
    return hr::kFail;
  }
  *evidence = wanted + "; " + found;
  return hr::kOk;
}

}  // namespace bitscts::com
