// The recording decorators: every call reaches the target and lands in the evidence, by name and
// HRESULT, and no password ever does.
#include "recording.h"

#include <gtest/gtest.h>

#include <string>

namespace bitscts::internal {
namespace {

// A job that answers every call with success and nothing more, except SetCredentials, whose
// password it remembers, and three calls it refuses with E_NOTIMPL as some BITS do.
class FakeJob final : public Job {
 public:
  explicit FakeJob(std::string* seen_password) : seen_password_(seen_password) {}
  std::string Id() const override { return "{job}"; }
  HResult AddFile(const std::string&, const std::string&) override { return hr::kOk; }
  HResult Resume() override { return hr::kOk; }
  HResult Suspend() override { return hr::kOk; }
  HResult Cancel() override { return hr::kOk; }
  HResult Complete() override { return hr::kOk; }
  HResult SetNoProgressTimeout(std::uint32_t) override { return hr::kOk; }
  Outcome<JobState> State() override { return {hr::kOk, JobState::kSuspended}; }
  Outcome<JobError> Error() override { return {hr::kErrorInformationUnavailable, {}}; }
  WaitResult WaitForState(const std::vector<JobState>&, std::chrono::milliseconds) override {
    return {};
  }
  std::vector<JobState> StateHistory() const override { return {JobState::kSuspended}; }
  Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() override {
    return {hr::kNoInterface, nullptr};
  }
  HResult SetCredentials(const Credentials& credentials) override {
    if (credentials.password) *seen_password_ = std::string(credentials.password->Reveal());
    return hr::kOk;
  }
  HResult SetNotifyFlags(std::uint32_t) override { return hr::kNotImpl; }
  Outcome<std::uint32_t> NotifyFlags() override { return {hr::kOk, 0}; }
  HResult SetNotifyInterface() override { return hr::kOk; }
  HResult SetBlockingNotifyInterface() override { return hr::kOk; }
  HResult RemoveNotifyInterface() override { return hr::kOk; }
  Outcome<std::vector<Notification>> WaitForNotification(JobEvent,
                                                         std::chrono::milliseconds) override {
    return {hr::kOk, {}};
  }
  Outcome<std::string> ErrorDescription(std::uint32_t) override { return {hr::kOk, {}}; }
  Outcome<JobFile> ErrorFile() override { return {hr::kNotImpl, {}}; }
  Outcome<std::string> ErrorProtocol() override { return {hr::kOk, {}}; }
  Outcome<std::string> OwnerSid() override { return {hr::kOk, {}}; }
  HResult TakeOwnership() override { return hr::kNotImpl; }
  HResult SetProxySettings(ProxyUsage, const std::string&, const std::string&) override {
    return hr::kOk;
  }
  HResult SetClientCertificate(CertStoreLocation, const std::string&, const std::string&) override {
    return hr::kOk;
  }
  HResult SetCostFlags(std::uint32_t) override { return hr::kOk; }
  Outcome<std::uint32_t> CostFlags() override { return {hr::kOk, 0}; }

 private:
  std::string* seen_password_;
};

TEST(Recording, CredentialsReachTheTargetButNotTheEvidence) {
  Evidence evidence;
  std::string seen;
  {
    auto job = RecordJob(std::make_unique<FakeJob>(&seen), "runner job", evidence);
    const Credentials basic{AuthTarget::kServer, AuthScheme::kBasic, "bitscts-user",
                            Password("pa55-w0rd-x")};
    EXPECT_EQ(job->SetCredentials(basic), hr::kOk);
  }
  EXPECT_EQ(seen, "pa55-w0rd-x");
  const std::string text = evidence.Text();
  EXPECT_EQ(text.find("pa55"), std::string::npos) << text;
  EXPECT_NE(
      text.find(
          "SetCredentials(BG_AUTH_TARGET_SERVER, BG_AUTH_SCHEME_BASIC, bitscts-user, (redacted))"),
      std::string::npos)
      << text;
}

TEST(Recording, RefusalsOfBitsAreRecordedByName) {
  Evidence evidence;
  std::string seen;
  {
    auto job = RecordJob(std::make_unique<FakeJob>(&seen), "runner job", evidence);
    EXPECT_EQ(job->SetNotifyFlags(notify::kJobError | notify::kDisable), hr::kNotImpl);
    EXPECT_EQ(job->TakeOwnership(), hr::kNotImpl);
    EXPECT_EQ(job->ErrorFile().hr, hr::kNotImpl);
  }
  const std::string text = evidence.Text();
  EXPECT_NE(text.find("SetNotifyFlags(BG_NOTIFY_JOB_ERROR|BG_NOTIFY_DISABLE) -> E_NOTIMPL"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("TakeOwnership() -> E_NOTIMPL"), std::string::npos) << text;
  EXPECT_NE(text.find("GetFile() -> E_NOTIMPL"), std::string::npos) << text;
}

}  // namespace
}  // namespace bitscts::internal
