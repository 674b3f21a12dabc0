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
  // Joins every delivery still running, as JoinAll does.
  ~Deliveries() { JoinAll(); }
  Deliveries(const Deliveries&) = delete;
  Deliveries& operator=(const Deliveries&) = delete;

  // Runs `call` on a new thread, which first joins the deliveries that have ended.
  void Start(std::function<void()> call);
  // Waits for every delivery started so far to end, but for one running on the calling thread:
  // a call that released the last owner of these deliveries ends by itself, touching nothing of
  // theirs but the state its thread shares.
  void JoinAll();

 private:
  struct Delivery {
    std::thread thread;
    std::shared_ptr<bool> ended;  // guarded by State::mutex
  };
  // What the deliveries' threads share with their owner; each thread holds it to its end.
  struct State {
    std::mutex mutex;
    std::list<Delivery> running;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace bitscts::model::com_face
