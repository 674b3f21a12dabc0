#include "callback_object.h"

namespace bitscts::com {

HRESULT STDMETHODCALLTYPE CallbackObject::QueryInterface(REFIID iid, void** object) {
  if (object == nullptr) return E_POINTER;
  if (SameGuid(iid, IidOf<IUnknown>()) || SameGuid(iid, IidOf<IBackgroundCopyCallback>())) {
    *object = static_cast<IBackgroundCopyCallback*>(this);
    AddRef();
    return S_OK;
  }
  *object = nullptr;
  return E_NOINTERFACE;
}

ULONG STDMETHODCALLTYPE CallbackObject::AddRef() { return ++references_; }

ULONG STDMETHODCALLTYPE CallbackObject::Release() {
  const ULONG remaining = --references_;
  if (remaining == 0) delete this;
  return remaining;
}

}  // namespace bitscts::com
