// Network: what a loss of the machine's network does to jobs (JOB-STATE-10, JOB-RETRY-3).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "bitscts/scenario.h"
#include "token_steps.h"

namespace bitscts {
namespace {

constexpr const char* kUsersAndNetworksDoc =
    "https://learn.microsoft.com/windows/win32/bits/users-and-network-connections";
constexpr std::uint64_t kSize = 65536;

// Disconnects the target's network for as long as it lives; the network comes back at Restore
// or, whatever the scenario's outcome, when the outage ends with the scenario.
class NetworkOutage {
 public:
  explicit NetworkOutage(Scenario& s) : s_(s) { s_.SetNetworkConnected(false); }
  ~NetworkOutage() {
    if (!restored_) s_.target().SetNetworkConnected(true);
  }
  NetworkOutage(const NetworkOutage&) = delete;
  NetworkOutage& operator=(const NetworkOutage&) = delete;
  // Connects the network again.
  void Restore() {
    restored_ = true;
    s_.SetNetworkConnected(true);
  }

 private:
  Scenario& s_;
  bool restored_ = false;
};

// A network loss moves a running job to TRANSIENT_ERROR with BG_E_NETWORK_DISCONNECTED; when the
// network returns the job is queued again and finishes.
BITSCTS_SCENARIO(Network, LossIsTransientUntilReconnected,
                 {.clauses = {"JOB-STATE-10"},
                  .doc = kUsersAndNetworksDoc,
                  .needs = {Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 901;
  const std::string local = s.LocalPath("outage.bin");
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(steps::HeldUrl(s, kSeed, kSize), local), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  steps::AwaitHeldRequest(s);
  NetworkOutage outage(s);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransientError, JobState::kError, JobState::kTransferred}),
            JobState::kTransientError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  EXPECT_EQ(error.value.code, hr::kNetworkDisconnected);
  s.evidence().Note("JOB-STATE-10: the disconnection came with " + Name(error.value.context));

  outage.Restore();
  steps::ReleaseHeld(s);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// BITS does not retry while the network is away: however long the outage, the job asks the
// server for nothing and stays in TRANSIENT_ERROR (the retry delay and the no-progress timeout
// pass several times over), then finishes once the network is back.
BITSCTS_SCENARIO(Network, NoRetriesWhileDisconnected,
                 {.clauses = {"JOB-RETRY-3", "JOB-STATE-10"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-setminimumretrydelay",
                  .needs = {Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 902;
  const std::string local = s.LocalPath("no-retry.bin");
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(s.ContentUrl(kSeed, kSize), local), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(3600), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  NetworkOutage outage(s);
  s.AdvanceTime(std::chrono::hours(3));  // the default retry delay is 600 s
  const auto state = job->State();
  ASSERT_EQ(state.hr, hr::kOk);
  EXPECT_EQ(state.value, JobState::kTransientError) << "a disconnection is neither retried nor final";
  EXPECT_EQ(job->Error().value.code, hr::kNetworkDisconnected);
  EXPECT_TRUE(s.server().Log().empty()) << "no request while the network is away";

  outage.Restore();
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

}  // namespace
}  // namespace bitscts
