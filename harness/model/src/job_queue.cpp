#include "job_queue.h"

#include <cstdio>
#include <utility>

namespace bitscts::model {
namespace {

// Integrity level as UAC assigns it: services above elevated administrators above the rest.
int Integrity(const Token& token) {
  if (IsServiceAccount(token.kind)) return 3;
  return token.AdminEnabled() ? 2 : 1;
}

}  // namespace

bool JobLimitsApply(const EmulatedBuild& build, const Token& owner) {
  return build.build >= builds::kVista && !owner.AdminEnabled() && !IsServiceAccount(owner.kind);
}

JobQueue::JobQueue(EmulatedBuild build)
    : build_(std::move(build)), random_(std::random_device{}()) {}

std::string JobQueue::NewGuid() {
  const std::uint64_t high = random_();
  const std::uint64_t low = random_();
  char text[40];
  std::snprintf(text, sizeof text, "{%08X-%04X-%04X-%04X-%012llX}",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xFFFFu),
                static_cast<unsigned>((high & 0x0FFFu) | 0x4000u),
                static_cast<unsigned>(((low >> 48) & 0x3FFFu) | 0x8000u),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFull));
  return text;
}

JobRecord* JobQueue::Create(const Token& owner, const std::string& display_name, VirtualTime now,
                            HResult* result) {
  if (display_name.size() > job_defaults::kMaxDisplayName) {
    *result = hr::kInvalidArg;  // JOB-LIM-1
    return nullptr;
  }
  if (JobLimitsApply(build_, owner)) {
    std::size_t mine = 0;
    std::size_t all = 0;
    for (const auto& job : jobs_) {
      if (IsFinal(job->state)) continue;
      ++all;
      if (job->owner.user_sid == owner.user_sid) ++mine;
    }
    if (mine >= job_defaults::kMaxJobsPerUser) {
      *result = hr::kTooManyJobsPerUser;
      return nullptr;
    }
    if (all >= job_defaults::kMaxJobsPerMachine) {
      *result = hr::kTooManyJobsPerMachine;
      return nullptr;
    }
  }
  auto job = std::make_unique<JobRecord>();
  job->id = NewGuid();
  job->display_name = display_name;
  job->owner = owner;
  // JOB-OWN-6: from 1903 a job created by a service keeps the service SID; before, the job of a
  // service process is LocalSystem's alone.
  if (build_.build < builds::kWindows1903) job->owner.service_sid.clear();
  job->last_activity = now;
  jobs_.push_back(std::move(job));
  *result = hr::kOk;
  return jobs_.back().get();
}

JobRecord* JobQueue::Find(const std::string& id) {
  for (auto& job : jobs_) {
    if (job->id == id) return job.get();
  }
  return nullptr;
}

JobRecord* JobQueue::Open(const std::string& id, const Token& caller, HResult* result) {
  JobRecord* job = Find(id);
  if (job == nullptr || IsFinal(job->state)) {  // JOB-STATE-9: final jobs leave the queue
    *result = hr::kNotFound;
    return nullptr;
  }
  const bool owner_or_admin = caller.user_sid == job->owner.user_sid || caller.AdminEnabled();
  if (!owner_or_admin || Integrity(caller) < Integrity(job->owner)) {  // HT-ADM-7, HT-ADM-5
    *result = hr::kAccessDenied;
    return nullptr;
  }
  *result = hr::kOk;
  return job;
}

}  // namespace bitscts::model
