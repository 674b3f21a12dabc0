#include "agent_mode.h"

#include <iostream>

#ifdef _WIN32
#include "bitscts/com/com_agent.h"
#endif

namespace bitscts::runner {

int RunAgent(const Options& options) {
#ifdef _WIN32
  if (!options.agent_pipe.empty()) {
    return com::ServeComAgentOverPipe(options.agent_settings, options.agent_pipe,
                                      options.agent_service, std::cerr);
  }
  return com::ServeComAgent(options.agent_settings, std::cin, std::cout, std::cerr);
#else
  (void)options;
  std::cerr << "bitscts: --agent serves the com target, which needs a Windows build (MSVC, or "
               "MinGW under Wine)\n";
  return 2;
#endif
}

}  // namespace bitscts::runner
