// The agent process of the com target (`bitscts --agent`): one caller with its own COM security
// settings, optionally logged on as a test account, serving the runner over its standard streams.
#pragma once

#include <iosfwd>
#include <memory>

#include "bitscts/com/system_api.h"
#include "bitscts/target.h"

namespace bitscts::com {

// Connects to BITS with `settings` through `system` and serves agent requests from `requests`
// on `answers` until told to stop; a failure to connect is one line on `diagnostics` and exit 3.
int ServeComAgentWith(std::shared_ptr<SystemApi> system, CallerSettings settings, std::istream& requests,
                      std::ostream& answers, std::ostream& diagnostics);

// As ServeComAgentWith over the real Windows API. Defined in Windows builds only.
int ServeComAgent(CallerSettings settings, std::istream& requests, std::ostream& answers,
                  std::ostream& diagnostics);

}  // namespace bitscts::com
