#include "callbacks.h"

#include <utility>

namespace bitscts::model {

void Callbacks::Notify(const JobRecord& job, JobEvent event) {
  // JOB-CB-1, JOB-CB-3: per notify flags; BG_NOTIFY_DISABLE silences everything.
  if (!job.notify || (job.notify_flags & notify::kDisable) != 0) return;
  const std::uint32_t wanted =
      event == JobEvent::kTransferred ? notify::kJobTransferred : notify::kJobError;
  if ((job.notify_flags & wanted) == 0) return;
  Notification notification{event, std::nullopt, job.notify->caller_sid};
  if (event == JobEvent::kError && job.error) notification.error = job.error->report;
  Deliver(PendingCall{job.notify->callback, notification, job.notify->blocking});
}

void Callbacks::Deliver(PendingCall call) {
  const std::string& user = call.notification.caller_sid;
  if (in_flight_[user] >= job_defaults::kMaxCallbacksInFlight) {
    waiting_[user].push_back(std::move(call));  // JOB-CB-4: a blocked callback delays the others
    return;
  }
  if (call.blocking) ++in_flight_[user];
  call.callback(call.notification);
}

void Callbacks::Release() {
  in_flight_.clear();
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& [user, calls] : waiting) {
    for (PendingCall& call : calls) Deliver(std::move(call));
  }
}

void Callbacks::Returned(const std::string& user) {
  if (const auto slots = in_flight_.find(user); slots != in_flight_.end() && slots->second > 0)
    --slots->second;
  const auto waiting = waiting_.find(user);
  if (waiting == waiting_.end() || waiting->second.empty()) return;
  PendingCall call = std::move(waiting->second.front());
  waiting->second.pop_front();
  Deliver(std::move(call));
}

void Callbacks::Forget() {
  in_flight_.clear();
  waiting_.clear();
}

}  // namespace bitscts::model
