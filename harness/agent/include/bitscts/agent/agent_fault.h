// Faults of agent processes: an agent that dies, hangs or breaks the protocol ends the scenario
// that used it with an error or timeout verdict, never with a hung run or a misleading result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace bitscts::agent {

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

// Keeps `fault` for the scenario running now, unless a fault is already kept.
void RecordAgentFault(AgentFault fault);
// Returns the fault kept since the last call, and forgets it.
std::optional<AgentFault> TakeAgentFault();

}  // namespace bitscts::agent
