// ErrorDetails: what a job's error object says beyond its code and context: the description in
// a language, the file and the protocol of the failed transfer (JOB-ERR-5, JOB-ERR-6).
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "bitscts/scenario.h"
#include "docs.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

constexpr std::uint64_t kSize = 4096;
// LANGIDs: MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US) and one Windows has no language pack for,
// MAKELANGID(LANG_YI, SUBLANG_YI_PRC).
constexpr std::uint32_t kEnglishUs = 0x0409;
constexpr std::uint32_t kNoLanguagePack = 0x0478;

// Returns a job of the runner whose second file does not exist on the server, in ERROR; sets
// `*missing_url` and `*missing_local` to that file's names.
std::unique_ptr<Job> FailedJob(Scenario& s, std::string* missing_url, std::string* missing_local) {
  const Content present = s.NewContent(kSize);
  auto job = s.CreateJob(s.caller());
  *missing_url = s.server().Url("/missing/" + std::to_string(present.seed) + ".bin");
  *missing_local = s.LocalPath("missing.bin");
  EXPECT_EQ(job->AddFile(s.ContentUrl(present), s.LocalPath("present.bin")), hr::kOk);
  EXPECT_EQ(job->AddFile(*missing_url, *missing_local), hr::kOk);
  EXPECT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError);
  return job;
}

// GetFile names the file whose transfer failed, GetProtocol the protocol it failed in; before
// the job has an error there is no error object to ask.
BITSCTS_SCENARIO(ErrorDetails, FailedFileIsNamed,
                 {.clauses = {"JOB-ERR-6", "JOB-ERR-1"},
                  .doc = docs::kErrorGetFile,
                  .needs = {Feature::kDownload}}) {
  auto fresh = s.CreateJob(s.caller());
  const auto no_error = fresh->ErrorFile();
  BITSCTS_PROVES("JOB-ERR-1")
    EXPECT_EQ(no_error.hr, hr::kErrorInformationUnavailable) << "a new job has no error object";

  std::string missing_url;
  std::string missing_local;
  auto job = FailedJob(s, &missing_url, &missing_local);
  const auto error = job->Error();
  BITSCTS_PROVES("JOB-ERR-1") ASSERT_EQ(error.hr, hr::kOk) << "a job in ERROR has an error object";
  ASSERT_EQ(error.value.code, hr::kHttpError404);
  const auto file = job->ErrorFile();
  BITSCTS_PROVES("JOB-ERR-6") ASSERT_EQ(file.hr, hr::kOk) << "the error belongs to a file";
  BITSCTS_PROVES("JOB-ERR-6") EXPECT_EQ(file.value.remote_url, missing_url);
  BITSCTS_PROVES("JOB-ERR-6")
    EXPECT_EQ(std::filesystem::path(file.value.local_path), std::filesystem::path(missing_local));
  const auto protocol = job->ErrorProtocol();
  BITSCTS_PROVES("JOB-ERR-6") ASSERT_EQ(protocol.hr, hr::kOk) << "the HTTP exchange failed";
  EXPECT_FALSE(protocol.value.empty());
  s.evidence().Note("JOB-ERR-6: GetProtocol named \"" + protocol.value + "\"");
}

// GetErrorDescription refuses LanguageId 0, describes the error in US English, and answers
// HRESULT_FROM_WIN32(ERROR_RESOURCE_LANG_NOT_FOUND) for Yi, a language Windows has no language
// pack for, so no strings.
BITSCTS_SCENARIO(ErrorDetails, DescriptionByLanguage,
                 {.clauses = {"JOB-ERR-5"},
                  .doc = docs::kErrorDescription,
                  .needs = {Feature::kDownload}}) {
  auto fresh = s.CreateJob(s.caller());
  const auto no_error = fresh->ErrorDescription(kEnglishUs);
  EXPECT_EQ(no_error.hr, hr::kErrorInformationUnavailable) << "a new job has no error object";

  std::string missing_url;
  std::string missing_local;
  auto job = FailedJob(s, &missing_url, &missing_local);
  const auto english = job->ErrorDescription(kEnglishUs);
  BITSCTS_PROVES("JOB-ERR-5") ASSERT_EQ(english.hr, hr::kOk);
  BITSCTS_PROVES("JOB-ERR-5") EXPECT_FALSE(english.value.empty());
  BITSCTS_PROVES("JOB-ERR-5") EXPECT_EQ(job->ErrorDescription(0).hr, hr::kInvalidArg);

  const auto rare = job->ErrorDescription(kNoLanguagePack);
  s.evidence().Note("JOB-ERR-5: GetErrorDescription(0x0478) returned " + rare.hr.ToString());
  BITSCTS_PROVES("JOB-ERR-5")
    EXPECT_EQ(rare.hr, hr::kResourceLangNotFound) << "no strings for that language";
}

}  // namespace
}  // namespace bitscts
