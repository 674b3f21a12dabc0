#include <gtest/gtest.h>

#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;

TEST_F(ModelTest, ARestrictedTokenReadsButCannotChangeJobs) {
  Make();
  const Principal user = Provision(PrincipalKind::kStandardUser);
  auto session = LogOn(user);
  auto job = CreateJob(*session);
  ASSERT_EQ(Control<TokenShapeControl>().ImpersonateWith(
                *session, user, TokenShape{ImpersonationLevel::kImpersonate, true}),
            hr::kOk);
  EXPECT_EQ(session->CreateDownloadJob("restricted").hr, hr::kAccessDenied);
  EXPECT_EQ(job->SetNoProgressTimeout(0), hr::kAccessDenied);
  EXPECT_EQ(job->AddFile(ContentUrl(50, 10), OpenFolder() + "/restricted.bin"), hr::kAccessDenied);
  EXPECT_EQ(job->State().hr, hr::kOk);
  EXPECT_EQ(session->OpenJob(job->Id()).hr, hr::kOk);
  ASSERT_EQ(session->RevertToSelf(), hr::kOk);
  EXPECT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
}

TEST_F(ModelTest, AnIdentificationLevelHelperIsRefused) {
  Make();
  const Principal owner = Provision(PrincipalKind::kAdministrator);
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto session = LogOn(owner);
  auto job = CreateJob(*session);
  auto options = Options(*job);
  ASSERT_EQ(Control<TokenShapeControl>().ImpersonateWith(*session, helper,
                                                         TokenShape{ImpersonationLevel::kIdentify,
                                                                    false}),
            hr::kOk);
  EXPECT_EQ(options->SetHelperToken(), hr::kFailedToImpersonate);
  EXPECT_EQ(options->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk)
      << "only SetHelperToken impersonates";
  ASSERT_EQ(session->RevertToSelf(), hr::kOk);
  EXPECT_EQ(options->GetHelperTokenSid().value, std::nullopt);
  ASSERT_EQ(Control<TokenShapeControl>().ImpersonateWith(*session, helper,
                                                         TokenShape{ImpersonationLevel::kDelegate,
                                                                    false}),
            hr::kOk);
  EXPECT_EQ(options->SetHelperToken(), hr::kOk);
  EXPECT_EQ(Control<TokenShapeControl>().ImpersonateWith(*session, helper,
                                                         TokenShape{ImpersonationLevel::kAnonymous,
                                                                    false}),
            hr::kInvalidArg);
}

TEST_F(ModelTest, ASecondCoInitializeSecurityIsTooLateAndChangesNothing) {
  Make();
  const Principal owner = Provision(PrincipalKind::kAdministrator);
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto session = LogOn(owner, CallerSettings{ImpersonationLevel::kIdentify, Cloaking::kDynamic});
  EXPECT_EQ(Control<SecurityControl>().InitializeSecurityAgain(*session, CallerSettings{}),
            hr::kTooLate);
  auto job = CreateJob(*session);
  auto options = Options(*job);
  ASSERT_EQ(session->Impersonate(helper), hr::kOk);
  EXPECT_EQ(options->SetHelperToken(), hr::kFailedToImpersonate)
      << "still at RPC_C_IMP_LEVEL_IDENTIFY";
  EXPECT_EQ(Control<SecurityControl>().InitializeSecurityAgain(target_->CurrentCaller(),
                                                               CallerSettings{}),
            hr::kTooLate);
}

}  // namespace
}  // namespace bitscts::model
