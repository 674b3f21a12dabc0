#include "logon.h"

#include <utility>

#include "text.h"

namespace bitscts::com {

LogonToken LogonToken::LogOn(SystemApi& system, const std::string& account, const Secret& password,
                             CallLog& log, DWORD logon_type) {
  HANDLE handle = nullptr;
  const DWORD error = system.LogonUserW(Widen(account), L".", password, logon_type,
                                        LOGON32_PROVIDER_DEFAULT, &handle);
  log.Add("LogonUserW(" + account + ")", FromWin32(error));
  if (error != ERROR_SUCCESS) {
    // A failed logon returns no token; a handle it left behind is not ours to close.
    handle = nullptr;
  }
  return LogonToken(system, handle);
}

LogonToken::LogonToken(LogonToken&& other) noexcept
    : system_(other.system_), handle_(std::exchange(other.handle_, nullptr)) {}

LogonToken::~LogonToken() {
  CallLog unreported;  // only reached when Close() was skipped, e.g. by an exception
  Close(unreported);
}

void LogonToken::Close(CallLog& log) {
  if (handle_ == nullptr) return;
  log.Add("CloseHandle", FromWin32(system_->CloseHandle(std::exchange(handle_, nullptr))));
}

Impersonation Impersonation::Begin(SystemApi& system, const LogonToken& token, CallLog& log) {
  if (!token.is_open()) return Impersonation(system, false, false);
  const HResult result =
      log.Add("ImpersonateLoggedOnUser", FromWin32(system.ImpersonateLoggedOnUser(token.handle())));
  return Impersonation(system, true, result.Succeeded());
}

Impersonation::Impersonation(Impersonation&& other) noexcept
    : system_(other.system_),
      pending_revert_(std::exchange(other.pending_revert_, false)),
      impersonating_(std::exchange(other.impersonating_, false)) {}

Impersonation::~Impersonation() {
  CallLog unreported;  // only reached when End() was skipped, e.g. by an exception
  End(unreported);
}

void Impersonation::End(CallLog& log) {
  if (!pending_revert_) return;
  pending_revert_ = false;
  impersonating_ = false;
  log.Add("RevertToSelf", FromWin32(system_->RevertToSelf()));
}

}  // namespace bitscts::com
