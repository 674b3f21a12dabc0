// Steps for who owns a job and how an administrator takes it over (JOB-OWN).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "bitscts/scenario.h"

namespace bitscts::steps {

// Returns `job`'s owner SID; a failed GetOwner is a failed check.
inline std::string OwnerOf(Job& job) {
  const Outcome<std::string> owner = job.OwnerSid();
  EXPECT_EQ(owner.hr, hr::kOk) << "GetOwner";
  return owner.value;
}

// Calls TakeOwnership on `job` and returns its answer.
inline HResult TakeOwnership(Job& job) { return job.TakeOwnership(); }

}  // namespace bitscts::steps
