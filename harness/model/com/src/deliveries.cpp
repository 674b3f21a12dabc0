#include "deliveries.h"

#include <utility>

namespace bitscts::model::com_face {

void Deliveries::Start(std::function<void()> call) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Start may run under the machine lock: the new thread, which holds none, joins the ended ones.
  std::list<Delivery> ended;
  for (auto it = running_.begin(); it != running_.end();) {
    const auto next = std::next(it);
    if (*it->ended) ended.splice(ended.end(), running_, it);
    it = next;
  }
  auto flag = std::make_shared<bool>(false);
  running_.push_back(Delivery{
      std::thread([this, flag, ended = std::move(ended), call = std::move(call)]() mutable {
        for (Delivery& delivery : ended) delivery.thread.join();
        call();
        call = nullptr;  // releases what the call held (the client's callback) before ending
        std::lock_guard<std::mutex> done(mutex_);
        *flag = true;
      }),
      flag});
}

void Deliveries::JoinAll() {
  for (;;) {
    std::list<Delivery> joining;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (running_.empty()) return;
      joining.swap(running_);
    }
    for (Delivery& delivery : joining) delivery.thread.join();
  }
}

}  // namespace bitscts::model::com_face
