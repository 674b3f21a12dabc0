// Operations the model offers beyond the Target interface: job settings and callbacks that
// target.h does not carry (yet), and control over the model's virtual time and service.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "bitscts/target.h"

namespace bitscts::model {

enum class JobEvent : std::uint8_t { kTransferred, kError };  // JobTransferred, JobError

// One callback delivery (IBackgroundCopyCallback).
struct Notification {
  std::string job_id;
  JobEvent event = JobEvent::kTransferred;
  std::optional<JobError> error;  // set for kError
};

// BG_NOTIFY_* flags of SetNotifyFlags.
namespace notify {
inline constexpr std::uint32_t kJobTransferred = 0x01;
inline constexpr std::uint32_t kJobError = 0x02;
inline constexpr std::uint32_t kDisable = 0x04;
inline constexpr std::uint32_t kJobModification = 0x08;
inline constexpr std::uint32_t kFileTransferred = 0x10;
inline constexpr std::uint32_t kFileRangesTransferred = 0x20;
}  // namespace notify

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
  // Sets the BG_NOTIFY_* flags (E_NOTIMPL for unknown bits).
  virtual HResult SetNotifyFlags(std::uint32_t flags) = 0;
  // Gets the BG_NOTIFY_* flags.
  virtual Outcome<std::uint32_t> NotifyFlags() = 0;
  // Registers the calling caller's callback (SetNotifyInterface); an empty function removes it.
  virtual HResult SetNotifyCallback(std::function<void(const Notification&)> callback) = 0;
  // Gets the owner's SID string.
  virtual Outcome<std::string> OwnerSid() = 0;
};

// Control of the emulated machine.
class ModelControls {
 public:
  virtual ~ModelControls() = default;
  // Returns the virtual time elapsed since the model target was created.
  virtual std::chrono::milliseconds Now() const = 0;
  // Lets `duration` of virtual time pass, running the BITS scheduler meanwhile.
  virtual void AdvanceTime(std::chrono::milliseconds duration) = 0;
  // Restarts the emulated BITS service: helper tokens and callbacks are lost, jobs, flags and
  // settings are kept, transfers in progress go back to QUEUED.
  virtual void RestartService() = 0;
  // Connects or disconnects the emulated machine's network.
  virtual void SetNetworkConnected(bool connected) = 0;
};

// Returns the model extensions of `job`, or null if `job` does not come from the model target.
ModelJob* AsModelJob(Job& job);
// Returns the model controls of `target`, or null if `target` is not the model target.
ModelControls* AsModelControls(Target& target);

}  // namespace bitscts::model
