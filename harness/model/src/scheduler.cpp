#include "service.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace bitscts::model {
namespace {

VirtualTime Seconds(std::uint32_t seconds) { return std::chrono::seconds(seconds); }

}  // namespace

bool Service::Runnable(const JobRecord& job) const {
  // JOB-OWN-1..3: a job runs only while its owner is logged on (service accounts always are).
  return authority_.IsLoggedOn(job.owner.user_sid);
}

bool Service::IsActive(const JobRecord& job) const {
  switch (job.state) {
    case JobState::kQueued:
    case JobState::kConnecting:
    case JobState::kTransferring: return Runnable(job);
    case JobState::kTransientError: return job.due != kNever;
    default: return false;
  }
}

bool Service::RunUntil(VirtualTime deadline, const std::function<bool()>& done) {
  while (!done()) {
    JobRecord* next = nullptr;       // the active job the scheduler acts on first
    JobRecord* abandoned = nullptr;  // the job whose inactivity period ends first
    for (const auto& job : queue_.all()) {
      if (IsActive(*job) && (next == nullptr || job->due < next->due)) next = job.get();
      if (!IsFinal(job->state) &&
          (abandoned == nullptr || job->last_activity < abandoned->last_activity)) {
        abandoned = job.get();
      }
    }
    const VirtualTime step_at = next != nullptr ? next->due : kNever;
    const VirtualTime expiry_at =
        abandoned != nullptr ? abandoned->last_activity + job_defaults::kJobInactivityTimeout
                             : kNever;
    if (std::min(step_at, expiry_at) > deadline) {
      clock_.AdvanceTo(deadline);
      return done();
    }
    if (expiry_at <= step_at) {
      clock_.AdvanceTo(expiry_at);
      Cancel(*abandoned);  // JOB-STATE-11: BITS cancels a job nobody touched for 90 days
      continue;
    }
    clock_.AdvanceTo(step_at);
    Step(*next);
  }
  return true;
}

void Service::Step(JobRecord& job) {
  const VirtualTime now = Now();
  switch (job.state) {
    case JobState::kQueued:  // JOB-STATE-7: the service picks the job up
      job.Enter(JobState::kConnecting);
      job.due = now;
      return;
    case JobState::kConnecting: StartNextFile(job); return;
    case JobState::kTransferring:
      if (job.fetch) {  // the answer had not come when the transfer started
        const std::optional<FetchOutcome> outcome = job.fetch->Wait(kAnswerPatience);
        if (!outcome) {
          job.due = now + kFileTransferTime;  // still none: the transfer stays in flight
          return;
        }
        job.fetch.reset();
        if (outcome->kind != FetchOutcome::Kind::kDone) {
          Settle(job, job.NextFile(), *outcome, "http");
          return;
        }
      }
      FinishFile(job);
      return;
    case JobState::kTransientError:
      if (job.first_transient_error &&
          now >= *job.first_transient_error + Seconds(job.no_progress_timeout)) {
        job.Enter(JobState::kError);  // JOB-RETRY-2: the no-progress timeout expired
        Notify(job, JobEvent::kError);
        return;
      }
      job.Enter(JobState::kQueued);  // JOB-RETRY-1: retry after the delay
      job.due = now;
      return;
    default: return;
  }
}

void Service::FinishFile(JobRecord& job) {
  job.files[job.NextFile()].transferred = true;
  job.first_transient_error.reset();  // JOB-RETRY-2: progress resets the timeout
  Touch(job);                         // JOB-STATE-11: and restarts the inactivity period
  if (job.NextFile() < job.files.size()) {
    StartNextFile(job);  // JOB-LIM-2: files go one after the other
    return;
  }
  job.Enter(JobState::kTransferred);  // JOB-STATE-7, JOB-STATE-8
  Notify(job, JobEvent::kTransferred);
}

void Service::Settle(JobRecord& job, std::size_t index, const FetchOutcome& outcome,
                     const char* protocol) {
  // JOB-ERR-6: an error belongs to this file and names the protocol of the exchange, unless
  // writing the temporary file failed.
  if (outcome.kind != FetchOutcome::Kind::kDone) {
    Fail(job,
         ErrorRecord{outcome.error, index,
                     outcome.error.context == ErrorContext::kLocalFile ? "" : protocol},
         outcome.kind == FetchOutcome::Kind::kTransientError);
    return;
  }
  job.error.reset();
  job.Enter(JobState::kTransferring);
  job.due = Now() + kFileTransferTime;
}

void Service::Fail(JobRecord& job, ErrorRecord error, bool transient) {
  const VirtualTime now = Now();
  job.error = std::move(error);
  // JOB-RETRY-2: a no-progress timeout of 0 makes every error final at once.
  if (transient && job.no_progress_timeout > 0) {
    if (!job.first_transient_error) job.first_transient_error = now;
    job.Enter(JobState::kTransientError);  // JOB-RETRY-4: no JobError for transient errors
    const VirtualTime retry = now + Seconds(job.minimum_retry_delay);
    const VirtualTime give_up = *job.first_transient_error + Seconds(job.no_progress_timeout);
    job.due = std::min(retry, give_up);  // JOB-RETRY-1: a delay beyond the timeout ends in ERROR
    return;
  }
  job.Enter(JobState::kError);
  Notify(job, JobEvent::kError);
}

}  // namespace bitscts::model
