// The old optional Caller methods of target.h that controls.h replaces (ImpersonateWith,
// InitializeSecurityAgain, PumpMessages), forwarded by the com target's callers to the control
// the target offers, until target.h drops them.
#pragma once

#include "bitscts/controls.h"

namespace bitscts::com {

// Returns `use(control)` for the `Control` that `controls` offers, or E_NOTIMPL when it offers
// none (or there is no set).
template <typename Control, typename Use>
HResult WithControl(const ControlSet* controls, Use use) {
  Control* control = controls != nullptr ? controls->Find<Control>() : nullptr;
  return control != nullptr ? use(*control) : hr::kNotImpl;
}

}  // namespace bitscts::com
