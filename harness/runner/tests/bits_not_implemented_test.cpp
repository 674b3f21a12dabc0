// A BITS that answers E_NOTIMPL fails the scenario that calls it: the harness forwards every BITS
// call as it is and never turns BITS's own E_NOTIMPL into `unsupported` (target.h). The model runs
// registered scenarios here behind a decorator whose jobs answer E_NOTIMPL for one method, as a
// stub in BITS does (Wine's Suspend, GetOwner and GetErrorDescription).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <variant>

#include "bitscts/scenario.h"
#include "lenient_expectations.h"
#include "options.h"
#include "run_context.h"
#include "scenario_runner.h"

namespace bitscts::runner {
namespace {

using ::testing::HasSubstr;

// The Job method a decorated job answers E_NOTIMPL for; kNone forwards every call.
enum class Stub { kNone, kSuspend, kGetOwner, kGetErrorDescription };

// Counts the calls a decorated target answered E_NOTIMPL for in place of the model.
struct StubCalls {
  int count = 0;
};

// A job as another, except that the stubbed method answers E_NOTIMPL without calling it.
class StubbingJob final : public Job {
 public:
  StubbingJob(std::unique_ptr<Job> inner, Stub stub, StubCalls& calls)
      : inner_(std::move(inner)), stub_(stub), calls_(calls) {}

  std::string Id() const override { return inner_->Id(); }
  HResult AddFile(const std::string& remote_url, const std::string& local_path) override {
    return inner_->AddFile(remote_url, local_path);
  }
  HResult Resume() override { return inner_->Resume(); }
  HResult Suspend() override { return Stubbed(Stub::kSuspend) ? hr::kNotImpl : inner_->Suspend(); }
  HResult Cancel() override { return inner_->Cancel(); }
  HResult Complete() override { return inner_->Complete(); }
  HResult SetNoProgressTimeout(std::uint32_t seconds) override {
    return inner_->SetNoProgressTimeout(seconds);
  }
  Outcome<JobState> State() override { return inner_->State(); }
  Outcome<JobError> Error() override { return inner_->Error(); }
  WaitResult WaitForState(const std::vector<JobState>& wanted,
                          std::chrono::milliseconds timeout) override {
    return inner_->WaitForState(wanted, timeout);
  }
  std::vector<JobState> StateHistory() const override { return inner_->StateHistory(); }
  Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() override {
    return inner_->QueryTokenOptions();
  }
  HResult SetNotifyFlags(std::uint32_t flags) override { return inner_->SetNotifyFlags(flags); }
  Outcome<std::uint32_t> NotifyFlags() override { return inner_->NotifyFlags(); }
  HResult SetNotifyInterface() override { return inner_->SetNotifyInterface(); }
  HResult SetBlockingNotifyInterface() override { return inner_->SetBlockingNotifyInterface(); }
  HResult RemoveNotifyInterface() override { return inner_->RemoveNotifyInterface(); }
  Outcome<std::vector<Notification>> WaitForNotification(
      JobEvent event, std::chrono::milliseconds timeout) override {
    return inner_->WaitForNotification(event, timeout);
  }
  Outcome<std::string> ErrorDescription(std::uint32_t language_id) override {
    if (Stubbed(Stub::kGetErrorDescription)) return {hr::kNotImpl, {}};
    return inner_->ErrorDescription(language_id);
  }
  Outcome<JobFile> ErrorFile() override { return inner_->ErrorFile(); }
  Outcome<std::string> ErrorProtocol() override { return inner_->ErrorProtocol(); }
  Outcome<std::string> OwnerSid() override {
    if (Stubbed(Stub::kGetOwner)) return {hr::kNotImpl, {}};
    return inner_->OwnerSid();
  }
  HResult TakeOwnership() override { return inner_->TakeOwnership(); }
  HResult SetCredentials(const Credentials& credentials) override {
    return inner_->SetCredentials(credentials);
  }
  HResult SetProxySettings(ProxyUsage usage, const std::string& proxy_list,
                           const std::string& bypass_list) override {
    return inner_->SetProxySettings(usage, proxy_list, bypass_list);
  }
  HResult SetClientCertificate(CertStoreLocation location, const std::string& store_name,
                               const std::string& thumbprint) override {
    return inner_->SetClientCertificate(location, store_name, thumbprint);
  }
  HResult SetCostFlags(std::uint32_t flags) override { return inner_->SetCostFlags(flags); }
  Outcome<std::uint32_t> CostFlags() override { return inner_->CostFlags(); }

 private:
  // Returns true (and counts the call) if `method` is the stubbed one.
  bool Stubbed(Stub method) {
    if (method != stub_) return false;
    ++calls_.count;
    return true;
  }

  std::unique_ptr<Job> inner_;
  Stub stub_;
  StubCalls& calls_;
};

// A caller as another (borrowed, or owned when the stubbing target logged it on) whose jobs are
// stubbing jobs.
class StubbingCaller final : public Caller {
 public:
  StubbingCaller(Caller& inner, Stub stub, StubCalls& calls)
      : inner_(inner), stub_(stub), calls_(calls) {}
  StubbingCaller(std::unique_ptr<Caller> owned, Stub stub, StubCalls& calls)
      : owned_(std::move(owned)), inner_(*owned_), stub_(stub), calls_(calls) {}

  Caller& inner() { return inner_; }

  std::string Sid() const override { return inner_.Sid(); }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& display_name) override {
    return Stubbing(inner_.CreateDownloadJob(display_name));
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) override {
    return Stubbing(inner_.OpenJob(job_id));
  }
  HResult Impersonate(const Principal& principal) override { return inner_.Impersonate(principal); }
  HResult RevertToSelf() override { return inner_.RevertToSelf(); }

 private:
  Outcome<std::unique_ptr<Job>> Stubbing(Outcome<std::unique_ptr<Job>> opened) {
    if (opened.value) {
      opened.value = std::make_unique<StubbingJob>(std::move(opened.value), stub_, calls_);
    }
    return opened;
  }

  std::unique_ptr<Caller> owned_;
  Caller& inner_;
  Stub stub_;
  StubCalls& calls_;
};

// A target as another whose callers' jobs answer E_NOTIMPL for `stub`.
class StubbingTarget final : public Target {
 public:
  StubbingTarget(std::unique_ptr<Target> inner, Stub stub, StubCalls& calls)
      : inner_(std::move(inner)),
        stub_(stub),
        calls_(calls),
        current_(inner_->CurrentCaller(), stub, calls) {}

  const TargetDescription& Description() const override { return inner_->Description(); }
  Capabilities Probe() override { return inner_->Probe(); }
  Caller& CurrentCaller() override { return current_; }
  Outcome<Principal> Provision(PrincipalKind kind) override { return inner_->Provision(kind); }
  Outcome<std::unique_ptr<Caller>> LogOn(const Principal& principal,
                                         CallerSettings settings) override {
    Outcome<std::unique_ptr<Caller>> logged_on = inner_->LogOn(principal, settings);
    if (logged_on.value) {
      logged_on.value = std::make_unique<StubbingCaller>(std::move(logged_on.value), stub_, calls_);
    }
    return logged_on;
  }
  HResult LogOff(Caller& caller) override {
    auto* stubbing = dynamic_cast<StubbingCaller*>(&caller);
    return inner_->LogOff(stubbing != nullptr ? stubbing->inner() : caller);
  }
  int CancelLeftoverJobs() override { return inner_->CancelLeftoverJobs(); }
  HResult ActivateManagerClass(const std::string& version) override {
    return inner_->ActivateManagerClass(version);
  }
  HResult ReleaseCallbacks() override { return inner_->ReleaseCallbacks(); }
  const ControlSet& Controls() const override { return inner_->Controls(); }

 private:
  std::unique_ptr<Target> inner_;
  Stub stub_;
  StubCalls& calls_;
  StubbingCaller current_;
};

// A registered scenario and the Job method whose E_NOTIMPL must fail it.
struct StubCase {
  const char* scenario_id;
  Stub stub;
  const char* method;
};

std::ostream& operator<<(std::ostream& out, const StubCase& stub_case) {
  return out << stub_case.scenario_id << " with " << stub_case.method << " stubbed";
}

// Runs the registered scenario `scenario_id` on the model (default build, no expectations) with
// its jobs answering E_NOTIMPL for `stub`; counts the stubbed calls in `calls`.
CaseRecord RunStubbed(const std::string& scenario_id, Stub stub, StubCalls& calls) {
  Options options;
  options.target = TargetKind::kModel;
  options.report_dir.clear();
  const LenientExpectationsFile expectations;
  options.expectations_file = expectations.path();
  auto started = RunContext::Start(options, [&](std::unique_ptr<Target> model) {
    return std::make_unique<StubbingTarget>(std::move(model), stub, calls);
  });
  if (auto* error = std::get_if<std::string>(&started)) {
    ADD_FAILURE() << "the run did not start: " << *error;
    return {};
  }
  RunContext& run = *std::get<std::unique_ptr<RunContext>>(started);
  for (const RegisteredScenario& scenario : RegisteredScenarios()) {
    if (scenario.info.id() == scenario_id) return RunScenario(scenario, run);
  }
  ADD_FAILURE() << "no registered scenario " << scenario_id;
  return {};
}

class BitsNotImplemented : public ::testing::TestWithParam<StubCase> {};

TEST_P(BitsNotImplemented, TheScenarioPassesOnTheModelAsItIs) {
  StubCalls calls;
  const CaseRecord record = RunStubbed(GetParam().scenario_id, Stub::kNone, calls);
  EXPECT_EQ(record.verdict, Verdict::kPass) << record.message << "\n" << record.details;
}

TEST_P(BitsNotImplemented, FailsTheScenarioThatCallsIt) {
  StubCalls calls;
  const CaseRecord record = RunStubbed(GetParam().scenario_id, GetParam().stub, calls);
  EXPECT_GT(calls.count, 0) << GetParam().method << " was never called: the test proves nothing";
  EXPECT_EQ(record.verdict, Verdict::kFail) << record.message << "\n" << record.details;
  EXPECT_THAT(record.message + "\n" + record.details, HasSubstr("E_NOTIMPL"));
}

INSTANTIATE_TEST_SUITE_P(ForwardedMethods, BitsNotImplemented,
                         ::testing::Values(StubCase{"JobBehaviour.SuspendAndResumeMoveTheJob",
                                                    Stub::kSuspend, "Suspend"},
                                           StubCase{"Ownership.OnlyAnAdministratorTakesOwnership",
                                                    Stub::kGetOwner, "GetOwner"},
                                           StubCase{"ErrorDetails.DescriptionByLanguage",
                                                    Stub::kGetErrorDescription,
                                                    "GetErrorDescription"}),
                         [](const ::testing::TestParamInfo<StubCase>& stubbed) {
                           return std::string(stubbed.param.method);
                         });

}  // namespace
}  // namespace bitscts::runner
