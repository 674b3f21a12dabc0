// Steps for a job with a helper token: the impersonate / SetHelperToken / revert sequence every
// client of IBitsTokenOptions performs, and reading back what the job holds.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "bitscts/scenario.h"

namespace bitscts::steps {

// Makes `helper` the thread identity of `caller`; a target that cannot ends the scenario as
// unsupported, since the precondition (a helper logon) is missing, not a BITS behaviour.
inline void Impersonate(Scenario& s, Caller& caller, const Principal& helper) {
  const HResult result = caller.Impersonate(helper);
  if (result.Failed())
    s.Unsupported("impersonating " + helper.name + " returned " + result.ToString());
}

// Impersonates `helper` on `caller`, calls SetHelperToken through `options` and reverts, as the
// documented client sequence does; returns what SetHelperToken returned.
inline HResult SetHelperTokenAs(Scenario& s, Caller& caller, TokenOptions& options,
                                const Principal& helper) {
  Impersonate(s, caller, helper);
  const HResult result = options.SetHelperToken();
  caller.RevertToSelf();
  return result;
}

// The principals of a job with a helper token, provisioned for the scenario.
struct OwnerAndHelper {
  Principal owner;
  Principal helper;
  Caller& client;  // the owner, logged on
};

// Provisions an owner of kind `owner` and a helper of kind `helper` and logs the owner on with
// `settings`; a target that cannot ends the scenario as unsupported.
inline OwnerAndHelper ProvisionOwnerAndHelper(Scenario& s, PrincipalKind owner,
                                              PrincipalKind helper = PrincipalKind::kStandardUser,
                                              CallerSettings settings = {}) {
  Principal provisioned_owner = s.Provision(owner);
  Principal provisioned_helper = s.Provision(helper);
  Caller& client = s.LogOn(provisioned_owner, settings);
  return OwnerAndHelper{std::move(provisioned_owner), std::move(provisioned_helper), client};
}

// Provisions an owner of kind `owner` and a standard user as helper and logs the owner on with
// `settings`; a target that cannot ends the scenario as unsupported.
inline OwnerAndHelper ProvisionOwnerAndHelper(Scenario& s, PrincipalKind owner,
                                              CallerSettings settings) {
  return ProvisionOwnerAndHelper(s, owner, PrincipalKind::kStandardUser, settings);
}

// A job and its IBitsTokenOptions as the documented client uses them: the owner creates or opens
// the job, queries the interface as itself and installs a helper while impersonating it.
class TokenJob {
 public:
  // Creates a job as `owner`; a failed CreateJob ends the scenario as an error.
  TokenJob(Scenario& s, Caller& owner) : TokenJob(s, owner, s.CreateJob(owner)) {}
  // Uses `job`, which `owner` created or opened.
  TokenJob(Scenario& s, Caller& owner, std::unique_ptr<Job> job)
      : s_(s), owner_(owner), job_(std::move(job)) {}

  // The job, as its owner (or the caller that opened it) sees it.
  Job& operator*() const { return *job_; }
  Job* operator->() const { return job_.get(); }
  // Returns the interface Query or Install obtained. Before one of them succeeded there is none:
  // asking then is a mistake of the scenario, which throws std::logic_error.
  TokenOptions& options() const {
    if (!options_) throw std::logic_error("TokenJob::options() before Query or Install succeeded");
    return *options_;
  }

  // Queries the job for IBitsTokenOptions as the owner, once; succeeds if QueryInterface answered
  // S_OK.
  testing::AssertionResult Query() {
    if (options_) return testing::AssertionSuccess();
    Outcome<std::unique_ptr<TokenOptions>> queried = job_->QueryTokenOptions();
    if (queried.hr != hr::kOk) {
      return testing::AssertionFailure()
             << "QueryInterface(IBitsTokenOptions) by the owner returned " << queried.hr;
    }
    options_ = std::move(queried.value);
    return testing::AssertionSuccess();
  }

  // Queries the interface (Query), installs `helper`'s token (SetHelperTokenAs) and sets `flags`
  // unless they are none; succeeds if every call answered S_OK.
  testing::AssertionResult Install(const Principal& helper,
                                   std::uint32_t flags = token_usage::kNone) {
    if (testing::AssertionResult queried = Query(); !queried) return queried;
    if (const HResult set = SetHelperTokenAs(s_, owner_, *options_, helper); set != hr::kOk) {
      return testing::AssertionFailure()
             << "SetHelperToken as " << helper.name << " returned " << set;
    }
    if (flags == token_usage::kNone) return testing::AssertionSuccess();
    if (const HResult set = options_->SetHelperTokenFlags(flags); set != hr::kOk) {
      return testing::AssertionFailure()
             << "SetHelperTokenFlags(" << TokenUsageName(flags) << ") returned " << set;
    }
    return testing::AssertionSuccess();
  }

 private:
  Scenario& s_;
  Caller& owner_;
  std::unique_ptr<Job> job_;
  std::unique_ptr<TokenOptions> options_;
};

// The principals of a job with a helper token and the owner's new job, provisioned for the
// scenario.
struct JobWithHelper {
  Principal owner;
  Principal helper;
  Caller& client;  // the owner, logged on
  TokenJob job;    // created by `client`, its IBitsTokenOptions not yet queried
};

// Provisions an owner of kind `owner` and a helper of kind `helper`, logs the owner on with
// `settings` and creates its job; a target that cannot ends the scenario as unsupported.
inline JobWithHelper NewJobWithHelper(Scenario& s, PrincipalKind owner,
                                      PrincipalKind helper = PrincipalKind::kStandardUser,
                                      CallerSettings settings = {}) {
  auto [provisioned_owner, provisioned_helper, client] =
      ProvisionOwnerAndHelper(s, owner, helper, settings);
  return JobWithHelper{std::move(provisioned_owner), std::move(provisioned_helper), client,
                       TokenJob(s, client)};
}

// Provisions an owner of kind `owner` and a standard user as helper, logs the owner on with
// `settings` and creates its job; a target that cannot ends the scenario as unsupported.
inline JobWithHelper NewJobWithHelper(Scenario& s, PrincipalKind owner, CallerSettings settings) {
  return NewJobWithHelper(s, owner, PrincipalKind::kStandardUser, settings);
}

// Returns success if GetHelperTokenSid answers S_OK with `sid`: a helper's SID, or nullopt for a
// job without a helper token.
inline testing::AssertionResult HelperSidIs(TokenOptions& options,
                                            const std::optional<std::string>& sid) {
  const Outcome<std::optional<std::string>> read = options.GetHelperTokenSid();
  if (read.hr != hr::kOk)
    return testing::AssertionFailure() << "GetHelperTokenSid returned " << read.hr;
  if (read.value != sid) {
    return testing::AssertionFailure()
           << "the job's helper SID is " << read.value.value_or("(none)") << ", not "
           << sid.value_or("(none)");
  }
  return testing::AssertionSuccess();
}

// Returns success if GetHelperTokenFlags answers S_OK with `flags` (BG_TOKEN_*).
inline testing::AssertionResult FlagsAre(TokenOptions& options, std::uint32_t flags) {
  const Outcome<std::uint32_t> read = options.GetHelperTokenFlags();
  if (read.hr != hr::kOk)
    return testing::AssertionFailure() << "GetHelperTokenFlags returned " << read.hr;
  if (read.value != flags) {
    return testing::AssertionFailure() << "the job's flags are " << TokenUsageName(read.value)
                                       << ", not " << TokenUsageName(flags);
  }
  return testing::AssertionSuccess();
}

// Returns true if and only if `context` is one BG_E_TOKEN_REQUIRED may come with (JOB-ERR-4): the
// queue manager's, the local file's or the remote file's.
inline bool IsTokenRequiredContext(ErrorContext context) {
  return context == ErrorContext::kGeneralQueueManager || context == ErrorContext::kLocalFile ||
         context == ErrorContext::kRemoteFile;
}

// Logs `admin` (an administrator that does not own the job) on, opens the job `job_id` and
// installs `helper`'s token as that administrator; returns its handle, whose GetHelperTokenSid
// then reads `helper`'s SID (keep it: a job handle going away cancels an unfinished job). Whether
// BITS lets such an administrator use IBitsTokenOptions is undocumented (HT-ADM-8): a refusal ends
// the scenario as unsupported. A failed OpenJob or read-back is a failed check, and returns null.
inline std::unique_ptr<TokenJob> InstallAsOtherAdministrator(Scenario& s, const Principal& admin,
                                                             const std::string& job_id,
                                                             const Principal& helper) {
  Caller& administrator = s.LogOn(admin);
  auto opened = administrator.OpenJob(job_id);
  EXPECT_EQ(opened.hr, hr::kOk) << "an administrator opens another user's job";
  if (opened.hr.Failed()) return nullptr;
  auto as_admin = std::make_unique<TokenJob>(s, administrator, std::move(opened.value));
  if (const testing::AssertionResult installed = as_admin->Install(helper); !installed) {
    s.Unsupported(
        std::string("a non-owner administrator cannot install a helper token (HT-ADM-8): ") +
        installed.message());
  }
  const testing::AssertionResult stored = HelperSidIs(as_admin->options(), helper.sid);
  EXPECT_TRUE(stored) << "the administrator's helper token is installed";
  return stored ? std::move(as_admin) : nullptr;
}

}  // namespace bitscts::steps
