// The calls the emulated service makes into the notification interfaces jobs register (JOB-CB):
// which job events reach them, and how many calls of one user may be in flight at once.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <string>

#include "bitscts/target.h"
#include "job_record.h"

namespace bitscts::model {

class Callbacks {
 public:
  // Delivers `event` to the job's notification interface if its notify flags ask for it
  // (JOB-CB-1, JOB-CB-3); the call waits while its user has too many blocked calls (JOB-CB-4).
  void Notify(const JobRecord& job, JobEvent event);
  // Lets every blocked call return, then delivers the calls that waited (JOB-CB-4).
  void Release();
  // Frees the slot of one blocked call of `user` that returned (none is freed below zero), then
  // delivers the first call of `user` that waited for a slot (JOB-CB-4).
  void Returned(const std::string& user);
  // Drops the calls in flight and waiting: the service process that made them is gone.
  void Forget();

 private:
  struct PendingCall {
    std::function<void(const Notification&)> callback;
    Notification notification;
    bool blocking = false;
  };
  // Makes the call now if the user has a free slot, else queues it.
  void Deliver(PendingCall call);

  // JOB-CB-4: the blocked calls of each registering user (by SID), and the calls waiting for one
  // of them to return.
  std::map<std::string, int> in_flight_;
  std::map<std::string, std::deque<PendingCall>> waiting_;
};

}  // namespace bitscts::model
