#include "deliveries.h"

#include <utility>

namespace bitscts::model::com_face {

void Deliveries::Start(std::function<void()> call) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  // Start may run under the machine lock: the new thread, which holds none, joins the ended ones.
  std::list<Delivery> ended;
  for (auto it = state_->running.begin(); it != state_->running.end();) {
    const auto next = std::next(it);
    if (*it->ended) ended.splice(ended.end(), state_->running, it);
    it = next;
  }
  auto flag = std::make_shared<bool>(false);
  state_->running.push_back(Delivery{std::thread([state = state_, flag, ended = std::move(ended),
                                                  call = std::move(call)]() mutable {
                                       for (Delivery& delivery : ended) delivery.thread.join();
                                       call();
                                       // Releases what the call held (the client's callback) before
                                       // ending. When that was the last hold on the machine, its
                                       // deliveries are destroyed here, on this thread.
                                       call = nullptr;
                                       std::lock_guard<std::mutex> done(state->mutex);
                                       *flag = true;
                                     }),
                                     flag});
}

void Deliveries::JoinAll() {
  const std::thread::id self = std::this_thread::get_id();
  for (;;) {
    std::list<Delivery> joining;
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      if (state_->running.empty()) return;
      joining.swap(state_->running);
    }
    for (Delivery& delivery : joining) {
      if (delivery.thread.get_id() == self) {
        delivery.thread.detach();  // joining itself would never return
      } else {
        delivery.thread.join();
      }
    }
  }
}

}  // namespace bitscts::model::com_face
