// Cost flags (IBackgroundCopyJob5) and the network's cost: HT-IMP-8, JOB-RETRY-5.
#include <gtest/gtest.h>

#include <chrono>

#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::kWindows7;
using testing_support::ModelTest;
using namespace std::chrono_literals;

TEST_F(ModelTest, BuildsBeforeBits5HaveNoCostFlags) {
  auto job = CreateJob(Make(kWindows7).CurrentCaller());
  EXPECT_EQ(job->CostFlags().hr, hr::kNoInterface);
  EXPECT_EQ(job->SetCostFlags(cost::kPolicyAlways), hr::kNoInterface);
}

TEST_F(ModelTest, NewJobsFollowTheStandardPolicyAndFlagsRoundTrip) {
  auto job = CreateJob(Make().CurrentCaller());
  EXPECT_EQ(job->CostFlags().value, cost::kPolicyStandard);
  ASSERT_EQ(job->SetCostFlags(cost::kPolicyAlways), hr::kOk);
  EXPECT_EQ(job->CostFlags().value, cost::kPolicyAlways);
  ASSERT_EQ(job->Cancel(), hr::kOk);
  EXPECT_EQ(job->SetCostFlags(cost::kPolicyStandard), hr::kInvalidState);
}

TEST_F(ModelTest, SettingCostFlagsNeedsImpersonateLevel) {
  Make();
  const Principal user = Provision(PrincipalKind::kStandardUser);
  auto identify = LogOn(user, CallerSettings{ImpersonationLevel::kIdentify, Cloaking::kDynamic});
  auto job = CreateJob(*identify);
  EXPECT_EQ(job->CostFlags().hr, hr::kOk);
  EXPECT_EQ(job->SetCostFlags(cost::kPolicyAlways), hr::kAccessDenied);
  EXPECT_EQ(job->CostFlags().value, cost::kPolicyStandard);
  auto delegate = LogOn(user, CallerSettings{ImpersonationLevel::kDelegate, Cloaking::kDynamic});
  auto opened = delegate->OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  EXPECT_EQ(opened.value->SetCostFlags(cost::kPolicyAlways), hr::kOk);
}

TEST_F(ModelTest, ACostOutsideTheFlagsBlocksUntilTheNetworkAllowsIt) {
  auto job = CreateJob(Make().CurrentCaller());
  ASSERT_EQ(job->AddFile(ContentUrl(50, 10), OpenFolder() + "/metered.bin"), hr::kOk);
  ASSERT_EQ(Control<NetworkControl>().SetNetworkCost(cost::kRoaming), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  EXPECT_TRUE(job->WaitForState({JobState::kTransientError}, 1min).reached);
  EXPECT_EQ(job->Error().value.code, hr::kBlockedByCostTransferPolicy);
  EXPECT_FALSE(job->WaitForState({JobState::kError, JobState::kTransferred}, 30 * 24h).reached)
      << "neither retried nor timed out while the cost stays";
  ASSERT_EQ(Control<NetworkControl>().SetNetworkCost(cost::kBelowCap), hr::kOk);
  EXPECT_EQ(job->WaitForState({JobState::kTransferred}, 1min).state, JobState::kTransferred);
}

TEST_F(ModelTest, NewCostFlagsTakeEffectAtOnce) {
  auto job = CreateJob(Make().CurrentCaller());
  ASSERT_EQ(job->AddFile(ContentUrl(51, 10), OpenFolder() + "/flags.bin"), hr::kOk);
  ASSERT_EQ(Control<NetworkControl>().SetNetworkCost(cost::kNearCap), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_TRUE(job->WaitForState({JobState::kTransientError}, 1min).reached);
  ASSERT_EQ(job->SetCostFlags(cost::kPolicyAlways), hr::kOk);
  EXPECT_EQ(job->State().value, JobState::kQueued);
  EXPECT_EQ(job->WaitForState({JobState::kTransferred}, 1min).state, JobState::kTransferred);
}

TEST_F(ModelTest, BuildsBeforeBits5IgnoreTheNetworksCost) {
  auto job = CreateJob(Make(kWindows7).CurrentCaller());
  ASSERT_EQ(job->AddFile(ContentUrl(52, 10), OpenFolder() + "/old.bin"), hr::kOk);
  ASSERT_EQ(Control<NetworkControl>().SetNetworkCost(cost::kRoaming), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  EXPECT_EQ(job->WaitForState({JobState::kTransferred}, 1min).state, JobState::kTransferred);
}

}  // namespace
}  // namespace bitscts::model
