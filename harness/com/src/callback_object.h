// Internal: the IUnknown part of the IBackgroundCopyCallback objects the com target hands to
// BITS. It answers QueryInterface for IUnknown and IBackgroundCopyCallback only, counts
// references atomically (BITS calls from its own threads) and deletes the object on the last
// Release.
#pragma once

#include <atomic>

#include "bitscts/com/bits_api.h"

namespace bitscts::com {

class CallbackObject : public IBackgroundCopyCallback {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** object) final;
  ULONG STDMETHODCALLTYPE AddRef() final;
  ULONG STDMETHODCALLTYPE Release() final;

 protected:
  // Starts with one reference, owned by whoever created the object.
  CallbackObject() = default;
  virtual ~CallbackObject() = default;

 private:
  std::atomic<ULONG> references_{1};
};

}  // namespace bitscts::com
