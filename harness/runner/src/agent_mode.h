// Internal: `bitscts --agent`, the agent process of the com target.
#pragma once

#include "options.h"

namespace bitscts::runner {

// Serves agent requests on standard input and output (or the runner's pipe, --agent-pipe, as a
// service with --agent-service) until told to stop; returns the exit code.
// Outside Windows builds it explains on stderr that agents need the com target and returns 2.
int RunAgent(const Options& options);

}  // namespace bitscts::runner
