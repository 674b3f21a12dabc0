#include <gtest/gtest.h>

#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;

TEST_F(ModelTest, BelowBits4TheJobHasNoTokenOptions) {
  auto& runner = Make(testing_support::kVista).CurrentCaller();
  auto job = CreateJob(runner);
  const auto options = job->QueryTokenOptions();
  EXPECT_EQ(options.hr, hr::kNoInterface);
  EXPECT_EQ(options.value, nullptr);
}

TEST_F(ModelTest, FreshJobHasNoFlagsAndNoHelper) {
  auto job = CreateJob(Make().CurrentCaller());
  auto options = Options(*job);
  EXPECT_EQ(options->GetHelperTokenFlags().hr, hr::kOk);
  EXPECT_EQ(options->GetHelperTokenFlags().value, 0u);
  const auto sid = options->GetHelperTokenSid();
  EXPECT_EQ(sid.hr, hr::kOk);
  EXPECT_EQ(sid.value, std::nullopt);
  EXPECT_EQ(options->ClearHelperToken(), hr::kOk);
}

TEST_F(ModelTest, AdminOwnerSetsTheImpersonatedHelper) {
  Make();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto& runner = target_->CurrentCaller();
  auto job = CreateJob(runner);
  auto options = Options(*job);
  ASSERT_EQ(runner.Impersonate(helper), hr::kOk);
  EXPECT_EQ(options->SetHelperToken(), hr::kOk);
  EXPECT_EQ(options->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_EQ(runner.RevertToSelf(), hr::kOk);
  EXPECT_EQ(options->GetHelperTokenSid().value, helper.sid);
  EXPECT_EQ(options->GetHelperTokenFlags().value, token_usage::kLocalFile);
  EXPECT_EQ(options->ClearHelperToken(), hr::kOk);
  EXPECT_EQ(options->GetHelperTokenSid().value, std::nullopt);
  EXPECT_EQ(options->GetHelperTokenFlags().value, token_usage::kLocalFile);
}

TEST_F(ModelTest, WithoutImpersonationTheCallersOwnIdentityIsStored) {
  auto& runner = Make().CurrentCaller();
  auto job = CreateJob(runner);
  auto options = Options(*job);
  EXPECT_EQ(options->SetHelperToken(), hr::kOk);
  EXPECT_EQ(options->GetHelperTokenSid().value, runner.Sid());
}

TEST_F(ModelTest, WithoutCloakingTheProcessIdentityIsStored) {
  Make();
  const Principal admin = Provision(PrincipalKind::kAdministrator);
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto caller = LogOn(admin, CallerSettings{ImpersonationLevel::kImpersonate, Cloaking::kNone});
  auto job = CreateJob(*caller);
  auto options = Options(*job);
  ASSERT_EQ(caller->Impersonate(helper), hr::kOk);
  EXPECT_EQ(options->SetHelperToken(), hr::kOk);
  EXPECT_EQ(options->GetHelperTokenSid().value, admin.sid);
}

TEST_F(ModelTest, IdentifyLevelCannotSetAHelper) {
  Make();
  const Principal admin = Provision(PrincipalKind::kAdministrator);
  auto caller = LogOn(admin, CallerSettings{ImpersonationLevel::kIdentify, Cloaking::kDynamic});
  auto job = CreateJob(*caller);
  auto options = Options(*job);
  EXPECT_EQ(options->SetHelperToken(), hr::kFailedToImpersonate);
  EXPECT_EQ(options->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
}

TEST_F(ModelTest, AnonymousCallersAreDeniedEverything) {
  Make();
  const Principal admin = Provision(PrincipalKind::kAdministrator);
  auto caller = LogOn(admin, CallerSettings{ImpersonationLevel::kAnonymous, Cloaking::kDynamic});
  EXPECT_EQ(caller->CreateDownloadJob("x").hr, hr::kAccessDenied);
}

TEST_F(ModelTest, Pre1607StandardOwnerIsDenied) {
  Make(testing_support::kWindows7);
  const Principal user = Provision(PrincipalKind::kStandardUser);
  auto caller = LogOn(user);
  auto job = CreateJob(*caller);
  auto options = Options(*job);
  EXPECT_EQ(options->SetHelperToken(), hr::kAccessDenied);
  EXPECT_EQ(options->GetHelperTokenFlags().hr, hr::kAccessDenied);
  EXPECT_EQ(options->SetHelperTokenFlags(0), hr::kAccessDenied);
  EXPECT_EQ(options->ClearHelperToken(), hr::kAccessDenied);
  EXPECT_EQ(options->GetHelperTokenSid().hr, hr::kAccessDenied);
}

TEST_F(ModelTest, Since1607StandardOwnerSetsAStandardHelperButNotAnAdmin) {
  Make(14393);
  const Principal user = Provision(PrincipalKind::kNetworkService);
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  const Principal filtered = Provision(PrincipalKind::kFilteredAdministrator);
  const Principal admin = Provision(PrincipalKind::kAdministrator);
  auto caller = LogOn(user);
  auto job = CreateJob(*caller);
  auto options = Options(*job);
  ASSERT_EQ(caller->Impersonate(helper), hr::kOk);
  EXPECT_EQ(options->SetHelperToken(), hr::kOk);
  ASSERT_EQ(caller->Impersonate(filtered), hr::kOk);
  EXPECT_EQ(options->SetHelperToken(), hr::kOk);
  ASSERT_EQ(caller->Impersonate(admin), hr::kOk);
  EXPECT_EQ(options->SetHelperToken(), hr::kAccessDenied);
  EXPECT_EQ(options->GetHelperTokenSid().value, filtered.sid);
}

TEST_F(ModelTest, Since1607QueryInterfaceWhileImpersonatingFails) {
  Make(14393);
  const Principal user = Provision(PrincipalKind::kStandardUser);
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto caller = LogOn(user);
  auto job = CreateJob(*caller);
  ASSERT_EQ(caller->Impersonate(helper), hr::kOk);
  const auto options = job->QueryTokenOptions();
  EXPECT_EQ(options.hr, hr::kAccessDenied);
  EXPECT_EQ(options.value, nullptr);
}

TEST_F(ModelTest, FlagValidationAndFinalStates) {
  auto job = CreateJob(Make().CurrentCaller());
  auto options = Options(*job);
  EXPECT_EQ(options->SetHelperTokenFlags(3), hr::kOk);
  EXPECT_EQ(options->SetHelperTokenFlags(4), hr::kInvalidArg);
  EXPECT_EQ(options->GetHelperTokenFlags().value, 3u);
  ASSERT_EQ(job->Cancel(), hr::kOk);
  EXPECT_EQ(options->SetHelperToken(), hr::kInvalidState);
  EXPECT_EQ(options->SetHelperTokenFlags(0), hr::kInvalidState);
  EXPECT_EQ(options->ClearHelperToken(), hr::kInvalidState);
  EXPECT_EQ(options->GetHelperTokenFlags().hr, hr::kOk);
}

TEST_F(ModelTest, OtherUsersCannotOpenAJob) {
  Make();
  const Principal owner = Provision(PrincipalKind::kStandardUser);
  const Principal other = Provision(PrincipalKind::kStandardUser);
  auto owner_caller = LogOn(owner);
  auto other_caller = LogOn(other);
  auto job = CreateJob(*owner_caller);
  EXPECT_EQ(other_caller->OpenJob(job->Id()).hr, hr::kAccessDenied);
  EXPECT_EQ(target_->CurrentCaller().OpenJob(job->Id()).hr, hr::kOk);
  EXPECT_EQ(owner_caller->OpenJob("{00000000-0000-0000-0000-000000000000}").hr, hr::kNotFound);
}

}  // namespace
}  // namespace bitscts::model
