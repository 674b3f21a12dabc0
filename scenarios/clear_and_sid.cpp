// ClearAndSid: discarding the helper token and reading its SID (HT-CLR, HT-SID).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "bitscts/scenario.h"
#include "bitscts/windows_build.h"
#include "docs.h"
#include "steps/access_rules.h"
#include "steps/helper_token.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

// ClearHelperToken drops the token (the SID reads null again) and keeps the usage flags.
BITSCTS_SCENARIO(ClearAndSid, ClearDiscardsTokenKeepsFlags,
                 {.clauses = {"HT-CLR-1", "HT-SID-3", "HT-FLAG-11"},
                  .doc = docs::kClearHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Install(helper, token_usage::kLocalFile));
  ASSERT_TRUE(steps::HelperSidIs(job.options(), helper.sid))
      << "the token was stored before it is cleared";

  BITSCTS_PROVES("HT-CLR-1") EXPECT_EQ(job.options().ClearHelperToken(), hr::kOk);
  BITSCTS_PROVES("HT-SID-3")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), std::nullopt)) << "no token, no SID";
  BITSCTS_PROVES("HT-FLAG-11")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kLocalFile)) << "the flags stay";
}

// Clearing a token that was never set: undocumented; S_OK is the expected answer.
BITSCTS_SCENARIO(ClearAndSid, ClearWithoutTokenSucceeds,
                 {.clauses = {"HT-CLR-4"},
                  .doc = docs::kClearHelperToken,
                  .needs = {Feature::kTokenOptions}}) {
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Query());
  const HResult cleared = job.options().ClearHelperToken();
  s.evidence().Note("HT-CLR-4: ClearHelperToken without a token returned " + cleared.ToString());
  BITSCTS_PROVES("HT-CLR-4") EXPECT_EQ(cleared, hr::kOk);
  BITSCTS_PROVES("HT-CLR-4")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), std::nullopt)) << "still no token";
}

// Clearing the token while flags remain leaves the job needing a token it no longer has.
BITSCTS_SCENARIO(ClearAndSid, ClearedTokenWithFlagsNeedsToken,
                 {.clauses = {"HT-CLR-3", "HT-LOGOFF-6"},
                  .doc = docs::kClearHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities}}) {
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_EQ(job->AddFile(s.ContentUrl(s.NewContent(4096)), s.LocalPath("cleared.bin")), hr::kOk);
  ASSERT_TRUE(job.Install(helper, token_usage::kLocalFile));
  ASSERT_EQ(job.options().ClearHelperToken(), hr::kOk);
  ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError);
  BITSCTS_PROVES("HT-CLR-3", "HT-LOGOFF-6") EXPECT_TRUE(steps::ErrorIs(*job, hr::kTokenRequired));
}

// The SID is the helper's user SID in its textual form.
BITSCTS_SCENARIO(ClearAndSid, HelperSidIsTextualUserSid,
                 {.clauses = {"HT-SID-1", "HT-SID-2"},
                  .doc = docs::kGetHelperTokenSid,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Install(helper));
  const auto sid = job.options().GetHelperTokenSid();
  ASSERT_EQ(sid.hr, hr::kOk);
  BITSCTS_PROVES("HT-SID-1")
    ASSERT_TRUE(sid.value.has_value()) << "a job with a helper token reports its SID";
  BITSCTS_PROVES("HT-SID-2") EXPECT_TRUE(sid.value->starts_with("S-1-")) << *sid.value;
  BITSCTS_PROVES("HT-SID-1") EXPECT_EQ(*sid.value, helper.sid);
}

// 1607+: a non-administrator owner reads the SID and clears the token of its own job.
BITSCTS_SCENARIO(ClearAndSid, StandardOwnerReadsSidAndClears,
                 {.clauses = {"HT-CLR-2", "HT-SID-4"},
                  .doc = docs::kClearHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .builds = steps::k1607Rules}) {
  auto [owner, helper, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kStandardUser);
  ASSERT_TRUE(job.Install(helper));
  BITSCTS_PROVES("HT-SID-4") EXPECT_TRUE(steps::HelperSidIs(job.options(), helper.sid));
  BITSCTS_PROVES("HT-CLR-2") EXPECT_EQ(job.options().ClearHelperToken(), hr::kOk);
  BITSCTS_PROVES("HT-CLR-2")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), std::nullopt))
        << "the owner's ClearHelperToken dropped the token";
}

// Before 1607 a job whose owner is not an administrator takes no helper token: SetHelperToken is
// refused with E_ACCESSDENIED and every other token operation is refused too (HT-ADM-1). Which
// HRESULT the other methods return is not documented and is recorded; a refusal at the query
// itself must be E_ACCESSDENIED, since E_NOINTERFACE would say the interface is missing.
BITSCTS_SCENARIO(ClearAndSid, Pre1607StandardOwnerIsRefused,
                 {.clauses = {"HT-CLR-5", "HT-ADM-1", "HT-SET-3"},
                  .doc = docs::kClearHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .builds = {.before = builds::kWindows1607, .why = "a pre-1607 rule"}}) {
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  auto job = s.CreateJob(s.LogOn(owner));
  auto options = job->QueryTokenOptions();
  if (options.hr.Failed()) {
    s.evidence().Note("HT-CLR-5: QueryInterface itself refused: " + options.hr.ToString());
    BITSCTS_PROVES("HT-ADM-1", "HT-SET-3", "HT-CLR-5")
      EXPECT_EQ(options.hr, hr::kAccessDenied) << "a refusal, not a missing interface";
    return;
  }
  BITSCTS_PROVES("HT-SET-3") EXPECT_EQ(options.value->SetHelperToken(), hr::kAccessDenied);
  const HResult cleared = options.value->ClearHelperToken();
  const HResult set_flags = options.value->SetHelperTokenFlags(token_usage::kLocalFile);
  const HResult get_flags = options.value->GetHelperTokenFlags().hr;
  const HResult get_sid = options.value->GetHelperTokenSid().hr;
  BITSCTS_PROVES("HT-CLR-5") EXPECT_TRUE(cleared.Failed()) << "ClearHelperToken: " << cleared;
  BITSCTS_PROVES("HT-ADM-1")
    EXPECT_TRUE(set_flags.Failed()) << "SetHelperTokenFlags: " << set_flags;
  BITSCTS_PROVES("HT-ADM-1")
    EXPECT_TRUE(get_flags.Failed()) << "GetHelperTokenFlags: " << get_flags;
  BITSCTS_PROVES("HT-ADM-1") EXPECT_TRUE(get_sid.Failed()) << "GetHelperTokenSid: " << get_sid;
  s.evidence().Note("HT-CLR-5/HT-ADM-1: ClearHelperToken " + cleared.ToString() +
                    ", SetHelperTokenFlags " + set_flags.ToString() + ", GetHelperTokenFlags " +
                    get_flags.ToString() + ", GetHelperTokenSid " + get_sid.ToString());
}

// An administrator's job holding an administrator's helper with BG_TOKEN_NETWORK: ClearHelperToken
// answers S_OK, the SID reads null and the flag stays; a second ClearHelperToken, the job having
// no token now, answers S_OK and changes nothing.
BITSCTS_SCENARIO(ClearAndSid, ClearAdminHelperKeepsNetworkFlagTwice,
                 {.clauses = {"HT-CLR-1", "HT-CLR-4"},
                  .doc = docs::kClearHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  auto [owner, helper, client, job] =
      steps::NewJobWithHelper(s, PrincipalKind::kAdministrator, PrincipalKind::kAdministrator);
  ASSERT_TRUE(job.Install(helper, token_usage::kNetwork));
  ASSERT_TRUE(steps::HelperSidIs(job.options(), helper.sid));
  BITSCTS_PROVES("HT-CLR-1") EXPECT_EQ(job.options().ClearHelperToken(), hr::kOk);
  BITSCTS_PROVES("HT-CLR-1")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), std::nullopt)) << "the token is gone";
  BITSCTS_PROVES("HT-CLR-1")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNetwork)) << "the flag stays";
  const HResult again = job.options().ClearHelperToken();
  s.evidence().Note("HT-CLR-4: ClearHelperToken on a job whose token was cleared returned " +
                    again.ToString());
  BITSCTS_PROVES("HT-CLR-4") EXPECT_EQ(again, hr::kOk);
  BITSCTS_PROVES("HT-CLR-4")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNetwork)) << "still the flag";
}

// 1607+: ClearHelperToken and GetHelperTokenSid carry no condition on the installed token being
// an administrator's. A non-administrator owner clears its job with no token (S_OK); an
// administrator then installs an administrator's helper on it (HT-ADM-8, undocumented: refused,
// the precondition is missing); the owner, who may no longer set flags over it (HT-FLAG-9), still
// reads that helper's SID and clears it.
BITSCTS_SCENARIO(ClearAndSid, StandardOwnerClearsAnAdministratorsHelper,
                 {.clauses = {"HT-CLR-2", "HT-SID-4", "HT-CLR-4"},
                  .doc = docs::kClearHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .builds = steps::k1607Rules}) {
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  const Principal admin_helper = s.Provision(PrincipalKind::kAdministrator);
  steps::TokenJob job(s, s.LogOn(owner));
  ASSERT_TRUE(job.Query());
  BITSCTS_PROVES("HT-CLR-4", "HT-CLR-2")
    EXPECT_EQ(job.options().ClearHelperToken(), hr::kOk) << "a standard owner, no token yet";

  const auto as_admin = steps::InstallAsOtherAdministrator(s, admin, job->Id(), admin_helper);
  ASSERT_NE(as_admin, nullptr);
  BITSCTS_PROVES("HT-SID-4")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), admin_helper.sid))
        << "the standard owner reads the administrator helper's SID";
  BITSCTS_PROVES("HT-CLR-2")
    EXPECT_EQ(job.options().ClearHelperToken(), hr::kOk) << "over an administrator's token";
  BITSCTS_PROVES("HT-CLR-2", "HT-SID-4")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), std::nullopt))
        << "the owner's ClearHelperToken dropped the administrator's token";
}

// Before 1607 the remarks of ClearHelperToken, SetHelperTokenFlags, GetHelperTokenFlags and
// GetHelperTokenSid require the CALLING user's administrator rights (HT-CLR-5 reading), while
// SetHelperToken also requires an administrator-owned job (HT-SET-3). So an administrator that
// opens a standard user's job and is let through QueryInterface (HT-ADM-8: a refusal there must
// be E_ACCESSDENIED) sets, reads and clears flags and SID, but installs no token.
BITSCTS_SCENARIO(ClearAndSid, Pre1607AdministratorUsesStandardUsersJob,
                 {.clauses = {"HT-CLR-5", "HT-SET-3", "HT-ADM-8"},
                  .doc = docs::kClearHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .builds = {.before = builds::kWindows1607, .why = "a pre-1607 rule"}}) {
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  auto job = s.CreateJob(s.LogOn(owner));
  Caller& client = s.LogOn(admin);
  auto opened = client.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk) << "an administrator opens other users' jobs";
  auto options = opened.value->QueryTokenOptions();
  if (options.hr.Failed()) {
    s.evidence().Note("HT-ADM-8: QueryInterface by a non-owner administrator refused: " +
                      options.hr.ToString());
    BITSCTS_PROVES("HT-ADM-8")
      EXPECT_EQ(options.hr, hr::kAccessDenied) << "a refusal, not a missing interface";
    return;
  }
  const HResult set_flags = options.value->SetHelperTokenFlags(token_usage::kNetwork);
  const HResult set_token = steps::SetHelperTokenAs(s, client, *options.value, helper);
  const HResult cleared = options.value->ClearHelperToken();
  s.evidence().Note(
      "HT-CLR-5: a non-owner administrator on a standard user's job: "
      "SetHelperTokenFlags " +
      set_flags.ToString() + ", SetHelperToken " + set_token.ToString() + ", ClearHelperToken " +
      cleared.ToString());
  BITSCTS_PROVES("HT-CLR-5")
    EXPECT_EQ(set_flags, hr::kOk) << "SetHelperTokenFlags needs the caller's rights";
  BITSCTS_PROVES("HT-CLR-5")
    EXPECT_TRUE(steps::FlagsAre(*options.value, token_usage::kNetwork))
        << "GetHelperTokenFlags needs the caller's rights";
  BITSCTS_PROVES("HT-SET-3")
    EXPECT_EQ(set_token, hr::kAccessDenied) << "the job is not owned by an administrator";
  BITSCTS_PROVES("HT-CLR-5", "HT-SET-3")
    EXPECT_TRUE(steps::HelperSidIs(*options.value, std::nullopt))
        << "GetHelperTokenSid needs the caller's rights; the refused SetHelperToken stored none";
  BITSCTS_PROVES("HT-CLR-5") EXPECT_EQ(cleared, hr::kOk) << "ClearHelperToken";
}

}  // namespace
}  // namespace bitscts
