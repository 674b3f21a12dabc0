// JobBehaviour: the job life cycle, errors, limits and retries around helper tokens (JOB-*).
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

constexpr const char* kLifeCycleDoc = "https://learn.microsoft.com/windows/win32/bits/life-cycle-of-a-bits-job";
constexpr const char* kAddFileDoc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-addfile";
constexpr const char* kCreateJobDoc =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopymanager-createjob";
constexpr std::uint64_t kSize = 4096;

// Returns the URL of `seed`'s content with `fault` applied to its first `times` requests.
std::string FaultyUrl(Scenario& s, std::uint64_t seed, int status, int times) {
  fakeserver::Fault fault;
  fault.status = status;
  fault.times = times;
  return s.server().Url(fakeserver::FaultPath(fault, fakeserver::ContentPath(seed, kSize)));
}

// Returns the name of `job`'s state, or what State() returned if it failed, so that a failed read
// never compares equal to a state.
std::string StateOf(Job& job) {
  const Outcome<JobState> state = job.State();
  return state.hr.Succeeded() ? Name(state.value) : "State() failed with " + state.hr.ToString();
}

// A cancelled job is final: the token setters and the state-changing methods answer
// BG_E_INVALID_STATE (for the token setters HT-SET-12 expects it by analogy, and records it).
BITSCTS_SCENARIO(JobBehaviour, TokenSettersOnCancelledJob,
                 {.clauses = {"HT-SET-12", "JOB-STATE-9", "JOB-STATE-3", "JOB-STATE-4"},
                  .doc = kLifeCycleDoc,
                  .needs = {Feature::kTokenOptions}}) {
  auto job = s.CreateJob(steps::TokenOwner(s));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_TRUE(job->Cancel().Succeeded());
  const HResult set = options.value->SetHelperToken();
  const HResult flags = options.value->SetHelperTokenFlags(token_usage::kLocalFile);
  s.evidence().Note("HT-SET-12: on a CANCELLED job SetHelperToken returned " + set.ToString() +
                    ", SetHelperTokenFlags " + flags.ToString());
  BITSCTS_PROVES("HT-SET-12") BITSCTS_PROVES("JOB-STATE-9") EXPECT_EQ(set, hr::kInvalidState);
  BITSCTS_PROVES("HT-SET-12") BITSCTS_PROVES("JOB-STATE-9") EXPECT_EQ(flags, hr::kInvalidState);
  BITSCTS_PROVES("JOB-STATE-3") EXPECT_EQ(job->Resume(), hr::kInvalidState);
  BITSCTS_PROVES("JOB-STATE-4") EXPECT_EQ(job->Suspend(), hr::kInvalidState);
  BITSCTS_PROVES("JOB-STATE-9") EXPECT_EQ(StateOf(*job), Name(JobState::kCancelled)) << "CANCELLED is final";
}

// An acknowledged job is final too: a second Complete, Cancel and the token setters answer
// BG_E_INVALID_STATE.
BITSCTS_SCENARIO(JobBehaviour, TokenSettersOnAcknowledgedJob,
                 {.clauses = {"HT-SET-12", "JOB-STATE-6", "JOB-STATE-9", "RW-4"},
                  .doc = kLifeCycleDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 701;
  auto job = s.CreateJob(steps::TokenOwner(s));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  const std::string local = s.LocalPath("acknowledged.bin");
  ASSERT_EQ(job->AddFile(s.ContentUrl(kSeed, kSize), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  ASSERT_EQ(job->Complete(), hr::kOk);
  BITSCTS_PROVES("JOB-STATE-6") EXPECT_EQ(StateOf(*job), Name(JobState::kAcknowledged));

  BITSCTS_PROVES("JOB-STATE-6") BITSCTS_PROVES("RW-4") EXPECT_EQ(job->Complete(), hr::kInvalidState) << "a second Complete";
  BITSCTS_PROVES("JOB-STATE-9") BITSCTS_PROVES("RW-4") EXPECT_EQ(job->Cancel(), hr::kInvalidState);
  const HResult set = options.value->SetHelperToken();
  const HResult flags = options.value->SetHelperTokenFlags(token_usage::kNetwork);
  s.evidence().Note("HT-SET-12: on an ACKNOWLEDGED job SetHelperToken returned " + set.ToString() +
                    ", SetHelperTokenFlags " + flags.ToString());
  BITSCTS_PROVES("HT-SET-12") BITSCTS_PROVES("JOB-STATE-9") EXPECT_EQ(set, hr::kInvalidState);
  BITSCTS_PROVES("HT-SET-12") BITSCTS_PROVES("JOB-STATE-9") EXPECT_EQ(flags, hr::kInvalidState);
  BITSCTS_PROVES("JOB-STATE-6") EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "") << "Complete renamed the file";
}

// Suspend keeps or makes a job SUSPENDED; Resume queues it again.
BITSCTS_SCENARIO(JobBehaviour, SuspendAndResumeMoveTheJob,
                 {.clauses = {"JOB-STATE-3", "JOB-STATE-4"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-suspend",
                  .needs = {Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 702;
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(s.ContentUrl(kSeed, kSize), s.LocalPath("suspend.bin")), hr::kOk);
  BITSCTS_PROVES("JOB-STATE-4") EXPECT_EQ(job->Suspend(), hr::kOk) << "suspending a suspended job";
  BITSCTS_PROVES("JOB-STATE-4") EXPECT_EQ(StateOf(*job), Name(JobState::kSuspended));
  ASSERT_EQ(job->Resume(), hr::kOk);
  const auto resumed = job->State();
  ASSERT_EQ(resumed.hr, hr::kOk);
  BITSCTS_PROVES("JOB-STATE-3") EXPECT_NE(resumed.value, JobState::kSuspended) << "Resume queues the job";
  BITSCTS_PROVES("JOB-STATE-4") EXPECT_EQ(job->Suspend(), hr::kOk);
  BITSCTS_PROVES("JOB-STATE-4") EXPECT_EQ(StateOf(*job), Name(JobState::kSuspended));
  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("JOB-STATE-3")
      EXPECT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
}

// Resume re-queues a job in ERROR; error information exists only while the job is in error.
BITSCTS_SCENARIO(JobBehaviour, ResumeRequeuesAnErroredJob,
                 {.clauses = {"JOB-STATE-3", "JOB-ERR-1", "JOB-ERR-2", "JOB-ERR-7"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-geterror",
                  .needs = {Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 703;
  auto job = s.CreateJob(s.caller());
  const std::string local = s.LocalPath("requeued.bin");
  ASSERT_EQ(job->AddFile(FaultyUrl(s, kSeed, 403, 1), local), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  BITSCTS_PROVES("JOB-ERR-1")
      EXPECT_EQ(job->Error().hr, hr::kErrorInformationUnavailable) << "a suspended job has no error";
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const auto error = job->Error();
  BITSCTS_PROVES("JOB-ERR-1") ASSERT_EQ(error.hr, hr::kOk) << "a job in ERROR has its error";
  BITSCTS_PROVES("JOB-ERR-2") BITSCTS_PROVES("JOB-ERR-7") EXPECT_EQ(error.value.code, hr::kHttpError403);
  BITSCTS_PROVES("JOB-ERR-2") EXPECT_EQ(error.value.context, ErrorContext::kRemoteFile);

  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("JOB-STATE-3")
      ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred)
      << "Resume re-queues a job in ERROR";
  BITSCTS_PROVES("JOB-ERR-1")
      EXPECT_EQ(job->Error().hr, hr::kErrorInformationUnavailable) << "no error after the transfer";
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// A server error is transient: the job waits in TRANSIENT_ERROR (the retry delay is 600 s by
// default) with readable error information, and Resume retries at once.
BITSCTS_SCENARIO(JobBehaviour, TransientErrorAndImmediateRetry,
                 {.clauses = {"JOB-RETRY-1", "JOB-RETRY-2", "JOB-ERR-1", "JOB-STATE-3"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-setminimumretrydelay",
                  .needs = {Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 704;
  auto job = s.CreateJob(s.caller());
  const std::string local = s.LocalPath("transient.bin");
  ASSERT_EQ(job->AddFile(FaultyUrl(s, kSeed, 503, 1), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("JOB-RETRY-2")
      ASSERT_EQ(s.AwaitState(*job, {JobState::kTransientError, JobState::kError, JobState::kTransferred}),
                JobState::kTransientError)
      << "the default no-progress timeout makes a server error transient";
  const auto error = job->Error();
  BITSCTS_PROVES("JOB-ERR-1") ASSERT_EQ(error.hr, hr::kOk) << "error information exists in TRANSIENT_ERROR";
  EXPECT_EQ(error.value.code, hr::kHttpError503);

  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("JOB-RETRY-1") BITSCTS_PROVES("JOB-STATE-3")
      ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred)
      << "Resume retries without waiting for the retry delay";
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// With a no-progress timeout of 0 there are no retries: a transient error is final at once.
BITSCTS_SCENARIO(JobBehaviour, NoProgressTimeoutZeroEndsRetries,
                 {.clauses = {"JOB-RETRY-2"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-setnoprogresstimeout",
                  .needs = {Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 705;
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(FaultyUrl(s, kSeed, 503, 0), s.LocalPath("no-retry.bin")), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("JOB-RETRY-2")
      ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("JOB-RETRY-2") EXPECT_EQ(error.value.code, hr::kHttpError503) << "the server error itself is final";
}

// Files are transferred one after the other; an error stops the job at the failing file, and the
// error of an unreachable URL is a remote-file one.
BITSCTS_SCENARIO(JobBehaviour, FilesTransferInOrderAndStopAtError,
                 {.clauses = {"JOB-LIM-2", "JOB-ERR-3"},
                  .doc = kAddFileDoc,
                  .needs = {Feature::kDownload}}) {
  constexpr std::uint64_t kFirst = 706;
  constexpr std::uint64_t kThird = 707;
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(s.ContentUrl(kFirst, kSize), s.LocalPath("first.bin")), hr::kOk);
  ASSERT_EQ(job->AddFile(s.server().Url("/missing/second.bin"), s.LocalPath("second.bin")), hr::kOk);
  ASSERT_EQ(job->AddFile(s.ContentUrl(kThird, kSize), s.LocalPath("third.bin")), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("JOB-LIM-2") EXPECT_EQ(error.value.code, hr::kHttpError404) << "the job stopped at the second file";
  BITSCTS_PROVES("JOB-ERR-3") EXPECT_EQ(error.value.context, ErrorContext::kRemoteFile) << "an unreachable URL";
  bool first_requested = false;
  bool third_requested = false;
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    first_requested = first_requested || request.path == fakeserver::ContentPath(kFirst, kSize);
    third_requested = third_requested || request.path == fakeserver::ContentPath(kThird, kSize);
  }
  BITSCTS_PROVES("JOB-LIM-2") EXPECT_TRUE(first_requested) << "the first file comes first";
  BITSCTS_PROVES("JOB-LIM-2") EXPECT_FALSE(third_requested) << "the third file comes after the failed second";
}

// AddFile refuses a relative local path and a protocol BITS does not transfer, and takes an
// absolute path with an http URL.
BITSCTS_SCENARIO(JobBehaviour, AddFileValidatesArguments,
                 {.clauses = {"JOB-LIM-2", "JOB-LIM-3"}, .doc = kAddFileDoc, .needs = {Feature::kDownload}}) {
  auto job = s.CreateJob(s.caller());
  BITSCTS_PROVES("JOB-LIM-2") EXPECT_EQ(job->AddFile(s.ContentUrl(708, kSize), "relative/file.bin"), hr::kInvalidArg);
  BITSCTS_PROVES("JOB-LIM-2") BITSCTS_PROVES("JOB-LIM-3")
      EXPECT_EQ(job->AddFile("ftp://127.0.0.1/file.bin", s.LocalPath("ftp.bin")), hr::kInvalidArg);
  BITSCTS_PROVES("JOB-LIM-3") EXPECT_EQ(job->AddFile(s.ContentUrl(708, kSize), s.LocalPath("http.bin")), hr::kOk);
}

// A plain absolute path and a file:// URL also serve as remote names, as Wine's conformance
// tests use them against Windows: both files arrive intact.
BITSCTS_SCENARIO(JobBehaviour, LocalPathsAndFileUrlsAsRemoteNames,
                 {.clauses = {"JOB-LIM-3"}, .doc = kAddFileDoc, .needs = {Feature::kDownload}}) {
  const std::string source = s.LocalPath("source.bin");
  steps::WriteContentFile(source, 710, kSize);
  const std::string url = "file://" + source;  // Wine's tests prefix a Windows path the same way
  const std::string by_path = s.LocalPath("by-path.bin");
  const std::string by_url = s.LocalPath("by-url.bin");
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(source, by_path), hr::kOk);
  ASSERT_EQ(job->AddFile(url, by_url), hr::kOk) << url;
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  BITSCTS_PROVES("JOB-LIM-3") EXPECT_EQ(s.VerifyContent(by_path, 710, kSize), "");
  BITSCTS_PROVES("JOB-LIM-3") EXPECT_EQ(s.VerifyContent(by_url, 710, kSize), "");
}

// AddFile refuses a destination folder the caller may not write to.
BITSCTS_SCENARIO(JobBehaviour, AddFileToForbiddenFolderIsDenied,
                 {.clauses = {"JOB-LIM-2"},
                  .doc = kAddFileDoc,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal other = s.Provision(PrincipalKind::kStandardUser);
  const std::string folder = steps::FolderFor(s, {other});
  auto job = s.CreateJob(s.caller());
  BITSCTS_PROVES("JOB-LIM-2")
      EXPECT_EQ(job->AddFile(s.ContentUrl(709, kSize), steps::InFolder(folder, "not-mine.bin")), hr::kAccessDenied);
}

// CreateJob takes display names of up to 256 characters.
BITSCTS_SCENARIO(JobBehaviour, DisplayNameLimit,
                 {.clauses = {"JOB-LIM-1"}, .doc = kCreateJobDoc, .needs = {Feature::kDownload}}) {
  auto longest = s.caller().CreateDownloadJob(std::string(256, 'n'));
  BITSCTS_PROVES("JOB-LIM-1") EXPECT_EQ(longest.hr, hr::kOk);
  auto too_long = s.caller().CreateDownloadJob(std::string(257, 'n'));
  BITSCTS_PROVES("JOB-LIM-1") EXPECT_EQ(too_long.hr, hr::kInvalidArg);
  EXPECT_EQ(too_long.value, nullptr);
}

// From BITS 3.0 a standard user may own at most 60 jobs (MaxJobsPerUser's default).
BITSCTS_SCENARIO(JobBehaviour, StandardUserJobLimit,
                 {.clauses = {"JOB-LIM-1"},
                  .doc = kCreateJobDoc,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr int kMaxJobsPerUser = 60;
  if (s.target().Description().os_build < builds::kVista) s.NotApplicable("job limits start with BITS 3.0 (Vista)");
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(user);
  std::vector<std::unique_ptr<Job>> jobs;
  for (int i = 0; i < kMaxJobsPerUser; ++i) {
    auto created = client.CreateDownloadJob("bitscts limit " + std::to_string(i));
    ASSERT_EQ(created.hr, hr::kOk) << "job " << i + 1 << " of " << kMaxJobsPerUser;
    jobs.push_back(std::move(created.value));
  }
  auto one_more = client.CreateDownloadJob("bitscts limit exceeded");
  BITSCTS_PROVES("JOB-LIM-1") EXPECT_EQ(one_more.hr, hr::kTooManyJobsPerUser);
}

// A service impersonating a user acts, for BITS, as that user: the job it creates is owned by the
// user (GetOwner, where the target offers it), who opens it, while another standard user cannot.
BITSCTS_SCENARIO(JobBehaviour, ImpersonatingCallerCreatesJobForThatUser,
                 {.clauses = {"JOB-OWN-4", "HT-ADM-7"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/service-accounts-and-bits",
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal system = s.Provision(PrincipalKind::kLocalSystem);
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const Principal other = s.Provision(PrincipalKind::kStandardUser);
  Caller& user_session = s.LogOn(user);
  Caller& service = s.LogOn(system);
  steps::Impersonate(s, service, user);
  auto created = service.CreateDownloadJob("bitscts created while impersonating");
  service.RevertToSelf();
  ASSERT_EQ(created.hr, hr::kOk);
  auto opened = user_session.OpenJob(created.value->Id());
  BITSCTS_PROVES("JOB-OWN-4") ASSERT_EQ(opened.hr, hr::kOk) << "the user opens the job";
  BITSCTS_PROVES("HT-ADM-7")
      EXPECT_EQ(s.LogOn(other).OpenJob(created.value->Id()).hr, hr::kAccessDenied)
      << "a standard user cannot open another user's job";
  const auto owner = opened.value->OwnerSid();
  if (owner.hr == hr::kNotImpl) {
    s.evidence().Note("the target offers no GetOwner: ownership shows only in who may open the job");
    return;
  }
  ASSERT_EQ(owner.hr, hr::kOk);
  BITSCTS_PROVES("JOB-OWN-4") EXPECT_EQ(owner.value, user.sid) << "the impersonated user owns the job";
}

// The fakeserver meets BITS's demands on an HTTP server (Content-Length, byte ranges): a transfer
// whose connection is cut halfway still completes with the served bytes once retried. Whether
// the retry asked for the remainder with a Range header is recorded.
BITSCTS_SCENARIO(JobBehaviour, InterruptedTransferCompletesIntact,
                 {.clauses = {"JOB-ERR-8"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/bits-return-values",
                  .needs = {Feature::kDownload},
                  .records = {"JOB-STATE-3"}}) {
  constexpr std::uint64_t kSeed = 710;
  constexpr std::uint64_t kLarge = 262144;
  fakeserver::Fault cut;
  cut.close_after_bytes = kLarge / 2;
  cut.times = 1;
  const std::string path = fakeserver::FaultPath(cut, fakeserver::ContentPath(kSeed, kLarge));
  auto job = s.CreateJob(s.caller());
  const std::string local = s.LocalPath("interrupted.bin");
  ASSERT_EQ(job->AddFile(s.server().Url(path), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const JobState first = s.AwaitState(*job, {JobState::kTransientError, JobState::kError, JobState::kTransferred});
  ASSERT_NE(first, JobState::kError) << "a cut connection is not a final error";
  if (first == JobState::kTransientError) {
    ASSERT_EQ(job->Resume(), hr::kOk) << "retry now rather than after the retry delay";
    ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred)
        << "Resume re-queues a job in TRANSIENT_ERROR";
  }
  EXPECT_EQ(job->Complete(), hr::kOk);
  BITSCTS_PROVES("JOB-ERR-8") EXPECT_EQ(s.VerifyContent(local, kSeed, kLarge), "");
  int requests = 0;
  std::string ranges;
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    if (request.path != path) continue;
    ++requests;
    if (!request.range.empty()) ranges += " " + request.range;
  }
  BITSCTS_PROVES("JOB-ERR-8") EXPECT_GE(requests, 2) << "the cut transfer had to be retried";
  s.evidence().Note("JOB-ERR-8: " + std::to_string(requests) + " requests, Range headers:" + (ranges.empty() ? " none" : ranges));
}

// A job nobody completes or cancels is cancelled by BITS once it has seen no activity for the
// JobInactivityTimeout (90 days by default), in ERROR as well as SUSPENDED; a property change
// counts as activity and starts the 90 days again. Needs a target whose time can be advanced.
BITSCTS_SCENARIO(JobBehaviour, AbandonedJobsAreCancelledAfterNinetyDays,
                 {.clauses = {"JOB-STATE-11", "JOB-STATE-9"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/group-policies",
                  .needs = {Feature::kDownload}}) {
  using Days = std::chrono::duration<std::int64_t, std::ratio<86400>>;
  auto suspended = s.CreateJob(s.caller());
  ASSERT_EQ(suspended->AddFile(s.ContentUrl(711, kSize), s.LocalPath("abandoned.bin")), hr::kOk);
  auto touched = s.CreateJob(s.caller());
  ASSERT_EQ(touched->AddFile(s.ContentUrl(712, kSize), s.LocalPath("touched.bin")), hr::kOk);
  s.AdvanceTime(Days(0));

  auto errored = s.CreateJob(s.caller());
  ASSERT_EQ(errored->AddFile(s.server().Url("/missing/abandoned.bin"), s.LocalPath("errored.bin")), hr::kOk);
  ASSERT_EQ(errored->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(errored->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*errored, {JobState::kError, JobState::kTransferred}), JobState::kError);

  s.AdvanceTime(Days(60));
  BITSCTS_PROVES("JOB-STATE-11") EXPECT_EQ(StateOf(*suspended), Name(JobState::kSuspended)) << "60 days are within the timeout";
  BITSCTS_PROVES("JOB-STATE-11") EXPECT_EQ(StateOf(*touched), Name(JobState::kSuspended)) << "60 days are within the timeout";
  BITSCTS_PROVES("JOB-STATE-11") EXPECT_EQ(StateOf(*errored), Name(JobState::kError)) << "60 days are within the timeout";
  ASSERT_EQ(touched->SetNoProgressTimeout(0), hr::kOk) << "a property change";
  s.AdvanceTime(Days(31));
  BITSCTS_PROVES("JOB-STATE-11") EXPECT_EQ(StateOf(*suspended), Name(JobState::kCancelled)) << "91 days without activity";
  BITSCTS_PROVES("JOB-STATE-11") EXPECT_EQ(StateOf(*errored), Name(JobState::kCancelled)) << "an errored job is abandoned too";
  BITSCTS_PROVES("JOB-STATE-11") EXPECT_EQ(StateOf(*touched), Name(JobState::kSuspended)) << "31 days since its last change";
  BITSCTS_PROVES("JOB-STATE-9")
      EXPECT_EQ(s.caller().OpenJob(suspended->Id()).hr, hr::kNotFound) << "a cancelled job leaves the queue";
  s.AdvanceTime(Days(60));
  BITSCTS_PROVES("JOB-STATE-11") EXPECT_EQ(StateOf(*touched), Name(JobState::kCancelled)) << "91 days since its last change";
}

}  // namespace
}  // namespace bitscts
