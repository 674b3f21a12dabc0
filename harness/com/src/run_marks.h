// Internal: the marks that name what a run leaves in the machine's certificate stores and key
// storage, so that the run removes its own at its end and the next run finds a crashed run's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bitscts/com/call_log.h"
#include "bitscts/com/system_api.h"

namespace bitscts::com {

// Returns 8 random lowercase letters and digits that tell this run's marks from other runs', or
// nullopt when the random source failed (recorded in `log`).
std::optional<std::string> NewRunTag(SystemApi& system, CallLog& log);

// Returns true if `name` carries the mark `prefix` of some run other than the run `own_tag`: it
// starts with `prefix` and the tag after it is not `own_tag`.
bool IsLeftover(std::wstring_view name, std::wstring_view prefix, std::wstring_view own_tag);

}  // namespace bitscts::com
