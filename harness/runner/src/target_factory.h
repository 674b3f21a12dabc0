// Internal: creates the target the options name.
#pragma once

#include <map>
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

// Returns the controls the target the options name withholds, each with why (the controls it
// offers are absent), without starting it: for the com target its list for every machine.
std::map<Feature, std::string> PlannedWithheldControls(const Options& options);

}  // namespace bitscts::runner
