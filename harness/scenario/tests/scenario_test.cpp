// The scenario framework's handling of environment failures: a job the machine refuses is an
// error verdict whose message says what to change.
#include "bitscts/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bitscts/fakeserver/server.h"

namespace bitscts {
namespace {

// A caller whose job creation fails with a fixed HRESULT.
class RefusedCaller final : public Caller {
 public:
  explicit RefusedCaller(HResult refusal) : refusal_(refusal) {}
  std::string Sid() const override { return "S-1-5-21-1-2-3-1000"; }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string&) override { return {refusal_, nullptr}; }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string&) override { return {refusal_, nullptr}; }
  HResult Impersonate(const Principal&) override { return hr::kNotImpl; }
  HResult RevertToSelf() override { return hr::kOk; }

 private:
  HResult refusal_;
};

// A target with nothing but that caller.
class RefusingTarget final : public Target {
 public:
  explicit RefusingTarget(HResult refusal) : caller_(refusal) {}
  const TargetDescription& Description() const override { return description_; }
  Capabilities Probe() override { return {}; }
  Caller& CurrentCaller() override { return caller_; }
  Outcome<Principal> Provision(PrincipalKind) override { return {hr::kNotImpl, {}}; }
  Outcome<std::unique_ptr<Caller>> LogOn(const Principal&, CallerSettings) override { return {hr::kNotImpl, nullptr}; }
  HResult LogOff(Caller&) override { return hr::kNotImpl; }
  Outcome<std::string> CreateFolder(const std::vector<Principal>&) override { return {hr::kNotImpl, {}}; }
  int CancelLeftoverJobs() override { return 0; }

 private:
  TargetDescription description_;
  RefusedCaller caller_;
};

// Returns the message of the EnvironmentError that creating a job on `target` throws.
std::string CreateJobFailure(HResult refusal) {
  RefusingTarget target(refusal);
  fakeserver::Server server;
  Scenario scenario(target, Capabilities{}, server, ::testing::TempDir());
  try {
    scenario.CreateJob(scenario.caller(), "bitscts refused");
  } catch (const EnvironmentError& error) {
    return error.what();
  }
  return "no EnvironmentError";
}

TEST(Scenario, NoInteractiveLogonSaysWhatToChange) {
  const std::string message = CreateJobFailure(hr::kNotLoggedOn);
  EXPECT_THAT(message, ::testing::StartsWith("CreateJob failed with HRESULT_FROM_WIN32(ERROR_NOT_LOGGED_ON)"));
  EXPECT_THAT(message, ::testing::HasSubstr("interactive logon session"));
}

TEST(Scenario, OtherRefusalsAreNamedWithoutAdvice) {
  EXPECT_EQ(CreateJobFailure(hr::kAccessDenied), "CreateJob failed with E_ACCESSDENIED (0x80070005)");
}

}  // namespace
}  // namespace bitscts
