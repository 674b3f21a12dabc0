// The agent process of the com target (`bitscts --agent`): one caller with its own COM security
// settings, optionally logged on as a test account, serving the runner over its standard streams.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>

#include "bitscts/com/system_api.h"
#include "bitscts/target.h"

namespace bitscts::com {

// Connects to BITS with `settings` through `system` and serves agent requests from `requests`
// on `answers` until told to stop; a failure to connect is one line on `diagnostics` and exit 3.
int ServeComAgentWith(std::shared_ptr<SystemApi> system, CallerSettings settings,
                      std::istream& requests, std::ostream& answers, std::ostream& diagnostics);

// As ServeComAgentWith over the real Windows API. Defined in Windows builds only.
int ServeComAgent(CallerSettings settings, std::istream& requests, std::ostream& answers,
                  std::ostream& diagnostics);

// As ServeComAgent over the runner's named pipe `pipe` (--agent-pipe), which it opens waiting at
// most a minute for it, instead of the standard streams: an agent the runner did not start as
// its child. With a `service` name (--agent-service) the process is that service of the service
// control manager: it reports SERVICE_RUNNING, serves, and reports SERVICE_STOPPED when the
// conversation ends or on SERVICE_CONTROL_STOP (which ends the conversation). Its identity is
// its process's: the runner sends it no LogOn. Defined in Windows builds only.
int ServeComAgentOverPipe(CallerSettings settings, const std::string& pipe,
                          const std::string& service, std::ostream& diagnostics);

}  // namespace bitscts::com
