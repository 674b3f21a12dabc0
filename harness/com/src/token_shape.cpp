#include "token_shape.h"

#include <string>
#include <utility>

namespace bitscts::com {
namespace {

// SECURITY_IMPERSONATION_LEVEL, as winnt.h numbers it.
constexpr DWORD kSecurityAnonymous = 0;
constexpr DWORD kSecurityIdentification = 1;
constexpr DWORD kSecurityImpersonation = 2;
constexpr DWORD kSecurityDelegation = 3;

// Returns an impersonation token of `level` duplicated from `source`, which it closes.
LogonToken Duplicate(SystemApi& system, LogonToken source, ImpersonationLevel level, CallLog& log) {
  HANDLE handle = nullptr;
  const DWORD error =
      system.DuplicateTokenEx(source.handle(), SecurityImpersonationLevel(level), &handle);
  log.Add("DuplicateTokenEx(" + Name(level) + ", TokenImpersonation)", FromWin32(error));
  source.Close(log);
  return LogonToken::Adopt(system, error == ERROR_SUCCESS ? handle : nullptr);
}

}  // namespace

DWORD SecurityImpersonationLevel(ImpersonationLevel level) {
  switch (level) {
    case ImpersonationLevel::kAnonymous: return kSecurityAnonymous;
    case ImpersonationLevel::kIdentify: return kSecurityIdentification;
    case ImpersonationLevel::kDelegate: return kSecurityDelegation;
    case ImpersonationLevel::kDefault:
    case ImpersonationLevel::kImpersonate: return kSecurityImpersonation;
  }
  return kSecurityImpersonation;
}

LogonToken ShapeToken(SystemApi& system, LogonToken logon, TokenShape shape, CallLog& log) {
  if (!logon.is_open()) return logon;
  if (!shape.restricted) return Duplicate(system, std::move(logon), shape.level, log);
  HANDLE handle = nullptr;
  const DWORD error = system.CreateRestrictedToken(logon.handle(), &handle);
  log.Add("CreateRestrictedToken(restricting SID: the token's user)", FromWin32(error));
  logon.Close(log);
  LogonToken restricted = LogonToken::Adopt(system, error == ERROR_SUCCESS ? handle : nullptr);
  if (!restricted.is_open()) return restricted;
  return Duplicate(system, std::move(restricted), shape.level, log);
}

}  // namespace bitscts::com
