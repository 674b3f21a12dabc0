// The threads that call clients' callbacks: every call runs, JoinAll waits for them, and a call
// that releases the last owner of its deliveries ends cleanly on its own thread.
#include "deliveries.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace bitscts::model::com_face {
namespace {

using namespace std::chrono_literals;

constexpr auto kDeadline = 30s;

TEST(Deliveries, JoinAllWaitsForEveryCall) {
  Deliveries deliveries;
  std::atomic<int> calls{0};
  for (int i = 0; i < 20; ++i) deliveries.Start([&] { ++calls; });
  deliveries.JoinAll();
  EXPECT_EQ(calls.load(), 20);
}

TEST(Deliveries, CallReleasingTheLastOwnerEndsOnItsOwnThread) {
  // As when a callback held the last reference to the machine: the deliveries are destroyed on
  // one of their own threads, which must not try to join itself.
  std::mutex mutex;
  std::condition_variable changed;
  bool owner_dropped = false;
  bool released = false;
  auto owner = std::make_shared<Deliveries>();
  const std::weak_ptr<Deliveries> watched = owner;
  owner->Start([&, held = owner]() mutable {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, kDeadline, [&] { return owner_dropped; });
    lock.unlock();
    held.reset();  // the last reference: the deliveries are destroyed on this thread
    lock.lock();
    released = true;
    changed.notify_all();
  });
  owner.reset();
  std::unique_lock lock(mutex);
  owner_dropped = true;
  changed.notify_all();
  ASSERT_TRUE(changed.wait_for(lock, kDeadline, [&] { return released; }))
      << "the delivery holding the last owner did not end its call within 30 s";
  EXPECT_TRUE(watched.expired());
}

}  // namespace
}  // namespace bitscts::model::com_face
