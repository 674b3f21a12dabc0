// The emulated service's job queue: every job created, in creation order, with the limits on
// creating jobs and the checks on opening them.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "bitscts/model/emulated_build.h"
#include "clock.h"
#include "job_record.h"
#include "security.h"

namespace bitscts::model {

// Returns true if and only if the job limits of BITS 3.0 on (jobs per user and machine, files per
// job) apply to jobs of `owner`: neither an administrator nor a service (JOB-LIM-1).
bool JobLimitsApply(const EmulatedBuild& build, const Token& owner);

class JobQueue {
 public:
  explicit JobQueue(EmulatedBuild build);

  // Creates a download job owned by `owner` at `now` (JOB-STATE-1, JOB-LIM-1); null with the
  // HRESULT.
  JobRecord* Create(const Token& owner, const std::string& display_name, VirtualTime now,
                    HResult* result);
  // Opens a queued job for `caller` (HT-ADM-5, HT-ADM-7, JOB-STATE-9); null with the HRESULT.
  JobRecord* Open(const std::string& id, const Token& caller, HResult* result);
  // Returns the job with `id` whatever its state, or null.
  JobRecord* Find(const std::string& id);
  // Returns every job ever created, final ones included, in creation order.
  std::span<const std::unique_ptr<JobRecord>> all() { return jobs_; }

 private:
  std::string NewGuid();

  EmulatedBuild build_;
  std::mt19937_64 random_;
  std::vector<std::unique_ptr<JobRecord>> jobs_;  // never shrinks
};

}  // namespace bitscts::model
