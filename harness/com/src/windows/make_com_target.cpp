// Windows only: the com target over the real Windows API.
#include "bitscts/com/com_target.h"
#include "windows_system_api.h"

namespace bitscts::com {

std::variant<std::unique_ptr<Target>, std::string> MakeComTarget(const ComOptions& options) {
  return ConnectComTarget(MakeWindowsSystemApi(), options);
}

}  // namespace bitscts::com
