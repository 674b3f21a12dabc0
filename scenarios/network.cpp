// Network: what a loss of the machine's network, or its cost, does to jobs (JOB-STATE-10,
// JOB-RETRY-3, JOB-RETRY-5).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>

#include "bitscts/scenario.h"
#include "docs.h"
#include "steps/cost_flags.h"
#include "steps/held_requests.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

constexpr std::uint64_t kSize = 65536;

// Changes the target's network for as long as it lives: disconnected (Outage) or at another
// cost (Metered). The network comes back connected and unmetered at Restore or, whatever the
// scenario's outcome, when the change ends with the scenario.
class NetworkChange {
 public:
  static NetworkChange Outage(Scenario& s) {
    s.SetNetworkConnected(false);
    return NetworkChange(s, Kind::kOutage);
  }
  static NetworkChange Metered(Scenario& s, std::uint32_t cost_state) {
    s.SetNetworkCost(cost_state);
    return NetworkChange(s, Kind::kCost);
  }
  NetworkChange(NetworkChange&& other) noexcept
      : s_(other.s_), kind_(other.kind_), active_(other.active_) {
    other.active_ = false;
  }
  NetworkChange(const NetworkChange&) = delete;
  NetworkChange& operator=(const NetworkChange&) = delete;
  NetworkChange& operator=(NetworkChange&&) = delete;
  ~NetworkChange() {
    NetworkControl* network = s_.target().Controls().Find<NetworkControl>();
    if (!active_ || network == nullptr) return;
    if (kind_ == Kind::kOutage) network->SetNetworkConnected(true);
    if (kind_ == Kind::kCost) network->SetNetworkCost(cost::kUnrestricted);
  }
  // Brings the network back, recorded as evidence.
  void Restore() {
    active_ = false;
    if (kind_ == Kind::kOutage) s_.SetNetworkConnected(true);
    if (kind_ == Kind::kCost) s_.SetNetworkCost(cost::kUnrestricted);
  }

 private:
  enum class Kind : std::uint8_t { kOutage, kCost };
  NetworkChange(Scenario& s, Kind kind) : s_(s), kind_(kind) {}
  Scenario& s_;
  Kind kind_;
  bool active_ = true;
};

// A network loss moves a job in the middle of its transfer to TRANSIENT_ERROR with
// BG_E_NETWORK_DISCONNECTED; when the network returns the job is queued again and finishes.
BITSCTS_SCENARIO(Network, LossIsTransientUntilReconnected,
                 {.clauses = {"JOB-STATE-10"},
                  .doc = docs::kUsersAndNetworkConnections,
                  .needs = {Feature::kDownload, NetworkControl::kFeature}}) {
  const Content content = s.NewContent(kSize);
  const std::string local = s.LocalPath("outage.bin");
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(steps::HeldUrl(s, content), local), hr::kOk);
  ASSERT_TRUE(steps::ResumeIntoHeldRequest(s, *job))
      << "the network goes in the middle of the transfer";
  NetworkChange outage = NetworkChange::Outage(s);
  BITSCTS_PROVES("JOB-STATE-10")
    ASSERT_EQ(s.AwaitState(*job,
                           {JobState::kTransientError, JobState::kError, JobState::kTransferred}),
              JobState::kTransientError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("JOB-STATE-10") EXPECT_EQ(error.value.code, hr::kNetworkDisconnected);
  s.evidence().Note("JOB-STATE-10: the disconnection came with " + Name(error.value.context));

  outage.Restore();
  steps::ReleaseHeld(s);
  BITSCTS_PROVES("JOB-STATE-10")
    ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}),
              JobState::kTransferred)
        << "the job is queued again once the network is back";
  EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

// BITS does not retry while the network is away: however long the outage, the job asks the
// server for nothing and stays in TRANSIENT_ERROR (the retry delay and the no-progress timeout
// pass several times over), then finishes once the network is back.
BITSCTS_SCENARIO(Network, NoRetriesWhileDisconnected,
                 {.clauses = {"JOB-RETRY-3", "JOB-STATE-10"},
                  .doc = docs::kSetMinimumRetryDelay,
                  .needs = {Feature::kDownload, NetworkControl::kFeature, TimeControl::kFeature}}) {
  const Content content = s.NewContent(kSize);
  const std::string local = s.LocalPath("no-retry.bin");
  auto job = s.CreateJob(s.caller());
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(3600), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  NetworkChange outage = NetworkChange::Outage(s);
  s.AdvanceTime(std::chrono::hours(3));  // the default retry delay is 600 s
  const auto state = job->State();
  ASSERT_EQ(state.hr, hr::kOk);
  BITSCTS_PROVES("JOB-RETRY-3", "JOB-STATE-10")
    EXPECT_EQ(state.value, JobState::kTransientError)
        << "a disconnection is neither retried nor final";
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("JOB-STATE-10") EXPECT_EQ(error.value.code, hr::kNetworkDisconnected);
  BITSCTS_PROVES("JOB-RETRY-3")
    EXPECT_TRUE(s.server().Log().empty()) << "no request while the network is away";

  outage.Restore();
  BITSCTS_PROVES("JOB-STATE-10")
    ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}),
              JobState::kTransferred);
  EXPECT_FALSE(s.server().Log().empty()) << "the job asks once the network is back";
  EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

// On a metered network (here: near its data cap) a job under the default transfer policy does
// not run; JOB-RETRY-5 infers BG_E_BLOCKED_BY_COST_TRANSFER_POLICY in TRANSIENT_ERROR. Cost flags
// that allow every cost (BITS_JOB_TRANSFER_POLICY_ALWAYS, as Wine's tests set) let it finish.
// The cost flags live on IBackgroundCopyJob5, which a BITS 5.0 job answers.
BITSCTS_SCENARIO(Network, MeteredNetworkWaitsForCostFlags,
                 {.clauses = {"JOB-RETRY-5", "HT-VER-2"},
                  .doc = docs::kJobPropertyId,
                  .needs = {Feature::kDownload, NetworkControl::kFeature}}) {
  const Content content = s.NewContent(kSize);
  const std::string local = s.LocalPath("metered.bin");
  auto job = s.CreateJob(s.caller());
  const auto defaults = steps::CostFlagsOf(s, *job);
  BITSCTS_PROVES("HT-VER-2")
    ASSERT_EQ(defaults.hr, hr::kOk) << "BITS " << s.target().Description().bits_version;
  std::ostringstream shown;
  shown << "JOB-RETRY-5: a new job's cost flags are 0x" << std::hex << defaults.value;
  s.evidence().Note(shown.str());
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk);
  NetworkChange metered = NetworkChange::Metered(s, cost::kNearCap);
  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("JOB-RETRY-5")
    ASSERT_EQ(s.AwaitState(*job,
                           {JobState::kTransientError, JobState::kError, JobState::kTransferred}),
              JobState::kTransientError)
        << "the default policy does not transfer near the data cap";
  const auto blocked = job->Error();
  ASSERT_EQ(blocked.hr, hr::kOk);
  BITSCTS_PROVES("JOB-RETRY-5") EXPECT_EQ(blocked.value.code, hr::kBlockedByCostTransferPolicy);
  BITSCTS_PROVES("JOB-RETRY-5")
    EXPECT_TRUE(s.server().Log().empty()) << "no request while the cost policy blocks the job";

  ASSERT_EQ(job->SetCostFlags(cost::kPolicyAlways), hr::kOk);
  BITSCTS_PROVES("JOB-RETRY-5")
    ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}),
              JobState::kTransferred)
        << "cost flags that allow every cost let the job run on the metered network";
  metered.Restore();
  EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

}  // namespace
}  // namespace bitscts
