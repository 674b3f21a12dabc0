// Test helper: a target's control, which the test expects it to offer.
#pragma once

#include <stdexcept>
#include <string>

#include "bitscts/controls.h"
#include "bitscts/target.h"

namespace bitscts::com {

// Returns `target`'s control of type `Control`; throws (failing the test) if it withholds it.
template <typename Control>
Control& ControlOf(Target& target) {
  Control* control = target.Controls().Find<Control>();
  if (control == nullptr) {
    throw std::logic_error("the target withholds " + std::string(Name(Control::kFeature)) + ": " +
                           target.Controls().Missing(Control::kFeature).value_or(""));
  }
  return *control;
}

}  // namespace bitscts::com
