#include <gtest/gtest.h>

#include "bitscts/fakeserver/fault.h"
#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;
using namespace std::chrono_literals;

// Returns how many of `notifications` are `event`.
std::size_t Count(const std::vector<Notification>& notifications, JobEvent event) {
  std::size_t count = 0;
  for (const Notification& notification : notifications)
    count += notification.event == event ? 1 : 0;
  return count;
}

TEST_F(ModelTest, NotifyFlagsDefaultToTransferredAndError) {
  auto job = CreateJob(Make().CurrentCaller());
  EXPECT_EQ(job->NotifyFlags().value, notify::kJobTransferred | notify::kJobError);
  EXPECT_EQ(job->SetNotifyFlags(0x40), hr::kNotImpl);
  EXPECT_EQ(job->NotifyFlags().value, notify::kJobTransferred | notify::kJobError)
      << "a refused value is not stored";
  EXPECT_EQ(job->SetNotifyFlags(notify::kFileRangesTransferred), hr::kOk);
  ASSERT_EQ(job->Cancel(), hr::kOk);
  EXPECT_EQ(job->SetNotifyFlags(notify::kJobError), hr::kInvalidState);
}

TEST_F(ModelTest, NotifyFlagsTheBuildDoesNotKnowAreNotImplemented) {
  auto windows7 = CreateJob(Make(testing_support::kWindows7).CurrentCaller());
  EXPECT_EQ(windows7->SetNotifyFlags(notify::kFileTransferred), hr::kOk);
  EXPECT_EQ(windows7->SetNotifyFlags(notify::kFileRangesTransferred), hr::kNotImpl) << "BITS 10.1";
  auto xp = CreateJob(Make(2600).CurrentCaller());
  EXPECT_EQ(xp->SetNotifyFlags(notify::kFileTransferred), hr::kNotImpl) << "BITS 3.0";
}

TEST_F(ModelTest, JobTransferredReachesTheRegisteredInterface) {
  auto& runner = Make().CurrentCaller();
  auto job = CreateJob(runner);
  ASSERT_EQ(job->SetNotifyInterface(), hr::kOk);
  ASSERT_EQ(job->AddFile(ContentUrl(8, 10), OpenFolder() + "/cb.bin"), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const auto received = job->WaitForNotification(JobEvent::kTransferred, 1min);
  ASSERT_EQ(received.hr, hr::kOk);
  ASSERT_EQ(received.value.size(), 1u);
  EXPECT_EQ(received.value[0].event, JobEvent::kTransferred);
  EXPECT_EQ(received.value[0].caller_sid, runner.Sid());
  EXPECT_EQ(job->State().value, JobState::kTransferred);
}

TEST_F(ModelTest, JobErrorCarriesTheErrorButTransientErrorsAreSilent) {
  auto job = CreateJob(Make().CurrentCaller());
  fakeserver::Fault unavailable;
  unavailable.status = 503;
  unavailable.times = 1;
  ASSERT_EQ(job->AddFile(server_.Url(
                             fakeserver::FaultPath(unavailable, fakeserver::ContentPath(9, 10))),
                         OpenFolder() + "/transient.bin"),
            hr::kOk);
  ASSERT_EQ(job->SetNotifyInterface(), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_TRUE(job->WaitForState({JobState::kTransientError}, 1min).reached);
  EXPECT_EQ(Count(job->WaitForNotification(JobEvent::kError, 5min).value, JobEvent::kError), 0u);

  auto failing = CreateJob(target_->CurrentCaller());
  ASSERT_EQ(failing->AddFile(server_.Url("/missing"), OpenFolder() + "/missing.bin"), hr::kOk);
  ASSERT_EQ(failing->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(failing->SetNotifyInterface(), hr::kOk);
  ASSERT_EQ(failing->Resume(), hr::kOk);
  const auto received = failing->WaitForNotification(JobEvent::kError, 1min);
  ASSERT_EQ(Count(received.value, JobEvent::kError), 1u);
  ASSERT_TRUE(received.value[0].error.has_value());
  EXPECT_EQ(received.value[0].error->code, hr::kHttpError404);
  EXPECT_EQ(received.value[0].error->context, ErrorContext::kRemoteFile);
}

TEST_F(ModelTest, NotifyFlagsFilterAndDisableSilence) {
  auto& runner = Make().CurrentCaller();
  auto only_errors = CreateJob(runner);
  ASSERT_EQ(only_errors->SetNotifyFlags(notify::kJobError), hr::kOk);
  auto disabled = CreateJob(runner);
  ASSERT_EQ(disabled->SetNotifyFlags(notify::kDisable | notify::kJobTransferred), hr::kOk);
  for (Job* job : {only_errors.get(), disabled.get()}) {
    ASSERT_EQ(job->SetNotifyInterface(), hr::kOk);
    ASSERT_EQ(job->AddFile(ContentUrl(10, 10), OpenFolder() + "/" + job->Id() + ".bin"), hr::kOk);
    ASSERT_EQ(job->Resume(), hr::kOk);
    ASSERT_EQ(WaitFinished(*job).state, JobState::kTransferred);
    EXPECT_TRUE(job->WaitForNotification(JobEvent::kTransferred, 1min).value.empty())
        << NotifyFlagsName(job->NotifyFlags().value);
  }
}

TEST_F(ModelTest, LastRegistrationWinsAndNullRemovesIt) {
  auto& runner = Make().CurrentCaller();
  auto first = CreateJob(runner);
  auto second = runner.OpenJob(first->Id());
  ASSERT_EQ(second.hr, hr::kOk);
  ASSERT_EQ(first->SetNotifyInterface(), hr::kOk);
  ASSERT_EQ(second.value->SetNotifyInterface(), hr::kOk);
  ASSERT_EQ(first->AddFile(ContentUrl(11, 10), OpenFolder() + "/last.bin"), hr::kOk);
  ASSERT_EQ(first->Resume(), hr::kOk);
  EXPECT_EQ(second.value->WaitForNotification(JobEvent::kTransferred, 1min).value.size(), 1u);
  EXPECT_TRUE(first->WaitForNotification(JobEvent::kTransferred, 1s).value.empty());

  auto removed = CreateJob(runner);
  ASSERT_EQ(removed->SetNotifyInterface(), hr::kOk);
  ASSERT_EQ(removed->RemoveNotifyInterface(), hr::kOk);
  ASSERT_EQ(removed->AddFile(ContentUrl(12, 10), OpenFolder() + "/removed.bin"), hr::kOk);
  ASSERT_EQ(removed->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*removed).state, JobState::kTransferred);
  EXPECT_TRUE(removed->WaitForNotification(JobEvent::kTransferred, 1min).value.empty());
}

TEST_F(ModelTest, LateRegistrationHearsAnEventThatAlreadyHappened) {
  auto job = CreateJob(Make().CurrentCaller());
  ASSERT_EQ(job->AddFile(ContentUrl(13, 10), OpenFolder() + "/late.bin"), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kTransferred);
  ASSERT_EQ(job->SetNotifyInterface(), hr::kOk);
  EXPECT_EQ(Count(job->WaitForNotification(JobEvent::kTransferred, 0ms).value,
                  JobEvent::kTransferred),
            1u);
  ASSERT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(job->SetNotifyInterface(), hr::kInvalidState);
}

TEST_F(ModelTest, ACallerThatLoggedOffHearsNothingMore) {
  Make();
  const Principal user = Provision(PrincipalKind::kStandardUser);
  auto session = LogOn(user);
  auto job = CreateJob(*session);
  ASSERT_EQ(job->AddFile(ContentUrl(14, 10), OpenFolder() + "/gone.bin"), hr::kOk);
  ASSERT_EQ(job->SetNotifyInterface(), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(target_->LogOff(*session), hr::kOk);
  auto again = LogOn(user);
  auto reopened = again->OpenJob(job->Id());
  ASSERT_EQ(reopened.hr, hr::kOk);
  ASSERT_EQ(WaitFinished(*reopened.value).state, JobState::kTransferred);
  EXPECT_TRUE(job->WaitForNotification(JobEvent::kTransferred, 1s).value.empty());
}

TEST_F(ModelTest, AtMostFourBlockedCallbacksPerUserAreInFlight) {
  auto& runner = Make().CurrentCaller();
  const Principal other = Provision(PrincipalKind::kStandardUser);
  auto other_caller = LogOn(other);
  std::vector<std::unique_ptr<Job>> jobs;
  for (std::uint64_t i = 0; i < 6; ++i) {
    Caller& owner = i < 5 ? runner : *other_caller;
    jobs.push_back(CreateJob(owner));
    ASSERT_EQ(jobs.back()->SetBlockingNotifyInterface(), hr::kOk);
    ASSERT_EQ(jobs.back()->AddFile(ContentUrl(60 + i, 10), OpenFolder() + "/cb.bin"), hr::kOk);
    ASSERT_EQ(jobs.back()->Resume(), hr::kOk);
  }
  const auto heard = [](Job& job) {
    return !job.WaitForNotification(JobEvent::kTransferred, 1min).value.empty();
  };
  int runners = 0;
  for (std::size_t i = 0; i < 5; ++i) runners += heard(*jobs[i]) ? 1 : 0;
  EXPECT_EQ(runners, 4);
  EXPECT_TRUE(heard(*jobs[5])) << "another user's callbacks have their own four";
  ASSERT_EQ(target_->ReleaseCallbacks(), hr::kOk);
  for (auto& job : jobs) EXPECT_TRUE(heard(*job));
}

TEST_F(ModelTest, CallbacksThatReturnLeaveTheirSlotFree) {
  auto& runner = Make().CurrentCaller();
  for (std::uint64_t i = 0; i < 6; ++i) {
    auto job = CreateJob(runner);
    ASSERT_EQ(job->SetNotifyInterface(), hr::kOk);
    ASSERT_EQ(job->AddFile(ContentUrl(70 + i, 10), OpenFolder() + "/cb.bin"), hr::kOk);
    ASSERT_EQ(job->Resume(), hr::kOk);
    EXPECT_FALSE(job->WaitForNotification(JobEvent::kTransferred, 1min).value.empty());
  }
}

class ApartmentTest : public ModelTest {
 protected:
  // Logs a standard user on in a single-threaded apartment and runs a job of theirs, with a
  // notify interface registered, to TRANSFERRED.
  void RunJobOfSingleThreadedCaller(std::uint64_t seed) {
    Make();
    CallerSettings settings;
    settings.apartment = Apartment::kSingleThreaded;
    session_ = LogOn(Provision(PrincipalKind::kStandardUser), settings);
    job_ = CreateJob(*session_);
    ASSERT_EQ(job_->SetNotifyInterface(), hr::kOk);
    ASSERT_EQ(job_->AddFile(ContentUrl(seed, 10),
                            OpenFolder() + "/sta-" + std::to_string(seed) + ".bin"),
              hr::kOk);
    ASSERT_EQ(job_->Resume(), hr::kOk);
    ASSERT_TRUE(WaitFinished(*job_).reached);
  }

  std::unique_ptr<Caller> session_;
  std::unique_ptr<Job> job_;
};

TEST_F(ApartmentTest, ASingleThreadedCallerHearsOnlyWhenItPumps) {
  ASSERT_NO_FATAL_FAILURE(RunJobOfSingleThreadedCaller(40));
  EXPECT_TRUE(job_->WaitForNotification(JobEvent::kTransferred, 1h).value.empty())
      << "no pump, no call";
  ASSERT_EQ(Control<ApartmentControl>().PumpMessages(*session_), hr::kOk);
  const auto received = job_->WaitForNotification(JobEvent::kTransferred, 0ms).value;
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].event, JobEvent::kTransferred);
  EXPECT_EQ(Control<ApartmentControl>().PumpMessages(*session_), hr::kOk)
      << "an empty queue is no error";
  EXPECT_EQ(job_->WaitForNotification(JobEvent::kTransferred, 0ms).value.size(), 1u)
      << "delivered once";
}

TEST_F(ApartmentTest, CallsWaitingForALoggedOffThreadAreLost) {
  ASSERT_NO_FATAL_FAILURE(RunJobOfSingleThreadedCaller(41));
  ASSERT_EQ(target_->LogOff(*session_), hr::kOk);
  EXPECT_EQ(Control<ApartmentControl>().PumpMessages(*session_), hr::kNotLoggedOn);
  EXPECT_TRUE(job_->WaitForNotification(JobEvent::kTransferred, 1h).value.empty());
}

TEST_F(ModelTest, AMultithreadedCallerNeedsNoPump) {
  auto& runner = Make().CurrentCaller();
  auto job = CreateJob(runner);
  ASSERT_EQ(job->SetNotifyInterface(), hr::kOk);
  ASSERT_EQ(job->AddFile(ContentUrl(42, 10), OpenFolder() + "/mta.bin"), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  EXPECT_EQ(job->WaitForNotification(JobEvent::kTransferred, 1h).value.size(), 1u);
  EXPECT_EQ(Control<ApartmentControl>().PumpMessages(runner), hr::kOk)
      << "nothing waits, nothing to dispatch";
}

}  // namespace
}  // namespace bitscts::model
