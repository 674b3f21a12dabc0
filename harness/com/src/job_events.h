// Internal: the IBackgroundCopyCallback object through which BITS tells the com target that a
// job changed, so that waits are driven by notifications rather than by polling.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "bits_sdk.h"

namespace bitscts::com {

class JobEvents final : public IBackgroundCopyCallback {
 public:
  // Creates the object with one reference, owned by the caller.
  static JobEvents* Create();

  // Blocks until a notification arrives after `seen` or `until` passes; returns the count of
  // notifications received so far.
  std::uint64_t WaitForChange(std::uint64_t seen, std::chrono::steady_clock::time_point until);
  // Returns the count of notifications received so far.
  std::uint64_t count();

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** object) override;
  ULONG STDMETHODCALLTYPE AddRef() override;
  ULONG STDMETHODCALLTYPE Release() override;
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override;
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError* error) override;
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* job, DWORD reserved) override;

 private:
  JobEvents() = default;
  ~JobEvents() = default;
  void Notify();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t count_ = 0;
  LONG references_ = 1;
};

}  // namespace bitscts::com
