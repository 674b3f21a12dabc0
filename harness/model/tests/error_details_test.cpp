#include <gtest/gtest.h>

#include <filesystem>

#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;
using namespace std::chrono_literals;

constexpr std::uint32_t kEnglishUs = 0x0409;
constexpr std::uint32_t kEnglishUk = 0x0809;
constexpr std::uint32_t kGerman = 0x0407;

TEST_F(ModelTest, WithoutAnErrorThereAreNoDetails) {
  auto job = CreateJob(Make().CurrentCaller());
  EXPECT_EQ(job->ErrorDescription(kEnglishUs).hr, hr::kErrorInformationUnavailable);
  EXPECT_EQ(job->ErrorFile().hr, hr::kErrorInformationUnavailable);
  EXPECT_EQ(job->ErrorProtocol().hr, hr::kErrorInformationUnavailable);
}

TEST_F(ModelTest, AServerErrorNamesItsFileAndProtocol) {
  auto job = CreateJob(Make().CurrentCaller());
  const std::string folder = OpenFolder();
  const std::string missing = server_.Url("/missing/second.bin");
  ASSERT_EQ(job->AddFile(ContentUrl(20, 10), folder + "/first.bin"), hr::kOk);
  ASSERT_EQ(job->AddFile(missing, folder + "/second.bin"), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kError);

  const auto file = job->ErrorFile();
  ASSERT_EQ(file.hr, hr::kOk);
  EXPECT_EQ(file.value.remote_url, missing);
  EXPECT_EQ(std::filesystem::path(file.value.local_path),
            std::filesystem::path(folder) / "second.bin");
  const auto protocol = job->ErrorProtocol();
  ASSERT_EQ(protocol.hr, hr::kOk);
  EXPECT_EQ(protocol.value, "http");

  const auto english = job->ErrorDescription(kEnglishUs);
  ASSERT_EQ(english.hr, hr::kOk);
  EXPECT_EQ(english.value, job->Error().value.description);
  EXPECT_FALSE(english.value.empty());
  EXPECT_EQ(job->ErrorDescription(kEnglishUk).value, english.value);
  EXPECT_EQ(job->ErrorDescription(0).hr, hr::kInvalidArg);
  EXPECT_EQ(job->ErrorDescription(kGerman).hr, hr::kResourceLangNotFound);
}

TEST_F(ModelTest, ALocalFileErrorHasAFileButNoProtocol) {
  Make();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto folder = Control<FolderControl>().CreateFolder({helper});
  ASSERT_EQ(folder.hr, hr::kOk);
  auto& runner = target_->CurrentCaller();
  auto job = CreateJob(runner);
  auto options = Options(*job);
  ASSERT_NO_FATAL_FAILURE(SetHelperTokenAs(runner, *options, helper));
  ASSERT_EQ(options->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_EQ(job->AddFile(ContentUrl(21, 10), folder.value + "/helper.bin"), hr::kOk);
  ASSERT_EQ(options->SetHelperTokenFlags(token_usage::kNone), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kError);
  EXPECT_EQ(job->Error().value.context, ErrorContext::kLocalFile);
  EXPECT_EQ(job->ErrorFile().hr, hr::kOk);
  EXPECT_EQ(job->ErrorProtocol().hr, hr::kProtocolNotAvailable);
}

TEST_F(ModelTest, ALogoffErrorBelongsToNoFile) {
  Make();
  const Principal owner = Provision(PrincipalKind::kAdministrator);
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto session = LogOn(owner);
  auto job = CreateJob(*session);
  auto options = Options(*job);
  ASSERT_EQ(session->Impersonate(helper), hr::kOk);
  ASSERT_EQ(options->SetHelperToken(), hr::kOk);
  ASSERT_EQ(session->RevertToSelf(), hr::kOk);
  ASSERT_EQ(job->AddFile(ContentUrl(22, 10), OpenFolder() + "/logoff.bin"), hr::kOk);
  ASSERT_EQ(target_->LogOff(*session), hr::kOk);
  auto again = LogOn(owner);
  auto reopened = again->OpenJob(job->Id());
  ASSERT_EQ(reopened.hr, hr::kOk);
  ASSERT_EQ(reopened.value->Error().value.code, hr::kTokenRequired);
  EXPECT_EQ(reopened.value->ErrorFile().hr, hr::kFileNotAvailable);
  EXPECT_EQ(reopened.value->ErrorProtocol().hr, hr::kProtocolNotAvailable);
  EXPECT_EQ(reopened.value->ErrorDescription(kEnglishUs).hr, hr::kOk);
}

}  // namespace
}  // namespace bitscts::model
