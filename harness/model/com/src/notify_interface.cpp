#include "notify_interface.h"

#include <memory>
#include <utility>

#include "objects.h"

namespace bitscts::model::com_face {
namespace {

using CallbackRef = std::shared_ptr<IBackgroundCopyCallback>;

// Returns a reference to `callback` that releases it when the last copy goes.
CallbackRef Hold(IBackgroundCopyCallback* callback) {
  callback->AddRef();
  return CallbackRef(callback, [](IBackgroundCopyCallback* held) { held->Release(); });
}

// One call of the service into a client's callback, made with no lock held.
struct Delivery {
  std::shared_ptr<MachineCore> core;
  Served served;  // the job pointer and error object handed to the callback
  std::string job_id;
  CallbackRef callback;
  Notification notification;
  std::optional<ErrorSnapshot> error;

  void operator()() const {
    Machine::serving_sid = notification.caller_sid;
    IBackgroundCopyJob* job = NewJob(served, job_id, served.process->state->process);
    if (notification.event == JobEvent::kTransferred) {
      callback->JobTransferred(job);
    } else {
      IBackgroundCopyError* error_object = NewError(served, error.value_or(ErrorSnapshot{}));
      callback->JobError(job, error_object);
      error_object->Release();
    }
    job->Release();
    Machine::serving_sid.clear();
    std::lock_guard<std::mutex> lock(core->mutex);
    // A restarted service forgot the calls in flight of the one before.
    if (served.generation == core->generation)
      core->service->CallbackReturned(notification.caller_sid);
  }
};

}  // namespace

std::optional<NotifyRegistration> RegisterNotifyInterface(const Served& served, JobRecord& job,
                                                          IBackgroundCopyCallback* callback,
                                                          std::string sid) {
  auto enqueue = [weak_core = std::weak_ptr<MachineCore>(served.core),
                  weak_process = std::weak_ptr<ClientProcess>(served.process),
                  generation = served.generation, job_id = job.id,
                  held = Hold(callback)](const Notification& notification) {
    // Called by the service under the machine lock: it only hands the call on.
    const std::shared_ptr<MachineCore> core = weak_core.lock();
    const std::shared_ptr<ClientProcess> process = weak_process.lock();
    if (!core) return;
    if (!process || !process->state->alive) {
      core->service->CallbackReturned(notification.caller_sid);  // nobody takes the call
      return;
    }
    Delivery delivery{core, Served{core, process, generation}, job_id, held, notification, {}};
    if (notification.event == JobEvent::kError)
      delivery.error = SnapshotError(*core->service, job_id);
    if (process->single_threaded) {
      // JOB-CB-6: the call waits in the process's message queue until it pumps.
      process->posted.push_back(
          PostedCall{notification.caller_sid, generation, std::move(delivery)});
    } else {
      core->deliveries.Start(std::move(delivery));
    }
  };
  // JOB-CB-2: the last caller wins; JOB-CB-4: every call holds a slot until it returns.
  std::optional<NotifyRegistration> replaced =
      std::exchange(job.notify, NotifyRegistration{served.process->state->serial, std::move(sid),
                                                   std::move(enqueue), true});
  served.core->registered_jobs.insert(job.id);
  return replaced;
}

std::vector<NotifyRegistration> ReleaseFinalRegistrations(MachineCore& core) {
  std::vector<NotifyRegistration> released;
  for (auto it = core.registered_jobs.begin(); it != core.registered_jobs.end();) {
    JobRecord* job = core.service->Find(*it);
    if (job != nullptr && !IsFinal(job->state) && job->notify) {
      ++it;
      continue;
    }
    if (job != nullptr && job->notify) {
      released.push_back(std::move(*job->notify));
      job->notify.reset();
    }
    it = core.registered_jobs.erase(it);
  }
  return released;
}

}  // namespace bitscts::model::com_face
