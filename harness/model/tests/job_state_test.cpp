#include <gtest/gtest.h>

#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;
using namespace std::chrono_literals;

TEST_F(ModelTest, NewJobIsSuspendedAndCannotResumeEmpty) {
  auto job = CreateJob(Make().CurrentCaller());
  EXPECT_EQ(job->State().value, JobState::kSuspended);
  EXPECT_EQ(job->Resume(), hr::kEmpty);
  EXPECT_EQ(job->State().value, JobState::kSuspended);
  EXPECT_EQ(job->Error().hr, hr::kErrorInformationUnavailable);
}

TEST_F(ModelTest, FinalStatesRejectStateChanges) {
  auto job = CreateJob(Make().CurrentCaller());
  EXPECT_EQ(job->Cancel(), hr::kOk);
  EXPECT_EQ(job->Cancel(), hr::kInvalidState);
  EXPECT_EQ(job->Resume(), hr::kInvalidState);
  EXPECT_EQ(job->Suspend(), hr::kInvalidState);
  EXPECT_EQ(job->Complete(), hr::kInvalidState);
  EXPECT_EQ(job->SetNoProgressTimeout(0), hr::kInvalidState);
  EXPECT_EQ(target_->CurrentCaller().OpenJob(job->Id()).hr, hr::kNotFound);
  EXPECT_EQ(job->StateHistory(), (std::vector{JobState::kSuspended, JobState::kCancelled}));
}

TEST_F(ModelTest, AddFileValidatesItsArguments) {
  auto job = CreateJob(Make().CurrentCaller());
  const std::string folder = OpenFolder();
  EXPECT_EQ(job->AddFile("ftp://example/x", folder + "/x"), hr::kInvalidArg);
  EXPECT_EQ(job->AddFile(ContentUrl(1, 10), "relative/x"), hr::kInvalidArg);
  EXPECT_EQ(job->AddFile(ContentUrl(1, 10), folder + "/missing/x").bits(), 0x80070003u);
  EXPECT_EQ(job->AddFile(ContentUrl(1, 10), folder + "/x"), hr::kOk);
}

TEST_F(ModelTest, WaitTimesOutInVirtualTimeAndSaysWhatItSaw) {
  auto job = CreateJob(Make().CurrentCaller());
  const auto start = std::chrono::steady_clock::now();
  const WaitResult result = job->WaitForState({JobState::kTransferred}, 24h);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_FALSE(result.reached);
  EXPECT_EQ(result.state, JobState::kSuspended);
  EXPECT_EQ(result.waited_for, "BG_JOB_STATE_TRANSFERRED");
  EXPECT_EQ(result.waited, std::chrono::milliseconds(24h));
}

TEST_F(ModelTest, RetryDelayHasAFloor) {
  auto job = CreateJob(Make().CurrentCaller());
  ModelJob* model_job = AsModelJob(*job);
  ASSERT_NE(model_job, nullptr);
  EXPECT_EQ(model_job->MinimumRetryDelay().value, 600u);
  EXPECT_EQ(model_job->NoProgressTimeout().value, 1209600u);
  EXPECT_EQ(model_job->SetMinimumRetryDelay(1), hr::kOk);
  EXPECT_EQ(model_job->MinimumRetryDelay().value, 5u);
  EXPECT_EQ(job->OwnerSid().value, target_->CurrentCaller().Sid());
}

TEST_F(ModelTest, CancelLeftoverJobsCountsUnfinishedJobs) {
  auto& runner = Make().CurrentCaller();
  auto first = CreateJob(runner);
  auto second = CreateJob(runner);
  ASSERT_EQ(second->Cancel(), hr::kOk);
  EXPECT_EQ(target_->CancelLeftoverJobs(), 1);
  EXPECT_EQ(first->State().value, JobState::kCancelled);
}

TEST_F(ModelTest, StandardUsersHaveAJobLimit) {
  Make();
  const Principal user = Provision(PrincipalKind::kStandardUser);
  auto caller = LogOn(user);
  std::vector<std::unique_ptr<Job>> jobs;
  for (int i = 0; i < 60; ++i) jobs.push_back(CreateJob(*caller));
  EXPECT_EQ(caller->CreateDownloadJob("one too many").hr, hr::kTooManyJobsPerUser);
  EXPECT_EQ(caller->CreateDownloadJob(std::string(257, 'x')).hr, hr::kInvalidArg);
}

}  // namespace
}  // namespace bitscts::model
