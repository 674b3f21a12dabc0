#include "token_shape_control.h"

#include "caller_place.h"

namespace bitscts::com {

HResult ComTokenShapeControl::ImpersonateWith(Caller& caller, const Principal& principal,
                                              TokenShape shape) {
  const CallerPlace place = PlaceOf(caller, own_);
  if (place.own != nullptr) return place.own->ImpersonateShaped(principal, shape);
  if (place.agent != nullptr) return place.agent->ImpersonateWith(principal, shape);
  return hr::kInvalidArg;
}

}  // namespace bitscts::com
