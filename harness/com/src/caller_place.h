// Where a control of the com target acts for a caller: in this process for the target's own
// caller, or in the agent process of a caller that LogOn made.
#pragma once

#include "agent_backed_caller.h"
#include "bitscts/agent/agent_client.h"
#include "bitscts/target.h"
#include "process_caller.h"

namespace bitscts::com {

struct CallerPlace {
  ProcessCaller* own = nullptr;         // the target's own caller: the control acts here
  agent::AgentCaller* agent = nullptr;  // a caller from LogOn: its agent acts
};

// Returns where `caller` lives: `own` itself, the agent of an AgentBackedCaller, or neither (a
// caller of another target).
inline CallerPlace PlaceOf(Caller& caller, ProcessCaller& own) {
  if (&caller == &own) return {&own, nullptr};
  if (auto* backed = dynamic_cast<AgentBackedCaller*>(&caller)) return {nullptr, &backed->agent()};
  return {};
}

}  // namespace bitscts::com
