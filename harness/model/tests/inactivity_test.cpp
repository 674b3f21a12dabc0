#include <gtest/gtest.h>

#include <chrono>

#include "bitscts/fakeserver/fault.h"
#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;
using namespace std::chrono_literals;

constexpr std::chrono::milliseconds kNinetyDays = std::chrono::hours(90 * 24);

TEST_F(ModelTest, AJobNobodyTouchesIsCancelledAfterNinetyDays) {
  auto& runner = Make().CurrentCaller();
  auto job = CreateJob(runner);
  ASSERT_EQ(job->AddFile(ContentUrl(40, 10), OpenFolder() + "/idle.bin"), hr::kOk);
  ASSERT_EQ(Control<TimeControl>().AdvanceTime(kNinetyDays - 1ms), hr::kOk);
  EXPECT_EQ(job->State().value, JobState::kSuspended);
  ASSERT_EQ(Control<TimeControl>().AdvanceTime(1ms), hr::kOk);
  EXPECT_EQ(job->State().value, JobState::kCancelled);
  EXPECT_EQ(runner.OpenJob(job->Id()).hr, hr::kNotFound);
  EXPECT_EQ(Control<TimeControl>().AdvanceTime(-1ms), hr::kInvalidArg);
}

TEST_F(ModelTest, APropertyChangeRestartsTheInactivityPeriod) {
  auto job = CreateJob(Make().CurrentCaller());
  ASSERT_EQ(Control<TimeControl>().AdvanceTime(60 * 24h), hr::kOk);
  ASSERT_EQ(job->State().hr, hr::kOk);  // reading is no activity
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(Control<TimeControl>().AdvanceTime(60 * 24h), hr::kOk);
  EXPECT_EQ(job->State().value, JobState::kSuspended);
  ASSERT_EQ(Control<TimeControl>().AdvanceTime(30 * 24h), hr::kOk);
  EXPECT_EQ(job->State().value, JobState::kCancelled);
}

TEST_F(ModelTest, RetriesWithoutProgressAreNoActivity) {
  auto job = CreateJob(Make().CurrentCaller());
  fakeserver::Fault unavailable;
  unavailable.status = 503;
  ASSERT_EQ(job->AddFile(server_.Url(
                             fakeserver::FaultPath(unavailable, fakeserver::ContentPath(41, 10))),
                         OpenFolder() + "/retry.bin"),
            hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(200 * 24 * 3600), hr::kOk);
  ASSERT_EQ(AsModelJob(*job)->SetMinimumRetryDelay(24 * 3600), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(Control<TimeControl>().AdvanceTime(kNinetyDays - 1min), hr::kOk);
  EXPECT_EQ(job->State().value, JobState::kTransientError);
  ASSERT_EQ(Control<TimeControl>().AdvanceTime(1min), hr::kOk);
  EXPECT_EQ(job->State().value, JobState::kCancelled)
      << "a no-progress timeout beyond 90 days ends in cancellation";
}

TEST_F(ModelTest, AnErroredJobIsCancelledToo) {
  auto job = CreateJob(Make().CurrentCaller());
  ASSERT_EQ(job->AddFile(server_.Url("/missing"), OpenFolder() + "/missing.bin"), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kError);
  ASSERT_EQ(Control<TimeControl>().AdvanceTime(kNinetyDays), hr::kOk);
  EXPECT_EQ(job->State().value, JobState::kCancelled);
}

}  // namespace
}  // namespace bitscts::model
