// Internal: starting an agent inside an AgentSite (a service, another logon session) and
// connecting to it over a named pipe only it and the runner may open.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "agent_site.h"
#include "bitscts/agent/agent_client.h"
#include "bitscts/com/system_api.h"

namespace bitscts::com {

// Creates the pipe \\.\pipe\bitscts-agent-<random> whose DACL admits exactly `admitted_sids`
// (textual SIDs: the runner's and the agent principal's), starts `command` with
// --agent-pipe=<pipe> in `site`, waits at most deadlines.start for the agent to connect, and
// returns the caller speaking to it; its Stop ends the site. On any failure returns null, with
// the pipe closed and the site ended, and `*error` names what was waited for, what failed and
// what the site reported. The agent's later faults are reported to `faults`.
std::unique_ptr<agent::AgentCaller> StartAgentInSite(
    SystemApi& system, std::shared_ptr<AgentSite> site,
    const std::vector<std::string>& admitted_sids, const agent::AgentCommand& command,
    agent::AgentDeadlines deadlines, std::shared_ptr<AgentFaultSink> faults, std::string* error);

// Returns `executable` and `arguments` as one command line that CommandLineToArgvW (and the C
// runtime) split back into exactly those words.
std::wstring QuoteCommandLine(const std::filesystem::path& executable,
                              const std::vector<std::string>& arguments);

}  // namespace bitscts::com
