#include <gtest/gtest.h>

#include <tuple>

#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;
using namespace std::chrono_literals;

TEST_F(ModelTest, OwnerLogoffDropsTheHelperAndErrsTheJob) {
  Make(14393);
  const Principal owner = Provision(PrincipalKind::kStandardUser);
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto caller = LogOn(owner);
  auto job = CreateJob(*caller);
  const std::string id = job->Id();
  auto options = Options(*job);
  ASSERT_EQ(caller->Impersonate(helper), hr::kOk);
  ASSERT_EQ(options->SetHelperToken(), hr::kOk);
  ASSERT_EQ(caller->RevertToSelf(), hr::kOk);
  ASSERT_EQ(job->AddFile(ContentUrl(1, 10), OpenFolder() + "/logoff.bin"), hr::kOk);

  ASSERT_EQ(target_->LogOff(*caller), hr::kOk);
  EXPECT_EQ(job->State().hr, hr::kNotLoggedOn);
  EXPECT_EQ(target_->LogOff(*caller), hr::kNotLoggedOn);

  auto again = LogOn(owner);
  auto reopened = again->OpenJob(id);
  ASSERT_EQ(reopened.hr, hr::kOk);
  EXPECT_EQ(reopened.value->State().value, JobState::kError);
  EXPECT_EQ(reopened.value->Error().value.code, hr::kTokenRequired);
  auto new_options = Options(*reopened.value);
  EXPECT_EQ(new_options->GetHelperTokenSid().value, std::nullopt);

  ASSERT_EQ(again->Impersonate(helper), hr::kOk);
  ASSERT_EQ(new_options->SetHelperToken(), hr::kOk);
  ASSERT_EQ(again->RevertToSelf(), hr::kOk);
  ASSERT_EQ(reopened.value->Resume(), hr::kOk);
  EXPECT_EQ(WaitFinished(*reopened.value).state, JobState::kTransferred);
}

TEST_F(ModelTest, WithoutAHelperAJobWaitsForItsOwner) {
  Make();
  const Principal owner = Provision(PrincipalKind::kStandardUser);
  auto caller = LogOn(owner);
  auto job = CreateJob(*caller);
  ASSERT_EQ(job->AddFile(ContentUrl(1, 10), OpenFolder() + "/wait.bin"), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_TRUE(job->WaitForState({JobState::kTransferring}, 1min).reached);
  ASSERT_EQ(target_->LogOff(*caller), hr::kOk);
  const WaitResult waited = job->WaitForState({JobState::kTransferred}, 1h);
  EXPECT_FALSE(waited.reached);
  EXPECT_EQ(waited.state, JobState::kQueued);
  auto again = LogOn(owner);
  EXPECT_EQ(job->WaitForState({JobState::kTransferred}, 1min).state, JobState::kTransferred);
}

TEST_F(ModelTest, ServiceJobsKeepTheirOwnHelper) {
  Make();
  const Principal service = Provision(PrincipalKind::kNetworkService);
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  const Principal user = Provision(PrincipalKind::kStandardUser);
  auto service_caller = LogOn(service);
  auto user_caller = LogOn(user);
  auto job = CreateJob(*service_caller);
  auto options = Options(*job);
  ASSERT_EQ(service_caller->Impersonate(helper), hr::kOk);
  ASSERT_EQ(options->SetHelperToken(), hr::kOk);
  ASSERT_EQ(service_caller->RevertToSelf(), hr::kOk);
  ASSERT_EQ(target_->LogOff(*user_caller), hr::kOk);
  EXPECT_EQ(options->GetHelperTokenSid().value, helper.sid);
  EXPECT_EQ(job->State().value, JobState::kSuspended);
}

TEST_F(ModelTest, ServiceRestartDropsTokensButKeepsFlags) {
  Make();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto& runner = target_->CurrentCaller();
  auto job = CreateJob(runner);
  auto options = Options(*job);
  ASSERT_NO_FATAL_FAILURE(SetHelperTokenAs(runner, *options, helper));
  ASSERT_EQ(options->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  ASSERT_EQ(Control<ServiceControl>().RestartService(), hr::kOk);
  EXPECT_EQ(options->GetHelperTokenSid().value, std::nullopt);
  EXPECT_EQ(options->GetHelperTokenFlags().value, token_usage::kNetwork);
  ASSERT_EQ(job->AddFile(ContentUrl(1, 10), OpenFolder() + "/restart.bin"), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  EXPECT_EQ(WaitFinished(*job).state, JobState::kError);
  EXPECT_EQ(job->Error().value.code, hr::kTokenRequired);
}

TEST_F(ModelTest, NetworkLossIsTransientUntilReconnected) {
  auto job = CreateJob(Make().CurrentCaller());
  ASSERT_EQ(job->AddFile(ContentUrl(1, 10), OpenFolder() + "/net.bin"), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(Control<NetworkControl>().SetNetworkConnected(false), hr::kOk);
  EXPECT_EQ(job->State().value, JobState::kTransientError);
  EXPECT_EQ(job->Error().value.code, hr::kNetworkDisconnected);
  EXPECT_FALSE(job->WaitForState({JobState::kTransferred}, 24h).reached);
  ASSERT_EQ(Control<NetworkControl>().SetNetworkConnected(true), hr::kOk);
  EXPECT_EQ(job->WaitForState({JobState::kTransferred}, 1min).state, JobState::kTransferred);
}

TEST_F(ModelTest, OnlyLogonsBitsCountsLetAJobTakeFiles) {
  for (const auto& [build, kind, counts] :
       {std::tuple{19045u, LogonKind::kSecondary, false},
        std::tuple{19045u, LogonKind::kPowerShellRemote, true},
        std::tuple{7601u, LogonKind::kPowerShellRemote, false}}) {
    SCOPED_TRACE(Name(kind) + " on " + std::to_string(build));
    Make(build);
    const Principal user = Provision(PrincipalKind::kStandardUser);
    auto session = Control<LogonControl>().LogOnAs(user, CallerSettings{}, kind);
    ASSERT_EQ(session.hr, hr::kOk);
    auto job = CreateJob(*session.value);
    const std::string local = OpenFolder() + "/kind.bin";
    EXPECT_EQ(job->AddFile(ContentUrl(80, 10), local), counts ? hr::kOk : hr::kNotLoggedOn);
    auto interactive = LogOn(user);
    if (!counts) {
      EXPECT_EQ(job->AddFile(ContentUrl(80, 10), local), hr::kOk) << "logged on interactively now";
    }
    target_->CancelLeftoverJobs();
  }
}

}  // namespace
}  // namespace bitscts::model
