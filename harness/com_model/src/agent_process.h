// Internal: an agent process of the emulated machine. The com target's agent (ServeComAgentWith)
// runs on a thread of the runner, with the SystemApi of its own emulated process, over its end of
// the pipe the runner created for it, exactly as the agent executable runs in a remote session,
// a service or a RunAs logon on Windows.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "agent_pipes.h"
#include "bitscts/agent/agent_stream.h"
#include "bitscts/com/system_api.h"
#include "bitscts/target.h"
#include "machine.h"

namespace bitscts::com_model {

// What an agent's command line says: `<executable> ... --model-agent=<n> --agent-pipe=<pipe>
// [--agent-service=<name>]`, words quoted as QuoteCommandLine quotes them.
struct AgentCommandLine {
  std::size_t registration = 0;  // the number AgentSites::RegisterAgent gave its settings
  std::string pipe;              // the runner's pipe to open
  std::string service;           // the service it runs as, if any
};

// Returns what `line` says, or nullopt when it has no --model-agent=<number> or no --agent-pipe.
std::optional<AgentCommandLine> ParseAgentCommandLine(std::wstring_view line);

class AgentProcess {
 public:
  // The process `process` with SystemApi `system` opens `pipe` of `pipes` as its token's SIDs
  // allow and, when admitted, serves the com target's agent with `settings` on its own thread
  // until its input ends. Once the agent is done (or could not open the pipe, exit code 1),
  // `exited` runs on that thread with the exit code, before WaitForExit sees the exit.
  AgentProcess(AgentPipes& pipes, const std::string& pipe,
               std::shared_ptr<model::com_face::ClientProcess> process,
               std::shared_ptr<com::SystemApi> system, CallerSettings settings,
               std::function<void(DWORD)> exited);
  AgentProcess(const AgentProcess&) = delete;
  AgentProcess& operator=(const AgentProcess&) = delete;
  // Ends the agent as Terminate(1) does.
  ~AgentProcess();

  // Ends the process: cancels its stream, so that the agent reads the end of its input, and
  // waits for its thread. Its exit code is `exit_code` unless it had exited before.
  void Terminate(DWORD exit_code);
  // Waits at most `patience` for the process to exit: 0 and its exit code, or WAIT_TIMEOUT.
  DWORD WaitForExit(std::chrono::milliseconds patience, DWORD* exit_code);
  // Returns true once the process exited.
  bool exited() const;
  // The emulated process the agent runs in.
  const std::shared_ptr<model::com_face::ClientProcess>& process() const { return process_; }

 private:
  void Serve(CallerSettings settings, std::function<void(DWORD)> exited);

  std::shared_ptr<model::com_face::ClientProcess> process_;
  std::shared_ptr<com::SystemApi> system_;
  mutable std::mutex mutex_;  // for what follows
  std::condition_variable changed_;
  std::unique_ptr<agent::AgentStream> stream_;  // while the agent runs
  std::optional<DWORD> exit_code_;              // once it exited
  std::optional<DWORD> terminated_with_;
  std::thread thread_;
};

}  // namespace bitscts::com_model
