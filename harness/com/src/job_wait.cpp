#include "job_wait.h"

#include <algorithm>
#include <string>

namespace bitscts::com {
namespace {

std::string StateSetText(const std::vector<JobState>& states) {
  std::string text;
  for (JobState state : states) {
    if (!text.empty()) text += " or ";
    text += Name(state);
  }
  return text;
}

}  // namespace

std::chrono::steady_clock::time_point WaitDeadline(std::chrono::steady_clock::time_point start,
                                                   std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  const auto bounded =
      std::clamp(timeout, std::chrono::milliseconds(0),
                 std::chrono::duration_cast<std::chrono::milliseconds>(kLongestWait));
  const auto span = std::chrono::duration_cast<Clock::duration>(bounded);
  if (start > Clock::time_point::max() - span) return Clock::time_point::max();
  return start + span;
}

WaitResult WaitForJobState(const std::function<Outcome<JobState>()>& read_state,
                           const std::vector<JobState>& wanted, std::chrono::milliseconds timeout,
                           JobSignal& signal) {
  const auto started = signal.Now();
  const auto deadline = WaitDeadline(started, timeout);
  WaitResult result;
  result.waited_for = StateSetText(wanted);
  std::uint64_t seen = signal.NotificationCount();
  while (true) {
    const Outcome<JobState> state = read_state();
    result.state = state.value;
    const auto now = signal.Now();
    result.waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - started);
    if (state.hr.Succeeded() &&
        std::find(wanted.begin(), wanted.end(), state.value) != wanted.end()) {
      result.reached = true;
      return result;
    }
    if (now >= deadline) return result;
    const auto poll_end = deadline - now > kFallbackPoll ? now + kFallbackPoll : deadline;
    seen = signal.WaitForChange(seen, poll_end);
  }
}

}  // namespace bitscts::com
