// Deliberately broken com clients, for checking that the com-model target punishes what Windows
// punishes (bitscts --test-only-broken-client): each wraps every emulated process's SystemApi.
#pragma once

#include <cstdint>
#include <memory>

#include "bitscts/com/system_api.h"

namespace bitscts::com_model {

enum class BrokenClient : std::uint8_t {
  kNone,
  // CoInitializeSecurity is called with EOAC_NONE whatever the client asks: no cloaking, so BITS
  // sees the process's identity, never the thread's impersonation.
  kNoCloaking,
  // Every job the client creates gets SetNotifyFlags(0x0B) at once, as a client whose own notify
  // registration leaks into what scenarios read.
  kNotifyFlagsLeak,
};

// Returns `system` broken as `broken` says (`system` itself for kNone).
std::shared_ptr<com::SystemApi> WithBrokenClient(BrokenClient broken,
                                                 std::shared_ptr<com::SystemApi> system);

}  // namespace bitscts::com_model
