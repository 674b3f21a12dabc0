// The com target: real BITS through COM, on Windows natively, or Wine's BITS when the MinGW
// build runs under Wine.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "bitscts/agent/agent_client.h"
#include "bitscts/com/accounts.h"
#include "bitscts/com/system_api.h"
#include "bitscts/target.h"

namespace bitscts::com {

struct ComOptions {
  std::string scratch;        // folder the run may create files and folders in
  CallerSettings security{};  // what the process passes to CoInitializeSecurity
  AccountStoreOptions accounts{};  // for the test accounts Provision creates
  // Returns the command that starts an agent process with `settings` (LogOn). When empty the
  // target has no agents: LogOn answers E_NOTIMPL and distinct identities are unsupported.
  std::function<agent::AgentCommand(CallerSettings)> agent_command;
};

// Initialises COM for this process (multithreaded apartment, impersonate level, dynamic cloaking)
// and connects to BITS through the Windows API; on failure returns a one-line reason naming the
// call and its HRESULT. Defined in Windows builds only.
std::variant<std::unique_ptr<Target>, std::string> MakeComTarget(const ComOptions& options);

// As MakeComTarget, with every Win32 and COM runtime call made through `system`.
std::variant<std::unique_ptr<Target>, std::string> ConnectComTarget(std::shared_ptr<SystemApi> system,
                                                                     const ComOptions& options);

}  // namespace bitscts::com
