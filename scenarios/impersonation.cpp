// Impersonation: the COM security a client needs so that BITS sees the identity it impersonates
// (HT-IMP).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "bitscts/scenario.h"
#include "docs.h"
#include "steps/access_rules.h"
#include "steps/cost_flags.h"
#include "steps/helper_token.h"
#include "steps/ownership.h"

namespace bitscts {
namespace {

// The COM security of callers at the levels the scenarios compare (CoInitializeSecurity).
constexpr CallerSettings kIdentifyLevel{ImpersonationLevel::kIdentify, Cloaking::kDynamic};
constexpr CallerSettings kImpersonateLevel{ImpersonationLevel::kImpersonate, Cloaking::kDynamic};
constexpr CallerSettings kDelegateLevel{ImpersonationLevel::kDelegate, Cloaking::kDynamic};
constexpr CallerSettings kWithoutCloaking{ImpersonationLevel::kImpersonate, Cloaking::kNone};

// IDENTIFY is enough for BITS in general, but SetHelperToken must impersonate its client. The
// reference page names CO_E_FAILEDTOIMPERSONATE (HT-SET-7), which is required; the sample's
// text says E_ACCESSDENIED (DOC-AMB-1).
BITSCTS_SCENARIO(Impersonation, IdentifyLevelCannotSetHelperToken,
                 {.clauses = {"HT-IMP-2", "HT-SET-7", "HT-IMP-1"},
                  .doc = docs::kSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const auto [owner, helper, client] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kAdministrator, kIdentifyLevel);
  auto created = client.CreateDownloadJob("bitscts identify level");
  BITSCTS_PROVES("HT-IMP-1")
    ASSERT_EQ(created.hr, hr::kOk) << "IDENTIFY is an acceptable level for BITS calls";
  steps::TokenJob job(s, client, std::move(created.value));
  ASSERT_TRUE(job.Query());
  BITSCTS_PROVES("HT-IMP-2")
    EXPECT_EQ(job.options().GetHelperTokenFlags().hr, hr::kOk)
        << "only SetHelperToken needs IMPERSONATE";

  const HResult set = steps::SetHelperTokenAs(s, client, job.options(), helper);
  s.evidence().Note("HT-IMP-2: SetHelperToken at RPC_C_IMP_LEVEL_IDENTIFY returned " +
                    set.ToString());
  BITSCTS_PROVES("HT-IMP-2") EXPECT_TRUE(set.Failed()) << set;
  BITSCTS_PROVES("HT-SET-7") EXPECT_EQ(set, hr::kFailedToImpersonate);
  BITSCTS_PROVES("HT-IMP-2")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), std::nullopt))
        << "a refused SetHelperToken installs nothing";
}

// DELEGATE is above IMPERSONATE: SetHelperToken stores the helper.
BITSCTS_SCENARIO(Impersonation, DelegateLevelSetsHelperToken,
                 {.clauses = {"HT-IMP-2"},
                  .doc = docs::kSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  auto [owner, helper, client, job] =
      steps::NewJobWithHelper(s, PrincipalKind::kAdministrator, kDelegateLevel);
  BITSCTS_PROVES("HT-IMP-2") ASSERT_TRUE(job.Install(helper));
  BITSCTS_PROVES("HT-IMP-2") EXPECT_TRUE(steps::HelperSidIs(job.options(), helper.sid));
}

// A client BITS cannot even identify is refused with E_ACCESSDENIED.
BITSCTS_SCENARIO(Impersonation, AnonymousLevelIsRefused,
                 {.clauses = {"HT-IMP-1"},
                  .doc = docs::kConnecting,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  Caller& client =
      s.LogOn(user, CallerSettings{ImpersonationLevel::kAnonymous, Cloaking::kDynamic});
  auto created = client.CreateDownloadJob("bitscts anonymous level");
  BITSCTS_PROVES("HT-IMP-1") EXPECT_EQ(created.hr, hr::kAccessDenied);
  EXPECT_EQ(created.value, nullptr);
}

// Without cloaking COM presents the process token, so impersonating the helper is not seen:
// the job records the caller's own identity.
BITSCTS_SCENARIO(Impersonation, WithoutCloakingProcessIdentityIsCaptured,
                 {.clauses = {"HT-IMP-3"},
                  .doc = docs::kSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  auto [owner, helper, client, job] =
      steps::NewJobWithHelper(s, PrincipalKind::kAdministrator, kWithoutCloaking);
  ASSERT_TRUE(job.Install(helper));
  BITSCTS_PROVES("HT-IMP-3")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), client.Sid()))
        << "without cloaking the impersonated helper is invisible to BITS: the process identity is "
           "what COM presented";
}

// Cloaking set process-wide covers every BITS pointer: one from GetJob and the IBitsTokenOptions
// pointer queried from it present the thread's identity too.
BITSCTS_SCENARIO(Impersonation, ProcessWideCloakingCoversOpenedJobs,
                 {.clauses = {"HT-IMP-4", "HT-IMP-3"},
                  .doc = docs::kServiceAccounts,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const auto [owner, helper, client] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kAdministrator);
  auto created = s.CreateJob(client);
  auto opened = client.OpenJob(created->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  steps::TokenJob job(s, client, std::move(opened.value));
  ASSERT_TRUE(job.Install(helper));
  BITSCTS_PROVES("HT-IMP-4", "HT-IMP-3")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), helper.sid))
        << "the impersonated helper, seen through an opened job's pointer";
}

// Process-wide cloaking in a process that never saw the job: a second process of the owner (a
// standard user from 1607, before it an administrator, since only their jobs take helper tokens)
// opens the job with GetJob, queries IBitsTokenOptions from that pointer and installs the helper
// while impersonating it. BITS must see the helper, as the creating process reads back.
BITSCTS_SCENARIO(Impersonation, CloakingCoversJobOpenedInAnotherProcess,
                 {.clauses = {"HT-IMP-4"},
                  .doc = docs::kServiceAccounts,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const PrincipalKind kind =
      steps::Is1607OrLater(s) ? PrincipalKind::kStandardUser : PrincipalKind::kAdministrator;
  auto [owner, helper, creator, job] = steps::NewJobWithHelper(s, kind);
  ASSERT_TRUE(job.Query());
  ASSERT_TRUE(steps::HelperSidIs(job.options(), std::nullopt)) << "no helper yet";

  Caller& other = s.LogOn(owner, kImpersonateLevel);
  auto opened = other.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk) << "the owner's second process opens its job";
  steps::TokenJob through_other(s, other, std::move(opened.value));
  ASSERT_TRUE(through_other.Query());
  const HResult set = steps::SetHelperTokenAs(s, other, through_other.options(), helper);
  BITSCTS_PROVES("HT-IMP-4") ASSERT_EQ(set, hr::kOk);
  BITSCTS_PROVES("HT-IMP-4")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), helper.sid))
        << "the impersonated helper, presented through the other process's GetJob pointer";
}

// CoInitializeSecurity works once per process: a second call answers RPC_E_TOO_LATE, and the
// process goes on working with its first settings (the documented sample treats any failure of
// the call as fatal).
BITSCTS_SCENARIO(Impersonation, SecondCoInitializeSecurityIsTooLate,
                 {.clauses = {"HT-IMP-5"},
                  .doc = docs::kConnecting,
                  .needs = {SecurityControl::kFeature}}) {
  const HResult again = s.InitializeSecurityAgain(s.caller(), CallerSettings{});
  BITSCTS_PROVES("HT-IMP-5") EXPECT_EQ(again, hr::kTooLate);
  auto created = s.caller().CreateDownloadJob("bitscts after a second CoInitializeSecurity");
  BITSCTS_PROVES("HT-IMP-5") ASSERT_EQ(created.hr, hr::kOk) << "BITS still answers the process";
  BITSCTS_PROVES("HT-IMP-5")
    EXPECT_EQ(steps::OwnerOf(*created.value), s.caller().Sid()) << "as the process's identity";
}

// The first CoInitializeSecurity stands: a caller set up at IDENTIFY cannot raise its level to
// IMPERSONATE by calling it again, so SetHelperToken is still refused, with one of the two codes
// the documents name (DOC-AMB-1; the one the target chose is recorded).
BITSCTS_SCENARIO(Impersonation, FirstSecuritySettingsStand,
                 {.clauses = {"HT-IMP-5", "HT-IMP-2"},
                  .doc = docs::kSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities,
                            SecurityControl::kFeature}}) {
  const auto [owner, helper, client] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kAdministrator, kIdentifyLevel);
  const HResult again = s.InitializeSecurityAgain(client, kImpersonateLevel);
  BITSCTS_PROVES("HT-IMP-5") EXPECT_EQ(again, hr::kTooLate);
  steps::TokenJob job(s, client);
  ASSERT_TRUE(job.Query());
  const HResult set = steps::SetHelperTokenAs(s, client, job.options(), helper);
  s.evidence().Note("HT-IMP-2: SetHelperToken after raising the level too late returned " +
                    set.ToString());
  BITSCTS_PROVES("HT-IMP-5", "HT-IMP-2")
    EXPECT_TRUE(set == hr::kFailedToImpersonate || set == hr::kAccessDenied) << set;
  BITSCTS_PROVES("HT-IMP-2")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), std::nullopt))
        << "a refused SetHelperToken installs nothing";
}

// Offers `helper`'s identification-level token (the owner's thread impersonating it at IDENTIFY)
// to `job`'s SetHelperToken and returns the answer, which the evidence records under `what`; a
// target that cannot make such a token ends the scenario as unsupported.
HResult SetIdentificationLevelHelper(Scenario& s, Caller& client, steps::TokenJob& job,
                                     const Principal& helper, const std::string& what) {
  const HResult impersonated =
      s.ImpersonateWith(client, helper, TokenShape{ImpersonationLevel::kIdentify, false});
  if (impersonated.Failed())
    s.Unsupported("an identification-level token of " + helper.name + ": " +
                  impersonated.ToString());
  const HResult set = job.options().SetHelperToken();
  client.RevertToSelf();
  s.evidence().Note("HT-IMP-6: SetHelperToken with " + what + " returned " + set.ToString());
  return set;
}

// Returns true if `hr` is one of the codes an impersonation failure produces.
bool IsImpersonationRefusal(HResult hr) {
  return hr == hr::kFailedToImpersonate || hr == hr::kAccessDenied ||
         hr == hr::kBadImpersonationLevel;
}

// No source covers a helper identity held at identification level (HT-IMP-6): BITS
// may refuse it at SetHelperToken, with one of the codes an impersonation failure produces, or
// store it; either way the stored SID must agree with the answer, and the answer is recorded.
BITSCTS_SCENARIO(Impersonation, IdentificationLevelHelper,
                 {.clauses = {"HT-IMP-6"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities,
                            TokenShapeControl::kFeature}}) {
  auto [owner, helper, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kAdministrator);
  ASSERT_TRUE(job.Query());
  const HResult set =
      SetIdentificationLevelHelper(s, client, job, helper, "an identification-level helper");
  if (set.Failed()) {
    BITSCTS_PROVES("HT-IMP-6") EXPECT_TRUE(IsImpersonationRefusal(set)) << set;
  }
  const std::optional<std::string> stored =
      set.Succeeded() ? std::optional<std::string>(helper.sid) : std::nullopt;
  BITSCTS_PROVES("HT-IMP-6")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), stored))
        << "the job holds the helper exactly when SetHelperToken said so";
}

// A token with restricting SIDs may not create or change jobs (BITS 1.5 and later), even the
// user's own; reverting to the unrestricted identity lifts the refusal. What a refusal returns is
// undocumented and recorded.
BITSCTS_SCENARIO(Impersonation, RestrictedTokenCannotCreateOrChangeJobs,
                 {.clauses = {"HT-ADM-6"},
                  .doc = docs::kUsersAndNetworkConnections,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities,
                            TokenShapeControl::kFeature}}) {
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(user);
  auto job = s.CreateJob(client);
  const HResult restricted =
      s.ImpersonateWith(client, user, TokenShape{ImpersonationLevel::kImpersonate, true});
  if (restricted.Failed())
    s.Unsupported("a restricted token of " + user.name + ": " + restricted.ToString());
  auto created = client.CreateDownloadJob("bitscts restricted");
  const HResult changed = job->SetNoProgressTimeout(0);
  const HResult added =
      job->AddFile(s.ContentUrl(s.NewContent(4096)), s.LocalPath("restricted.bin"));
  client.RevertToSelf();

  s.evidence().Note("HT-ADM-6: with a restricted token CreateJob returned " +
                    created.hr.ToString() + ", SetNoProgressTimeout " + changed.ToString() +
                    ", AddFile " + added.ToString());
  BITSCTS_PROVES("HT-ADM-6")
    EXPECT_TRUE(created.hr.Failed()) << "CreateJob with a restricted token returned " << created.hr;
  BITSCTS_PROVES("HT-ADM-6")
    EXPECT_TRUE(changed.Failed()) << "SetNoProgressTimeout with a restricted token returned "
                                  << changed;
  BITSCTS_PROVES("HT-ADM-6")
    EXPECT_TRUE(added.Failed()) << "AddFile with a restricted token returned " << added;
  EXPECT_EQ(job->SetNoProgressTimeout(0), hr::kOk) << "the unrestricted owner changes its job";
}

// Wine's conformance tests needed IMPERSONATE-level security to set IBackgroundCopyJob5 cost
// flags (inferred): at IDENTIFY, GetProperty answers and SetProperty is refused without a change
// (E_ACCESSDENIED as for other calls at a wrong level, or CO_E_FAILEDTOIMPERSONATE as for
// SetHelperToken: the one the target chose is recorded); at IMPERSONATE the flags are stored.
// BITS 5.0 and later answer the job's QueryInterface for IBackgroundCopyJob5 (HT-VER-2).
BITSCTS_SCENARIO(Impersonation, CostFlagsNeedImpersonateLevel,
                 {.clauses = {"HT-IMP-8", "HT-VER-2"},
                  .doc = docs::kSetProperty,
                  .needs = {Feature::kDistinctIdentities}}) {
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  Caller& identify = s.LogOn(user, kIdentifyLevel);
  auto job = s.CreateJob(identify);
  const auto before = steps::CostFlagsOf(s, *job);
  BITSCTS_PROVES("HT-VER-2")
    ASSERT_EQ(before.hr, hr::kOk)
        << "BITS 5.0 and later have IBackgroundCopyJob5, whose GetProperty needs only IDENTIFY";

  const HResult refused = job->SetCostFlags(cost::kPolicyAlways);
  s.evidence().Note(
      "HT-IMP-8: SetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS) at RPC_C_IMP_LEVEL_IDENTIFY "
      "returned " +
      refused.ToString());
  BITSCTS_PROVES("HT-IMP-8")
    EXPECT_TRUE(refused == hr::kAccessDenied || refused == hr::kFailedToImpersonate) << refused;
  const auto unchanged = job->CostFlags();
  ASSERT_EQ(unchanged.hr, hr::kOk);
  BITSCTS_PROVES("HT-IMP-8")
    EXPECT_EQ(unchanged.value, before.value) << "a refused SetProperty changes nothing";

  Caller& impersonate = s.LogOn(user, kImpersonateLevel);
  auto opened = impersonate.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  BITSCTS_PROVES("HT-IMP-8") EXPECT_EQ(opened.value->SetCostFlags(cost::kPolicyAlways), hr::kOk);
  const auto stored = opened.value->CostFlags();
  ASSERT_EQ(stored.hr, hr::kOk);
  BITSCTS_PROVES("HT-IMP-8") EXPECT_EQ(stored.value, cost::kPolicyAlways);
}

// The other order: the owner installs a helper from an IMPERSONATE-level process, then a second
// process of the same owner, at IDENTIFY, opens the job and tries to replace the helper. Its
// SetHelperToken fails with CO_E_FAILEDTOIMPERSONATE and the first helper stays.
BITSCTS_SCENARIO(Impersonation, IdentifyLevelCannotReplaceHelper,
                 {.clauses = {"HT-SET-7", "HT-IMP-2"},
                  .doc = docs::kSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  auto [owner, first, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kAdministrator);
  const Principal second = s.Provision(PrincipalKind::kStandardUser);
  ASSERT_TRUE(job.Install(first, token_usage::kLocalFile));

  Caller& identify = s.LogOn(owner, kIdentifyLevel);
  auto opened = identify.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk) << "IDENTIFY is enough to open the owner's job";
  steps::TokenJob weak(s, identify, std::move(opened.value));
  ASSERT_TRUE(weak.Query());
  const HResult set = steps::SetHelperTokenAs(s, identify, weak.options(), second);
  s.evidence().Note(
      "HT-SET-7: SetHelperToken from an IDENTIFY-level process of the owner, on a "
      "job holding a helper, returned " +
      set.ToString());
  BITSCTS_PROVES("HT-SET-7") EXPECT_EQ(set, hr::kFailedToImpersonate);
  BITSCTS_PROVES("HT-SET-7", "HT-IMP-2")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), first.sid))
        << "the refused call leaves the first helper in place";
  BITSCTS_PROVES("HT-IMP-2")
    EXPECT_TRUE(steps::FlagsAre(weak.options(), token_usage::kLocalFile))
        << "the IDENTIFY-level process still reads the job's flags";
}

// The other order for an identification-level helper: the job already holds a helper installed
// at impersonation level when the owner offers a second helper's identification-level token.
// Whether BITS takes it is unknown (HT-IMP-6, recorded), but the job's helper must agree with the
// answer: the second helper if SetHelperToken succeeded, the first one untouched if it failed.
BITSCTS_SCENARIO(Impersonation, IdentificationLevelHelperOverAnEarlierOne,
                 {.clauses = {"HT-IMP-6"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities,
                            TokenShapeControl::kFeature}}) {
  auto [owner, first, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kAdministrator);
  const Principal second = s.Provision(PrincipalKind::kStandardUser);
  ASSERT_TRUE(job.Install(first, token_usage::kNetwork));
  const HResult set =
      SetIdentificationLevelHelper(s, client, job, second,
                                   "an identification-level helper over an earlier helper");
  if (set.Failed()) {
    BITSCTS_PROVES("HT-IMP-6") EXPECT_TRUE(IsImpersonationRefusal(set)) << set;
  }
  BITSCTS_PROVES("HT-IMP-6")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), set.Succeeded() ? second.sid : first.sid))
        << "the job holds the helper SetHelperToken's answer says it holds";
  BITSCTS_PROVES("HT-IMP-6")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNetwork)) << "the flags stay";
}

// Another owner kind and order for IBackgroundCopyJob5: an administrator's IMPERSONATE-level
// process sets the job's cost flags; the same administrator in an IDENTIFY-level process may read
// them but not change them (the refusal's code is recorded), and the IMPERSONATE-level process
// changes them again.
BITSCTS_SCENARIO(Impersonation, AdministratorAtIdentifyCannotChangeCostFlags,
                 {.clauses = {"HT-IMP-8"},
                  .doc = docs::kSetProperty,
                  .needs = {Feature::kDistinctIdentities}}) {
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  Caller& impersonate = s.LogOn(admin, kImpersonateLevel);
  auto job = s.CreateJob(impersonate);
  const auto before = steps::CostFlagsOf(s, *job);
  ASSERT_EQ(before.hr, hr::kOk);
  BITSCTS_PROVES("HT-IMP-8") ASSERT_EQ(job->SetCostFlags(cost::kPolicyAlways), hr::kOk);

  Caller& identify = s.LogOn(admin, kIdentifyLevel);
  auto opened = identify.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  const auto read = opened.value->CostFlags();
  ASSERT_EQ(read.hr, hr::kOk) << "reading needs only IDENTIFY";
  EXPECT_EQ(read.value, cost::kPolicyAlways);
  const HResult refused = opened.value->SetCostFlags(cost::kPolicyStandard);
  s.evidence().Note(
      "HT-IMP-8: an administrator's SetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS) at "
      "RPC_C_IMP_LEVEL_IDENTIFY returned " +
      refused.ToString());
  BITSCTS_PROVES("HT-IMP-8")
    EXPECT_TRUE(refused == hr::kAccessDenied || refused == hr::kFailedToImpersonate) << refused;
  const auto unchanged = job->CostFlags();
  ASSERT_EQ(unchanged.hr, hr::kOk);
  BITSCTS_PROVES("HT-IMP-8")
    EXPECT_EQ(unchanged.value, cost::kPolicyAlways) << "a refused SetProperty changes nothing";

  BITSCTS_PROVES("HT-IMP-8") EXPECT_EQ(job->SetCostFlags(cost::kPolicyStandard), hr::kOk);
  const auto changed = job->CostFlags();
  ASSERT_EQ(changed.hr, hr::kOk);
  BITSCTS_PROVES("HT-IMP-8") EXPECT_EQ(changed.value, cost::kPolicyStandard);
}

}  // namespace
}  // namespace bitscts
