#include "target_factory.h"

#include "bitscts/model/model_target.h"
#include "bitscts/null/null_target.h"

#ifdef _WIN32
#include "bitscts/agent/agent_client.h"
#include "bitscts/com/com_target.h"
#endif

namespace bitscts::runner {

std::variant<std::unique_ptr<Target>, std::string> MakeTarget(const Options& options,
                                                              fakeserver::Server& server,
                                                              const std::string& scratch) {
  if (options.target == TargetKind::kModel) {
    model::ModelOptions model_options;
    model_options.build = options.model_build;
    model_options.scratch = scratch;
    model_options.register_identity = [&server](const std::string& name, const std::string& password) {
      server.AddUser(name, password);
    };
    std::string error;
    std::unique_ptr<Target> target = model::MakeModelTarget(std::move(model_options), &error);
    if (!target) return "the model target cannot start: " + error;
    return target;
  }
  if (options.target == TargetKind::kNull) {
    std::string error;
    std::unique_ptr<Target> target = null_target::MakeNullTarget({options.model_build, scratch}, &error);
    if (!target) return "the null target cannot start: " + error;
    return target;
  }
#ifdef _WIN32
  com::ComOptions com_options;
  com_options.scratch = scratch;
  com_options.accounts.secret_witness = options.secret_witness;
  // Agents are this executable in agent mode, with the settings as options (see options.h).
  com_options.agent_command = [](CallerSettings settings) {
    agent::AgentCommand command;
    command.executable = agent::CurrentExecutable();
    command.arguments = {"--agent", "--impersonation=" + std::string(LevelWord(settings.level)),
                         "--cloaking=" + std::string(CloakingWord(settings.cloaking))};
    return command;
  };
  return com::MakeComTarget(com_options);
#else
  (void)server;
  (void)scratch;
  return std::string(
      "the com target needs Windows: build with the msvc preset, or the mingw preset and run under Wine");
#endif
}

}  // namespace bitscts::runner
