// Internal: the threads on which the service calls clients' callbacks, each running one call
// with no machine lock held.
#pragma once

#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace bitscts::model::com_face {

class Deliveries {
 public:
  Deliveries() = default;
  // Joins every delivery still running.
  ~Deliveries() { JoinAll(); }
  Deliveries(const Deliveries&) = delete;
  Deliveries& operator=(const Deliveries&) = delete;

  // Runs `call` on a new thread, which first joins the deliveries that have ended.
  void Start(std::function<void()> call);
  // Waits for every delivery started so far to end.
  void JoinAll();

 private:
  struct Delivery {
    std::thread thread;
    std::shared_ptr<bool> ended;  // guarded by mutex_
  };
  std::mutex mutex_;
  std::list<Delivery> running_;
};

}  // namespace bitscts::model::com_face
