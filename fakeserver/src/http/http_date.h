// Internal to the fakeserver: HTTP-date formatting (RFC 9110 IMF-fixdate). Not public API.
#pragma once

#include <cstdint>
#include <string>

namespace bitscts::fakeserver::internal {

// Returns `seconds_since_epoch` (UTC) as an IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string FormatHttpDate(std::int64_t seconds_since_epoch);

}  // namespace bitscts::fakeserver::internal
