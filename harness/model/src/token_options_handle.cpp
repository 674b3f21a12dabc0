#include "handles.h"

namespace bitscts::model {

TokenOptionsHandle::TokenOptionsHandle(std::shared_ptr<Service> service,
                                       std::shared_ptr<CallerState> caller, std::string job_id,
                                       Token qi_identity)
    : service_(std::move(service)),
      caller_(std::move(caller)),
      job_id_(std::move(job_id)),
      qi_identity_(std::move(qi_identity)) {}

HResult TokenOptionsHandle::Check(TokenMethod method, const Token* new_helper) {
  if (const HResult can = caller_->CanCall(); can.Failed()) return can;
  // HT-QI-1, open question (unclear): the pointer stays bound to the identity checked at
  // QueryInterface, whoever the thread is now.
  return CheckTokenMethod(service_->build().token_rules, method, qi_identity_,
                          *service_->Find(job_id_), new_helper);
}

HResult TokenOptionsHandle::SetHelperToken() {
  // HT-SET-1, HT-SET-11, HT-IMP-3: BITS impersonates the COM client and keeps what it sees.
  const Token helper = caller_->Presented(qi_identity_);
  if (const HResult can = caller_->CanModify(helper); can.Failed()) return can;  // HT-ADM-6
  // HT-IMP-2, HT-SET-7; HT-IMP-6 (unclear): an identification-level thread token limits BITS's
  // impersonation as a proxy below IMPERSONATE does, with the same answer; nothing is stored.
  if (const HResult level =
          CheckImpersonationLevel(EffectiveLevel(caller_->settings.level, helper.level),
                                  TokenMethod::kSetHelperToken);
      level.Failed()) {
    return level;
  }
  if (const HResult access = Check(TokenMethod::kSetHelperToken, &helper); access.Failed()) {
    return access;
  }
  JobRecord& job = *service_->Find(job_id_);
  if (IsFinal(job.state)) return hr::kInvalidState;  // HT-SET-12 (unclear)
  job.helper = helper;  // HT-SET-9, HT-SET-10: replaces any earlier token, flags untouched
  service_->Touch(job);
  return hr::kOk;
}

HResult TokenOptionsHandle::ClearHelperToken() {
  if (const HResult can = caller_->CanModify(caller_->Presented(qi_identity_)); can.Failed())
    return can;
  if (const HResult access = Check(TokenMethod::kClearHelperToken, nullptr); access.Failed()) {
    return access;
  }
  JobRecord& job = *service_->Find(job_id_);
  if (IsFinal(job.state)) return hr::kInvalidState;  // HT-SET-12 reading, applied to all setters
  job.helper.reset();  // HT-CLR-1; HT-CLR-4 (unclear): S_OK without a token too
  service_->Touch(job);
  return hr::kOk;
}

HResult TokenOptionsHandle::SetHelperTokenFlags(std::uint32_t flags) {
  if (const HResult can = caller_->CanModify(caller_->Presented(qi_identity_)); can.Failed())
    return can;
  if (const HResult access = Check(TokenMethod::kSetHelperTokenFlags, nullptr); access.Failed()) {
    return access;
  }
  if (const HResult valid = CheckTokenFlags(flags); valid.Failed()) return valid;
  JobRecord& job = *service_->Find(job_id_);
  if (IsFinal(job.state)) return hr::kInvalidState;  // HT-SET-12 reading, applied to all setters
  job.helper_flags = flags;                          // HT-FLAG-1, HT-FLAG-6, HT-FLAG-12
  service_->Touch(job);
  return hr::kOk;
}

Outcome<std::uint32_t> TokenOptionsHandle::GetHelperTokenFlags() {
  if (const HResult access = Check(TokenMethod::kGetHelperTokenFlags, nullptr); access.Failed()) {
    return {access, 0};
  }
  return {hr::kOk, service_->Find(job_id_)->helper_flags};  // HT-FLAG-10
}

Outcome<std::optional<std::string>> TokenOptionsHandle::GetHelperTokenSid() {
  if (const HResult access = Check(TokenMethod::kGetHelperTokenSid, nullptr); access.Failed()) {
    return {access, std::nullopt};
  }
  const JobRecord& job = *service_->Find(job_id_);
  if (!job.helper) return {hr::kOk, std::nullopt};  // HT-SID-3
  return {hr::kOk, job.helper->user_sid};           // HT-SID-1
}

}  // namespace bitscts::model
