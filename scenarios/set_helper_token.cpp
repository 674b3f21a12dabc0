// SetHelperToken: who may install which helper token on which job, by build (HT-SET, HT-ADM).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bitscts/scenario.h"
#include "token_steps.h"

namespace bitscts {
namespace {

constexpr const char* kSetHelperTokenDoc =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/nf-bits4_0-ibitstokenoptions-sethelpertoken";

// Returns success if `owner` installs `helper` on a new job of its own: the query and
// SetHelperToken answer S_OK and the job then reports the helper's SID.
testing::AssertionResult Installs(Scenario& s, Caller& owner, const Principal& helper) {
  auto job = s.CreateJob(owner);
  auto options = job->QueryTokenOptions();
  if (options.hr != hr::kOk) {
    return testing::AssertionFailure() << "QueryInterface(IBitsTokenOptions) by the owner returned " << options.hr;
  }
  const HResult set = steps::SetHelperTokenAs(s, owner, *options.value, helper);
  if (set != hr::kOk) return testing::AssertionFailure() << "SetHelperToken returned " << set << ", not S_OK";
  const auto sid = options.value->GetHelperTokenSid();
  if (sid.hr != hr::kOk) return testing::AssertionFailure() << "GetHelperTokenSid returned " << sid.hr;
  if (sid.value != helper.sid) {
    return testing::AssertionFailure() << "the job reports helper SID " << sid.value.value_or("(null)")
                                       << ", not the impersonated helper's " << helper.sid;
  }
  return testing::AssertionSuccess();
}

// Returns success if `owner` is refused when it installs `helper` on a new job of its own:
// SetHelperToken answers E_ACCESSDENIED and leaves the job without a token. From 1607 the
// owner's query succeeds (HT-QI-2) and the job reads back no helper SID; before 1607 the query
// itself may refuse with E_ACCESSDENIED, and every later token operation is refused (HT-ADM-1).
testing::AssertionResult Refused(Scenario& s, Caller& owner, const Principal& helper) {
  auto job = s.CreateJob(owner);
  auto options = job->QueryTokenOptions();
  const bool rules_1607 = steps::Is1607OrLater(s);
  if (options.hr.Failed()) {
    if (!rules_1607 && options.hr == hr::kAccessDenied) {
      s.evidence().Note("the refusal came from QueryInterface: " + options.hr.ToString());
      return testing::AssertionSuccess();
    }
    return testing::AssertionFailure() << "QueryInterface(IBitsTokenOptions) by the owner returned " << options.hr
                                       << (rules_1607 ? "; from 1607 the owner's own query succeeds" : "");
  }
  const HResult set = steps::SetHelperTokenAs(s, owner, *options.value, helper);
  if (set != hr::kAccessDenied) {
    return testing::AssertionFailure() << "SetHelperToken returned " << set << ", not E_ACCESSDENIED";
  }
  const auto sid = options.value->GetHelperTokenSid();
  if (!rules_1607) {
    if (sid.hr.Succeeded()) {
      return testing::AssertionFailure() << "GetHelperTokenSid returned " << sid.hr
                                         << "; before 1607 a non-administrator's job refuses every token operation";
    }
    return testing::AssertionSuccess();
  }
  if (sid.hr != hr::kOk) return testing::AssertionFailure() << "GetHelperTokenSid returned " << sid.hr;
  if (sid.value.has_value()) {
    return testing::AssertionFailure() << "a refused SetHelperToken installed helper SID " << *sid.value;
  }
  return testing::AssertionSuccess();
}

BITSCTS_SCENARIO(SetHelperToken, AdminOwnerInstallsAdminHelper,
                 {.clauses = {"HT-SET-1", "HT-SET-2", "HT-SET-6", "HT-ADM-3", "HT-SID-1"},
                  .doc = kSetHelperTokenDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kAdministrator);
  BITSCTS_PROVES("HT-SET-1") BITSCTS_PROVES("HT-SET-2") BITSCTS_PROVES("HT-SET-6") BITSCTS_PROVES("HT-ADM-3")
      BITSCTS_PROVES("HT-SID-1") EXPECT_TRUE(Installs(s, s.LogOn(owner), helper));
}

BITSCTS_SCENARIO(SetHelperToken, AdminOwnerInstallsStandardHelper,
                 {.clauses = {"HT-SET-1", "HT-SET-2", "HT-SET-6"},
                  .doc = kSetHelperTokenDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  BITSCTS_PROVES("HT-SET-1") BITSCTS_PROVES("HT-SET-2") BITSCTS_PROVES("HT-SET-6")
      EXPECT_TRUE(Installs(s, s.LogOn(owner), helper));
}

// Non-administrator owner, non-administrator helper: E_ACCESSDENIED before 1607, S_OK from 1607.
BITSCTS_SCENARIO(SetHelperToken, StandardOwnerStandardHelperFollowsBuild,
                 {.clauses = {"HT-SET-3", "HT-SET-5", "HT-ADM-1", "HT-ADM-2", "HT-VER-4"},
                  .doc = kSetHelperTokenDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  s.evidence().Note("rules: " + steps::RulesName(s));
  if (steps::Is1607OrLater(s)) {
    BITSCTS_PROVES("HT-SET-5") BITSCTS_PROVES("HT-ADM-2") BITSCTS_PROVES("HT-VER-4")
        EXPECT_TRUE(Installs(s, s.LogOn(owner), helper)) << "1607+ rules at build " << s.target().Description().os_build;
  } else {
    BITSCTS_PROVES("HT-SET-3") BITSCTS_PROVES("HT-ADM-1") BITSCTS_PROVES("HT-VER-4")
        EXPECT_TRUE(Refused(s, s.LogOn(owner), helper)) << "pre-1607 rules at build " << s.target().Description().os_build;
  }
}

// An administrator's helper token still needs an administrator owner, on every build.
BITSCTS_SCENARIO(SetHelperToken, StandardOwnerCannotInstallAdminHelper,
                 {.clauses = {"HT-SET-4", "HT-ADM-3", "HT-SET-3"},
                  .doc = kSetHelperTokenDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal helper = s.Provision(PrincipalKind::kAdministrator);
  if (steps::Is1607OrLater(s)) {
    BITSCTS_PROVES("HT-SET-4") BITSCTS_PROVES("HT-ADM-3") EXPECT_TRUE(Refused(s, s.LogOn(owner), helper));
  } else {
    BITSCTS_PROVES("HT-SET-3") EXPECT_TRUE(Refused(s, s.LogOn(owner), helper));
  }
}

// 1607+: an administrator's UAC-filtered token has Administrators deny-only, not enabled; whether
// it counts as an administrator's helper token is undocumented, so both answers are accepted.
BITSCTS_SCENARIO(SetHelperToken, FilteredAdministratorAsHelper,
                 {.clauses = {"HT-ADM-4"},
                  .doc = kSetHelperTokenDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  if (!steps::Is1607OrLater(s)) s.NotApplicable("the admin-helper rule for non-administrators is a 1607+ rule; target is " + steps::RulesName(s));
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal helper = s.Provision(PrincipalKind::kFilteredAdministrator);
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  const HResult set = steps::SetHelperTokenAs(s, client, *options.value, helper);
  s.evidence().Note("HT-ADM-4: a UAC-filtered administrator as helper of a standard owner: " + set.ToString());
  BITSCTS_PROVES("HT-ADM-4") EXPECT_TRUE(set == hr::kOk || set == hr::kAccessDenied) << set;
  const auto sid = options.value->GetHelperTokenSid();
  ASSERT_EQ(sid.hr, hr::kOk);
  const std::optional<std::string> stored = set == hr::kOk ? std::optional<std::string>(helper.sid) : std::nullopt;
  BITSCTS_PROVES("HT-ADM-4") EXPECT_EQ(sid.value, stored) << "the job holds the filtered token exactly when SetHelperToken said so";
}

// The documented motivation of the 1607 change: a NetworkService downloader (not an
// administrator) gives its job a user's helper token.
BITSCTS_SCENARIO(SetHelperToken, NetworkServiceOwnerInstallsStandardHelper,
                 {.clauses = {"HT-SET-3", "HT-SET-5", "HT-ADM-2", "JOB-OWN-3"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/service-accounts-and-bits",
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 431;
  constexpr std::uint64_t kSize = 8192;
  const Principal owner = s.Provision(PrincipalKind::kNetworkService);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& service = s.LogOn(owner);
  s.evidence().Note("rules: " + steps::RulesName(s));
  if (steps::Is1607OrLater(s)) {
    BITSCTS_PROVES("HT-SET-5") BITSCTS_PROVES("HT-ADM-2") EXPECT_TRUE(Installs(s, service, helper));
  } else {
    BITSCTS_PROVES("HT-SET-3") EXPECT_TRUE(Refused(s, service, helper));
  }
  // The service account is always logged on: its job transfers after its caller's logon ended.
  auto job = s.CreateJob(service);
  const std::string local = s.LocalPath("network-service.bin");
  ASSERT_EQ(job->AddFile(s.ContentUrl(kSeed, kSize), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const HResult logged_off = s.LogOff(service);
  if (logged_off.Failed()) s.Unsupported("LogOff(NetworkService caller) returned " + logged_off.ToString());
  BITSCTS_PROVES("JOB-OWN-3")
      EXPECT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError, JobState::kTransientError}),
                JobState::kTransferred);
  auto reopened = s.LogOn(owner).OpenJob(job->Id());
  ASSERT_EQ(reopened.hr, hr::kOk);
  ASSERT_EQ(reopened.value->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// A second SetHelperToken replaces the stored token (the refresh path after a logoff).
BITSCTS_SCENARIO(SetHelperToken, SecondTokenReplacesFirst,
                 {.clauses = {"HT-SET-10"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/helper-tokens-for-bits-transfer-jobs",
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal first = s.Provision(PrincipalKind::kStandardUser);
  const Principal second = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, client, *options.value, first), hr::kOk);
  const auto before = options.value->GetHelperTokenSid();
  ASSERT_EQ(before.hr, hr::kOk);
  ASSERT_EQ(before.value, first.sid);
  ASSERT_EQ(steps::SetHelperTokenAs(s, client, *options.value, second), hr::kOk);
  const auto after = options.value->GetHelperTokenSid();
  ASSERT_EQ(after.hr, hr::kOk);
  BITSCTS_PROVES("HT-SET-10") EXPECT_EQ(after.value, second.sid) << "the newer token replaces the older";
}

// Helper token and usage flags are separate job properties: installing a token changes no flag.
BITSCTS_SCENARIO(SetHelperToken, TokenLeavesFlagsUnchanged,
                 {.clauses = {"HT-SET-9"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/helper-tokens-for-bits-transfer-jobs",
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);

  ASSERT_EQ(steps::SetHelperTokenAs(s, client, *options.value, helper), hr::kOk);
  const auto implied = options.value->GetHelperTokenFlags();
  ASSERT_EQ(implied.hr, hr::kOk);
  BITSCTS_PROVES("HT-SET-9") EXPECT_EQ(implied.value, token_usage::kNone)
      << "no flag is implied by a token; got " << TokenUsageName(implied.value);

  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, client, *options.value, helper), hr::kOk);
  const auto flags = options.value->GetHelperTokenFlags();
  ASSERT_EQ(flags.hr, hr::kOk);
  BITSCTS_PROVES("HT-SET-9") EXPECT_EQ(flags.value, token_usage::kNetwork) << "got " << TokenUsageName(flags.value);
}

// Without impersonation COM presents the caller's own process identity, which becomes the helper.
BITSCTS_SCENARIO(SetHelperToken, WithoutImpersonationCapturesCaller,
                 {.clauses = {"HT-SET-11", "HT-SET-2"},
                  .doc = "https://learn.microsoft.com/windows-server/administration/windows-commands/bitsadmin-sethelpertoken",
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  BITSCTS_PROVES("HT-SET-2") EXPECT_EQ(options.value->SetHelperToken(), hr::kOk);
  const auto sid = options.value->GetHelperTokenSid();
  ASSERT_EQ(sid.hr, hr::kOk);
  BITSCTS_PROVES("HT-SET-11") EXPECT_EQ(sid.value, client.Sid()) << "the process identity of a caller that impersonates nobody";
}

}  // namespace
}  // namespace bitscts
