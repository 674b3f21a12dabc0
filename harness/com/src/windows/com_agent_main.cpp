// Windows only: the com agent over the real Windows API.
#include "bitscts/com/com_agent.h"
#include "windows_system_api.h"

namespace bitscts::com {

int ServeComAgent(CallerSettings settings, std::istream& requests, std::ostream& answers,
                  std::ostream& diagnostics) {
  return ServeComAgentWith(MakeWindowsSystemApi(), settings, requests, answers, diagnostics);
}

}  // namespace bitscts::com
