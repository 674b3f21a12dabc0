#include "process_caller.h"

#include <utility>

#include "caller_kind.h"
#include "text.h"
#include "token_shape.h"
#include "user_proxy_control.h"

namespace bitscts::com {

std::unique_ptr<ThreadLogon> ThreadLogon::Begin(SystemApi& system, const std::string& account,
                                                const Secret& password, CallLog& log,
                                                DWORD logon_type, const TokenShape* shape) {
  LogonToken logged_on = LogonToken::LogOn(system, account, password, log, logon_type);
  LogonToken token = shape != nullptr ? ShapeToken(system, std::move(logged_on), *shape, log)
                                      : std::move(logged_on);
  Impersonation impersonation = Impersonation::Begin(system, token, log);
  if (!impersonation.active()) {
    impersonation.End(log);
    token.Close(log);
    return nullptr;
  }
  auto logon = std::make_unique<ThreadLogon>(ThreadLogon{std::move(token), std::nullopt});
  logon->impersonation.emplace(std::move(impersonation));
  return logon;
}

void ThreadLogon::End(CallLog& log) {
  if (impersonation) impersonation->End(log);
  token.Close(log);
}

ProcessCaller::ProcessCaller(JobSource& jobs, SystemApi& system) : jobs_(jobs), system_(system) {
  std::wstring sid;
  if (system_.CurrentProcessSid(&sid) == ERROR_SUCCESS) process_sid_ = Narrow(sid);
}

ProcessCaller::~ProcessCaller() {
  CallLog unreported;  // the run is over for this caller; nothing is left to report to
  if (helper_) helper_->End(unreported);
  if (own_) own_->End(unreported);
}

HResult ProcessCaller::Impersonate(const Principal& principal) {
  return ImpersonateAs(principal, nullptr);
}

HResult ProcessCaller::ImpersonateShaped(const Principal& principal, TokenShape shape) {
  return ImpersonateAs(principal, &shape);
}

HResult ProcessCaller::ImpersonateAs(const Principal& principal, const TokenShape* shape) {
  last_calls_ = CallLog();
  const Secret* password = PasswordOf(principal.name);
  if (password == nullptr) {
    return last_calls_.Add("Impersonate(" + principal.name + "): no password known for the account",
                           hr::kInvalidArg);
  }
  // Each ImpersonateLoggedOnUser is paired with one RevertToSelf: the thread goes back to the
  // process identity before it takes the next one.
  if (helper_) {
    helper_->End(last_calls_);
    helper_.reset();
  } else if (own_ && own_->impersonation) {
    own_->impersonation->End(last_calls_);
    own_->impersonation.reset();
  }
  const DWORD logon_type = principal.kind == PrincipalKind::kAdministrator
                               ? LOGON32_LOGON_NETWORK_CLEARTEXT
                               : LOGON32_LOGON_INTERACTIVE;
  helper_ = ThreadLogon::Begin(system_, principal.name, *password, last_calls_, logon_type, shape);
  if (helper_) {
    std::string evidence;
    const HResult kind = CheckCallerKind(principal.kind, ReadTokenReport(system_), &evidence);
    if (kind.Failed()) {
      last_calls_.Add("the token of " + principal.name + ": " + evidence, kind);
      helper_->End(last_calls_);
      helper_.reset();
    }
  }
  if (!helper_) ResumeOwnIdentity();
  return last_calls_.Result();
}

HResult ProcessCaller::RevertToSelf() {
  last_calls_ = CallLog();
  if (helper_) {
    helper_->End(last_calls_);
    helper_.reset();
  } else if (!own_) {
    last_calls_.Add("RevertToSelf", FromWin32(system_.RevertToSelf()));
  }
  ResumeOwnIdentity();
  return last_calls_.Result();
}

void ProcessCaller::ResumeOwnIdentity() {
  if (own_ && !own_->impersonation)
    own_->impersonation.emplace(Impersonation::Begin(system_, own_->token, last_calls_));
}

HResult ProcessCaller::LogOnAs(const std::string& account, const Secret& password,
                               std::string* failure) {
  CallLog log;
  if (own_) {
    *failure = "the caller is already logged on as another account";
    return hr::kInvalidState;
  }
  own_ = ThreadLogon::Begin(system_, account, password, log);
  if (!own_) {
    *failure = log.ToString();
    return log.Result();
  }
  std::wstring sid;
  const DWORD error = system_.LookupAccountNameW(Widen(account), &sid);
  if (error != ERROR_SUCCESS) {
    *failure = "LookupAccountNameW(" + account + ") -> " + FromWin32(error).ToString();
    return FromWin32(error);
  }
  own_sid_ = Narrow(sid);
  return hr::kOk;
}

void ProcessCaller::Remember(const std::string& account, Secret password) {
  passwords_.insert_or_assign(account, std::move(password));
}

const Secret* ProcessCaller::PasswordOf(const std::string& account) const {
  const auto found = passwords_.find(account);
  return found == passwords_.end() ? nullptr : &found->second;
}

}  // namespace bitscts::com
