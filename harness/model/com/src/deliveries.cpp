#include "deliveries.h"

#include <utility>

namespace bitscts::model::com_face {

void Deliveries::Start(std::function<void()> call) {
  std::list<Delivery> ended;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = running_.begin(); it != running_.end();) {
      const auto next = std::next(it);
      if (*it->ended) ended.splice(ended.end(), running_, it);
      it = next;
    }
    auto flag = std::make_shared<bool>(false);
    running_.push_back(Delivery{std::thread([this, flag, call = std::move(call)] {
                                  call();
                                  std::lock_guard<std::mutex> done(mutex_);
                                  *flag = true;
                                }),
                                flag});
  }
  for (Delivery& delivery : ended) delivery.thread.join();
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
