// One agent process and the stream to it (its standard streams when it is the runner's child, a
// connected pipe when it lives in an AgentSite): sends a request, waits for its answer with a
// deadline, and turns a dead, hung or confused agent into an AgentFault reported to its sink.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bitscts/agent/agent_client.h"
#include "bitscts/agent_fault.h"
#include "bitscts/hresult.h"

namespace bitscts::agent {

class AgentConnection {
 public:
  // Starts the agent described by `command`, whose faults go to `faults`; returns null and a
  // one-line reason on failure.
  static std::shared_ptr<AgentConnection> Launch(const AgentCommand& command,
                                                 AgentDeadlines deadlines,
                                                 std::shared_ptr<AgentFaultSink> faults,
                                                 std::string* error);
  // Speaks to the connected agent `agent`, whose faults go to `faults` (which never fails: a dead
  // stream shows at the first call).
  static std::shared_ptr<AgentConnection> Attach(AttachedAgent agent, AgentDeadlines deadlines,
                                                 std::shared_ptr<AgentFaultSink> faults);
  // Ends the agent as Stop does.
  ~AgentConnection();
  AgentConnection(const AgentConnection&) = delete;
  AgentConnection& operator=(const AgentConnection&) = delete;

  // Sends `request` and returns the answer's fields (the first is the HRESULT); nullopt when the
  // agent is stopped or failed, in which case a fault was reported unless it was stopped on
  // purpose. `extra` lengthens the deadline (for waits); a `secret` request never reaches evidence.
  std::optional<std::vector<std::string>> Call(const std::vector<std::string>& request,
                                               std::chrono::milliseconds extra = {},
                                               bool secret = false);
  // Says goodbye to the agent and waits for it to exit (killing it after the stop deadline).
  HResult Stop();
  // Returns whether the agent can still take calls.
  bool Usable() const;
  // Returns the HRESULT that calls return once the agent is unusable.
  HResult UnusableResult() const;
  // Makes `faults` the sink of the agent's later faults.
  void ReportFaultsTo(std::shared_ptr<AgentFaultSink> faults);

  // The child process and the pipes to it, or the connected stream and its site (defined where
  // Boost.Process is included).
  struct Process;

 private:
  AgentConnection(std::string label, AgentDeadlines deadlines,
                  std::shared_ptr<AgentFaultSink> faults);

  // Waits for the next answer line until `deadline`; nullopt at the end of output or on timeout.
  std::optional<std::string> NextLine(std::chrono::steady_clock::time_point deadline,
                                      bool* timed_out);
  // Marks the agent failed, kills it if it still runs, and reports the fault.
  void Fail(AgentFaultKind kind, const std::string& what);
  // Waits for the process to exit (killing it after `patience`) and joins the readers; for an
  // attached agent, waits for it to close its end and ends its site.
  void Reap(std::chrono::milliseconds patience);
  // Starts the thread that queues the agent's answer lines.
  void StartReader();
  std::string StderrTail();

  std::string label_;
  AgentDeadlines deadlines_;
  std::shared_ptr<AgentFaultSink> faults_;  // guarded by call_mutex_
  std::unique_ptr<Process> process_;
  std::thread stdout_reader_;
  std::thread stderr_reader_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> lines_;
  bool output_ended_ = false;
  std::string stderr_tail_;

  std::mutex call_mutex_;
  bool usable_ = true;
  bool greeted_ = false;
  bool hung_ = false;
  std::optional<int> exit_code_;
  bool attached_ = false;
  bool closed_by_agent_ = false;  // an attached agent closed its end before Reap's deadline
  SiteEnding site_ending_;        // what ending an attached agent's site reported
};

}  // namespace bitscts::agent
