#include "bitscts/agent_fault.h"

#include <utility>

namespace bitscts {

void FirstAgentFault::Report(AgentFault fault) {
  std::lock_guard lock(mutex_);
  if (!fault_) fault_ = std::move(fault);
}

std::optional<AgentFault> FirstAgentFault::Take() {
  std::lock_guard lock(mutex_);
  std::optional<AgentFault> fault = std::move(fault_);
  fault_.reset();
  return fault;
}

}  // namespace bitscts
