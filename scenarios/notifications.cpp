// Notifications: the notify flags and the IBackgroundCopyCallback calls BITS makes to the
// interface a client registers (JOB-CB, JOB-RETRY-4).
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bitscts/fakeserver/fault.h"
#include "bitscts/scenario.h"
#include "bitscts/windows_build.h"
#include "docs.h"
#include "steps/access_rules.h"
#include "steps/callbacks.h"
#include "steps/helper_token.h"
#include "steps/ownership.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

constexpr std::uint64_t kSize = 4096;
// How long a scenario listens for a call that should not come, and for one that should.
constexpr std::chrono::seconds kQuietPeriod{5};
constexpr std::chrono::seconds kCallDeadline{60};

// Reads the job's notify flags, expecting GetNotifyFlags to succeed.
std::uint32_t NotifyFlagsOf(Job& job) {
  const auto flags = job.NotifyFlags();
  EXPECT_EQ(flags.hr, hr::kOk);
  return flags.value;
}

// Registers the recording interface on `job`, whose usage flags need a helper token it does not
// have, and runs the job to its end without retries (`*ended`: the state it ended in). `*heard`
// is every call the interface received once a JobError arrived (or the deadline passed) and a
// quiet period followed, so that a second JobError would be among them.
void RunListening(Scenario& s, Job& job, JobState* ended, std::vector<Notification>* heard) {
  ASSERT_NO_FATAL_FAILURE(steps::Listen(job));
  *ended = steps::RunToEndWithoutRetries(s, job);
  const auto first = job.WaitForNotification(JobEvent::kError, kCallDeadline);
  ASSERT_EQ(first.hr, hr::kOk);
  const auto settled = job.WaitForNotification(JobEvent::kTransferred, kQuietPeriod);
  ASSERT_EQ(settled.hr, hr::kOk);
  *heard = settled.value;
}

// Returns the codes the JobError calls of `heard` passed ("none" for a call without an error).
std::string ErrorCodesOf(const std::vector<Notification>& heard) {
  std::string codes;
  for (const Notification& notification : heard) {
    if (notification.event != JobEvent::kError) continue;
    codes += (codes.empty() ? "" : ", ") +
             (notification.error ? notification.error->code.ToString() : std::string("none"));
  }
  return codes.empty() ? "no JobError" : codes;
}

// A new job asks for JobTransferred and JobError; bits BITS does not know are refused with
// E_NOTIMPL and change nothing; the file flags exist from BITS 3.0 and 10.1 on; a final job
// keeps its flags.
BITSCTS_SCENARIO(Notifications, FlagsDefaultAndUnknownBits,
                 {.clauses = {"JOB-CB-1", "JOB-STATE-9"}, .doc = docs::kSetNotifyFlags}) {
  auto job = s.CreateJob(s.caller());
  constexpr std::uint32_t kDefault = notify::kJobTransferred | notify::kJobError;
  const std::uint32_t defaults = NotifyFlagsOf(*job);
  BITSCTS_PROVES("JOB-CB-1") EXPECT_EQ(defaults, kDefault) << "got " << NotifyFlagsName(defaults);
  BITSCTS_PROVES("JOB-CB-1") EXPECT_EQ(job->SetNotifyFlags(0x40), hr::kNotImpl);
  const auto kept = job->NotifyFlags();
  ASSERT_EQ(kept.hr, hr::kOk);
  BITSCTS_PROVES("JOB-CB-1") EXPECT_EQ(kept.value, kDefault) << "a refused value is not stored";

  constexpr std::uint32_t kAll =
      notify::kJobTransferred | notify::kJobError | notify::kJobModification;
  BITSCTS_PROVES("JOB-CB-1") EXPECT_EQ(job->SetNotifyFlags(kAll), hr::kOk);
  const auto all = job->NotifyFlags();
  ASSERT_EQ(all.hr, hr::kOk);
  BITSCTS_PROVES("JOB-CB-1") EXPECT_EQ(all.value, kAll);

  const std::uint32_t build = s.target().Description().os_build;
  const HResult file = job->SetNotifyFlags(notify::kFileTransferred);
  BITSCTS_PROVES("JOB-CB-1")
    EXPECT_EQ(file, build >= builds::kVista ? hr::kOk : hr::kNotImpl)
        << "BG_NOTIFY_FILE_TRANSFERRED, build " << build;
  const HResult ranges = job->SetNotifyFlags(notify::kFileRangesTransferred);
  BITSCTS_PROVES("JOB-CB-1")
    EXPECT_EQ(ranges, build >= builds::kWindows1703 ? hr::kOk : hr::kNotImpl)
        << "BG_NOTIFY_FILE_RANGES_TRANSFERRED, build " << build;

  ASSERT_TRUE(job->Cancel().Succeeded());
  BITSCTS_PROVES("JOB-CB-1", "JOB-STATE-9")
    EXPECT_EQ(job->SetNotifyFlags(notify::kJobError), hr::kInvalidState);
}

// A registered interface hears JobTransferred once when the job's files are all transferred,
// and JobError, with the job's error, when a job enters ERROR.
BITSCTS_SCENARIO(Notifications, TransferredAndErrorAreDelivered,
                 {.clauses = {"JOB-CB-3", "JOB-CB-2"},
                  .doc = docs::kJobError,
                  .needs = {Feature::kDownload}}) {
  auto done = s.CreateJob(s.caller());
  ASSERT_EQ(done->AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("notified.bin")), hr::kOk);
  ASSERT_NO_FATAL_FAILURE(steps::Listen(*done));
  ASSERT_EQ(steps::RunToEnd(s, *done), JobState::kTransferred);
  const auto transferred = done->WaitForNotification(JobEvent::kTransferred, kCallDeadline);
  ASSERT_EQ(transferred.hr, hr::kOk);
  BITSCTS_PROVES("JOB-CB-3", "JOB-CB-2")
    EXPECT_EQ(steps::Count(transferred.value, JobEvent::kTransferred), 1)
        << "the registered interface hears JobTransferred once";
  BITSCTS_PROVES("JOB-CB-3") EXPECT_EQ(steps::Count(transferred.value, JobEvent::kError), 0);
  EXPECT_EQ(done->Complete(), hr::kOk);

  auto failed = s.CreateJob(s.caller());
  ASSERT_EQ(failed->AddFile(s.server().Url("/missing/notified.bin"), s.LocalPath("missing.bin")),
            hr::kOk);
  ASSERT_NO_FATAL_FAILURE(steps::Listen(*failed));
  ASSERT_EQ(steps::RunToEndWithoutRetries(s, *failed), JobState::kError);
  const auto errored = failed->WaitForNotification(JobEvent::kError, kCallDeadline);
  ASSERT_EQ(errored.hr, hr::kOk);
  BITSCTS_PROVES("JOB-CB-3")
    ASSERT_EQ(steps::Count(errored.value, JobEvent::kError), 1) << "the job entered ERROR";
  for (const Notification& notification : errored.value) {
    if (notification.event != JobEvent::kError) continue;
    ASSERT_TRUE(notification.error.has_value()) << "JobError passes the job's error";
    BITSCTS_PROVES("JOB-CB-3") EXPECT_EQ(notification.error->code, hr::kHttpError404);
    EXPECT_EQ(notification.error->context, ErrorContext::kRemoteFile);
  }
}

// A transient error calls no JobError: the job waits in TRANSIENT_ERROR silently, and once it is
// retried and finishes only JobTransferred comes.
BITSCTS_SCENARIO(Notifications, TransientErrorsCallNoJobError,
                 {.clauses = {"JOB-RETRY-4", "JOB-CB-3"},
                  .doc = docs::kJobError,
                  .needs = {Feature::kDownload}}) {
  fakeserver::Fault unavailable;
  unavailable.status = 503;
  unavailable.times = 1;
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(s.server().Url(
                             fakeserver::FaultPath(unavailable, s.NewContent(kSize).path())),
                         s.LocalPath("transient.bin")),
            hr::kOk);
  ASSERT_NO_FATAL_FAILURE(steps::Listen(*job));
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job,
                         {JobState::kTransientError, JobState::kError, JobState::kTransferred}),
            JobState::kTransientError);
  const auto quiet = job->WaitForNotification(JobEvent::kError, kQuietPeriod);
  ASSERT_EQ(quiet.hr, hr::kOk);
  BITSCTS_PROVES("JOB-RETRY-4")
    EXPECT_EQ(steps::Count(quiet.value, JobEvent::kError), 0)
        << "no JobError while the job waits in TRANSIENT_ERROR";

  ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred);
  const auto received = job->WaitForNotification(JobEvent::kTransferred, kCallDeadline);
  ASSERT_EQ(received.hr, hr::kOk);
  BITSCTS_PROVES("JOB-CB-3")
    EXPECT_EQ(steps::Count(received.value, JobEvent::kTransferred), 1)
        << "the same interface hears JobTransferred";
  BITSCTS_PROVES("JOB-RETRY-4") EXPECT_EQ(steps::Count(received.value, JobEvent::kError), 0);
  EXPECT_EQ(job->Complete(), hr::kOk);
}

// In a single-threaded apartment a callback is a message for the thread that registered it: it
// waits in that thread's queue, however long, until the thread pumps its messages. The quiet
// period gives BITS time to post it, so the pump finds it there.
BITSCTS_SCENARIO(Notifications, SingleThreadedCallerHearsWhenItPumps,
                 {.clauses = {"JOB-CB-6", "JOB-CB-3"},
                  .doc = docs::kSetNotifyInterface,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities,
                            ApartmentControl::kFeature}}) {
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  CallerSettings single_threaded;
  single_threaded.apartment = Apartment::kSingleThreaded;
  Caller& client = s.LogOn(user, single_threaded);
  auto job = s.CreateJob(client);
  ASSERT_EQ(job->AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("apartment.bin")), hr::kOk);
  ASSERT_NO_FATAL_FAILURE(steps::Listen(*job));
  ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred);
  const auto before_pump = job->WaitForNotification(JobEvent::kTransferred, kQuietPeriod);
  ASSERT_EQ(before_pump.hr, hr::kOk);
  BITSCTS_PROVES("JOB-CB-6")
    EXPECT_EQ(steps::Count(before_pump.value, JobEvent::kTransferred), 0)
        << "no call reaches a single-threaded apartment whose thread pumps no messages";

  s.PumpMessages(client);
  const auto received = job->WaitForNotification(JobEvent::kTransferred, kCallDeadline);
  ASSERT_EQ(received.hr, hr::kOk);
  BITSCTS_PROVES("JOB-CB-6", "JOB-CB-3")
    EXPECT_EQ(steps::Count(received.value, JobEvent::kTransferred), 1)
        << "the message loop dispatched JobTransferred";
  EXPECT_EQ(job->Complete(), hr::kOk);
}

// The flags choose the calls: with BG_NOTIFY_JOB_TRANSFERRED alone a finished job calls
// JobTransferred, with BG_NOTIFY_JOB_ERROR alone a failed job calls JobError and a finished one
// calls nothing, and BG_NOTIFY_DISABLE silences the interface whatever else is set.
BITSCTS_SCENARIO(Notifications, FlagsChooseTheCalls,
                 {.clauses = {"JOB-CB-1", "JOB-CB-3"},
                  .doc = docs::kSetNotifyFlags,
                  .needs = {Feature::kDownload}}) {
  struct Case {
    std::uint32_t flags;
    bool fails;                     // the job's file is missing, so the job ends in ERROR
    std::optional<JobEvent> heard;  // the one call the flags allow, if any
  };
  const Case cases[] = {
      {notify::kJobTransferred, false, JobEvent::kTransferred},
      {notify::kJobError, true, JobEvent::kError},
      {notify::kJobError, false, std::nullopt},
      {notify::kDisable | notify::kJobTransferred | notify::kJobError, false, std::nullopt},
  };
  for (const Case& tried : cases) {
    SCOPED_TRACE(NotifyFlagsName(tried.flags) +
                 (tried.fails ? ", failing job" : ", finishing job"));
    auto job = s.CreateJob(s.caller());
    NotifyFlagsOf(*job);
    ASSERT_EQ(job->SetNotifyFlags(tried.flags), hr::kOk);
    const Content content = s.NewContent(kSize);
    const std::string url =
        tried.fails ? s.server().Url("/missing/flags-" + std::to_string(content.seed) + ".bin")
                    : s.ContentUrl(content);
    ASSERT_EQ(job->AddFile(url, s.LocalPath("flags.bin")), hr::kOk);
    ASSERT_NO_FATAL_FAILURE(steps::Listen(*job));
    ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job),
              tried.fails ? JobState::kError : JobState::kTransferred);
    const auto received = tried.heard
                              ? job->WaitForNotification(*tried.heard, kCallDeadline)
                              : job->WaitForNotification(JobEvent::kTransferred, kQuietPeriod);
    ASSERT_EQ(received.hr, hr::kOk);
    if (tried.heard) {
      BITSCTS_PROVES("JOB-CB-1", "JOB-CB-3")
        EXPECT_EQ(steps::Count(received.value, *tried.heard), 1)
            << "the call the flags allow arrives";
      BITSCTS_PROVES("JOB-CB-1") EXPECT_EQ(received.value.size(), 1u) << "and no other";
    } else {
      BITSCTS_PROVES("JOB-CB-1")
        EXPECT_TRUE(received.value.empty())
            << "the interface heard " << received.value.size() << " call(s)";
    }
    if (!tried.fails) {
      EXPECT_EQ(job->Complete(), hr::kOk);
    }
  }
}

// The last SetNotifyInterface wins: of two registrations on one job only the later hears the
// job; a NULL interface removes the registration.
BITSCTS_SCENARIO(Notifications, LastRegistrationWinsAndNullRemoves,
                 {.clauses = {"JOB-CB-2"},
                  .doc = docs::kSetNotifyInterface,
                  .needs = {Feature::kDownload}}) {
  auto first = s.CreateJob(s.caller());
  ASSERT_NO_FATAL_FAILURE(steps::Listen(*first));
  auto second = s.caller().OpenJob(first->Id());
  ASSERT_EQ(second.hr, hr::kOk);
  ASSERT_NO_FATAL_FAILURE(steps::Listen(*second.value));
  ASSERT_EQ(first->AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("last.bin")), hr::kOk);
  ASSERT_EQ(steps::RunToEnd(s, *first), JobState::kTransferred);
  const auto later = second.value->WaitForNotification(JobEvent::kTransferred, kCallDeadline);
  ASSERT_EQ(later.hr, hr::kOk);
  BITSCTS_PROVES("JOB-CB-2")
    EXPECT_EQ(steps::Count(later.value, JobEvent::kTransferred), 1)
        << "the later registration hears the job";
  const auto earlier = first->WaitForNotification(JobEvent::kTransferred, kQuietPeriod);
  ASSERT_EQ(earlier.hr, hr::kOk);
  BITSCTS_PROVES("JOB-CB-2")
    EXPECT_TRUE(earlier.value.empty()) << "the first registration was replaced";
  EXPECT_EQ(first->Complete(), hr::kOk);

  auto removed = s.CreateJob(s.caller());
  ASSERT_NO_FATAL_FAILURE(steps::Listen(*removed));
  BITSCTS_PROVES("JOB-CB-2") ASSERT_EQ(removed->RemoveNotifyInterface(), hr::kOk);
  ASSERT_EQ(removed->AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("removed.bin")),
            hr::kOk);
  ASSERT_EQ(steps::RunToEnd(s, *removed), JobState::kTransferred);
  const auto silent = removed->WaitForNotification(JobEvent::kTransferred, kQuietPeriod);
  ASSERT_EQ(silent.hr, hr::kOk);
  BITSCTS_PROVES("JOB-CB-2")
    EXPECT_TRUE(silent.value.empty()) << "SetNotifyInterface(NULL) removed the interface";
  EXPECT_EQ(removed->Complete(), hr::kOk);
}

// An interface registered after the job transferred still hears JobTransferred; after Complete
// the job is final and takes no interface.
BITSCTS_SCENARIO(Notifications, LateRegistrationHearsPastEvent,
                 {.clauses = {"JOB-CB-2", "JOB-STATE-9"},
                  .doc = docs::kSetNotifyInterface,
                  .needs = {Feature::kDownload}}) {
  auto job = s.CreateJob(s.caller());
  NotifyFlagsOf(*job);
  ASSERT_EQ(job->AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("late.bin")), hr::kOk);
  ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred);
  ASSERT_NO_FATAL_FAILURE(steps::Listen(*job));
  const auto received = job->WaitForNotification(JobEvent::kTransferred, kCallDeadline);
  ASSERT_EQ(received.hr, hr::kOk);
  BITSCTS_PROVES("JOB-CB-2")
    EXPECT_EQ(steps::Count(received.value, JobEvent::kTransferred), 1)
        << "the interface hears an event of the past";
  ASSERT_EQ(job->Complete(), hr::kOk);
  BITSCTS_PROVES("JOB-STATE-9") EXPECT_EQ(job->SetNotifyInterface(), hr::kInvalidState);
}

// After an administrator takes the job over, the interface a standard user registered still
// hears the job, and BITS calls it as that user. Every target reports the identity of a call (the
// com target reads the token of the thread serving it); an empty identity fails JOB-CB-5.
BITSCTS_SCENARIO(Notifications, CallbackRunsAsTheRegisteringUser,
                 {.clauses = {"JOB-CB-5", "JOB-OWN-7"},
                  .doc = docs::kTakeOwnership,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  Caller& user_session = s.LogOn(user);
  auto job = s.CreateJob(user_session);
  ASSERT_EQ(job->AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("taken.bin")), hr::kOk);
  ASSERT_NO_FATAL_FAILURE(steps::Listen(*job));

  Caller& administrator = s.LogOn(admin);
  auto taken = administrator.OpenJob(job->Id());
  ASSERT_EQ(taken.hr, hr::kOk);
  BITSCTS_PROVES("JOB-OWN-7") ASSERT_EQ(steps::TakeOwnership(*taken.value), hr::kOk);
  BITSCTS_PROVES("JOB-OWN-7")
    EXPECT_EQ(steps::OwnerOf(*taken.value), admin.sid)
        << "TakeOwnership makes the caller the owner";
  ASSERT_EQ(steps::RunToEnd(s, *taken.value), JobState::kTransferred);

  const auto received = job->WaitForNotification(JobEvent::kTransferred, kCallDeadline);
  ASSERT_EQ(received.hr, hr::kOk);
  ASSERT_EQ(steps::Count(received.value, JobEvent::kTransferred), 1)
      << "the user's interface survives the change of owner";
  EXPECT_EQ(taken.value->Complete(), hr::kOk);
  for (const Notification& notification : received.value) {
    BITSCTS_PROVES("JOB-CB-5")
      ASSERT_FALSE(notification.caller_sid.empty())
          << "every target reports the identity a callback runs as";
    BITSCTS_PROVES("JOB-CB-5")
      EXPECT_EQ(notification.caller_sid, user.sid)
          << "the callback runs as the user who registered it";
  }
}

// At most four notifications per user are in flight: while four callbacks of the runner block,
// a fifth job's JobTransferred waits, and it arrives once they return.
BITSCTS_SCENARIO(Notifications, FourCallbacksInFlightPerUser,
                 {.clauses = {"JOB-CB-4"}, .doc = docs::kCallback, .needs = {Feature::kDownload}}) {
  constexpr std::uint64_t kJobs = 5;
  std::vector<std::unique_ptr<Job>> jobs;
  for (std::uint64_t i = 0; i < kJobs; ++i) {
    jobs.push_back(s.CreateJob(s.caller()));
    Job& job = *jobs.back();
    ASSERT_EQ(job.SetBlockingNotifyInterface(), hr::kOk);
    ASSERT_EQ(job.SetNotifyFlags(notify::kJobTransferred), hr::kOk);
    ASSERT_EQ(job.AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("in-flight.bin")),
              hr::kOk);
    ASSERT_EQ(job.Resume(), hr::kOk);
  }
  for (auto& job : jobs)
    ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}),
              JobState::kTransferred);

  const auto heard = [](Job& job, std::chrono::milliseconds timeout) {
    const auto received = job.WaitForNotification(JobEvent::kTransferred, timeout);
    EXPECT_EQ(received.hr, hr::kOk);
    return steps::Count(received.value, JobEvent::kTransferred) > 0;
  };
  int delivered = 0;
  for (auto& job : jobs) delivered += heard(*job, std::chrono::seconds(5)) ? 1 : 0;
  BITSCTS_PROVES("JOB-CB-4")
    EXPECT_EQ(delivered, 4) << "four blocked callbacks hold the fifth back";
  s.ReleaseCallbacks();
  for (auto& job : jobs) {
    BITSCTS_PROVES("JOB-CB-4")
      EXPECT_TRUE(heard(*job, std::chrono::seconds(30)))
          << "every JobTransferred arrives once the callbacks return";
    EXPECT_EQ(job->Complete(), hr::kOk);
  }
}

// A job of the runner with BG_TOKEN_LOCAL_FILE set and no helper token ever installed, resumed
// while its owner stays logged on, enters ERROR with BG_E_TOKEN_REQUIRED; the interface its owner
// registered (the default flags include BG_NOTIFY_JOB_ERROR) hears JobError exactly once, and the
// error it is passed is BG_E_TOKEN_REQUIRED.
BITSCTS_SCENARIO(Notifications, JobErrorForTokenNeverSet,
                 {.clauses = {"JOB-CB-3", "HT-FLAG-12"},
                  .doc = docs::kJobError,
                  .needs = {Feature::kTokenOptions, Feature::kDownload}}) {
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Query());
  ASSERT_EQ(job->AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("never-set.bin")), hr::kOk);
  ASSERT_EQ(job.options().SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_NE(NotifyFlagsOf(*job) & notify::kJobError, 0u) << "the interface asks for JobError";
  JobState ended = JobState::kQueued;
  std::vector<Notification> heard;
  ASSERT_NO_FATAL_FAILURE(RunListening(s, *job, &ended, &heard));
  BITSCTS_PROVES("HT-FLAG-12") ASSERT_EQ(ended, JobState::kError) << "no token to use";
  BITSCTS_PROVES("JOB-CB-3")
    EXPECT_EQ(steps::Count(heard, JobEvent::kError), 1)
        << "JobError exactly once for the job's ERROR; heard " << ErrorCodesOf(heard);
  BITSCTS_PROVES("JOB-CB-3")
    EXPECT_EQ(heard.size(), static_cast<std::size_t>(steps::Count(heard, JobEvent::kError)))
        << "no other call for a job that never transferred";
  for (const Notification& notification : heard) {
    if (notification.event != JobEvent::kError) continue;
    BITSCTS_PROVES("JOB-CB-3")
      ASSERT_TRUE(notification.error.has_value()) << "JobError passes the job's error";
    BITSCTS_PROVES("JOB-CB-3", "HT-FLAG-12")
      EXPECT_EQ(notification.error->code, hr::kTokenRequired);
  }
  EXPECT_TRUE(steps::ErrorIs(*job, hr::kTokenRequired)) << "the job's own error agrees";
}

// An administrator owner, logged on for the whole scenario, installs a helper with
// BG_TOKEN_LOCAL_FILE and clears the token again before Resume: the job enters ERROR with
// BG_E_TOKEN_REQUIRED, and the interface it registered hears JobError exactly once with that code.
BITSCTS_SCENARIO(Notifications, JobErrorForClearedToken,
                 {.clauses = {"JOB-CB-3", "HT-CLR-3"},
                  .doc = docs::kJobError,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities}}) {
  const auto [owner, helper, client] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kAdministrator);
  steps::TokenJob job(s, client);
  ASSERT_TRUE(job.Install(helper, token_usage::kLocalFile));
  ASSERT_EQ(job->AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("cleared.bin")), hr::kOk);
  ASSERT_EQ(job->SetNotifyFlags(notify::kJobTransferred | notify::kJobError), hr::kOk);
  ASSERT_EQ(job.options().ClearHelperToken(), hr::kOk);
  ASSERT_TRUE(steps::HelperSidIs(job.options(), std::nullopt)) << "the token is gone";
  JobState ended = JobState::kQueued;
  std::vector<Notification> heard;
  ASSERT_NO_FATAL_FAILURE(RunListening(s, *job, &ended, &heard));
  BITSCTS_PROVES("HT-CLR-3")
    ASSERT_EQ(ended, JobState::kError) << "the flags stay, the token is gone";
  BITSCTS_PROVES("JOB-CB-3")
    EXPECT_EQ(steps::Count(heard, JobEvent::kError), 1)
        << "JobError exactly once for the job's ERROR; heard " << ErrorCodesOf(heard);
  BITSCTS_PROVES("JOB-CB-3") EXPECT_EQ(steps::Count(heard, JobEvent::kTransferred), 0);
  for (const Notification& notification : heard) {
    if (notification.event != JobEvent::kError) continue;
    BITSCTS_PROVES("JOB-CB-3")
      ASSERT_TRUE(notification.error.has_value()) << "JobError passes the job's error";
    BITSCTS_PROVES("JOB-CB-3", "HT-CLR-3") EXPECT_EQ(notification.error->code, hr::kTokenRequired);
  }
}

}  // namespace
}  // namespace bitscts
