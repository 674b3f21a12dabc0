// Operations the model offers beyond the Target interface: job settings that target.h does not
// carry, and the emulated machine's clock.
#pragma once

#include <chrono>
#include <cstdint>

#include "bitscts/target.h"

namespace bitscts::model {

// IBackgroundCopyJob settings of a model job that the Job interface lacks.
class ModelJob {
 public:
  virtual ~ModelJob() = default;
  // Sets the minimum retry delay in seconds (values below 5 become 5).
  virtual HResult SetMinimumRetryDelay(std::uint32_t seconds) = 0;
  // Gets the minimum retry delay in seconds.
  virtual Outcome<std::uint32_t> MinimumRetryDelay() = 0;
  // Gets the no-progress timeout in seconds.
  virtual Outcome<std::uint32_t> NoProgressTimeout() = 0;
};

// Control of the emulated machine beyond Target's (AdvanceTime, RestartService,
// SetNetworkConnected).
class ModelControls {
 public:
  virtual ~ModelControls() = default;
  // Returns the virtual time elapsed since the model target was created.
  virtual std::chrono::milliseconds Now() const = 0;
};

// Returns the model extensions of `job`, or null if `job` does not come from the model target.
ModelJob* AsModelJob(Job& job);
// Returns the model controls of `target`, or null if `target` is not the model target.
ModelControls* AsModelControls(Target& target);

}  // namespace bitscts::model
