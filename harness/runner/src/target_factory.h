// Internal: creates the target the options name.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "bitscts/agent_fault.h"
#include "bitscts/fakeserver/server.h"
#include "bitscts/target.h"
#include "options.h"

namespace bitscts::runner {

// Creates the target, which reports the faults of its agents (if it has any) to `agent_faults`;
// on failure returns a one-line reason.
std::variant<std::unique_ptr<Target>, std::string> MakeTarget(
    const Options& options, fakeserver::Server& server, const std::string& scratch,
    std::shared_ptr<AgentFaultSink> agent_faults);

}  // namespace bitscts::runner
