// Steps for logon sessions that end while their jobs go on.
#pragma once

#include <string>

#include "bitscts/scenario.h"

namespace bitscts::steps {

// Ends the logon session of `caller` (Scenario::LogOff); a target that cannot ends the scenario
// as unsupported, naming `who` logged off.
inline void EndSession(Scenario& s, Caller& caller, const std::string& who) {
  const HResult logged_off = s.LogOff(caller);
  if (logged_off.Failed()) s.Unsupported("LogOff(" + who + ") returned " + logged_off.ToString());
}

}  // namespace bitscts::steps
