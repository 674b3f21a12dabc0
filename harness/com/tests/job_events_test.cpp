// The notification object BITS calls: COM identity, reference counting, and waking waits.
#include "job_events.h"

#include <gtest/gtest.h>

#include <thread>

#include "com_ref.h"

namespace bitscts::com {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

TEST(JobEvents, AnswersIUnknownAndTheCallbackInterface) {
  ComRef<JobEvents> events(JobEvents::Create());
  ComRef<IUnknown> unknown;
  EXPECT_EQ(ToHResult(events->QueryInterface(IidOf<IUnknown>(), unknown.PutVoid())), hr::kOk);
  EXPECT_TRUE(unknown);
  ComRef<IBackgroundCopyCallback> callback;
  EXPECT_EQ(ToHResult(events->QueryInterface(IidOf<IBackgroundCopyCallback>(), callback.PutVoid())),
            hr::kOk);
  EXPECT_TRUE(callback);
}

TEST(JobEvents, RefusesOtherInterfacesAndNullOutPointers) {
  ComRef<JobEvents> events(JobEvents::Create());
  void* object = &events;
  EXPECT_EQ(ToHResult(events->QueryInterface(IidOf<IBitsTokenOptions>(), &object)),
            hr::kNoInterface);
  EXPECT_EQ(object, nullptr);
  EXPECT_EQ(ToHResult(events->QueryInterface(IidOf<IUnknown>(), nullptr)), hr::kPointer);
}

TEST(JobEvents, CountsReferencesAndDeletesItselfAtZero) {
  JobEvents* events = JobEvents::Create();
  EXPECT_EQ(events->AddRef(), 2u);
  EXPECT_EQ(events->Release(), 1u);
  EXPECT_EQ(events->Release(), 0u);  // deleted here; a leak would show under a leak checker
}

TEST(JobEvents, EveryNotificationReturnsSOkAndCounts) {
  ComRef<JobEvents> events(JobEvents::Create());
  EXPECT_EQ(ToHResult(events->JobTransferred(nullptr)), hr::kOk);
  EXPECT_EQ(ToHResult(events->JobError(nullptr, nullptr)), hr::kOk);
  EXPECT_EQ(ToHResult(events->JobModification(nullptr, 0)), hr::kOk);
  EXPECT_EQ(events->NotificationCount(), 3u);
}

TEST(JobEvents, WaitReturnsAtOnceWhenANotificationAlreadyArrived) {
  ComRef<JobEvents> events(JobEvents::Create());
  events->JobModification(nullptr, 0);
  EXPECT_EQ(events->WaitForChange(0, events->Now() + hours(1)), 1u);
}

TEST(JobEvents, NotificationFromAnotherThreadWakesTheWait) {
  ComRef<JobEvents> events(JobEvents::Create());
  const auto started = events->Now();
  std::thread bits([&] { events->JobTransferred(nullptr); });
  const std::uint64_t count = events->WaitForChange(0, started + hours(1));
  bits.join();
  EXPECT_EQ(count, 1u);
  EXPECT_LT(events->Now() - started, hours(1));
}

TEST(JobEvents, WaitEndsAtItsDeadlineWithoutANotification) {
  ComRef<JobEvents> events(JobEvents::Create());
  const auto started = events->Now();
  EXPECT_EQ(events->WaitForChange(0, started + milliseconds(20)), 0u);
  EXPECT_GE(events->Now() - started, milliseconds(20));
}

}  // namespace
}  // namespace bitscts::com
