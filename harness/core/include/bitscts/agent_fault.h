// Faults of agent processes (the processes a target runs some callers in): an agent that dies,
// hangs or breaks the protocol ends the scenario that used it with an error or timeout verdict,
// never with a hung run or a misleading result. A target reports its agents' faults to the
// AgentFaultSink the runner gives it; the runner takes them after each scenario (decision.h).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace bitscts {

enum class AgentFaultKind : std::uint8_t {
  kExited,         // the agent ended while a call was outstanding
  kHung,           // a call found no answer by its deadline; the agent was killed
  kProtocolError,  // the agent's answer could not be understood
  kNotAsPromised,  // the agent acts with a token other than its principal's kind has
};

struct AgentFault {
  AgentFaultKind kind = AgentFaultKind::kExited;
  std::string evidence;  // which agent, which call, its exit status and the end of its stderr
};

// Where faults of agents are reported; Report may be called from any thread.
class AgentFaultSink {
 public:
  virtual ~AgentFaultSink() = default;
  virtual void Report(AgentFault fault) = 0;
};

// A sink that keeps the first fault reported since it was last taken, and drops later ones.
class FirstAgentFault final : public AgentFaultSink {
 public:
  void Report(AgentFault fault) override;
  // Returns the fault kept since the last call, and forgets it.
  std::optional<AgentFault> Take();

 private:
  std::mutex mutex_;
  std::optional<AgentFault> fault_;
};

}  // namespace bitscts
