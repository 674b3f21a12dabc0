#include "bitscts/null/null_target.h"

#include <utility>

#include "bitscts/model/emulated_build.h"
#include "bitscts/model/model_target.h"

namespace bitscts::null_target {
namespace {

class NullTokenOptions final : public TokenOptions {
 public:
  HResult SetHelperToken() override { return hr::kOk; }
  HResult ClearHelperToken() override { return hr::kOk; }
  HResult SetHelperTokenFlags(std::uint32_t /*flags*/) override { return hr::kOk; }
  Outcome<std::uint32_t> GetHelperTokenFlags() override { return {hr::kOk, unwritten::kNumber}; }
  Outcome<std::optional<std::string>> GetHelperTokenSid() override {
    return {hr::kOk, unwritten::kText};
  }
};

class NullJob final : public Job {
 public:
  explicit NullJob(std::string id) : id_(std::move(id)) {}

  std::string Id() const override { return id_; }
  HResult AddFile(const std::string& /*remote_url*/, const std::string& /*local_path*/) override {
    return hr::kOk;
  }
  HResult Resume() override { return hr::kOk; }
  HResult Suspend() override { return hr::kOk; }
  HResult Cancel() override { return hr::kOk; }
  HResult Complete() override { return hr::kOk; }
  HResult SetNoProgressTimeout(std::uint32_t /*seconds*/) override { return hr::kOk; }
  Outcome<JobState> State() override { return {hr::kOk, JobState::kSuspended}; }
  Outcome<JobError> Error() override {
    return {hr::kOk, {HResult{unwritten::kNumber}, ErrorContext::kNone, unwritten::kText}};
  }
  WaitResult WaitForState(const std::vector<JobState>& wanted,
                          std::chrono::milliseconds timeout) override {
    WaitResult result;
    for (JobState state : wanted) {
      if (state == JobState::kSuspended) result.reached = true;
      result.waited_for += (result.waited_for.empty() ? "" : " or ") + Name(state);
    }
    result.waited = result.reached ? std::chrono::milliseconds(0) : timeout;
    return result;
  }
  std::vector<JobState> StateHistory() const override { return {JobState::kSuspended}; }
  Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() override {
    return {hr::kOk, std::make_unique<NullTokenOptions>()};
  }

  HResult SetNotifyFlags(std::uint32_t /*flags*/) override { return hr::kOk; }
  Outcome<std::uint32_t> NotifyFlags() override { return {hr::kOk, unwritten::kNumber}; }
  HResult SetNotifyInterface() override { return hr::kOk; }
  HResult SetBlockingNotifyInterface() override { return hr::kOk; }
  HResult RemoveNotifyInterface() override { return hr::kOk; }
  Outcome<std::vector<Notification>> WaitForNotification(
      JobEvent /*event*/, std::chrono::milliseconds /*timeout*/) override {
    return {hr::kOk, {}};
  }
  Outcome<std::string> ErrorDescription(std::uint32_t /*language_id*/) override {
    return {hr::kOk, unwritten::kText};
  }
  Outcome<JobFile> ErrorFile() override { return {hr::kOk, {unwritten::kText, unwritten::kText}}; }
  Outcome<std::string> ErrorProtocol() override { return {hr::kOk, unwritten::kText}; }
  Outcome<std::string> OwnerSid() override { return {hr::kOk, unwritten::kText}; }
  HResult TakeOwnership() override { return hr::kOk; }
  HResult SetCredentials(const Credentials& /*credentials*/) override { return hr::kOk; }
  HResult SetProxySettings(ProxyUsage /*usage*/, const std::string& /*proxy_list*/,
                           const std::string& /*bypass_list*/) override {
    return hr::kOk;
  }
  HResult SetClientCertificate(CertStoreLocation /*location*/, const std::string& /*store_name*/,
                               const std::string& /*thumbprint*/) override {
    return hr::kOk;
  }
  HResult SetCostFlags(std::uint32_t /*flags*/) override { return hr::kOk; }
  Outcome<std::uint32_t> CostFlags() override { return {hr::kOk, unwritten::kNumber}; }

 private:
  std::string id_;
};

// Returns a job id in registry format, unique within the process.
std::string NextJobId() {
  static int next = 0;
  std::string digits = std::to_string(++next);
  digits.insert(0, 12 - digits.size(), '0');
  return "{00000000-0000-0000-0000-" + digits + "}";
}

// The null BITS binary: it carries no version, so reading it leaves the output unwritten.
class NullFileVersion final : public FileVersionControl {
 public:
  Outcome<std::string> BitsFileVersion() override { return {hr::kOk, unwritten::kText}; }
};

// The model's machine (accounts, logons, controls) with the null BITS: every job any caller creates
// or opens is a NullJob, so the controls act as they do on the model while BITS does nothing. The
// one control that reads BITS itself, its file version, reads the null BITS.
class NullTarget final : public Target {
 public:
  NullTarget(std::unique_ptr<Target> machine, const model::EmulatedBuild& build)
      : machine_(std::move(machine)),
        controls_(machine_->Controls()),
        bits4_(build.token_rules != model::TokenRules::kAbsent) {
    controls_.Offer<FileVersionControl>(file_version_);
    description_ = machine_->Description();
    description_.id = "null-" + std::to_string(build.build);
    description_.family = "null";
    description_.implementation = "bitscts null target (answers S_OK and does nothing)";
  }

  const TargetDescription& Description() const override { return description_; }
  Capabilities Probe() override {
    Capabilities capabilities;
    for (Feature feature : AllFeatures())
      capabilities.Set(feature, true, "the null target claims every feature");
    // The version features follow the build, so that the scenarios about BITS before 4.0 run too.
    const std::string version = "emulated BITS " + description_.bits_version;
    capabilities.Set(Feature::kBits4, bits4_, version);
    capabilities.Set(Feature::kTokenOptions, bits4_, version);
    return capabilities;
  }
  Caller& CurrentCaller() override { return machine_->CurrentCaller(); }
  Outcome<Principal> Provision(PrincipalKind kind) override { return machine_->Provision(kind); }
  Outcome<std::unique_ptr<Caller>> LogOn(const Principal& principal,
                                         CallerSettings settings) override {
    return machine_->LogOn(principal, settings);
  }
  HResult LogOff(Caller& caller) override { return machine_->LogOff(caller); }
  int CancelLeftoverJobs() override { return 0; }
  HResult ActivateManagerClass(const std::string& /*version*/) override { return hr::kOk; }
  HResult ReleaseCallbacks() override { return hr::kOk; }
  const ControlSet& Controls() const override { return controls_; }

 private:
  std::unique_ptr<Target> machine_;
  NullFileVersion file_version_;
  ControlSet controls_;
  TargetDescription description_;
  bool bits4_;
};

}  // namespace

std::unique_ptr<Target> MakeNullTarget(NullOptions options, std::string* error) {
  const std::optional<model::EmulatedBuild> build = model::DescribeBuild(options.build, error);
  if (!build) return nullptr;
  model::ModelOptions machine;
  machine.build = options.build;
  machine.scratch = std::move(options.scratch);
  machine.stand_in = [](const std::string& job_id) {
    return std::make_unique<NullJob>(job_id.empty() ? NextJobId() : job_id);
  };
  std::unique_ptr<Target> model = model::MakeModelTarget(std::move(machine), error);
  if (!model) return nullptr;
  return std::make_unique<NullTarget>(std::move(model), *build);
}

}  // namespace bitscts::null_target
