// The deliberately wrong com clients the com-model target can run (bitscts
// --test-only-broken-client), to show that scenarios punish what Windows punishes.
#pragma once

#include <cstdint>
#include <string_view>

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

// Returns the broken client --test-only-broken-client names: "no-cloaking" or "notify-flags";
// any other word is kNone.
BrokenClient ParseBrokenClient(std::string_view word);

}  // namespace bitscts::com_model
