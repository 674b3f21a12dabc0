// Internal: the IBackgroundCopyCallback object through which BITS tells the com target that a
// job changed, and the JobSignal waits block on, so that waits are driven by notifications.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "bitscts/com/bits_api.h"
#include "callback_object.h"
#include "job_wait.h"

namespace bitscts::com {

class JobEvents final : public CallbackObject, public JobSignal {
 public:
  // Creates the object with one reference, owned by the caller.
  static JobEvents* Create();

  std::chrono::steady_clock::time_point Now() override;
  std::uint64_t NotificationCount() override;
  std::uint64_t WaitForChange(std::uint64_t seen,
                              std::chrono::steady_clock::time_point until) override;

  // Every notification returns S_OK; otherwise BITS calls it again later (JOB-CB-3).
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override;
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError* error) override;
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* job, DWORD reserved) override;

 private:
  JobEvents() = default;
  ~JobEvents() override = default;
  void Notify();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t count_ = 0;
};

}  // namespace bitscts::com
