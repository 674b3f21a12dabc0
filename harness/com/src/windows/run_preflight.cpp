// Windows only: bitscts --preflight over the real Windows API.
#include "bitscts/com/preflight.h"
#include "windows_system_api.h"

namespace bitscts::com {

int RunWindowsPreflight(const PreflightOptions& options, std::ostream& out) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  return ReportPreflight(RunPreflight(*system, options), out);
}

}  // namespace bitscts::com
