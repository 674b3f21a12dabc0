// ApartmentControl on the com target: agents whose serving thread joined a single-threaded
// apartment (LogOn with Apartment::kSingleThreaded), and the message pump that alone delivers
// the calls waiting for it.
#pragma once

#include "bitscts/com/system_api.h"
#include "bitscts/controls.h"
#include "process_caller.h"

namespace bitscts::com {

// Returns the COINIT_* concurrency of a thread in `apartment`.
DWORD ConcurrencyOf(Apartment apartment);

// Runs this thread's message loop until its queue is empty when it is in a single-threaded
// `apartment` (a multithreaded one has nothing to dispatch); returns S_OK or the failure.
HResult PumpInProcess(SystemApi& system, Apartment apartment);

class ComApartmentControl final : public ApartmentControl {
 public:
  // Acts in this process for `own` (the target's own caller, whose thread is in
  // `own_apartment`) and through the agent for others.
  ComApartmentControl(SystemApi& system, ProcessCaller& own, Apartment own_apartment)
      : system_(system), own_(own), own_apartment_(own_apartment) {}

  // Pumps the messages of `caller`'s thread; E_INVALIDARG for a caller of another target.
  HResult PumpMessages(Caller& caller) override;

 private:
  SystemApi& system_;
  ProcessCaller& own_;
  Apartment own_apartment_;
};

}  // namespace bitscts::com
