// Impersonation: the COM security a client needs so that BITS sees the identity it impersonates
// (HT-IMP).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "bitscts/scenario.h"
#include "token_steps.h"

namespace bitscts {
namespace {

constexpr const char* kSetHelperTokenDoc =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/nf-bits4_0-ibitstokenoptions-sethelpertoken";
constexpr const char* kConnectingDoc = "https://learn.microsoft.com/windows/win32/bits/connecting-to-the-bits-service";

// IDENTIFY is enough for BITS in general, but SetHelperToken must impersonate its client. The
// reference page names CO_E_FAILEDTOIMPERSONATE, the sample's text E_ACCESSDENIED: exactly those
// two are accepted, and the one the target chose is recorded.
BITSCTS_SCENARIO(Impersonation, IdentifyLevelCannotSetHelperToken,
                 {.clauses = {"HT-IMP-2", "HT-SET-7", "HT-IMP-1"},
                  .doc = kSetHelperTokenDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(owner, CallerSettings{ImpersonationLevel::kIdentify, Cloaking::kDynamic});
  auto created = client.CreateDownloadJob("bitscts identify level");
  ASSERT_EQ(created.hr, hr::kOk) << "IDENTIFY is an acceptable level for BITS calls";
  auto options = created.value->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  EXPECT_EQ(options.value->GetHelperTokenFlags().hr, hr::kOk) << "only SetHelperToken needs IMPERSONATE";

  const HResult set = steps::SetHelperTokenAs(s, client, *options.value, helper);
  EXPECT_TRUE(set == hr::kFailedToImpersonate || set == hr::kAccessDenied) << set;
  s.evidence().Note("HT-IMP-2: SetHelperToken at RPC_C_IMP_LEVEL_IDENTIFY returned " + set.ToString());
  EXPECT_EQ(options.value->GetHelperTokenSid().value, std::nullopt) << "a refused SetHelperToken installs nothing";
}

BITSCTS_SCENARIO(Impersonation, DelegateLevelSetsHelperToken,
                 {.clauses = {"HT-IMP-2"},
                  .doc = kSetHelperTokenDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(owner, CallerSettings{ImpersonationLevel::kDelegate, Cloaking::kDynamic});
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  EXPECT_EQ(steps::SetHelperTokenAs(s, client, *options.value, helper), hr::kOk);
  EXPECT_EQ(options.value->GetHelperTokenSid().value, helper.sid);
}

// A client BITS cannot even identify is refused with E_ACCESSDENIED.
BITSCTS_SCENARIO(Impersonation, AnonymousLevelIsRefused,
                 {.clauses = {"HT-IMP-1"},
                  .doc = kConnectingDoc,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(user, CallerSettings{ImpersonationLevel::kAnonymous, Cloaking::kDynamic});
  auto created = client.CreateDownloadJob("bitscts anonymous level");
  EXPECT_EQ(created.hr, hr::kAccessDenied);
  EXPECT_EQ(created.value, nullptr);
}

// Without cloaking COM presents the process token, so impersonating the helper is not seen:
// the job records the caller's own identity.
BITSCTS_SCENARIO(Impersonation, WithoutCloakingProcessIdentityIsCaptured,
                 {.clauses = {"HT-IMP-3"},
                  .doc = kSetHelperTokenDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(owner, CallerSettings{ImpersonationLevel::kImpersonate, Cloaking::kNone});
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  EXPECT_EQ(steps::SetHelperTokenAs(s, client, *options.value, helper), hr::kOk);
  const auto sid = options.value->GetHelperTokenSid();
  EXPECT_EQ(sid.hr, hr::kOk);
  EXPECT_NE(sid.value, helper.sid) << "without cloaking the impersonated helper is invisible to BITS";
  EXPECT_EQ(sid.value, client.Sid()) << "the process identity is what COM presented";
}

// Cloaking set process-wide covers every BITS pointer: one from GetJob and the IBitsTokenOptions
// pointer queried from it present the thread's identity too.
BITSCTS_SCENARIO(Impersonation, ProcessWideCloakingCoversOpenedJobs,
                 {.clauses = {"HT-IMP-4", "HT-IMP-3"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/service-accounts-and-bits",
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(owner);
  auto created = s.CreateJob(client);
  auto opened = client.OpenJob(created->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  auto options = opened.value->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  EXPECT_EQ(steps::SetHelperTokenAs(s, client, *options.value, helper), hr::kOk);
  EXPECT_EQ(options.value->GetHelperTokenSid().value, helper.sid);
}

}  // namespace
}  // namespace bitscts
