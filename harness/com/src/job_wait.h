// Waiting for a BITS job to reach a state: driven by the job's notifications, bounded by a
// deadline that cannot overflow, and never a busy loop (the documentation sample waits with
// neither).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "bitscts/target.h"

namespace bitscts::com {

// The longest one wait may last; longer timeouts are clamped to it.
inline constexpr std::chrono::hours kLongestWait{24};
// The longest a wait blocks between two reads of the job's state when no notification arrives:
// a bounded fallback poll for implementations that do not notify every change (Wine delivers
// neither JobError nor JobModification). A notification ends the block at once.
inline constexpr std::chrono::milliseconds kFallbackPoll{200};

// Returns the deadline of a wait of `timeout` that starts at `start`: the timeout clamped to
// [0, kLongestWait], and the sum saturated at the clock's largest time point.
std::chrono::steady_clock::time_point WaitDeadline(std::chrono::steady_clock::time_point start,
                                                   std::chrono::milliseconds timeout);

// What a wait blocks on between two reads of a job's state: the count of notifications the
// job's callback received, and the clock deadlines are measured with.
class JobSignal {
 public:
  virtual ~JobSignal() = default;
  // Returns the current time.
  virtual std::chrono::steady_clock::time_point Now() = 0;
  // Returns the number of notifications received so far.
  virtual std::uint64_t NotificationCount() = 0;
  // Blocks until the count differs from `seen` or `until` passes; returns the count.
  virtual std::uint64_t WaitForChange(std::uint64_t seen,
                                      std::chrono::steady_clock::time_point until) = 0;
};

// Reads the job's state with `read_state` until it is one of `wanted` or the deadline of
// `timeout` passes. Between two reads it blocks on `signal` until a notification arrives or
// kFallbackPoll passes (or the deadline, if sooner); it never reads twice without blocking
// unless a notification arrived in between.
WaitResult WaitForJobState(const std::function<Outcome<JobState>()>& read_state,
                           const std::vector<JobState>& wanted, std::chrono::milliseconds timeout,
                           JobSignal& signal);

}  // namespace bitscts::com
