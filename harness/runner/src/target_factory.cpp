#include "target_factory.h"

#include <fstream>
#include <iterator>

#include "bitscts/com/com_target.h"
#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/fault.h"
#include "bitscts/model/model_target.h"
#include "bitscts/null/null_target.h"

#ifdef _WIN32
#include "bitscts/agent/agent_client.h"
#else
#include "bitscts/com_model/com_model_target.h"
#endif

namespace bitscts::runner {
namespace {

// Why --withhold makes a target withhold a control.
constexpr const char* kWithheldByOption = "withheld by --withhold";

// A target as another, except that it withholds some of the controls the other offers.
class WithholdingTarget final : public Target {
 public:
  WithholdingTarget(std::unique_ptr<Target> inner, const std::vector<Feature>& withheld)
      : inner_(std::move(inner)),
        controls_(inner_->Controls().Without(withheld, kWithheldByOption)) {}

  const TargetDescription& Description() const override { return inner_->Description(); }
  Capabilities Probe() override { return inner_->Probe(); }
  Caller& CurrentCaller() override { return inner_->CurrentCaller(); }
  Outcome<Principal> Provision(PrincipalKind kind) override { return inner_->Provision(kind); }
  Outcome<std::unique_ptr<Caller>> LogOn(const Principal& principal,
                                         CallerSettings settings) override {
    return inner_->LogOn(principal, settings);
  }
  HResult LogOff(Caller& caller) override { return inner_->LogOff(caller); }
  int CancelLeftoverJobs() override { return inner_->CancelLeftoverJobs(); }
  HResult ActivateManagerClass(const std::string& version) override {
    return inner_->ActivateManagerClass(version);
  }
  HResult ReleaseCallbacks() override { return inner_->ReleaseCallbacks(); }
  const ControlSet& Controls() const override { return controls_; }

 private:
  std::unique_ptr<Target> inner_;
  ControlSet controls_;
};

// Returns `target` withholding the controls the options name.
std::unique_ptr<Target> Withholding(std::unique_ptr<Target> target, const Options& options) {
  if (options.withheld.empty()) return target;
  return std::make_unique<WithholdingTarget>(std::move(target), options.withheld);
}

}  // namespace

std::map<Feature, std::string> PlannedWithheldControls(const Options& options) {
  if (options.target == TargetKind::kCom || options.target == TargetKind::kComModel)
    return com::WithheldControls();
  std::map<Feature, std::string> withheld;
  std::string error;
  std::unique_ptr<Target> target;
  if (options.target == TargetKind::kModel) {
    model::ModelOptions model_options;
    model_options.build = options.model_build;
    target = model::MakeModelTarget(std::move(model_options), &error);
  } else {
    target = null_target::MakeNullTarget({options.model_build, {}}, &error);
  }
  if (!target) return withheld;
  target = Withholding(std::move(target), options);
  for (const Feature feature : ControlSet::ControlFeatures()) {
    if (std::optional<std::string> missing = target->Controls().Missing(feature))
      withheld.emplace(feature, std::move(*missing));
  }
  return withheld;
}

namespace {

// The content the com target's probe downloads: 64 KiB named by a seed no scenario uses.
constexpr std::uint64_t kProbeSeed = 0x0B175C75;
constexpr std::uint64_t kProbeSize = 64 * 1024;

// Returns "" when the file at `path` holds exactly the probe's content, else what differs.
std::string CheckProbeContent(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return "cannot open " + path;
  const std::string data((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (data.size() != kProbeSize) {
    return path + " holds " + std::to_string(data.size()) + " bytes, not " +
           std::to_string(kProbeSize);
  }
  if (const auto offset = fakeserver::FirstMismatch(kProbeSeed, 0, data)) {
    return path + " differs from the served content at byte " + std::to_string(*offset);
  }
  return {};
}

// Returns what the com target's probe downloads from `server`: the probe's content, and the same
// content behind the slowest answer the fakeserver gives, long enough for a logoff to stop the
// job fetching it.
com::ProbeDownloads ProbeDownloadsFrom(fakeserver::Server& server) {
  com::ProbeDownloads probe;
  probe.url = server.Url(fakeserver::ContentPath(kProbeSeed, kProbeSize));
  fakeserver::Fault slow;
  slow.delay = fakeserver::kMaxFaultDelay;
  probe.slow_url =
      server.Url(fakeserver::FaultPath(slow, fakeserver::ContentPath(kProbeSeed, kProbeSize)));
  probe.verify = CheckProbeContent;
  return probe;
}

}  // namespace

std::variant<std::unique_ptr<Target>, std::string> MakeTarget(
    const Options& options, fakeserver::Server& server, const std::string& scratch,
    std::shared_ptr<AgentFaultSink> agent_faults) {
  if (options.target == TargetKind::kModel) {
    model::ModelOptions model_options;
    model_options.build = options.model_build;
    model_options.scratch = scratch;
    model_options.register_identity = [&server](const std::string& name,
                                                const std::string& password) {
      server.AddUser(name, password);
    };
    std::string error;
    std::unique_ptr<Target> target = model::MakeModelTarget(std::move(model_options), &error);
    if (!target) return "the model target cannot start: " + error;
    return Withholding(std::move(target), options);
  }
  if (options.target == TargetKind::kNull) {
    std::string error;
    std::unique_ptr<Target> target =
        null_target::MakeNullTarget({options.model_build, scratch}, &error);
    if (!target) return "the null target cannot start: " + error;
    return Withholding(std::move(target), options);
  }
  if (options.target == TargetKind::kComModel) {
#ifdef _WIN32
    return std::string(
        "the com-model target runs the com client against the model's portable COM face, which "
        "Windows builds do not have: build with the native preset on Linux");
#else
    com_model::ComModelOptions com_model_options;
    com_model_options.build = options.model_build;
    com_model_options.scratch = scratch;
    com_model_options.secret_witness = options.secret_witness;
    com_model_options.register_identity = [&server](const std::string& name,
                                                    const std::string& password) {
      server.AddUser(name, password);
    };
    com_model_options.probe = ProbeDownloadsFrom(server);
    com_model_options.agent_faults = std::move(agent_faults);
    com_model_options.broken = com_model::ParseBrokenClient(options.test_only_broken_client);
    return com_model::MakeComModelTarget(std::move(com_model_options));
#endif
  }
#ifdef _WIN32
  com::ComOptions com_options;
  com_options.scratch = scratch;
  com_options.agent_faults = std::move(agent_faults);
  com_options.accounts.secret_witness = options.secret_witness;
  // Agents are this executable in agent mode, with the settings as options (see options.h).
  com_options.agent_command = [](CallerSettings settings) {
    agent::AgentCommand command;
    command.executable = agent::CurrentExecutable();
    command.arguments = {"--agent", "--impersonation=" + LevelWord(settings.level),
                         "--cloaking=" + CloakingWord(settings.cloaking),
                         "--apartment=" + Name(settings.apartment)};
    return command;
  };
  com_options.probe = ProbeDownloadsFrom(server);
  return com::MakeComTarget(com_options);
#else
  (void)server;
  (void)scratch;
  (void)agent_faults;
  return std::string(
      "the com target needs Windows: build with the msvc preset, or the mingw preset and run under "
      "Wine");
#endif
}

}  // namespace bitscts::runner
