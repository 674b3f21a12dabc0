// JobBehaviour: the job life cycle, errors, limits and retries around helper tokens (JOB-*).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bitscts/fakeserver/fault.h"
#include "bitscts/scenario.h"
#include "bitscts/windows_build.h"
#include "docs.h"
#include "steps/access_rules.h"
#include "steps/folders.h"
#include "steps/helper_token.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

constexpr std::uint64_t kSize = 4096;

// Returns the URL of `content` whose first `times` requests (0: every one) are answered `status`.
std::string FaultyUrl(Scenario& s, const Content& content, int status, int times) {
  fakeserver::Fault fault;
  fault.status = status;
  fault.times = times;
  return s.server().Url(fakeserver::FaultPath(fault, content.path()));
}

// Returns the name of `job`'s state, or what State() returned if it failed, so that a failed read
// never compares equal to a state.
std::string StateOf(Job& job) {
  const Outcome<JobState> state = job.State();
  return state.hr.Succeeded() ? Name(state.value) : "State() failed with " + state.hr.ToString();
}

// Returns success if SetHelperToken and SetHelperTokenFlags(`flags`) on a job in the final state
// `state` both answer BG_E_INVALID_STATE (HT-SET-12); what they answered is recorded.
testing::AssertionResult TokenSettersRefused(Scenario& s, TokenOptions& options,
                                             std::uint32_t flags, const std::string& state) {
  const HResult set = options.SetHelperToken();
  const HResult set_flags = options.SetHelperTokenFlags(flags);
  s.evidence().Note("HT-SET-12: on " + state + " job SetHelperToken returned " + set.ToString() +
                    ", SetHelperTokenFlags " + set_flags.ToString());
  if (set != hr::kInvalidState || set_flags != hr::kInvalidState) {
    return testing::AssertionFailure()
           << "on " << state << " job SetHelperToken returned " << set
           << " and SetHelperTokenFlags " << set_flags << ", not BG_E_INVALID_STATE";
  }
  return testing::AssertionSuccess();
}

// A cancelled job is final: the token setters and the state-changing methods answer
// BG_E_INVALID_STATE (for the token setters HT-SET-12 expects it by analogy, and records it).
BITSCTS_SCENARIO(JobBehaviour, TokenSettersOnCancelledJob,
                 {.clauses = {"HT-SET-12", "JOB-STATE-9", "JOB-STATE-3", "JOB-STATE-4"},
                  .doc = docs::kLifeCycle,
                  .needs = {Feature::kTokenOptions}}) {
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Query());
  ASSERT_TRUE(job->Cancel().Succeeded());
  BITSCTS_PROVES("HT-SET-12", "JOB-STATE-9")
    EXPECT_TRUE(TokenSettersRefused(s, job.options(), token_usage::kLocalFile, "a CANCELLED"));
  BITSCTS_PROVES("JOB-STATE-3") EXPECT_EQ(job->Resume(), hr::kInvalidState);
  BITSCTS_PROVES("JOB-STATE-4") EXPECT_EQ(job->Suspend(), hr::kInvalidState);
  BITSCTS_PROVES("JOB-STATE-9")
    EXPECT_EQ(StateOf(*job), Name(JobState::kCancelled)) << "CANCELLED is final";
}

// An acknowledged job is final too: a second Complete, Cancel and the token setters answer
// BG_E_INVALID_STATE.
BITSCTS_SCENARIO(JobBehaviour, TokenSettersOnAcknowledgedJob,
                 {.clauses = {"HT-SET-12", "JOB-STATE-6", "JOB-STATE-9", "RW-4"},
                  .doc = docs::kLifeCycle,
                  .needs = {Feature::kTokenOptions, Feature::kDownload}}) {
  const Content content = s.NewContent(kSize);
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Query());
  const std::string local = s.LocalPath("acknowledged.bin");
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk);
  ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred);
  ASSERT_EQ(job->Complete(), hr::kOk);
  BITSCTS_PROVES("JOB-STATE-6") EXPECT_EQ(StateOf(*job), Name(JobState::kAcknowledged));

  BITSCTS_PROVES("JOB-STATE-6", "RW-4")
    EXPECT_EQ(job->Complete(), hr::kInvalidState) << "a second Complete";
  BITSCTS_PROVES("JOB-STATE-9", "RW-4") EXPECT_EQ(job->Cancel(), hr::kInvalidState);
  BITSCTS_PROVES("HT-SET-12", "JOB-STATE-9")
    EXPECT_TRUE(TokenSettersRefused(s, job.options(), token_usage::kNetwork, "an ACKNOWLEDGED"));
  BITSCTS_PROVES("JOB-STATE-6")
    EXPECT_EQ(s.VerifyContent(local, content), "") << "Complete renamed the file";
}

// Suspend keeps or makes a job SUSPENDED; Resume queues it again.
BITSCTS_SCENARIO(JobBehaviour, SuspendAndResumeMoveTheJob,
                 {.clauses = {"JOB-STATE-3", "JOB-STATE-4"},
                  .doc = docs::kSuspend,
                  .needs = {Feature::kDownload}}) {
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("suspend.bin")), hr::kOk);
  BITSCTS_PROVES("JOB-STATE-4") EXPECT_EQ(job->Suspend(), hr::kOk) << "suspending a suspended job";
  BITSCTS_PROVES("JOB-STATE-4") EXPECT_EQ(StateOf(*job), Name(JobState::kSuspended));
  ASSERT_EQ(job->Resume(), hr::kOk);
  const auto resumed = job->State();
  ASSERT_EQ(resumed.hr, hr::kOk);
  BITSCTS_PROVES("JOB-STATE-3")
    EXPECT_NE(resumed.value, JobState::kSuspended) << "Resume queues the job";
  BITSCTS_PROVES("JOB-STATE-4") EXPECT_EQ(job->Suspend(), hr::kOk);
  BITSCTS_PROVES("JOB-STATE-4") EXPECT_EQ(StateOf(*job), Name(JobState::kSuspended));
  BITSCTS_PROVES("JOB-STATE-3") EXPECT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred);
}

// Resume re-queues a job in ERROR; error information exists only while the job is in error.
BITSCTS_SCENARIO(JobBehaviour, ResumeRequeuesAnErroredJob,
                 {.clauses = {"JOB-STATE-3", "JOB-ERR-1", "JOB-ERR-2", "JOB-ERR-7"},
                  .doc = docs::kGetError,
                  .needs = {Feature::kDownload}}) {
  const Content content = s.NewContent(kSize);
  auto job = s.CreateJob(s.caller());
  const std::string local = s.LocalPath("requeued.bin");
  ASSERT_EQ(job->AddFile(FaultyUrl(s, content, 403, 1), local), hr::kOk);
  BITSCTS_PROVES("JOB-ERR-1")
    EXPECT_EQ(job->Error().hr, hr::kErrorInformationUnavailable) << "a suspended job has no error";
  ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError);
  BITSCTS_PROVES("JOB-ERR-1", "JOB-ERR-2", "JOB-ERR-7")
    EXPECT_TRUE(steps::ErrorIs(*job, hr::kHttpError403, ErrorContext::kRemoteFile))
        << "a job in ERROR has its error";

  BITSCTS_PROVES("JOB-STATE-3")
    ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred)
        << "Resume re-queues a job in ERROR";
  BITSCTS_PROVES("JOB-ERR-1")
    EXPECT_EQ(job->Error().hr, hr::kErrorInformationUnavailable) << "no error after the transfer";
  EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

// A server error is transient: the job waits in TRANSIENT_ERROR (the retry delay is 600 s by
// default) with readable error information, and Resume retries at once.
BITSCTS_SCENARIO(JobBehaviour, TransientErrorAndImmediateRetry,
                 {.clauses = {"JOB-RETRY-1", "JOB-RETRY-2", "JOB-ERR-1", "JOB-STATE-3"},
                  .doc = docs::kSetMinimumRetryDelay,
                  .needs = {Feature::kDownload}}) {
  const Content content = s.NewContent(kSize);
  auto job = s.CreateJob(s.caller());
  const std::string local = s.LocalPath("transient.bin");
  ASSERT_EQ(job->AddFile(FaultyUrl(s, content, 503, 1), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("JOB-RETRY-2")
    ASSERT_EQ(s.AwaitState(*job,
                           {JobState::kTransientError, JobState::kError, JobState::kTransferred}),
              JobState::kTransientError)
        << "the default no-progress timeout makes a server error transient";
  BITSCTS_PROVES("JOB-ERR-1")
    EXPECT_TRUE(steps::ErrorIs(*job, hr::kHttpError503))
        << "error information exists in TRANSIENT_ERROR";

  BITSCTS_PROVES("JOB-RETRY-1", "JOB-STATE-3")
    ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred)
        << "Resume retries without waiting for the retry delay";
  EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

// With a no-progress timeout of 0 there are no retries: a transient error is final at once.
BITSCTS_SCENARIO(JobBehaviour, NoProgressTimeoutZeroEndsRetries,
                 {.clauses = {"JOB-RETRY-2"},
                  .doc = docs::kSetNoProgressTimeout,
                  .needs = {Feature::kDownload}}) {
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(FaultyUrl(s, s.NewContent(kSize), 503, 0), s.LocalPath("no-retry.bin")),
            hr::kOk);
  BITSCTS_PROVES("JOB-RETRY-2") ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError);
  BITSCTS_PROVES("JOB-RETRY-2")
    EXPECT_TRUE(steps::ErrorIs(*job, hr::kHttpError503)) << "the server error itself is final";
}

// Files are transferred one after the other; an error stops the job at the failing file, and the
// error of an unreachable URL is a remote-file one.
BITSCTS_SCENARIO(JobBehaviour, FilesTransferInOrderAndStopAtError,
                 {.clauses = {"JOB-LIM-2", "JOB-ERR-3"},
                  .doc = docs::kAddFile,
                  .needs = {Feature::kDownload}}) {
  const Content first = s.NewContent(kSize);
  const Content third = s.NewContent(kSize);
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(s.ContentUrl(first), s.LocalPath("first.bin")), hr::kOk);
  ASSERT_EQ(job->AddFile(s.server().Url("/missing/second.bin"), s.LocalPath("second.bin")),
            hr::kOk);
  ASSERT_EQ(job->AddFile(s.ContentUrl(third), s.LocalPath("third.bin")), hr::kOk);
  ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError);
  BITSCTS_PROVES("JOB-LIM-2", "JOB-ERR-3")
    EXPECT_TRUE(steps::ErrorIs(*job, hr::kHttpError404, ErrorContext::kRemoteFile))
        << "the job stopped at the second file, whose URL is unreachable";
  BITSCTS_PROVES("JOB-LIM-2")
    EXPECT_FALSE(steps::Requests(s, first.path()).empty()) << "the first file comes first";
  BITSCTS_PROVES("JOB-LIM-2")
    EXPECT_TRUE(steps::Requests(s, third.path()).empty())
        << "the third file comes after the failed second";
}

// AddFile refuses a relative local path and a protocol BITS does not transfer, and takes an
// absolute path with an http URL.
BITSCTS_SCENARIO(JobBehaviour, AddFileValidatesArguments,
                 {.clauses = {"JOB-LIM-2", "JOB-LIM-3"},
                  .doc = docs::kAddFile,
                  .needs = {Feature::kDownload}}) {
  const std::string url = s.ContentUrl(s.NewContent(kSize));
  auto job = s.CreateJob(s.caller());
  BITSCTS_PROVES("JOB-LIM-2") EXPECT_EQ(job->AddFile(url, "relative/file.bin"), hr::kInvalidArg);
  BITSCTS_PROVES("JOB-LIM-2", "JOB-LIM-3")
    EXPECT_EQ(job->AddFile("ftp://127.0.0.1/file.bin", s.LocalPath("ftp.bin")), hr::kInvalidArg);
  BITSCTS_PROVES("JOB-LIM-3") EXPECT_EQ(job->AddFile(url, s.LocalPath("http.bin")), hr::kOk);
}

// A plain absolute path and a file:// URL also serve as remote names, as Wine's conformance
// tests use them against Windows: both files arrive intact.
BITSCTS_SCENARIO(JobBehaviour, LocalPathsAndFileUrlsAsRemoteNames,
                 {.clauses = {"JOB-LIM-3"}, .doc = docs::kAddFile, .needs = {Feature::kDownload}}) {
  const Content content = s.NewContent(kSize);
  const std::string source = s.LocalPath("source.bin");
  steps::WriteContentFile(source, content);
  const std::string url = "file://" + source;  // Wine's tests prefix a Windows path the same way
  const std::string by_path = s.LocalPath("by-path.bin");
  const std::string by_url = s.LocalPath("by-url.bin");
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(source, by_path), hr::kOk);
  ASSERT_EQ(job->AddFile(url, by_url), hr::kOk) << url;
  ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  BITSCTS_PROVES("JOB-LIM-3") EXPECT_EQ(s.VerifyContent(by_path, content), "");
  BITSCTS_PROVES("JOB-LIM-3") EXPECT_EQ(s.VerifyContent(by_url, content), "");
}

// AddFile refuses a destination folder the caller may not write to.
BITSCTS_SCENARIO(JobBehaviour, AddFileToForbiddenFolderIsDenied,
                 {.clauses = {"JOB-LIM-2"},
                  .doc = docs::kAddFile,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities,
                            FolderControl::kFeature}}) {
  const Principal other = s.Provision(PrincipalKind::kStandardUser);
  const std::string folder = steps::FolderFor(s, {other});
  auto job = s.CreateJob(s.caller());
  BITSCTS_PROVES("JOB-LIM-2")
    EXPECT_EQ(job->AddFile(s.ContentUrl(s.NewContent(kSize)),
                           steps::InFolder(folder, "not-mine.bin")),
              hr::kAccessDenied);
}

// CreateJob takes display names of up to 256 characters.
BITSCTS_SCENARIO(JobBehaviour, DisplayNameLimit,
                 {.clauses = {"JOB-LIM-1"},
                  .doc = docs::kCreateJob,
                  .needs = {Feature::kDownload}}) {
  auto longest = s.caller().CreateDownloadJob(std::string(256, 'n'));
  BITSCTS_PROVES("JOB-LIM-1") EXPECT_EQ(longest.hr, hr::kOk);
  auto too_long = s.caller().CreateDownloadJob(std::string(257, 'n'));
  BITSCTS_PROVES("JOB-LIM-1") EXPECT_EQ(too_long.hr, hr::kInvalidArg);
  EXPECT_EQ(too_long.value, nullptr);
}

// From BITS 3.0 a standard user may own at most 60 jobs (MaxJobsPerUser's default).
BITSCTS_SCENARIO(JobBehaviour, StandardUserJobLimit,
                 {.clauses = {"JOB-LIM-1"},
                  .doc = docs::kCreateJob,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities},
                  .builds = {.from = builds::kVista,
                             .why = "job limits start with BITS 3.0 (Vista)"}}) {
  constexpr int kMaxJobsPerUser = 60;
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
                  .doc = docs::kServiceAccounts,
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
    s.evidence().Note(
        "the target offers no GetOwner: ownership shows only in who may open the job");
    return;
  }
  ASSERT_EQ(owner.hr, hr::kOk);
  BITSCTS_PROVES("JOB-OWN-4")
    EXPECT_EQ(owner.value, user.sid) << "the impersonated user owns the job";
}

// The fakeserver meets BITS's demands on an HTTP server (Content-Length, byte ranges): a transfer
// whose connection is cut halfway still completes with the served bytes once retried. Whether
// the retry asked for the remainder with a Range header is recorded.
BITSCTS_SCENARIO(JobBehaviour, InterruptedTransferCompletesIntact,
                 {.clauses = {"JOB-ERR-8"},
                  .doc = docs::kReturnValues,
                  .needs = {Feature::kDownload},
                  .records = {"JOB-STATE-3"}}) {
  const Content content = s.NewContent(262144);
  fakeserver::Fault cut;
  cut.close_after_bytes = content.size / 2;
  cut.times = 1;
  const std::string path = fakeserver::FaultPath(cut, content.path());
  auto job = s.CreateJob(s.caller());
  const std::string local = s.LocalPath("interrupted.bin");
  ASSERT_EQ(job->AddFile(s.server().Url(path), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const JobState first =
      s.AwaitState(*job, {JobState::kTransientError, JobState::kError, JobState::kTransferred});
  ASSERT_NE(first, JobState::kError) << "a cut connection is not a final error";
  if (first == JobState::kTransientError) {
    ASSERT_EQ(job->Resume(), hr::kOk) << "retry now rather than after the retry delay";
    ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}),
              JobState::kTransferred)
        << "Resume re-queues a job in TRANSIENT_ERROR";
  }
  BITSCTS_PROVES("JOB-ERR-8") EXPECT_TRUE(steps::Completes(s, *job, local, content));
  const steps::Requests requests(s, path);
  std::string ranges;
  for (const fakeserver::RequestRecord& request : requests.all()) {
    if (!request.range.empty()) ranges += " " + request.range;
  }
  BITSCTS_PROVES("JOB-ERR-8")
    EXPECT_GE(requests.all().size(), 2u) << "the cut transfer had to be retried";
  s.evidence().Note("JOB-ERR-8: " + std::to_string(requests.all().size()) +
                    " requests, Range headers:" + (ranges.empty() ? " none" : ranges));
}

// A job nobody completes or cancels is cancelled by BITS once it has seen no activity for the
// JobInactivityTimeout (90 days by default), in ERROR as well as SUSPENDED; a property change
// counts as activity and starts the 90 days again. Needs a target whose time can be advanced.
BITSCTS_SCENARIO(JobBehaviour, AbandonedJobsAreCancelledAfterNinetyDays,
                 {.clauses = {"JOB-STATE-11", "JOB-STATE-9"},
                  .doc = docs::kGroupPolicies,
                  .needs = {Feature::kDownload, TimeControl::kFeature}}) {
  using Days = std::chrono::duration<std::int64_t, std::ratio<86400>>;
  auto suspended = s.CreateJob(s.caller());
  ASSERT_EQ(suspended->AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("abandoned.bin")),
            hr::kOk);
  auto touched = s.CreateJob(s.caller());
  ASSERT_EQ(touched->AddFile(s.ContentUrl(s.NewContent(kSize)), s.LocalPath("touched.bin")),
            hr::kOk);
  s.AdvanceTime(Days(0));

  auto errored = s.CreateJob(s.caller());
  ASSERT_EQ(errored->AddFile(s.server().Url("/missing/abandoned.bin"), s.LocalPath("errored.bin")),
            hr::kOk);
  ASSERT_EQ(steps::RunToEndWithoutRetries(s, *errored), JobState::kError);

  s.AdvanceTime(Days(60));
  BITSCTS_PROVES("JOB-STATE-11")
    EXPECT_EQ(StateOf(*suspended), Name(JobState::kSuspended)) << "60 days are within the timeout";
  BITSCTS_PROVES("JOB-STATE-11")
    EXPECT_EQ(StateOf(*touched), Name(JobState::kSuspended)) << "60 days are within the timeout";
  BITSCTS_PROVES("JOB-STATE-11")
    EXPECT_EQ(StateOf(*errored), Name(JobState::kError)) << "60 days are within the timeout";
  ASSERT_EQ(touched->SetNoProgressTimeout(0), hr::kOk) << "a property change";
  s.AdvanceTime(Days(31));
  BITSCTS_PROVES("JOB-STATE-11")
    EXPECT_EQ(StateOf(*suspended), Name(JobState::kCancelled)) << "91 days without activity";
  BITSCTS_PROVES("JOB-STATE-11")
    EXPECT_EQ(StateOf(*errored), Name(JobState::kCancelled)) << "an errored job is abandoned too";
  BITSCTS_PROVES("JOB-STATE-11")
    EXPECT_EQ(StateOf(*touched), Name(JobState::kSuspended)) << "31 days since its last change";
  BITSCTS_PROVES("JOB-STATE-9")
    EXPECT_EQ(s.caller().OpenJob(suspended->Id()).hr, hr::kNotFound)
        << "a cancelled job leaves the queue";
  s.AdvanceTime(Days(60));
  BITSCTS_PROVES("JOB-STATE-11")
    EXPECT_EQ(StateOf(*touched), Name(JobState::kCancelled)) << "91 days since its last change";
}

}  // namespace
}  // namespace bitscts
