// Internal: the IUnknown of the COM face's objects: a thread-safe reference count that deletes
// the object at zero, and QueryInterface answered from the object's table of interfaces.
#pragma once

#include <atomic>

#include "bitscts/com/bits_api.h"

namespace bitscts::model::com_face {

template <typename... Interfaces>
class ComObject : public Interfaces... {
 public:
  ComObject() = default;
  ComObject(const ComObject&) = delete;
  ComObject& operator=(const ComObject&) = delete;

  ULONG STDMETHODCALLTYPE AddRef() override { return ++references_; }
  ULONG STDMETHODCALLTYPE Release() override {
    const ULONG left = --references_;
    if (left == 0) delete this;
    return left;
  }
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** object) override {
    if (object == nullptr) return E_POINTER;
    *object = nullptr;
    const HRESULT found = Find(iid, object);
    if (SUCCEEDED(found)) AddRef();
    return found;
  }

 protected:
  virtual ~ComObject() = default;
  // Points `*object` at the interface `iid` names and returns S_OK, or returns why not
  // (E_NOINTERFACE, or the service's refusal); takes no reference.
  virtual HRESULT Find(REFIID iid, void** object) = 0;

 private:
  std::atomic<ULONG> references_{1};  // the creator's reference
};

// Returns true if and only if `iid` names `Interface`.
template <typename Interface>
bool Is(REFIID iid) {
  return com::SameGuid(iid, com::IidOf<Interface>());
}

}  // namespace bitscts::model::com_face
