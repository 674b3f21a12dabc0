// Waits are driven by notifications, bounded by a deadline that cannot overflow, and never spin
// (the documentation sample waits with neither). A virtual clock makes every case instantaneous.
#include "job_wait.h"

#include <gtest/gtest.h>

#include <vector>

namespace bitscts::com {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// A JobSignal over virtual time: a block advances the clock to its end unless a notification
// is scheduled before it.
class VirtualSignal final : public JobSignal {
 public:
  Clock::time_point Now() override { return now_; }
  std::uint64_t NotificationCount() override { return count_; }
  std::uint64_t WaitForChange(std::uint64_t seen, Clock::time_point until) override {
    blocks_.push_back(until - now_);
    if (count_ != seen) return count_;
    if (notify_at_ && *notify_at_ <= until) {
      now_ = std::max(now_, *notify_at_);
      notify_at_.reset();
      return ++count_;
    }
    now_ = std::max(now_, until);
    return count_;
  }

  void NotifyAt(Clock::time_point when) { notify_at_ = when; }
  void NotifyNow() { ++count_; }
  Clock::time_point start() const { return start_; }
  const std::vector<Clock::duration>& blocks() const { return blocks_; }

 private:
  Clock::time_point start_ = Clock::time_point(hours(1000));
  Clock::time_point now_ = start_;
  std::uint64_t count_ = 0;
  std::optional<Clock::time_point> notify_at_;
  std::vector<Clock::duration> blocks_;
};

// A job whose state reads are counted and scripted by virtual time.
struct ScriptedJob {
  VirtualSignal& signal;
  Clock::time_point transferred_at = Clock::time_point::max();
  HResult read_result = hr::kOk;
  int reads = 0;

  Outcome<JobState> operator()() {
    ++reads;
    return {read_result,
            signal.Now() >= transferred_at ? JobState::kTransferred : JobState::kQueued};
  }
};

TEST(JobWait, ReturnsAtOnceWhenTheStateIsAlreadyReached) {
  VirtualSignal signal;
  ScriptedJob job{signal, signal.start()};
  const WaitResult result =
      WaitForJobState(std::ref(job), {JobState::kTransferred}, milliseconds(5000), signal);
  EXPECT_TRUE(result.reached);
  EXPECT_EQ(result.state, JobState::kTransferred);
  EXPECT_EQ(result.waited, milliseconds(0));
  EXPECT_EQ(result.waited_for, "BG_JOB_STATE_TRANSFERRED");
  EXPECT_EQ(job.reads, 1);
  EXPECT_TRUE(signal.blocks().empty());
}

TEST(JobWait, BlocksBetweenReadsInsteadOfSpinning) {
  VirtualSignal signal;
  ScriptedJob job{signal};
  const WaitResult result =
      WaitForJobState(std::ref(job), {JobState::kTransferred}, milliseconds(1000), signal);
  EXPECT_FALSE(result.reached);
  EXPECT_EQ(result.state, JobState::kQueued);
  EXPECT_EQ(result.waited, milliseconds(1000));
  // One read per fallback poll, plus the first: a spinning loop would read without bound.
  EXPECT_EQ(job.reads, 1 + 1000 / kFallbackPoll.count());
  for (Clock::duration block : signal.blocks()) EXPECT_EQ(block, kFallbackPoll);
}

TEST(JobWait, LastBlockEndsAtTheDeadline) {
  VirtualSignal signal;
  ScriptedJob job{signal};
  WaitForJobState(std::ref(job), {JobState::kTransferred}, milliseconds(250), signal);
  ASSERT_EQ(signal.blocks().size(), 2u);
  EXPECT_EQ(signal.blocks()[0], kFallbackPoll);
  EXPECT_EQ(signal.blocks()[1], milliseconds(50));
}

TEST(JobWait, NotificationEndsTheBlockAtOnce) {
  VirtualSignal signal;
  ScriptedJob job{signal, signal.start() + milliseconds(30)};
  signal.NotifyAt(signal.start() + milliseconds(30));
  const WaitResult result =
      WaitForJobState(std::ref(job), {JobState::kTransferred}, hours(1), signal);
  EXPECT_TRUE(result.reached);
  EXPECT_EQ(result.waited, milliseconds(30));
  EXPECT_EQ(job.reads, 2);
}

TEST(JobWait, NotificationBeforeTheFirstBlockIsNotMissed) {
  VirtualSignal signal;
  int reads = 0;
  const auto read_state = [&]() -> Outcome<JobState> {
    if (++reads == 1) {
      signal.NotifyNow();  // arrives while the state is being read
      return {hr::kOk, JobState::kTransferring};
    }
    return {hr::kOk, JobState::kTransferred};
  };
  const WaitResult result = WaitForJobState(read_state, {JobState::kTransferred}, hours(1), signal);
  EXPECT_TRUE(result.reached);
  EXPECT_EQ(result.waited, milliseconds(0));
}

TEST(JobWait, FailedStateReadIsNeverTakenAsReached) {
  VirtualSignal signal;
  ScriptedJob job{signal, signal.start()};
  job.read_result = hr::kAccessDenied;
  const WaitResult result =
      WaitForJobState(std::ref(job), {JobState::kTransferred}, milliseconds(400), signal);
  EXPECT_FALSE(result.reached);
}

TEST(JobWait, WaitsForAnyOfSeveralStates) {
  VirtualSignal signal;
  const auto read_state = [] { return Outcome<JobState>{hr::kOk, JobState::kError}; };
  const WaitResult result = WaitForJobState(read_state, {JobState::kTransferred, JobState::kError},
                                            milliseconds(100), signal);
  EXPECT_TRUE(result.reached);
  EXPECT_EQ(result.waited_for, "BG_JOB_STATE_TRANSFERRED or BG_JOB_STATE_ERROR");
}

TEST(JobWait, MillenniumTimeoutDoesNotOverflowIntoAnImmediateTimeout) {
  VirtualSignal signal;
  ScriptedJob job{signal, signal.start() + hours(1)};
  const WaitResult result =
      WaitForJobState(std::ref(job), {JobState::kTransferred}, hours(24 * 365 * 1000), signal);
  EXPECT_TRUE(result.reached);
  EXPECT_EQ(result.waited, hours(1));
  EXPECT_EQ(job.reads, 1 + hours(1) / kFallbackPoll);
}

TEST(JobWait, MillenniumTimeoutIsClampedToTheLongestWait) {
  VirtualSignal signal;
  ScriptedJob job{signal};
  const WaitResult result =
      WaitForJobState(std::ref(job), {JobState::kTransferred}, hours(24 * 365 * 1000), signal);
  EXPECT_FALSE(result.reached);
  EXPECT_EQ(result.waited, kLongestWait);
}

TEST(JobWait, DeadlineClampsNegativeAndHugeTimeouts) {
  const Clock::time_point start(hours(5));
  EXPECT_EQ(WaitDeadline(start, milliseconds(-5)), start);
  EXPECT_EQ(WaitDeadline(start, milliseconds(1500)), start + milliseconds(1500));
  EXPECT_EQ(WaitDeadline(start, hours(24 * 365 * 1000)), start + kLongestWait);
  EXPECT_EQ(WaitDeadline(start, milliseconds::max()), start + kLongestWait);
}

TEST(JobWait, DeadlineSaturatesAtTheEndOfTheClock) {
  const Clock::time_point late = Clock::time_point::max() - hours(1);
  EXPECT_EQ(WaitDeadline(late, hours(24 * 365 * 1000)), Clock::time_point::max());
  EXPECT_GE(WaitDeadline(late, milliseconds(10)), late);
}

}  // namespace
}  // namespace bitscts::com
