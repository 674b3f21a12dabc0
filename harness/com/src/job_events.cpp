#include "job_events.h"

namespace bitscts::com {

JobEvents* JobEvents::Create() { return new JobEvents(); }

std::uint64_t JobEvents::WaitForChange(std::uint64_t seen, std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, until, [&] { return count_ != seen; });
  return count_;
}

std::uint64_t JobEvents::count() {
  std::lock_guard lock(mutex_);
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
  if (IsEqualIID(iid, __uuidof(IUnknown)) || IsEqualIID(iid, __uuidof(IBackgroundCopyCallback))) {
    *object = static_cast<IBackgroundCopyCallback*>(this);
    AddRef();
    return S_OK;
  }
  *object = nullptr;
  return E_NOINTERFACE;
}

ULONG STDMETHODCALLTYPE JobEvents::AddRef() { return static_cast<ULONG>(InterlockedIncrement(&references_)); }

ULONG STDMETHODCALLTYPE JobEvents::Release() {
  const LONG remaining = InterlockedDecrement(&references_);
  if (remaining == 0) delete this;
  return static_cast<ULONG>(remaining);
}

// Every notification must return S_OK, or BITS calls it again later (JOB-CB-3).
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
