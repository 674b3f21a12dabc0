// The decorators that make the broken com clients (bitscts/com_model/broken_client.h): each
// wraps every emulated process's SystemApi.
#pragma once

#include <memory>

#include "bitscts/com/system_api.h"
#include "bitscts/com_model/broken_client.h"

namespace bitscts::com_model {

// Returns `system` broken as `broken` says (`system` itself for kNone).
std::shared_ptr<com::SystemApi> WithBrokenClient(BrokenClient broken,
                                                 std::shared_ptr<com::SystemApi> system);

}  // namespace bitscts::com_model
