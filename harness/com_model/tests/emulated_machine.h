// The emulated machine the com_model unit tests drive: the model's COM face, its Win32 side and
// the runner's process, as the com-model target starts them.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "bitscts/com/system_api.h"
#include "win32_machine.h"

namespace bitscts::com_model {

// An emulated machine of `build` with the runner's process: an elevated administrator logged on
// interactively, as the com-model target starts it.
struct EmulatedMachine {
  explicit EmulatedMachine(std::uint32_t build = 19045)
      : bits(std::make_shared<model::com_face::Machine>(*model::DescribeBuild(build, nullptr),
                                                        [this](const std::string& name,
                                                               const std::string& secret) {
                                                          const std::lock_guard<std::mutex> lock(
                                                              registered_mutex);
                                                          registered[name] = secret;
                                                        })),
        machine(std::make_shared<Win32Machine>(bits)) {
    runner = NewProcess(PrincipalKind::kAdministrator);
    api = MakeProcessApi(machine, runner);
  }

  // Returns a new process whose token is that of a new account of `kind` in a new session.
  std::shared_ptr<model::com_face::ClientProcess> NewProcess(PrincipalKind kind) {
    model::Token token;
    {
      const auto lock = bits->Lock();
      const model::Account& account = bits->authority().Provision(kind);
      token = bits->authority().TokenFor(account, bits->authority().LogOn(account));
    }
    return bits->NewProcess(token);
  }

  std::mutex registered_mutex;
  std::map<std::string, std::string> registered;  // identities given to the fakeserver
  std::shared_ptr<model::com_face::Machine> bits;
  std::shared_ptr<Win32Machine> machine;
  std::shared_ptr<model::com_face::ClientProcess> runner;
  std::shared_ptr<com::SystemApi> api;
};

}  // namespace bitscts::com_model
