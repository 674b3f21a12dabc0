// The com target's own caller: the identity of the process it runs in, or the test account that
// process logged on as (in an agent), impersonating other test accounts on request.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "bitscts/com/call_log.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"
#include "bitscts/controls.h"
#include "bitscts/target.h"
#include "logon.h"

namespace bitscts::com {

// Where a ProcessCaller's jobs come from: the target's IBackgroundCopyManager.
class JobSource {
 public:
  virtual ~JobSource() = default;
  virtual Outcome<std::unique_ptr<Job>> CreateJob(const std::string& display_name) = 0;
  virtual Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) = 0;
};

// A logon token impersonated by the calling thread; both undone exactly once by End.
struct ThreadLogon {
  LogonToken token;
  std::optional<Impersonation> impersonation;  // empty while another account is impersonated

  // Logs `account` on (interactively unless `logon_type` says otherwise) and impersonates it;
  // every call is recorded in `log`. On failure nothing is left open or impersonated and the
  // result is empty.
  static std::unique_ptr<ThreadLogon> Begin(SystemApi& system, const std::string& account,
                                            const Secret& password, CallLog& log,
                                            DWORD logon_type = LOGON32_LOGON_INTERACTIVE,
                                            const TokenShape* shape = nullptr);
  // Reverts the thread and closes the token, recording both.
  void End(CallLog& log);
};

class ProcessCaller final : public Caller {
 public:
  ProcessCaller(JobSource& jobs, SystemApi& system);
  // Reverts the thread and closes every token the caller still holds.
  ~ProcessCaller() override;

  // Returns the SID of the logged-on account, or else of the process.
  std::string Sid() const override { return own_sid_.empty() ? process_sid_ : own_sid_; }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& display_name) override {
    return jobs_.CreateJob(display_name);
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) override {
    return jobs_.OpenJob(job_id);
  }
  // Logs `principal` on with the password Remember was given and impersonates it until
  // RevertToSelf; E_INVALIDARG for an account whose password the caller was not given. An
  // administrator is logged on as a network logon with cleartext credentials (a full token where
  // LocalAccountTokenFilterPolicy is 1; still able to answer servers), others interactively (a
  // UAC-filtered token for an administrator); a token that is not what the principal's kind
  // promises is reverted and fails the call, with the check in last_calls().
  HResult Impersonate(const Principal& principal) override;
  // Like Impersonate, with the thread token made from the principal's logon token as `shape`
  // says (ShapeToken); RevertToSelf ends it as it ends Impersonate's.
  HResult ImpersonateShaped(const Principal& principal, TokenShape shape);
  // Ends the impersonation Impersonate began, and returns the thread to the caller's own
  // identity (the logged-on account, when LogOnAs succeeded).
  HResult RevertToSelf() override;

  // Makes `account` this caller's own identity for the rest of its life: the thread impersonates
  // its interactive logon. May succeed once; on failure `failure` names the calls and HRESULTs.
  HResult LogOnAs(const std::string& account, const Secret& password, std::string* failure);
  // Keeps `password` so that Impersonate can log `account` on.
  void Remember(const std::string& account, Secret password);
  // Returns the password kept for `account`, or null.
  const Secret* PasswordOf(const std::string& account) const;
  // Returns the calls of the last Impersonate or RevertToSelf, for evidence.
  const CallLog& last_calls() const { return last_calls_; }

 private:
  // Impersonate's and ImpersonateShaped's work: the logon token as it is when `shape` is null.
  HResult ImpersonateAs(const Principal& principal, const TokenShape* shape);
  // Makes the logged-on account the thread's identity again after another one was impersonated.
  void ResumeOwnIdentity();

  JobSource& jobs_;
  SystemApi& system_;
  std::string process_sid_;
  std::string own_sid_;
  std::map<std::string, Secret> passwords_;
  std::unique_ptr<ThreadLogon> own_;     // the account LogOnAs made the caller's identity
  std::unique_ptr<ThreadLogon> helper_;  // the account Impersonate impersonates
  CallLog last_calls_;
};

}  // namespace bitscts::com
