#include "bitscts/agent/agent_fault.h"

#include <mutex>

namespace bitscts::agent {
namespace {

std::mutex& FaultMutex() {
  static std::mutex mutex;
  return mutex;
}

std::optional<AgentFault>& KeptFault() {
  static std::optional<AgentFault> fault;
  return fault;
}

}  // namespace

void RecordAgentFault(AgentFault fault) {
  std::lock_guard lock(FaultMutex());
  if (!KeptFault()) KeptFault() = std::move(fault);
}

std::optional<AgentFault> TakeAgentFault() {
  std::lock_guard lock(FaultMutex());
  std::optional<AgentFault> fault = std::move(KeptFault());
  KeptFault().reset();
  return fault;
}

}  // namespace bitscts::agent
