#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bitscts/fakeserver/fault.h"
#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;
using namespace std::chrono_literals;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST_F(ModelTest, OwnerDownloadIsRenamedOnComplete) {
  auto& runner = Make().CurrentCaller();
  auto job = CreateJob(runner);
  const std::string local = OpenFolder() + "/owner.bin";
  ASSERT_EQ(job->AddFile(ContentUrl(5, 100000), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const WaitResult result = WaitFinished(*job);
  ASSERT_TRUE(result.reached) << result.waited_for << " saw " << result.state;
  EXPECT_EQ(result.state, JobState::kTransferred);
  EXPECT_FALSE(std::filesystem::exists(local));  // JOB-STATE-8
  EXPECT_EQ(job->Complete(), hr::kOk);
  const std::string content = ReadFile(local);
  EXPECT_EQ(content.size(), 100000u);
  EXPECT_EQ(fakeserver::FirstMismatch(5, 0, content), std::nullopt);
  EXPECT_EQ(job->StateHistory(), (std::vector{JobState::kSuspended, JobState::kQueued,
                                              JobState::kConnecting, JobState::kTransferring,
                                              JobState::kTransferred, JobState::kAcknowledged}));
  ASSERT_FALSE(server_.Log().empty());
  EXPECT_EQ(server_.Log().back().method, "GET");
  EXPECT_TRUE(server_.Log().back().identity.empty())
      << "an open path challenges nobody, so nobody is presented";
}

TEST_F(ModelTest, NetworkFlagPresentsTheHelperToTheServer) {
  Make();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  server_.Allow("/content/7/", {helper.name});
  auto& runner = target_->CurrentCaller();
  auto job = CreateJob(runner);
  ASSERT_EQ(job->AddFile(ContentUrl(7, 1000), OpenFolder() + "/helper.bin"), hr::kOk);
  ASSERT_EQ(job->SetCredentials(Credentials{AuthTarget::kServer, AuthScheme::kNegotiate, {}, {}}),
            hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);

  // As the owner the server refuses the file.
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_TRUE(WaitFinished(*job).reached);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  EXPECT_EQ(error.value.code, hr::kHttpError403);
  EXPECT_EQ(error.value.context, ErrorContext::kRemoteFile);

  auto options = Options(*job);
  ASSERT_NO_FATAL_FAILURE(SetHelperTokenAs(runner, *options, helper));
  ASSERT_EQ(options->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const WaitResult result = WaitFinished(*job);
  EXPECT_EQ(result.state, JobState::kTransferred);
  EXPECT_EQ(server_.Log().back().identity, helper.name);
  EXPECT_EQ(job->Complete(), hr::kOk);
}

TEST_F(ModelTest, LocalFileFlagWritesAsTheHelper) {
  Make();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  const auto folder = Control<FolderControl>().CreateFolder({helper});
  ASSERT_EQ(folder.hr, hr::kOk);
  const std::string local = folder.value + "/helper-only.bin";
  auto& runner = target_->CurrentCaller();
  auto job = CreateJob(runner);
  EXPECT_EQ(job->AddFile(ContentUrl(3, 500), local), hr::kAccessDenied);  // checked as the caller

  auto options = Options(*job);
  ASSERT_NO_FATAL_FAILURE(SetHelperTokenAs(runner, *options, helper));
  ASSERT_EQ(options->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_EQ(job->AddFile(ContentUrl(3, 500), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  EXPECT_EQ(WaitFinished(*job).state, JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(std::filesystem::file_size(local), 500u);
}

TEST_F(ModelTest, OwnerCannotWriteAHelperOnlyFolder) {
  Make();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  const auto folder = Control<FolderControl>().CreateFolder({helper});
  auto& runner = target_->CurrentCaller();
  auto job = CreateJob(runner);
  auto options = Options(*job);
  ASSERT_NO_FATAL_FAILURE(SetHelperTokenAs(runner, *options, helper));
  ASSERT_EQ(options->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_EQ(job->AddFile(ContentUrl(3, 500), folder.value + "/x.bin"), hr::kOk);
  ASSERT_EQ(options->SetHelperTokenFlags(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  EXPECT_EQ(WaitFinished(*job).state, JobState::kError);
  EXPECT_EQ(job->Error().value.code, hr::kAccessDenied);
  EXPECT_EQ(job->Error().value.context, ErrorContext::kLocalFile);
}

TEST_F(ModelTest, FlagsWithoutATokenNeedOneAndRecover) {
  Make();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto& runner = target_->CurrentCaller();
  auto job = CreateJob(runner);
  auto options = Options(*job);
  ASSERT_EQ(options->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_EQ(job->AddFile(ContentUrl(4, 64), OpenFolder() + "/t.bin"), hr::kOk);
  EXPECT_EQ(job->Resume(), hr::kOk);
  EXPECT_EQ(WaitFinished(*job).state, JobState::kError);
  EXPECT_EQ(job->Error().value.code, hr::kTokenRequired);
  EXPECT_EQ(job->Error().value.context, ErrorContext::kLocalFile);

  // Recovery A: a token, then Resume.
  ASSERT_NO_FATAL_FAILURE(SetHelperTokenAs(runner, *options, helper));
  EXPECT_EQ(job->State().value, JobState::kError);
  ASSERT_EQ(job->Resume(), hr::kOk);
  EXPECT_EQ(WaitFinished(*job).state, JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
}

TEST_F(ModelTest, ClearingTheFlagsAlsoRecovers) {
  auto& runner = Make().CurrentCaller();
  auto job = CreateJob(runner);
  auto options = Options(*job);
  ASSERT_EQ(options->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  ASSERT_EQ(job->AddFile(ContentUrl(4, 64), OpenFolder() + "/n.bin"), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kError);
  EXPECT_EQ(job->Error().value.context, ErrorContext::kRemoteFile);
  ASSERT_EQ(options->SetHelperTokenFlags(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  EXPECT_EQ(WaitFinished(*job).state, JobState::kTransferred);
}

TEST_F(ModelTest, HttpErrorsAreRemoteFileErrors) {
  Make();
  const Principal service = Provision(PrincipalKind::kLocalService);
  server_.Allow("/content/9/", {"nobody"});
  auto caller = LogOn(service);
  auto job = CreateJob(*caller);
  ASSERT_EQ(job->AddFile(ContentUrl(9, 10), OpenFolder() + "/anon.bin"), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kError);
  EXPECT_EQ(job->Error().value.code, hr::kHttpError401);  // LocalService is anonymous
  EXPECT_TRUE(server_.Log().back().identity.empty());

  auto missing = CreateJob(*caller);
  ASSERT_EQ(missing->AddFile(server_.Url("/no/such/file"), OpenFolder() + "/404.bin"), hr::kOk);
  ASSERT_EQ(missing->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*missing).state, JobState::kError);
  EXPECT_EQ(missing->Error().value.code, hr::kHttpError404);
  EXPECT_EQ(missing->Error().value.context, ErrorContext::kRemoteFile);
}

TEST_F(ModelTest, ServerErrorsAreRetriedAfterTheRetryDelay) {
  auto job = CreateJob(Make().CurrentCaller());
  fakeserver::Fault fault;
  fault.status = 503;
  fault.times = 1;
  ASSERT_EQ(job->AddFile(server_.Url(fakeserver::FaultPath(fault, fakeserver::ContentPath(2, 10))),
                         OpenFolder() + "/retry.bin"),
            hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const WaitResult transient = job->WaitForState({JobState::kTransientError}, 1min);
  ASSERT_TRUE(transient.reached) << transient.state;
  EXPECT_EQ(job->Error().value.code, hr::kHttpError503);
  EXPECT_FALSE(job->WaitForState({JobState::kTransferred}, 9min).reached);
  const WaitResult done = job->WaitForState({JobState::kTransferred}, 2min);
  EXPECT_TRUE(done.reached) << done.state;
}

TEST_F(ModelTest, NoProgressTimeoutZeroMakesErrorsFinal) {
  auto job = CreateJob(Make().CurrentCaller());
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->AddFile("http://127.0.0.1:1/unreachable", OpenFolder() + "/u.bin"), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  EXPECT_EQ(WaitFinished(*job).state, JobState::kError);
  EXPECT_EQ(job->Error().value.context, ErrorContext::kRemoteFile);
}

// Returns the URL of `size` bytes of the content of `seed` that the server holds unanswered.
std::string HeldUrl(fakeserver::Server& server, std::uint64_t seed, std::uint64_t size) {
  fakeserver::Fault hold;
  hold.hold = true;
  return server.Url(fakeserver::FaultPath(hold, fakeserver::ContentPath(seed, size)));
}

TEST_F(ModelTest, HeldAnswerKeepsTheTransferInFlight) {
  auto job = CreateJob(Make().CurrentCaller());
  const std::string local = OpenFolder() + "/held.bin";
  ASSERT_EQ(job->AddFile(HeldUrl(server_, 11, 5000), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(Control<TimeControl>().AdvanceTime(1s),
            hr::kOk);  // the pickup delay: the request goes out
  EXPECT_TRUE(server_.WaitForHeld(1, 5s));
  EXPECT_EQ(job->State().value, JobState::kTransferring);
  ASSERT_EQ(Control<TimeControl>().AdvanceTime(2s), hr::kOk);
  EXPECT_EQ(job->State().value, JobState::kTransferring) << "no answer, no end of the transfer";

  server_.ReleaseHeld();
  ASSERT_EQ(WaitFinished(*job).state, JobState::kTransferred);
  ASSERT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(fakeserver::FirstMismatch(11, 0, ReadFile(local)), std::nullopt);
  EXPECT_EQ(ReadFile(local).size(), 5000u);
}

TEST_F(ModelTest, LeavingTransferringAbandonsTheHeldRequest) {
  auto job = CreateJob(Make().CurrentCaller());
  const std::string local = OpenFolder() + "/abandoned.bin";
  ASSERT_EQ(job->AddFile(HeldUrl(server_, 12, 5000), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(Control<TimeControl>().AdvanceTime(1s), hr::kOk);
  ASSERT_TRUE(server_.WaitForHeld(1, 5s));
  ASSERT_EQ(job->Suspend(), hr::kOk);
  server_.ReleaseHeld();  // the abandoned request's answer comes, and is not the job's
  EXPECT_EQ(job->State().value, JobState::kSuspended);

  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kTransferred);
  ASSERT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(fakeserver::FirstMismatch(12, 0, ReadFile(local)), std::nullopt);
  EXPECT_EQ(job->StateHistory(),
            (std::vector{JobState::kSuspended, JobState::kQueued, JobState::kConnecting,
                         JobState::kTransferring, JobState::kSuspended, JobState::kQueued,
                         JobState::kConnecting, JobState::kTransferring, JobState::kTransferred,
                         JobState::kAcknowledged}));
}

}  // namespace
}  // namespace bitscts::model
