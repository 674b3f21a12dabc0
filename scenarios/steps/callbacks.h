// Steps for the notify interface a client registers on a job (IBackgroundCopyCallback).
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "bitscts/scenario.h"

namespace bitscts::steps {

// Registers the recording notify interface on `job`; a failure fails the scenario (call it
// inside ASSERT_NO_FATAL_FAILURE).
inline void Listen(Job& job) {
  const HResult registered = job.SetNotifyInterface();
  ASSERT_EQ(registered, hr::kOk) << "SetNotifyInterface";
}

// Returns how many of `received` are `event`.
inline int Count(const std::vector<Notification>& received, JobEvent event) {
  int count = 0;
  for (const Notification& notification : received) count += notification.event == event ? 1 : 0;
  return count;
}

}  // namespace bitscts::steps
