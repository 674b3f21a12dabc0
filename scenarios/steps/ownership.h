// Steps for who owns a job and how an administrator takes it over (JOB-OWN).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "bitscts/scenario.h"

namespace bitscts::steps {

// Returns `job`'s owner SID; ends the scenario as unsupported if the target cannot tell, and a
// failed GetOwner is a failed check.
inline std::string OwnerOf(Scenario& s, Job& job) {
  const Outcome<std::string> owner = job.OwnerSid();
  s.RequireImplemented(Feature::kOwnership, owner.hr, "GetOwner");
  EXPECT_EQ(owner.hr, hr::kOk) << "GetOwner";
  return owner.value;
}

// Calls TakeOwnership on `job` and returns its answer; ends the scenario as unsupported if the
// target offers no TakeOwnership.
inline HResult TakeOwnership(Scenario& s, Job& job) {
  const HResult took = job.TakeOwnership();
  s.RequireImplemented(Feature::kOwnership, took, "TakeOwnership");
  return took;
}

}  // namespace bitscts::steps
