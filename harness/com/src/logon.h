// Logging a local account on and impersonating it, with the clean-up each step requires done
// exactly once: CloseHandle for a logon token, RevertToSelf for an impersonation. Every call is
// recorded, with its HRESULT, in the CallLog the caller passes.
#pragma once

#include <string>

#include "bitscts/com/bits_api.h"
#include "bitscts/com/call_log.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"

namespace bitscts::com {

// A logon token from LogonUserW; its handle is closed exactly once, by Close() or else by the
// destructor.
class LogonToken {
 public:
  // Logs the local account `account` on (domain ".", LOGON32_PROVIDER_DEFAULT) with `password`;
  // records "LogonUserW(<account>)". The token is not open when the logon failed.
  static LogonToken LogOn(SystemApi& system, const std::string& account, const Secret& password,
                          CallLog& log, DWORD logon_type = LOGON32_LOGON_INTERACTIVE);

  // Takes `handle`, a token another call made (DuplicateTokenEx, CreateRestrictedToken), to close
  // it exactly once; null makes a token that is not open.
  static LogonToken Adopt(SystemApi& system, HANDLE handle) { return LogonToken(system, handle); }

  LogonToken(LogonToken&& other) noexcept;
  LogonToken& operator=(LogonToken&&) = delete;
  LogonToken(const LogonToken&) = delete;
  LogonToken& operator=(const LogonToken&) = delete;
  ~LogonToken();

  bool is_open() const { return handle_ != nullptr; }
  HANDLE handle() const { return handle_; }
  // Closes the handle and records "CloseHandle"; does nothing when the token is not open.
  void Close(CallLog& log);

 private:
  LogonToken(SystemApi& system, HANDLE handle) : system_(&system), handle_(handle) {}

  SystemApi* system_;
  HANDLE handle_;
};

// The calling thread's impersonation of a logon token's identity. Once ImpersonateLoggedOnUser
// has been called, RevertToSelf is called exactly once, by End() or else by the destructor,
// whether the impersonation succeeded or not, so the thread is always left as itself.
class Impersonation {
 public:
  // Impersonates `token` on the calling thread; records "ImpersonateLoggedOnUser". Does nothing
  // (and will not revert) when the token is not open.
  static Impersonation Begin(SystemApi& system, const LogonToken& token, CallLog& log);

  Impersonation(Impersonation&& other) noexcept;
  Impersonation& operator=(Impersonation&&) = delete;
  Impersonation(const Impersonation&) = delete;
  Impersonation& operator=(const Impersonation&) = delete;
  ~Impersonation();

  // Returns true if and only if ImpersonateLoggedOnUser succeeded and End() was not called yet.
  bool active() const { return pending_revert_ && impersonating_; }
  // Reverts the thread to itself and records "RevertToSelf"; does nothing after the first call.
  void End(CallLog& log);

 private:
  Impersonation(SystemApi& system, bool pending_revert, bool impersonating)
      : system_(&system), pending_revert_(pending_revert), impersonating_(impersonating) {}

  SystemApi* system_;
  bool pending_revert_;
  bool impersonating_;
};

}  // namespace bitscts::com
