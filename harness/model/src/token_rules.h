// The IBitsTokenOptions access rules of the clause families HT-QI, HT-SET, HT-CLR, HT-SID, HT-FLAG,
// HT-ADM and HT-IMP, as pure functions of the emulated build, the identities and the job. What the
// flags do to a transfer is in transfer_rules.h.
#pragma once

#include <cstdint>

#include "bitscts/model/emulated_build.h"
#include "job_record.h"
#include "security.h"

namespace bitscts::model {

enum class TokenMethod : std::uint8_t {
  kSetHelperToken,
  kClearHelperToken,
  kSetHelperTokenFlags,
  kGetHelperTokenFlags,
  kGetHelperTokenSid,
};

// The HRESULT SetHelperToken returns when the caller's COM security is below IMPERSONATE
// (HT-IMP-2 / HT-SET-7 / DOC-AMB-1: the reference page's code, not the sample's E_ACCESSDENIED).
inline constexpr HResult kWeakImpersonationResult = hr::kFailedToImpersonate;

// The BG_TOKEN_* bits SetHelperTokenFlags accepts (HT-FLAG-7: both together are accepted).
inline constexpr std::uint32_t kKnownTokenFlags = token_usage::kLocalFile | token_usage::kNetwork;

// Returns the result of QueryInterface(IID_IBitsTokenOptions) presented by `caller` on `job`.
HResult CheckQueryInterface(TokenRules rules, ImpersonationLevel level, const Token& caller,
                            const JobRecord& job);

// Returns S_OK if `qi_identity` (the identity checked at QueryInterface) may call `method` on
// `job`; `new_helper` is the token SetHelperToken would store (null for other methods).
HResult CheckTokenMethod(TokenRules rules, TokenMethod method, const Token& qi_identity,
                         const JobRecord& job, const Token* new_helper);

// Returns the level at which BITS can impersonate a client whose proxy allows `proxy_level` and
// who presents a token of `token_level`: the lower of the two, DEFAULT counting as IDENTIFY.
ImpersonationLevel EffectiveLevel(ImpersonationLevel proxy_level, ImpersonationLevel token_level);

// Returns S_OK if the caller's COM impersonation level suffices for `method`.
HResult CheckImpersonationLevel(ImpersonationLevel level, TokenMethod method);

// Returns S_OK for a valid BG_TOKEN_* combination, E_INVALIDARG otherwise (HT-FLAG-8 reading).
HResult CheckTokenFlags(std::uint32_t flags);

}  // namespace bitscts::model
