#include "token_rules.h"

#include <algorithm>

namespace bitscts::model {

ImpersonationLevel EffectiveLevel(ImpersonationLevel proxy_level, ImpersonationLevel token_level) {
  const auto known = [](ImpersonationLevel level) {
    return level == ImpersonationLevel::kDefault ? ImpersonationLevel::kIdentify : level;
  };
  // HT-IMP-6: impersonating the client yields at most what the presented token allows.
  return std::min(known(proxy_level), known(token_level));
}

HResult CheckImpersonationLevel(ImpersonationLevel level, TokenMethod method) {
  // HT-IMP-1: an anonymous client cannot be identified, so no BITS call is allowed.
  if (level == ImpersonationLevel::kAnonymous) return hr::kAccessDenied;
  // HT-IMP-2: only SetHelperToken impersonates the client; DEFAULT resolves to IDENTIFY, the
  // machine-wide default of COM.
  const bool can_impersonate =
      level == ImpersonationLevel::kImpersonate || level == ImpersonationLevel::kDelegate;
  if (method == TokenMethod::kSetHelperToken && !can_impersonate) {
    return kWeakImpersonationResult;  // DOC-AMB-1 reading
  }
  return hr::kOk;
}

HResult CheckQueryInterface(TokenRules rules, ImpersonationLevel level, const Token& caller,
                            const JobRecord& job) {
  if (rules == TokenRules::kAbsent) return hr::kNoInterface;              // HT-IF-3
  if (level == ImpersonationLevel::kAnonymous) return hr::kAccessDenied;  // HT-IMP-1
  // HT-QI-1, HT-QI-2: the access check happens here, against the caller's thread identity.
  // HT-ADM-8 (unclear): an enabled administrator passes on any job, owner or not.
  if (caller.AdminEnabled() || caller.user_sid == job.owner.user_sid) return hr::kOk;
  // HT-QI-3 (unclear): a failed check surfaces at the QueryInterface itself, as E_ACCESSDENIED.
  return hr::kAccessDenied;
}

HResult CheckTokenMethod(TokenRules rules, TokenMethod method, const Token& qi_identity,
                         const JobRecord& job, const Token* new_helper) {
  switch (rules) {
    case TokenRules::kAbsent: return hr::kNoInterface;
    case TokenRules::kPre1607:
      // HT-CLR-5 (unclear: E_ACCESSDENIED): the remarks of the four pages other than
      // SetHelperToken's name the calling user's administrator rights, not the owner's, so the
      // identity checked at QueryInterface must have BUILTIN\Administrators enabled.
      if (!qi_identity.AdminEnabled()) return hr::kAccessDenied;
      // HT-SET-3, HT-ADM-1: SetHelperToken also needs an administrator-owned job (its Return
      // value section); the other methods name no condition on the owner.
      if (method == TokenMethod::kSetHelperToken && !job.owner.AdminEnabled()) {
        return hr::kAccessDenied;
      }
      return hr::kOk;
    case TokenRules::kWindows1607: break;
  }
  // HT-SET-6, HT-ADM-3: an administrator may do everything. DOC-AMB-5 (unclear): "the caller"
  // of the admin rule is the identity checked at QueryInterface, not the impersonated helper.
  if (qi_identity.AdminEnabled()) return hr::kOk;
  // A non-administrator got here only through HT-QI-2 (its SID is the owner's).
  switch (method) {
    case TokenMethod::kSetHelperToken:
      // HT-SET-4, HT-SET-5; HT-ADM-4 (unclear): a UAC-filtered administrator's token has the
      // group deny-only and counts as a non-admin helper.
      return new_helper != nullptr && new_helper->AdminEnabled() ? hr::kAccessDenied : hr::kOk;
    case TokenMethod::kSetHelperTokenFlags:
      // HT-FLAG-9, DOC-AMB-6: the token currently installed must not be an administrator's.
      return job.helper && job.helper->AdminEnabled() ? hr::kAccessDenied : hr::kOk;
    case TokenMethod::kClearHelperToken:     // HT-CLR-2
    case TokenMethod::kGetHelperTokenFlags:  // HT-FLAG-10
    case TokenMethod::kGetHelperTokenSid:    // HT-SID-4
      return hr::kOk;
  }
  return hr::kUnexpected;
}

HResult CheckTokenFlags(std::uint32_t flags) {
  // HT-FLAG-6: 0 clears; HT-FLAG-7: 0x3 accepted; HT-FLAG-8 (unclear): other bits E_INVALIDARG.
  return (flags & ~kKnownTokenFlags) == 0 ? hr::kOk : hr::kInvalidArg;
}

}  // namespace bitscts::model
