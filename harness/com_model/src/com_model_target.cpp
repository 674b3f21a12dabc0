#include "bitscts/com_model/com_model_target.h"

#include <filesystem>
#include <set>
#include <string_view>
#include <utility>

#include "agent_sites.h"
#include "machine.h"
#include "win32_machine.h"

namespace bitscts::com_model {
namespace {

constexpr std::string_view kLocalSystemSid = "S-1-5-18";

// The com target as ConnectComTarget made it, named as the com-model target, owning the emulated
// machine it talks to: the com target (and its agents) end before the machine does.
class ComModelTarget final : public Target {
 public:
  ComModelTarget(std::shared_ptr<Win32Machine> machine, std::unique_ptr<AgentSites> sites,
                 std::unique_ptr<Target> client, const model::EmulatedBuild& build)
      : machine_(std::move(machine)), sites_(std::move(sites)), client_(std::move(client)) {
    description_ = client_->Description();
    description_.id = "com-model-" + std::to_string(build.build);
    description_.family = "com-model";
    description_.implementation = "the com target's client over the reference model's COM face";
    description_.os_name = build.os_name;
    description_.os_build = build.build;
    description_.bits_version = build.bits_version;
  }
  ~ComModelTarget() override {
    client_.reset();  // logs its agents off and releases its COM objects first
    sites_.reset();
  }

  const TargetDescription& Description() const override { return description_; }
  Capabilities Probe() override { return client_->Probe(); }
  Caller& CurrentCaller() override { return client_->CurrentCaller(); }
  Outcome<Principal> Provision(PrincipalKind kind) override { return client_->Provision(kind); }
  Outcome<std::unique_ptr<Caller>> LogOn(const Principal& principal,
                                         CallerSettings settings) override {
    return client_->LogOn(principal, settings);
  }
  HResult LogOff(Caller& caller) override { return client_->LogOff(caller); }
  int CancelLeftoverJobs() override { return client_->CancelLeftoverJobs(); }
  HResult ActivateManagerClass(const std::string& version) override {
    return client_->ActivateManagerClass(version);
  }
  HResult ReleaseCallbacks() override { return client_->ReleaseCallbacks(); }
  const ControlSet& Controls() const override { return client_->Controls(); }

 private:
  std::shared_ptr<Win32Machine> machine_;
  std::unique_ptr<AgentSites> sites_;
  std::unique_ptr<Target> client_;
  TargetDescription description_;
};

// Returns the runner's process on `machine`: an administrator logged on interactively in a
// session BITS counts, elevated, as the com target's preflight requires.
std::shared_ptr<model::com_face::ClientProcess> StartRunnerProcess(
    model::com_face::Machine& machine) {
  model::Token token;
  {
    const auto lock = machine.Lock();
    model::Authority& authority = machine.authority();
    const model::Account& administrator = authority.Provision(PrincipalKind::kAdministrator);
    const std::uint32_t session = authority.LogOn(administrator);
    token = authority.TokenFor(administrator, session, model::GroupState::kEnabled);
  }
  return machine.NewProcess(std::move(token));
}

// Lets only `owner_sid` and LocalSystem create files in `folder`, as a folder in a Windows user's
// TEMP inherits: every other account writes there only once the com target grants it.
void KeepToItsOwner(Win32Machine& machine, const std::filesystem::path& folder,
                    const std::string& owner_sid) {
  const std::set<std::string> writers = {owner_sid, std::string(kLocalSystemSid)};
  const auto lock = machine.bits->Lock();
  machine.folder_writers[folder.lexically_normal().string()] = writers;
  machine.bits->service().acl().Restrict(folder, writers);
}

}  // namespace

std::variant<std::unique_ptr<Target>, std::string> MakeComModelTarget(ComModelOptions options) {
  std::string error;
  const std::optional<model::EmulatedBuild> build = model::DescribeBuild(options.build, &error);
  if (!build) return "the com-model target cannot start: " + error;
  auto bits = std::make_shared<model::com_face::Machine>(*build, options.register_identity);
  auto machine = std::make_shared<Win32Machine>(bits);
  auto sites = std::make_unique<AgentSites>(machine, options.broken);

  com::ComOptions com_options;
  // A folder of its own: the com target sweeps its siblings' leftovers (other runs' folders).
  const std::filesystem::path scratch = std::filesystem::path(options.scratch) / "com";
  std::error_code scratch_error;
  std::filesystem::create_directories(scratch, scratch_error);
  if (scratch_error) {
    return "the com-model target cannot create its scratch folder " + scratch.string() + ": " +
           scratch_error.message();
  }
  const std::shared_ptr<model::com_face::ClientProcess> runner = StartRunnerProcess(*bits);
  KeepToItsOwner(*machine, scratch, runner->state->process.user_sid);
  com_options.scratch = scratch.string();
  com_options.accounts.secret_witness = options.secret_witness;
  com_options.probe = std::move(options.probe);
  com_options.agent_faults = std::move(options.agent_faults);
  // Agents are served on threads of this process, each as an emulated process of the machine.
  com_options.agent_command = [sites = sites.get()](CallerSettings settings) {
    agent::AgentCommand command;
    command.executable = "bitscts-model-agent";
    command.arguments = {sites->RegisterAgent(settings)};
    return command;
  };
  std::variant<std::unique_ptr<Target>, std::string> client =
      com::ConnectComTarget(sites->ProcessApi(runner), com_options);
  if (auto* failed = std::get_if<std::string>(&client))
    return "the com-model target cannot start: " + *failed;
  return std::make_unique<ComModelTarget>(std::move(machine), std::move(sites),
                                          std::move(std::get<std::unique_ptr<Target>>(client)),
                                          *build);
}

}  // namespace bitscts::com_model
