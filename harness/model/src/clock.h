// Virtual time: the model's clock only moves when the scheduler lets time pass; nothing sleeps.
#pragma once

#include <chrono>

namespace bitscts::model {

using VirtualTime = std::chrono::milliseconds;  // time since the model started

// A time that never comes: the due time of a job that waits for an event, not for time.
inline constexpr VirtualTime kNever = VirtualTime::max();

class VirtualClock {
 public:
  // Returns the current virtual time.
  VirtualTime Now() const { return now_; }
  // Moves the clock forward to `time`; never backwards.
  void AdvanceTo(VirtualTime time) {
    if (time > now_) now_ = time;
  }

 private:
  VirtualTime now_{0};
};

}  // namespace bitscts::model
