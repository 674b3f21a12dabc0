// Internal: the SID Windows gives a service (its "service SID", NT SERVICE\<name>), computed from
// the service's name as the service control manager computes it: S-1-5-80 followed by the
// SHA-1 digest of the upper-cased name in UTF-16LE, read as five little-endian 32-bit numbers.
// Computing it lets Provision name a kWindowsService principal before its service exists.
#pragma once

#include <string>
#include <string_view>

namespace bitscts::com {

// Returns the textual service SID of the service `name` (ASCII: the names this run creates).
std::string ServiceSid(std::string_view name);

}  // namespace bitscts::com
