// Steps for transfers the fakeserver holds in mid-flight: a job whose request waits unanswered
// stays in the middle of its transfer until the scenario lets the server answer.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/fault.h"
#include "bitscts/scenario.h"

namespace bitscts::steps {

// How long a target may take to ask for a held file after Resume: real time, or virtual time on
// a target in virtual time, which lets it pass kHeldRequestStep at a time.
inline constexpr std::chrono::milliseconds kHeldRequestDeadline{std::chrono::seconds(60)};
inline constexpr std::chrono::milliseconds kHeldRequestStep{250};

// Returns a URL of `content` whose requests the fakeserver holds unanswered until ReleaseHeld, so
// that a job downloading it stays unfinished until then.
inline std::string HeldUrl(Scenario& s, const Content& content) {
  fakeserver::Fault hold;
  hold.hold = true;
  return s.server().Url(fakeserver::FaultPath(hold, content.path()));
}

// Returns true if and only if `state` is one a job shows while a request of its transfer waits
// for the server: CONNECTING (before an answer begins; Wine's BITS stays there) or TRANSFERRING.
inline bool InFlight(JobState state) {
  return state == JobState::kConnecting || state == JobState::kTransferring;
}

// Waits until the fakeserver holds `held` requests in all (one of `job`, just resumed, besides
// those of jobs already waiting on it), and then until the job shows where that leaves it; returns
// that state, one InFlight accepts for a job in the middle of its transfer, for the scenario to
// check. A target in virtual time (the model, where AdvanceTime works) makes requests only while
// its time passes, so there time passes in steps until the request is held. Throws TimeoutError,
// with what was seen, at the deadline.
inline JobState AwaitHeldRequest(Scenario& s, Job& job, std::size_t held_count = 1) {
  const bool virtual_time = s.AdvanceVirtualTime(std::chrono::milliseconds(0));
  bool held = s.server().WaitForHeld(held_count, virtual_time ? std::chrono::milliseconds(0)
                                                              : kHeldRequestDeadline);
  auto passed = std::chrono::milliseconds(0);
  while (virtual_time && !held && passed < kHeldRequestDeadline) {
    s.AdvanceVirtualTime(kHeldRequestStep);
    passed += kHeldRequestStep;
    held = s.server().WaitForHeld(held_count, std::chrono::milliseconds(0));
  }
  if (!held) {
    const Outcome<JobState> state = job.State();
    throw TimeoutError(
        "waited " + std::to_string((virtual_time ? passed : kHeldRequestDeadline).count()) +
        (virtual_time ? " ms of virtual time" : " ms") +
        " for the fakeserver to hold a request of the resumed job; it held none and the job was "
        "in " +
        (state.hr.Succeeded() ? Name(state.value)
                              : "a state GetState refused with " + state.hr.ToString()));
  }
  const JobState state =
      s.AwaitState(job,
                   {JobState::kConnecting, JobState::kTransferring, JobState::kTransientError,
                    JobState::kError, JobState::kTransferred, JobState::kSuspended},
                   kHeldRequestDeadline);
  s.evidence().Note("fakeserver: holding the job's first request" +
                    (virtual_time
                         ? " after " + std::to_string(passed.count()) + " ms of virtual time"
                         : std::string()) +
                    "; the job is " + Name(state));
  return state;
}

// Resumes `job`, whose file the fakeserver holds, and returns true if it then waits in the middle
// of its transfer (InFlight); a refused Resume is a failed check, and returns false. `held_count`
// counts the requests held once it waits: 1 plus those of other jobs already waiting.
inline bool ResumeIntoHeldRequest(Scenario& s, Job& job, std::size_t held_count = 1) {
  const HResult resumed = job.Resume();
  EXPECT_EQ(resumed, hr::kOk) << "Resume";
  return resumed == hr::kOk && InFlight(AwaitHeldRequest(s, job, held_count));
}

// Makes every error of `job` final at once (no-progress timeout 0, JOB-RETRY-2), then resumes it
// as ResumeIntoHeldRequest does; returns true if it then waits in the middle of its transfer.
inline bool ResumeIntoHeldRequestWithoutRetries(Scenario& s, Job& job, std::size_t held_count = 1) {
  const HResult set = job.SetNoProgressTimeout(0);
  EXPECT_EQ(set, hr::kOk) << "SetNoProgressTimeout(0)";
  return set == hr::kOk && ResumeIntoHeldRequest(s, job, held_count);
}

// Lets the fakeserver answer the held requests and every later one.
inline void ReleaseHeld(Scenario& s) {
  s.server().ReleaseHeld();
  s.evidence().Note("fakeserver: released the held requests");
}

}  // namespace bitscts::steps
