// Internal: facts about the Windows (or Wine) the com target runs on.
#pragma once

#include <cstdint>
#include <string>

namespace bitscts::com {

struct PlatformFacts {
  std::uint32_t major = 0;
  std::uint32_t minor = 0;
  std::uint32_t build = 0;
  std::string wine_version;  // empty on real Windows
  bool administrator = false;
  std::string administrator_evidence;
};

// Reads the version with RtlGetVersion (independent of the executable's manifest), detects Wine
// by ntdll's wine_get_version export, and checks Administrators membership of the process token.
PlatformFacts ReadPlatformFacts();

}  // namespace bitscts::com
