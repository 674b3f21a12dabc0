// Notifications: the notify flags and the IBackgroundCopyCallback calls BITS makes to the
// interface a client registers (JOB-CB, JOB-RETRY-4).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/fault.h"
#include "bitscts/scenario.h"
#include "token_steps.h"

namespace bitscts {
namespace {

constexpr const char* kSetNotifyFlagsDoc =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-setnotifyflags";
constexpr const char* kSetNotifyInterfaceDoc =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-setnotifyinterface";
constexpr const char* kJobErrorDoc =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopycallback-joberror";
constexpr std::uint64_t kSize = 4096;
// How long a scenario listens for a call that should not come, and for one that should.
constexpr std::chrono::seconds kQuietPeriod{5};
constexpr std::chrono::seconds kCallDeadline{60};

// Returns how many of `received` are `event`.
int Count(const std::vector<Notification>& received, JobEvent event) {
  int count = 0;
  for (const Notification& notification : received) count += notification.event == event ? 1 : 0;
  return count;
}

// Reads the job's notify flags; ends the scenario as unsupported if the target offers none.
std::uint32_t NotifyFlagsOf(Scenario& s, Job& job) {
  const auto flags = job.NotifyFlags();
  s.RequireImplemented(Feature::kNotifications, flags.hr, "GetNotifyFlags");
  EXPECT_EQ(flags.hr, hr::kOk);
  return flags.value;
}

// Registers the recording interface on `job`; ends the scenario as unsupported if the target
// offers none.
void Listen(Scenario& s, Job& job) {
  const HResult registered = job.SetNotifyInterface();
  s.RequireImplemented(Feature::kNotifications, registered, "SetNotifyInterface");
  ASSERT_EQ(registered, hr::kOk);
}

// A new job asks for JobTransferred and JobError; bits BITS does not know are refused with
// E_NOTIMPL and change nothing; the file flags exist from BITS 3.0 and 10.1 on; a final job
// keeps its flags.
BITSCTS_SCENARIO(Notifications, FlagsDefaultAndUnknownBits,
                 {.clauses = {"JOB-CB-1", "JOB-STATE-9"}, .doc = kSetNotifyFlagsDoc}) {
  auto job = s.CreateJob(s.caller());
  constexpr std::uint32_t kDefault = notify::kJobTransferred | notify::kJobError;
  EXPECT_EQ(NotifyFlagsOf(s, *job), kDefault) << "got " << NotifyFlagsName(job->NotifyFlags().value);
  EXPECT_EQ(job->SetNotifyFlags(0x40), hr::kNotImpl);
  EXPECT_EQ(job->NotifyFlags().value, kDefault) << "a refused value is not stored";

  constexpr std::uint32_t kAll = notify::kJobTransferred | notify::kJobError | notify::kJobModification;
  EXPECT_EQ(job->SetNotifyFlags(kAll), hr::kOk);
  EXPECT_EQ(job->NotifyFlags().value, kAll);

  const std::uint32_t build = s.target().Description().os_build;
  const HResult file = job->SetNotifyFlags(notify::kFileTransferred);
  EXPECT_EQ(file, build >= steps::kBuildVista ? hr::kOk : hr::kNotImpl) << "BG_NOTIFY_FILE_TRANSFERRED, build " << build;
  const HResult ranges = job->SetNotifyFlags(notify::kFileRangesTransferred);
  EXPECT_EQ(ranges, build >= steps::kBuild1703 ? hr::kOk : hr::kNotImpl) << "BG_NOTIFY_FILE_RANGES_TRANSFERRED, build " << build;

  ASSERT_TRUE(job->Cancel().Succeeded());
  EXPECT_EQ(job->SetNotifyFlags(notify::kJobError), hr::kInvalidState);
}

// A registered interface hears JobTransferred once when the job's files are all transferred,
// and JobError, with the job's error, when a job enters ERROR.
BITSCTS_SCENARIO(Notifications, TransferredAndErrorAreDelivered,
                 {.clauses = {"JOB-CB-3", "JOB-CB-2"}, .doc = kJobErrorDoc, .needs = {Feature::kDownload}}) {
  auto done = s.CreateJob(s.caller());
  ASSERT_EQ(done->AddFile(s.ContentUrl(801, kSize), s.LocalPath("notified.bin")), hr::kOk);
  Listen(s, *done);
  ASSERT_EQ(done->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*done, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  const auto transferred = done->WaitForNotification(JobEvent::kTransferred, kCallDeadline);
  ASSERT_EQ(transferred.hr, hr::kOk);
  EXPECT_EQ(Count(transferred.value, JobEvent::kTransferred), 1);
  EXPECT_EQ(Count(transferred.value, JobEvent::kError), 0);
  EXPECT_EQ(done->Complete(), hr::kOk);

  auto failed = s.CreateJob(s.caller());
  ASSERT_EQ(failed->AddFile(s.server().Url("/missing/notified.bin"), s.LocalPath("missing.bin")), hr::kOk);
  ASSERT_EQ(failed->SetNoProgressTimeout(0), hr::kOk);
  Listen(s, *failed);
  ASSERT_EQ(failed->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*failed, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const auto errored = failed->WaitForNotification(JobEvent::kError, kCallDeadline);
  ASSERT_EQ(errored.hr, hr::kOk);
  ASSERT_EQ(Count(errored.value, JobEvent::kError), 1);
  for (const Notification& notification : errored.value) {
    if (notification.event != JobEvent::kError) continue;
    ASSERT_TRUE(notification.error.has_value()) << "JobError passes the job's error";
    EXPECT_EQ(notification.error->code, hr::kHttpError404);
    EXPECT_EQ(notification.error->context, ErrorContext::kRemoteFile);
  }
}

// A transient error calls no JobError: the job waits in TRANSIENT_ERROR silently, and once it is
// retried and finishes only JobTransferred comes.
BITSCTS_SCENARIO(Notifications, TransientErrorsCallNoJobError,
                 {.clauses = {"JOB-RETRY-4", "JOB-CB-3"}, .doc = kJobErrorDoc, .needs = {Feature::kDownload}}) {
  fakeserver::Fault unavailable;
  unavailable.status = 503;
  unavailable.times = 1;
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(s.server().Url(fakeserver::FaultPath(unavailable, fakeserver::ContentPath(802, kSize))),
                         s.LocalPath("transient.bin")),
            hr::kOk);
  Listen(s, *job);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransientError, JobState::kError, JobState::kTransferred}),
            JobState::kTransientError);
  EXPECT_EQ(Count(job->WaitForNotification(JobEvent::kError, kQuietPeriod).value, JobEvent::kError), 0)
      << "no JobError while the job waits in TRANSIENT_ERROR";

  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  const auto received = job->WaitForNotification(JobEvent::kTransferred, kCallDeadline);
  EXPECT_EQ(Count(received.value, JobEvent::kTransferred), 1);
  EXPECT_EQ(Count(received.value, JobEvent::kError), 0);
  EXPECT_EQ(job->Complete(), hr::kOk);
}

// In a single-threaded apartment a callback is a message for the thread that registered it: it
// waits in that thread's queue, however long, until the thread pumps its messages. The quiet
// period gives BITS time to post it, so the pump finds it there.
BITSCTS_SCENARIO(Notifications, SingleThreadedCallerHearsWhenItPumps,
                 {.clauses = {"JOB-CB-6", "JOB-CB-3"},
                  .doc = kSetNotifyInterfaceDoc,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  CallerSettings single_threaded;
  single_threaded.apartment = Apartment::kSingleThreaded;
  Caller& client = s.LogOn(user, single_threaded);
  auto job = s.CreateJob(client);
  ASSERT_EQ(job->AddFile(s.ContentUrl(806, kSize), s.LocalPath("apartment.bin")), hr::kOk);
  Listen(s, *job);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(Count(job->WaitForNotification(JobEvent::kTransferred, kQuietPeriod).value, JobEvent::kTransferred), 0)
      << "no call reaches a single-threaded apartment whose thread pumps no messages";

  const HResult pumped = client.PumpMessages();
  s.RequireImplemented(Feature::kApartments, pumped, "PumpMessages");
  ASSERT_EQ(pumped, hr::kOk);
  const auto received = job->WaitForNotification(JobEvent::kTransferred, kCallDeadline);
  ASSERT_EQ(received.hr, hr::kOk);
  EXPECT_EQ(Count(received.value, JobEvent::kTransferred), 1) << "the message loop dispatched JobTransferred";
  EXPECT_EQ(job->Complete(), hr::kOk);
}

// The flags choose the calls: without BG_NOTIFY_JOB_TRANSFERRED there is no JobTransferred, and
// BG_NOTIFY_DISABLE silences the interface whatever else is set.
BITSCTS_SCENARIO(Notifications, FlagsChooseTheCalls,
                 {.clauses = {"JOB-CB-1", "JOB-CB-3"}, .doc = kSetNotifyFlagsDoc, .needs = {Feature::kDownload}}) {
  const std::uint32_t settings[] = {notify::kJobError, notify::kDisable | notify::kJobTransferred | notify::kJobError};
  std::uint64_t seed = 803;
  for (const std::uint32_t flags : settings) {
    auto job = s.CreateJob(s.caller());
    NotifyFlagsOf(s, *job);
    ASSERT_EQ(job->SetNotifyFlags(flags), hr::kOk) << NotifyFlagsName(flags);
    ASSERT_EQ(job->AddFile(s.ContentUrl(seed, kSize), s.LocalPath("quiet.bin")), hr::kOk);
    ++seed;
    Listen(s, *job);
    ASSERT_EQ(job->Resume(), hr::kOk);
    ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
    const auto received = job->WaitForNotification(JobEvent::kTransferred, kQuietPeriod);
    EXPECT_TRUE(received.value.empty()) << "flags " << NotifyFlagsName(flags) << " yet the interface heard "
                                        << received.value.size() << " call(s)";
    EXPECT_EQ(job->Complete(), hr::kOk);
  }
}

// The last SetNotifyInterface wins: of two registrations on one job only the later hears the
// job; a NULL interface removes the registration.
BITSCTS_SCENARIO(Notifications, LastRegistrationWinsAndNullRemoves,
                 {.clauses = {"JOB-CB-2"}, .doc = kSetNotifyInterfaceDoc, .needs = {Feature::kDownload}}) {
  auto first = s.CreateJob(s.caller());
  Listen(s, *first);
  auto second = s.caller().OpenJob(first->Id());
  ASSERT_EQ(second.hr, hr::kOk);
  Listen(s, *second.value);
  ASSERT_EQ(first->AddFile(s.ContentUrl(805, kSize), s.LocalPath("last.bin")), hr::kOk);
  ASSERT_EQ(first->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*first, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(Count(second.value->WaitForNotification(JobEvent::kTransferred, kCallDeadline).value, JobEvent::kTransferred), 1);
  EXPECT_TRUE(first->WaitForNotification(JobEvent::kTransferred, kQuietPeriod).value.empty())
      << "the first registration was replaced";
  EXPECT_EQ(first->Complete(), hr::kOk);

  auto removed = s.CreateJob(s.caller());
  Listen(s, *removed);
  ASSERT_EQ(removed->RemoveNotifyInterface(), hr::kOk);
  ASSERT_EQ(removed->AddFile(s.ContentUrl(806, kSize), s.LocalPath("removed.bin")), hr::kOk);
  ASSERT_EQ(removed->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*removed, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_TRUE(removed->WaitForNotification(JobEvent::kTransferred, kQuietPeriod).value.empty())
      << "SetNotifyInterface(NULL) removed the interface";
  EXPECT_EQ(removed->Complete(), hr::kOk);
}

// An interface registered after the job transferred still hears JobTransferred; after Complete
// the job is final and takes no interface.
BITSCTS_SCENARIO(Notifications, LateRegistrationHearsPastEvent,
                 {.clauses = {"JOB-CB-2", "JOB-STATE-9"}, .doc = kSetNotifyInterfaceDoc, .needs = {Feature::kDownload}}) {
  auto job = s.CreateJob(s.caller());
  NotifyFlagsOf(s, *job);
  ASSERT_EQ(job->AddFile(s.ContentUrl(807, kSize), s.LocalPath("late.bin")), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  Listen(s, *job);
  EXPECT_EQ(Count(job->WaitForNotification(JobEvent::kTransferred, kCallDeadline).value, JobEvent::kTransferred), 1);
  ASSERT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(job->SetNotifyInterface(), hr::kInvalidState);
}

// After an administrator takes the job over, the interface a standard user registered still
// hears the job, and BITS calls it as that user.
BITSCTS_SCENARIO(Notifications, CallbackRunsAsTheRegisteringUser,
                 {.clauses = {"JOB-CB-5", "JOB-OWN-7"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-takeownership",
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  Caller& user_session = s.LogOn(user);
  auto job = s.CreateJob(user_session);
  ASSERT_EQ(job->AddFile(s.ContentUrl(808, kSize), s.LocalPath("taken.bin")), hr::kOk);
  Listen(s, *job);

  Caller& administrator = s.LogOn(admin);
  auto taken = administrator.OpenJob(job->Id());
  ASSERT_EQ(taken.hr, hr::kOk);
  const HResult took = taken.value->TakeOwnership();
  s.RequireImplemented(Feature::kOwnership, took, "TakeOwnership");
  ASSERT_EQ(took, hr::kOk);
  ASSERT_EQ(taken.value->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*taken.value, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);

  const auto received = job->WaitForNotification(JobEvent::kTransferred, kCallDeadline);
  ASSERT_EQ(Count(received.value, JobEvent::kTransferred), 1) << "the user's interface survives the change of owner";
  for (const Notification& notification : received.value) {
    if (!notification.caller_sid.empty()) {
      EXPECT_EQ(notification.caller_sid, user.sid) << "the callback runs as the user who registered it";
    }
  }
  EXPECT_EQ(taken.value->Complete(), hr::kOk);
}

// At most four notifications per user are in flight: while four callbacks of the runner block,
// a fifth job's JobTransferred waits, and it arrives once they return.
BITSCTS_SCENARIO(Notifications, FourCallbacksInFlightPerUser,
                 {.clauses = {"JOB-CB-4"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nn-bits-ibackgroundcopycallback",
                  .needs = {Feature::kDownload}}) {
  constexpr std::uint64_t kJobs = 5;
  constexpr std::uint64_t kFirstSeed = 720;
  std::vector<std::unique_ptr<Job>> jobs;
  for (std::uint64_t i = 0; i < kJobs; ++i) {
    jobs.push_back(s.CreateJob(s.caller()));
    Job& job = *jobs.back();
    s.RequireImplemented(Feature::kNotifications, job.SetBlockingNotifyInterface(), "SetBlockingNotifyInterface");
    ASSERT_EQ(job.SetNotifyFlags(notify::kJobTransferred), hr::kOk);
    ASSERT_EQ(job.AddFile(s.ContentUrl(kFirstSeed + i, kSize), s.LocalPath("in-flight.bin")), hr::kOk);
    ASSERT_EQ(job.Resume(), hr::kOk);
  }
  for (auto& job : jobs) ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);

  const auto heard = [](Job& job, std::chrono::milliseconds timeout) {
    const auto received = job.WaitForNotification(JobEvent::kTransferred, timeout);
    for (const Notification& notification : received.value) {
      if (notification.event == JobEvent::kTransferred) return true;
    }
    return false;
  };
  int delivered = 0;
  for (auto& job : jobs) delivered += heard(*job, std::chrono::seconds(5)) ? 1 : 0;
  EXPECT_EQ(delivered, 4) << "four blocked callbacks hold the fifth back";
  s.ReleaseCallbacks();
  for (auto& job : jobs) {
    EXPECT_TRUE(heard(*job, std::chrono::seconds(30))) << "every JobTransferred arrives once the callbacks return";
    EXPECT_EQ(job->Complete(), hr::kOk);
  }
}

}  // namespace
}  // namespace bitscts
