#include "apartment_control.h"

#include <cstddef>

#include "caller_place.h"

namespace bitscts::com {

DWORD ConcurrencyOf(Apartment apartment) {
  return apartment == Apartment::kSingleThreaded ? COINIT_APARTMENTTHREADED : COINIT_MULTITHREADED;
}

HResult PumpInProcess(SystemApi& system, Apartment apartment) {
  if (apartment != Apartment::kSingleThreaded) return hr::kOk;
  std::size_t dispatched = 0;
  return FromWin32(system.PumpMessages(&dispatched));
}

HResult ComApartmentControl::PumpMessages(Caller& caller) {
  const CallerPlace place = PlaceOf(caller, own_);
  if (place.own != nullptr) return PumpInProcess(system_, own_apartment_);
  if (place.agent != nullptr) return place.agent->PumpMessages();
  return hr::kInvalidArg;
}

}  // namespace bitscts::com
