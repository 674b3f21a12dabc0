#include "job_events.h"

namespace bitscts::com {

JobEvents* JobEvents::Create() { return new JobEvents(); }

std::chrono::steady_clock::time_point JobEvents::Now() { return std::chrono::steady_clock::now(); }

std::uint64_t JobEvents::NotificationCount() {
  std::lock_guard lock(mutex_);
  return count_;
}

std::uint64_t JobEvents::WaitForChange(std::uint64_t seen,
                                       std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, until, [&] { return count_ != seen; });
  return count_;
}

void JobEvents::Notify() {
  {
    std::lock_guard lock(mutex_);
    ++count_;
  }
  changed_.notify_all();
}

HRESULT STDMETHODCALLTYPE JobEvents::JobTransferred(IBackgroundCopyJob*) {
  Notify();
  return S_OK;
}

HRESULT STDMETHODCALLTYPE JobEvents::JobError(IBackgroundCopyJob*, IBackgroundCopyError*) {
  Notify();
  return S_OK;
}

HRESULT STDMETHODCALLTYPE JobEvents::JobModification(IBackgroundCopyJob*, DWORD) {
  Notify();
  return S_OK;
}

}  // namespace bitscts::com
