// Download: the plain job life cycle every helper-token scenario stands on.
#include <gtest/gtest.h>

#include "bitscts/scenario.h"

namespace bitscts {
namespace {

constexpr const char* kLifeCycleDoc = "https://learn.microsoft.com/windows/win32/bits/life-cycle-of-a-bits-job";

BITSCTS_SCENARIO(Download, TransfersVerifiesAndCompletes,
                 {.clauses = {"JOB-STATE-1", "JOB-STATE-6", "JOB-STATE-7", "JOB-STATE-8"},
                  .doc = kLifeCycleDoc,
                  .needs = {Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 2;
  constexpr std::uint64_t kSize = 300000;
  auto job = s.CreateJob(s.caller(), "bitscts download");
  const auto created = job->State();
  ASSERT_EQ(created.hr, hr::kOk);
  EXPECT_EQ(created.value, JobState::kSuspended) << "a new job starts suspended";

  const std::string local = s.LocalPath("download.bin");
  ASSERT_EQ(job->AddFile(s.ContentUrl(kSeed, kSize), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const JobState reached = s.AwaitState(*job, {JobState::kTransferred, JobState::kError});
  ASSERT_EQ(reached, JobState::kTransferred) << "the download should transfer";

  const HResult completed = job->Complete();
  EXPECT_TRUE(completed == hr::kOk || completed == hr::kUnableToDeleteFiles) << completed;
  const auto after = job->State();
  EXPECT_EQ(after.value, JobState::kAcknowledged);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "") << "the completed file must hold the served bytes";
}

BITSCTS_SCENARIO(Download, ResumeWithoutFilesIsEmpty,
                 {.clauses = {"JOB-STATE-2"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-resume",
                  .needs = {Feature::kDownload}}) {
  auto job = s.CreateJob(s.caller());
  EXPECT_EQ(job->Resume(), hr::kEmpty);
  EXPECT_EQ(job->State().value, JobState::kSuspended);
}

BITSCTS_SCENARIO(Download, MissingRemoteFileIsAnErrorInRemoteContext,
                 {.clauses = {"JOB-ERR-1", "JOB-ERR-2", "JOB-ERR-3", "JOB-RETRY-2"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/ne-bits-bg_error_context",
                  .needs = {Feature::kDownload}}) {
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->AddFile(s.server().Url("/missing/file.bin"), s.LocalPath("missing.bin")), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  EXPECT_EQ(error.value.code, hr::kHttpError404);
  EXPECT_EQ(error.value.context, ErrorContext::kRemoteFile);
}

BITSCTS_SCENARIO(Download, CancelTwiceIsInvalidState,
                 {.clauses = {"JOB-STATE-5", "JOB-STATE-9"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-cancel",
                  .needs = {Feature::kDownload}}) {
  auto job = s.CreateJob(s.caller());
  const HResult first = job->Cancel();
  EXPECT_TRUE(first == hr::kOk || first == hr::kUnableToDeleteFiles) << first;
  EXPECT_EQ(job->State().value, JobState::kCancelled);
  EXPECT_EQ(job->Cancel(), hr::kInvalidState);
  EXPECT_EQ(job->Resume(), hr::kInvalidState);
}

}  // namespace
}  // namespace bitscts
