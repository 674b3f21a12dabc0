// Download: the plain job life cycle every helper-token scenario stands on.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <vector>

#include "bitscts/scenario.h"
#include "docs.h"

namespace bitscts {
namespace {

// Returns the rank of a state on a download's way to TRANSFERRED (JOB-STATE-7), or -1 for a
// state that is not on it.
int RankOnTheWay(JobState state) {
  switch (state) {
    case JobState::kSuspended: return 0;
    case JobState::kQueued: return 1;
    case JobState::kConnecting: return 2;
    case JobState::kTransferring: return 3;
    case JobState::kTransferred: return 4;
    default: return -1;
  }
}

// Returns success if `history` (states as observed, so some may be missed) starts SUSPENDED,
// moves forward from QUEUED through CONNECTING and TRANSFERRING to TRANSFERRED, and only ever
// goes back to QUEUED (a time slice ending).
testing::AssertionResult FollowsTheDownloadPath(const std::vector<JobState>& history) {
  std::ostringstream seen;
  for (JobState state : history) seen << (seen.tellp() > 0 ? " -> " : "") << Name(state);
  if (history.empty() || history.front() != JobState::kSuspended ||
      history.back() != JobState::kTransferred) {
    return testing::AssertionFailure()
           << "expected SUSPENDED first and TRANSFERRED last; saw " << seen.str();
  }
  for (std::size_t i = 1; i < history.size(); ++i) {
    const int from = RankOnTheWay(history[i - 1]);
    const int to = RankOnTheWay(history[i]);
    if (to < 0 || (to <= from && history[i] != JobState::kQueued)) {
      return testing::AssertionFailure() << Name(history[i - 1]) << " -> " << Name(history[i])
                                         << " is not a step of a download; saw " << seen.str();
    }
  }
  return testing::AssertionSuccess();
}

BITSCTS_SCENARIO(Download, TransfersVerifiesAndCompletes,
                 {.clauses = {"JOB-STATE-1", "JOB-STATE-6", "JOB-STATE-7", "JOB-STATE-8"},
                  .doc = docs::kLifeCycle,
                  .needs = {Feature::kDownload}}) {
  const Content content = s.NewContent(300000);
  auto job = s.CreateJob(s.caller(), "bitscts download");
  const auto created = job->State();
  ASSERT_EQ(created.hr, hr::kOk);
  BITSCTS_PROVES("JOB-STATE-1")
    EXPECT_EQ(created.value, JobState::kSuspended) << "a new job starts suspended";

  const std::string local = s.LocalPath("download.bin");
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const JobState reached = s.AwaitState(*job, {JobState::kTransferred, JobState::kError});
  ASSERT_EQ(reached, JobState::kTransferred) << "the download should transfer";
  BITSCTS_PROVES("JOB-STATE-7") EXPECT_TRUE(FollowsTheDownloadPath(job->StateHistory()));
  BITSCTS_PROVES("JOB-STATE-8")
    EXPECT_FALSE(std::filesystem::exists(local))
        << local << " exists before Complete; a transferred file becomes visible only at Complete";

  const HResult completed = job->Complete();
  BITSCTS_PROVES("JOB-STATE-6")
    EXPECT_TRUE(completed == hr::kOk || completed == hr::kUnableToDeleteFiles) << completed;
  const auto after = job->State();
  ASSERT_EQ(after.hr, hr::kOk);
  BITSCTS_PROVES("JOB-STATE-6") EXPECT_EQ(after.value, JobState::kAcknowledged);
  BITSCTS_PROVES("JOB-STATE-8")
    EXPECT_EQ(s.VerifyContent(local, content), "")
        << "the completed file must hold the served bytes";
}

BITSCTS_SCENARIO(Download, ResumeWithoutFilesIsEmpty,
                 {.clauses = {"JOB-STATE-2"},
                  .doc = docs::kResume,
                  .needs = {Feature::kDownload}}) {
  auto job = s.CreateJob(s.caller());
  BITSCTS_PROVES("JOB-STATE-2") EXPECT_EQ(job->Resume(), hr::kEmpty);
  const auto state = job->State();
  ASSERT_EQ(state.hr, hr::kOk);
  BITSCTS_PROVES("JOB-STATE-2") EXPECT_EQ(state.value, JobState::kSuspended);
}

BITSCTS_SCENARIO(Download, MissingRemoteFileIsAnErrorInRemoteContext,
                 {.clauses = {"JOB-ERR-1", "JOB-ERR-2", "JOB-ERR-3", "JOB-RETRY-2"},
                  .doc = docs::kErrorContext,
                  .needs = {Feature::kDownload}}) {
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->AddFile(s.server().Url("/missing/file.bin"), s.LocalPath("missing.bin")), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  // With no-progress timeout 0 the error is final at once: no TRANSIENT_ERROR to wait out.
  BITSCTS_PROVES("JOB-RETRY-2")
    ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const auto error = job->Error();
  BITSCTS_PROVES("JOB-ERR-1", "JOB-ERR-2") ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("JOB-ERR-2") EXPECT_EQ(error.value.code, hr::kHttpError404);
  BITSCTS_PROVES("JOB-ERR-3") EXPECT_EQ(error.value.context, ErrorContext::kRemoteFile);
}

BITSCTS_SCENARIO(Download, CancelTwiceIsInvalidState,
                 {.clauses = {"JOB-STATE-5", "JOB-STATE-9"},
                  .doc = docs::kCancel,
                  .needs = {Feature::kDownload}}) {
  auto job = s.CreateJob(s.caller());
  const HResult first = job->Cancel();
  BITSCTS_PROVES("JOB-STATE-5")
    EXPECT_TRUE(first == hr::kOk || first == hr::kUnableToDeleteFiles) << first;
  const auto state = job->State();
  ASSERT_EQ(state.hr, hr::kOk);
  BITSCTS_PROVES("JOB-STATE-5") EXPECT_EQ(state.value, JobState::kCancelled);
  BITSCTS_PROVES("JOB-STATE-5") EXPECT_EQ(job->Cancel(), hr::kInvalidState);
  BITSCTS_PROVES("JOB-STATE-9") EXPECT_EQ(job->Resume(), hr::kInvalidState);
}

}  // namespace
}  // namespace bitscts
