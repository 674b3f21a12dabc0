// Internal: the notify interface a scenario registers through a Job (SetNotifyInterface,
// SetBlockingNotifyInterface): an IBackgroundCopyCallback that records every JobTransferred and
// JobError BITS makes, with the error object's report and the identity BITS made the call as,
// and that wakes the target's own waits, which it replaces as the job's notify interface.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "bitscts/com/bits_api.h"
#include "bitscts/com/system_api.h"
#include "bitscts/target.h"
#include "callback_gate.h"
#include "callback_object.h"
#include "com_ref.h"
#include "job_events.h"

namespace bitscts::com {

class RecordingCallback final : public CallbackObject {
 public:
  // Creates the object with one reference, owned by the caller. Its calls wake `events`; a
  // blocking one holds them at `gate`.
  static RecordingCallback* Create(std::shared_ptr<SystemApi> system, ComRef<JobEvents> events,
                                   std::shared_ptr<CallbackGate> gate);

  // Makes calls return only once `gate` lets them (true), or at once, including those held now
  // (false).
  void SetBlocking(bool blocking);
  // Waits until a call of `event` was recorded or `timeout` (clamped as job waits clamp it) has
  // passed; returns every call recorded so far, oldest first.
  std::vector<Notification> WaitFor(JobEvent event, std::chrono::milliseconds timeout);

  // Each call is recorded before it blocks, and returns S_OK (otherwise BITS calls again later).
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override;
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError* error) override;
  // Not recorded (Notification has no such event); it wakes the target's waits.
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* job, DWORD reserved) override;

 private:
  RecordingCallback(std::shared_ptr<SystemApi> system, ComRef<JobEvents> events,
                    std::shared_ptr<CallbackGate> gate);
  ~RecordingCallback() override = default;
  // Records `notification` with the identity of the calling client, then holds the call if the
  // object is blocking.
  void Record(Notification notification);

  std::shared_ptr<SystemApi> system_;
  ComRef<JobEvents> events_;
  std::shared_ptr<CallbackGate> gate_;
  std::atomic<bool> blocking_{false};
  std::mutex mutex_;
  std::condition_variable recorded_;
  std::vector<Notification> received_;
};

}  // namespace bitscts::com
