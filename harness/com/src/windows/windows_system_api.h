// Internal, Windows only: the SystemApi that calls Windows itself.
#pragma once

#include <memory>

#include "bitscts/com/system_api.h"

namespace bitscts::com {

// Returns a SystemApi whose every method forwards to the Win32 or COM function it is named after.
std::shared_ptr<SystemApi> MakeWindowsSystemApi();

// Reads the version with RtlGetVersion (independent of the executable's manifest), detects Wine
// by ntdll's wine_get_version export, and checks Administrators membership of the process token.
PlatformFacts ReadWindowsPlatformFacts();

}  // namespace bitscts::com
