// The com-model target: the com target's own client code (ComTarget, its jobs and token options,
// its agents, accounts, logons and controls) running natively against an emulated Windows whose
// BITS is the reference model served through the BITS COM interfaces, and whose Win32 API is the
// model's security emulation. Its id is "com-model-<build>" and its expectations family
// "com-model": a scenario's verdict there should equal its verdict on "model-<build>".
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "bitscts/agent_fault.h"
#include "bitscts/com/com_target.h"
#include "bitscts/com_model/broken_client.h"
#include "bitscts/target.h"
#include "bitscts/windows_build.h"

namespace bitscts::com_model {

struct ComModelOptions {
  std::uint32_t build = builds::kDefault;  // the Windows build the machine emulates
  // Tells the test HTTP server that an account with this name and password exists.
  std::function<void(const std::string&, const std::string&)> register_identity;
  std::string scratch;          // folder the run may create files and folders in
  std::string secret_witness;   // file for the SHA-256 of each generated password (ComOptions)
  com::ProbeDownloads probe{};  // what the com target's probe downloads
  std::shared_ptr<AgentFaultSink> agent_faults;  // as com::ComOptions::agent_faults
  BrokenClient broken = BrokenClient::kNone;
};

// Starts the emulated machine and connects the com client to it; on failure returns a one-line
// reason.
std::variant<std::unique_ptr<Target>, std::string> MakeComModelTarget(ComModelOptions options);

}  // namespace bitscts::com_model
