#include "recording_callback.h"

#include <algorithm>
#include <string>
#include <utility>

#include "error_object.h"
#include "job_wait.h"
#include "text.h"

namespace bitscts::com {

RecordingCallback* RecordingCallback::Create(std::shared_ptr<SystemApi> system,
                                             ComRef<JobEvents> events,
                                             std::shared_ptr<CallbackGate> gate) {
  return new RecordingCallback(std::move(system), std::move(events), std::move(gate));
}

RecordingCallback::RecordingCallback(std::shared_ptr<SystemApi> system, ComRef<JobEvents> events,
                                     std::shared_ptr<CallbackGate> gate)
    : system_(std::move(system)), events_(std::move(events)), gate_(std::move(gate)) {}

void RecordingCallback::SetBlocking(bool blocking) {
  blocking_ = blocking;
  if (!blocking) gate_->Reconsider();
}

std::vector<Notification> RecordingCallback::WaitFor(JobEvent event,
                                                     std::chrono::milliseconds timeout) {
  const auto deadline = WaitDeadline(std::chrono::steady_clock::now(), timeout);
  std::unique_lock lock(mutex_);
  recorded_.wait_until(lock, deadline, [&] {
    return std::any_of(received_.begin(), received_.end(),
                       [event](const Notification& call) { return call.event == event; });
  });
  return received_;
}

HRESULT STDMETHODCALLTYPE RecordingCallback::JobTransferred(IBackgroundCopyJob* job) {
  events_->JobTransferred(job);
  Record(Notification{JobEvent::kTransferred, std::nullopt, {}});
  return S_OK;
}

HRESULT STDMETHODCALLTYPE RecordingCallback::JobError(IBackgroundCopyJob* job,
                                                      IBackgroundCopyError* error) {
  events_->JobError(job, error);
  Notification notification{JobEvent::kError, std::nullopt, {}};
  if (error != nullptr) notification.error = ReadErrorObject(*system_, *error).value;
  Record(std::move(notification));
  return S_OK;
}

HRESULT STDMETHODCALLTYPE RecordingCallback::JobModification(IBackgroundCopyJob* job,
                                                             DWORD reserved) {
  return events_->JobModification(job, reserved);
}

void RecordingCallback::Record(Notification notification) {
  // Read on the thread BITS called on, which serves the call (JOB-CB-5); empty when unknown.
  std::wstring sid;
  if (system_->CallingClientSid(&sid) == ERROR_SUCCESS) notification.caller_sid = Narrow(sid);
  // Taken before the call is seen, so that a Release by whoever saw it lets it go.
  const std::uint64_t ticket = gate_->Ticket();
  {
    std::lock_guard lock(mutex_);
    received_.push_back(std::move(notification));
  }
  recorded_.notify_all();
  if (blocking_) gate_->Hold(ticket, blocking_);
}

}  // namespace bitscts::com
