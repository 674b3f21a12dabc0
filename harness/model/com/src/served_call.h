// Internal: the start of every method of a served COM object. It takes the machine lock, gives
// the caller's state the identity of the calling OS thread, and admits the call only if the BITS
// that made the object still runs.
#pragma once

#include <mutex>

#include "bitscts/com/bits_api.h"
#include "bitscts/hresult.h"
#include "machine_core.h"

namespace bitscts::model::com_face {

// Returns `result` as a COM HRESULT.
inline HRESULT Raw(HResult result) { return static_cast<HRESULT>(result.bits()); }

class ServedCall {
 public:
  explicit ServedCall(const Served& served) : served_(served), lock_(served.core->mutex) {
    served.process->state->impersonated = served.process->ThreadToken();
  }

  // Returns S_OK, or RPC_E_DISCONNECTED for an object of a BITS that has restarted since.
  HRESULT Admitted() const {
    return served_.generation == served_.core->generation ? S_OK : RPC_E_DISCONNECTED;
  }
  Service& service() const { return *served_.core->service; }
  CallerState& caller() const { return *served_.process->state; }

 private:
  const Served& served_;
  std::lock_guard<std::mutex> lock_;
};

// Runs `body` as a served call of `served`'s object and returns its HRESULT, or why the call was
// not admitted.
template <typename Body>
HRESULT Serve(const Served& served, Body body) {
  ServedCall call(served);
  if (const HRESULT admitted = call.Admitted(); FAILED(admitted)) return admitted;
  return body(call);
}

}  // namespace bitscts::model::com_face
