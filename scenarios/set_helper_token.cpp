// SetHelperToken: who may install which helper token on which job, by build (HT-SET, HT-ADM).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "bitscts/scenario.h"
#include "docs.h"
#include "steps/access_rules.h"
#include "steps/helper_token.h"
#include "steps/sessions.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

// Returns success if `owner` installs `helper` on a new job of its own: the query and
// SetHelperToken answer S_OK and the job then reports the helper's SID.
testing::AssertionResult Installs(Scenario& s, Caller& owner, const Principal& helper) {
  steps::TokenJob job(s, owner);
  if (testing::AssertionResult installed = job.Install(helper); !installed) return installed;
  return steps::HelperSidIs(job.options(), helper.sid);
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
    return testing::AssertionFailure()
           << "QueryInterface(IBitsTokenOptions) by the owner returned " << options.hr
           << (rules_1607 ? "; from 1607 the owner's own query succeeds" : "");
  }
  const HResult set = steps::SetHelperTokenAs(s, owner, *options.value, helper);
  if (set != hr::kAccessDenied) {
    return testing::AssertionFailure()
           << "SetHelperToken returned " << set << ", not E_ACCESSDENIED";
  }
  if (rules_1607) return steps::HelperSidIs(*options.value, std::nullopt);
  const auto sid = options.value->GetHelperTokenSid();
  if (sid.hr.Succeeded()) {
    return testing::AssertionFailure()
           << "GetHelperTokenSid returned " << sid.hr
           << "; before 1607 a non-administrator's job refuses every token operation";
  }
  return testing::AssertionSuccess();
}

BITSCTS_SCENARIO(SetHelperToken, AdminOwnerInstallsAdminHelper,
                 {.clauses = {"HT-SET-1", "HT-SET-2", "HT-SET-6", "HT-ADM-3", "HT-SID-1"},
                  .doc = docs::kSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kAdministrator);
  BITSCTS_PROVES("HT-SET-1", "HT-SET-2", "HT-SET-6", "HT-ADM-3", "HT-SID-1")
    EXPECT_TRUE(Installs(s, s.LogOn(owner), helper));
}

BITSCTS_SCENARIO(SetHelperToken, AdminOwnerInstallsStandardHelper,
                 {.clauses = {"HT-SET-1", "HT-SET-2", "HT-SET-6"},
                  .doc = docs::kSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  BITSCTS_PROVES("HT-SET-1", "HT-SET-2", "HT-SET-6")
    EXPECT_TRUE(Installs(s, s.LogOn(owner), helper));
}

// Non-administrator owner, non-administrator helper: E_ACCESSDENIED before 1607, S_OK from 1607.
BITSCTS_SCENARIO(SetHelperToken, StandardOwnerStandardHelperFollowsBuild,
                 {.clauses = {"HT-SET-3", "HT-SET-5", "HT-ADM-1", "HT-ADM-2", "HT-VER-4"},
                  .doc = docs::kSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  s.evidence().Note("rules: " + steps::RulesName(s));
  if (steps::Is1607OrLater(s)) {
    BITSCTS_PROVES("HT-SET-5", "HT-ADM-2", "HT-VER-4")
      EXPECT_TRUE(Installs(s, s.LogOn(owner), helper))
          << "1607+ rules at build " << s.target().Description().os_build;
  } else {
    BITSCTS_PROVES("HT-SET-3", "HT-ADM-1", "HT-VER-4")
      EXPECT_TRUE(Refused(s, s.LogOn(owner), helper))
          << "pre-1607 rules at build " << s.target().Description().os_build;
  }
}

// An administrator's helper token still needs an administrator owner, on every build.
BITSCTS_SCENARIO(SetHelperToken, StandardOwnerCannotInstallAdminHelper,
                 {.clauses = {"HT-SET-4", "HT-ADM-3", "HT-SET-3"},
                  .doc = docs::kSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal helper = s.Provision(PrincipalKind::kAdministrator);
  if (steps::Is1607OrLater(s)) {
    BITSCTS_PROVES("HT-SET-4", "HT-ADM-3") EXPECT_TRUE(Refused(s, s.LogOn(owner), helper));
  } else {
    BITSCTS_PROVES("HT-SET-3") EXPECT_TRUE(Refused(s, s.LogOn(owner), helper));
  }
}

// 1607+: an administrator's UAC-filtered token has Administrators deny-only, not enabled; whether
// it counts as an administrator's helper token is undocumented, so both answers are accepted.
BITSCTS_SCENARIO(
    SetHelperToken, FilteredAdministratorAsHelper,
    {.clauses = {"HT-ADM-4"},
     .doc = docs::kSetHelperToken,
     .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
     .builds = {.from = builds::kWindows1607,
                .why = "the admin-helper rule for non-administrators is a 1607+ rule"}}) {
  auto [owner, helper, client, job] =
      steps::NewJobWithHelper(s, PrincipalKind::kStandardUser,
                              PrincipalKind::kFilteredAdministrator);
  ASSERT_TRUE(job.Query());
  const HResult set = steps::SetHelperTokenAs(s, client, job.options(), helper);
  s.evidence().Note("HT-ADM-4: a UAC-filtered administrator as helper of a standard owner: " +
                    set.ToString());
  BITSCTS_PROVES("HT-ADM-4") EXPECT_TRUE(set == hr::kOk || set == hr::kAccessDenied) << set;
  const std::optional<std::string> stored =
      set == hr::kOk ? std::optional<std::string>(helper.sid) : std::nullopt;
  BITSCTS_PROVES("HT-ADM-4")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), stored))
        << "the job holds the filtered token exactly when SetHelperToken said so";
}

// The documented motivation of the 1607 change: a NetworkService downloader (not an
// administrator) gives its job a user's helper token.
BITSCTS_SCENARIO(SetHelperToken, NetworkServiceOwnerInstallsStandardHelper,
                 {.clauses = {"HT-SET-3", "HT-SET-5", "HT-ADM-2", "JOB-OWN-3"},
                  .doc = docs::kServiceAccounts,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Content content = s.NewContent(8192);
  const auto [owner, helper, service] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kNetworkService);
  s.evidence().Note("rules: " + steps::RulesName(s));
  if (steps::Is1607OrLater(s)) {
    BITSCTS_PROVES("HT-SET-5", "HT-ADM-2") EXPECT_TRUE(Installs(s, service, helper));
  } else {
    BITSCTS_PROVES("HT-SET-3") EXPECT_TRUE(Refused(s, service, helper));
  }
  // The service account is always logged on: its job transfers after its caller's logon ended.
  auto job = s.CreateJob(service);
  const std::string local = s.LocalPath("network-service.bin");
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  steps::EndSession(s, service, "NetworkService caller");
  // The ended caller's job pointer ended with its process, so a new caller of the account watches
  // the job; being always logged on, the account needs neither for its job to transfer.
  auto reopened = s.LogOn(owner).OpenJob(job->Id());
  ASSERT_EQ(reopened.hr, hr::kOk);
  BITSCTS_PROVES("JOB-OWN-3")
    EXPECT_EQ(s.AwaitState(*reopened.value,
                           {JobState::kTransferred, JobState::kError, JobState::kTransientError}),
              JobState::kTransferred);
  EXPECT_TRUE(steps::Completes(s, *reopened.value, local, content));
}

// A second SetHelperToken replaces the stored token (the refresh path after a logoff).
BITSCTS_SCENARIO(SetHelperToken, SecondTokenReplacesFirst,
                 {.clauses = {"HT-SET-10"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal first = s.Provision(PrincipalKind::kStandardUser);
  const Principal second = s.Provision(PrincipalKind::kStandardUser);
  steps::TokenJob job(s, s.LogOn(owner));
  ASSERT_TRUE(job.Install(first));
  ASSERT_TRUE(steps::HelperSidIs(job.options(), first.sid));
  ASSERT_TRUE(job.Install(second));
  BITSCTS_PROVES("HT-SET-10")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), second.sid))
        << "the newer token replaces the older";
}

// Helper token and usage flags are separate job properties: installing a token changes no flag.
BITSCTS_SCENARIO(SetHelperToken, TokenLeavesFlagsUnchanged,
                 {.clauses = {"HT-SET-9"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  auto [owner, helper, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kAdministrator);
  ASSERT_TRUE(job.Install(helper));
  BITSCTS_PROVES("HT-SET-9")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNone))
        << "no flag is implied by a token";

  ASSERT_EQ(job.options().SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  ASSERT_TRUE(job.Install(helper));
  BITSCTS_PROVES("HT-SET-9")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNetwork))
        << "a token leaves the flags";
}

// Without impersonation COM presents the caller's own process identity, which becomes the helper.
BITSCTS_SCENARIO(SetHelperToken, WithoutImpersonationCapturesCaller,
                 {.clauses = {"HT-SET-11", "HT-SET-2"},
                  .doc = docs::kBitsadminSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  Caller& client = s.LogOn(owner);
  steps::TokenJob job(s, client);
  ASSERT_TRUE(job.Query());
  BITSCTS_PROVES("HT-SET-2") EXPECT_EQ(job.options().SetHelperToken(), hr::kOk);
  BITSCTS_PROVES("HT-SET-11")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), client.Sid()))
        << "the process identity of a caller that impersonates nobody";
}

// 1607+, another order than StandardOwnerCannotInstallAdminHelper: a non-administrator owner
// first installs a standard user's token with BG_TOKEN_NETWORK, then tries to replace it by an
// administrator's. The replacement is refused with E_ACCESSDENIED and the job keeps the standard
// helper and its flag.
BITSCTS_SCENARIO(SetHelperToken, StandardOwnerCannotReplaceStandardHelperByAdmin,
                 {.clauses = {"HT-SET-4", "HT-SET-5"},
                  .doc = docs::kSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .builds = steps::k1607Rules}) {
  auto [owner, helper, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kStandardUser);
  const Principal admin_helper = s.Provision(PrincipalKind::kAdministrator);
  BITSCTS_PROVES("HT-SET-5") ASSERT_TRUE(job.Install(helper, token_usage::kNetwork));
  const HResult replaced = steps::SetHelperTokenAs(s, client, job.options(), admin_helper);
  BITSCTS_PROVES("HT-SET-4")
    EXPECT_EQ(replaced, hr::kAccessDenied) << "an administrator's token over a standard one";
  BITSCTS_PROVES("HT-SET-4")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), helper.sid))
        << "the refused token did not replace the standard helper";
  BITSCTS_PROVES("HT-SET-4")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNetwork))
        << "the refused call changed no flag";
}

// Flags set before any token, then two tokens in turn, the second without impersonation: no
// SetHelperToken changes the flags, only the stored token.
BITSCTS_SCENARIO(SetHelperToken, FlagsSetFirstSurviveEveryToken,
                 {.clauses = {"HT-SET-9", "HT-SET-11"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& owner = steps::TokenOwner(s);
  steps::TokenJob job(s, owner);
  ASSERT_TRUE(job.Query());
  ASSERT_EQ(job.options().SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_TRUE(job.Install(helper));
  BITSCTS_PROVES("HT-SET-9")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kLocalFile))
        << "the first token left the flags set before it";
  ASSERT_EQ(job.options().SetHelperToken(), hr::kOk) << "the owner's own token, unimpersonated";
  BITSCTS_PROVES("HT-SET-11")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), owner.Sid()))
        << "without impersonation the owner's own identity replaced the helper";
  BITSCTS_PROVES("HT-SET-9")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kLocalFile))
        << "the second token left the flags too";
}

// 1607+, a non-administrator owner: after a helper was installed while impersonating, a call
// without impersonation stores the caller's own identity, a standard user's, which the 1607 rules
// let a standard owner install.
BITSCTS_SCENARIO(SetHelperToken, StandardOwnerWithoutImpersonationCapturesItself,
                 {.clauses = {"HT-SET-11"},
                  .doc = docs::kBitsadminSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .builds = steps::k1607Rules}) {
  auto [owner, helper, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kStandardUser);
  ASSERT_EQ(client.Sid(), owner.sid) << "the caller is the owner, a standard user";
  ASSERT_TRUE(job.Install(helper));
  ASSERT_TRUE(steps::HelperSidIs(job.options(), helper.sid));
  ASSERT_EQ(job.options().SetHelperToken(), hr::kOk);
  BITSCTS_PROVES("HT-SET-11")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), client.Sid()))
        << "the process identity of the caller, not the helper impersonated before";
}

}  // namespace
}  // namespace bitscts
