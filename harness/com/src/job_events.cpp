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

HRESULT STDMETHODCALLTYPE JobEvents::QueryInterface(REFIID iid, void** object) {
  if (object == nullptr) return E_POINTER;
  if (SameGuid(iid, IidOf<IUnknown>()) || SameGuid(iid, IidOf<IBackgroundCopyCallback>())) {
    *object = static_cast<IBackgroundCopyCallback*>(this);
    AddRef();
    return S_OK;
  }
  *object = nullptr;
  return E_NOINTERFACE;
}

ULONG STDMETHODCALLTYPE JobEvents::AddRef() { return ++references_; }

ULONG STDMETHODCALLTYPE JobEvents::Release() {
  const ULONG remaining = --references_;
  if (remaining == 0) delete this;
  return remaining;
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
