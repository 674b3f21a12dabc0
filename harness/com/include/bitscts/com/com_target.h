// The com target: real BITS through COM, on Windows natively, or Wine's BITS when the MinGW
// build runs under Wine.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <variant>

#include "bitscts/agent/agent_client.h"
#include "bitscts/agent_fault.h"
#include "bitscts/com/accounts.h"
#include "bitscts/com/system_api.h"
#include "bitscts/target.h"

namespace bitscts::com {

// What the probe downloads to prove its claims: that a download completes as the runner
// (Feature::kDownload), that a job of a provisioned standard account transfers
// (kDistinctIdentities), and that that account's logoff stops its running job (kLogoff).
struct ProbeDownloads {
  std::string url;  // known content on the runner's fakeserver; empty: nothing is proved
  std::string
      slow_url;  // the same kind of content answered seconds late: a job fetching it keeps running
  // Returns an empty string when the file at the path holds exactly the content of `url`, else
  // what differs.
  std::function<std::string(const std::string& local_path)> verify;
  std::chrono::milliseconds timeout{60'000};  // for each of the probe's waits
};

struct ComOptions {
  std::string scratch;             // folder the run may create files and folders in
  CallerSettings security{};       // what the process passes to CoInitializeSecurity
  AccountStoreOptions accounts{};  // for the test accounts Provision creates
  // Returns the command that starts an agent process with `settings` (LogOn). When empty the
  // target has no agents: LogOn answers E_NOTIMPL and distinct identities are unsupported.
  std::function<agent::AgentCommand(CallerSettings)> agent_command;
  // Where the faults of agents started for scenarios go (those of the probe's agents are its
  // evidence); when null they are dropped.
  std::shared_ptr<AgentFaultSink> agent_faults;
  ProbeDownloads probe{};  // for Target::Probe
  // For an agent whose level lets BITS refuse it at activation (anonymous, HT-IMP-1): when every
  // class is refused the target still connects, and CreateJob and OpenJob answer that refusal.
  bool activation_refusal_is_an_answer = false;
};

// The controls (bitscts/controls.h) the com target withholds on every machine, each with why;
// it offers every other control. Its Target::Controls() agrees, and `bitscts --target=com
// --plan` reads this list on any OS.
std::map<Feature, std::string> WithheldControls();

// Initialises COM for this process (multithreaded apartment, impersonate level, dynamic cloaking)
// and connects to BITS through the Windows API; on failure returns a one-line reason naming the
// call and its HRESULT. Defined in Windows builds only.
std::variant<std::unique_ptr<Target>, std::string> MakeComTarget(const ComOptions& options);

// As MakeComTarget, with every Win32 and COM runtime call made through `system`.
std::variant<std::unique_ptr<Target>, std::string> ConnectComTarget(
    std::shared_ptr<SystemApi> system, const ComOptions& options);

// Connects `target`, which ConnectComTarget made, to BITS again after the BITS service
// restarted: a new IBackgroundCopyManager of the class it used, here and in every agent of its
// callers. Jobs and token options from before may be dead; callers reopen jobs by id.
HResult ReconnectComTarget(Target& target);

}  // namespace bitscts::com
