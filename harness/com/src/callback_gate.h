// Internal: where the calls into blocking notify interfaces wait (JOB-CB-4): each stays in flight
// until the first Release after it was recorded, until its interface stops blocking, or for good
// once the gate is opened at the end of the target.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace bitscts::com {

class CallbackGate {
 public:
  // Returns the ticket of a call about to be recorded: a Release from now on lets it go.
  std::uint64_t Ticket() {
    std::lock_guard lock(mutex_);
    return releases_;
  }
  // Blocks the calling thread until a Release after `ticket` was taken, or Open, or until
  // `blocking` is false (checked now and at each Reconsider).
  void Hold(std::uint64_t ticket, const std::atomic<bool>& blocking) {
    std::unique_lock lock(mutex_);
    ++held_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_ || releases_ != ticket || !blocking; });
    --held_;
  }
  // Lets every call recorded until now return; later calls are held again.
  void Release() {
    std::lock_guard lock(mutex_);
    ++releases_;
    changed_.notify_all();
  }
  // Lets every call held now or later return, for the rest of the gate's life.
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  // Makes every held call check its `blocking` again.
  void Reconsider() {
    std::lock_guard lock(mutex_);
    changed_.notify_all();
  }
  // Waits until `count` calls are held or `deadline` passes; returns whether they are.
  bool AwaitHeld(int count, std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return held_ == count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t releases_ = 0;
  int held_ = 0;
  bool open_ = false;
};

}  // namespace bitscts::com
