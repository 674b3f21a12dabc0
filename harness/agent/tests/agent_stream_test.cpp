// Agents the runner did not start (AgentCaller::Attach): the protocol over one connected duplex
// stream, whose far end here is a thread serving the reference model's caller. The stream is a
// socket pair natively and a connected named pipe on Windows (the MinGW build runs this under
// Wine), so the same overlapped reads and writes the runner uses on a service's pipe run here.
#include <gtest/gtest.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <sys/socket.h>
#endif

#include <atomic>
#include <future>
#include <istream>
#include <mutex>
#include <thread>

#include "bitscts/agent/agent_client.h"
#include "bitscts/agent/agent_server.h"
#include "bitscts/agent/agent_stream.h"
#include "bitscts/agent_fault.h"
#include "bitscts/model/model_target.h"
#include "connected_pair.h"
#include "host_that_cannot.h"

namespace bitscts::agent {
namespace {

using testing_support::ConnectedPair;

// The agent end: the model's caller, whose job creation can be made to wait or to drop the stream.
class Host final : public testing_support::HostThatCannot, public Caller {
 public:
  explicit Host(Caller& inner) : inner_(inner) {}
  Caller& caller() override { return *this; }
  HResult LogOn(const std::string&, const std::string&) override { return hr::kOk; }

  std::string Sid() const override { return inner_.Sid(); }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& display_name) override {
    if (display_name == "hang") release_.get_future().wait();
    if (display_name == "drop") stream_->Cancel();
    return inner_.CreateDownloadJob(display_name);
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) override {
    return inner_.OpenJob(job_id);
  }
  HResult Impersonate(const Principal& principal) override { return inner_.Impersonate(principal); }
  HResult RevertToSelf() override { return inner_.RevertToSelf(); }

  void Release() {
    std::call_once(released_, [this] { release_.set_value(); });
  }
  AgentStream* stream_ = nullptr;

 private:
  Caller& inner_;
  std::promise<void> release_;
  std::once_flag released_;
};

class AttachedAgentTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    model_ = model::MakeModelTarget({}, &error);
    ASSERT_TRUE(model_) << error;
    host_ = std::make_unique<Host>(model_->CurrentCaller());
  }
  void TearDown() override {
    host_->Release();
    if (server_.joinable()) server_.join();
  }

  // Serves the far end on a thread (or, with `serve` false, closes it at once) and attaches to
  // the near end with a site whose ending is counted and releases a waiting host.
  std::unique_ptr<AgentCaller> Attach(AgentDeadlines deadlines, bool serve = true,
                                      std::string* error = nullptr) {
    auto [runner_end, agent_end] = ConnectedPair();
    server_ = std::thread([this, agent_end = agent_end, serve] {
      AgentStream stream(agent_end);
      host_->stream_ = &stream;
      if (serve) served_ = ServeAgent(*host_, stream.in(), stream.out());
      host_->stream_ = nullptr;
    });
    if (!serve) server_.join();
    AttachedAgent agent;
    agent.stream = runner_end;
    agent.label = "attached test agent";
    agent.end = [this](std::chrono::milliseconds patience) {
      ++ends_;
      patience_ = patience;
      host_->Release();
      return SiteEnding{site_ended_, site_evidence_};
    };
    return AgentCaller::Attach(std::move(agent), deadlines, faults_, error);
  }

  std::shared_ptr<FirstAgentFault> faults_ = std::make_shared<FirstAgentFault>();
  std::unique_ptr<Target> model_;
  std::unique_ptr<Host> host_;
  std::thread server_;
  std::atomic<int> served_{-1};
  std::atomic<int> ends_{0};
  std::chrono::milliseconds patience_{0};
  std::string site_evidence_ = "the site ended";
  bool site_ended_ = true;
};

TEST_F(AttachedAgentTest, CallsRoundTripAndStopEndsTheSiteOnce) {
  AgentDeadlines deadlines;
  deadlines.stop = std::chrono::milliseconds(4321);
  std::unique_ptr<AgentCaller> agent = Attach(deadlines);
  ASSERT_TRUE(agent);
  EXPECT_EQ(agent->Sid(), model_->CurrentCaller().Sid());
  Outcome<std::unique_ptr<Job>> created = agent->CreateDownloadJob("over the stream");
  ASSERT_EQ(created.hr, hr::kOk);
  ASSERT_TRUE(created.value);
  EXPECT_EQ(created.value->State().value, JobState::kSuspended);
  // A line longer than the stream's 4 KiB buffers arrives whole: the model refuses the name as
  // too long, which it can only do after reading all of it.
  EXPECT_EQ(agent->CreateDownloadJob(std::string(20000, 'x')).hr, hr::kInvalidArg);
  EXPECT_TRUE(agent->Running());
  created.value.reset();
  EXPECT_EQ(agent->Stop(), hr::kOk);
  EXPECT_FALSE(agent->Running());
  EXPECT_EQ(ends_, 1);
  EXPECT_EQ(patience_, deadlines.stop);
  agent.reset();
  EXPECT_EQ(ends_, 1) << "a stopped agent's site is ended once";
  server_.join();
  EXPECT_EQ(served_, 0) << "the agent saw 'bye'";
  EXPECT_FALSE(faults_->Take());
}

TEST_F(AttachedAgentTest, ASiteThatDoesNotEndMakesStopATimeoutWithItsEvidence) {
  site_evidence_ = "StopService -> ERROR_TIMEOUT";
  site_ended_ = false;
  std::unique_ptr<AgentCaller> agent = Attach({});
  ASSERT_TRUE(agent);
  EXPECT_EQ(agent->Stop(), hr::kTimeout);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_NE(fault->evidence.find(
                "closed its end after 'bye'; ending its site: StopService -> ERROR_TIMEOUT"),
            std::string::npos)
      << fault->evidence;
}

TEST_F(AttachedAgentTest, AnAgentThatHangsIsEndedThroughItsSiteWithItsEvidence) {
  AgentDeadlines deadlines;
  deadlines.call = std::chrono::milliseconds(200);
  site_evidence_ = "the service did not stop: ControlService -> ERROR_SERVICE_REQUEST_TIMEOUT";
  site_ended_ = false;
  std::unique_ptr<AgentCaller> agent = Attach(deadlines);
  ASSERT_TRUE(agent);
  EXPECT_EQ(agent->CreateDownloadJob("hang").hr, hr::kTimeout);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, AgentFaultKind::kHung);
  EXPECT_NE(fault->evidence.find("'create'"), std::string::npos) << fault->evidence;
  EXPECT_NE(fault->evidence.find(site_evidence_), std::string::npos) << fault->evidence;
  EXPECT_EQ(ends_, 1);
  EXPECT_FALSE(agent->Running());
  EXPECT_EQ(agent->Stop(), hr::kOk) << "already ended";
  EXPECT_EQ(ends_, 1);
}

TEST_F(AttachedAgentTest, AnAgentThatDropsTheStreamIsAFaultAndItsSiteEnds) {
  std::unique_ptr<AgentCaller> agent = Attach({});
  ASSERT_TRUE(agent);
  EXPECT_EQ(agent->CreateDownloadJob("drop").hr, hr::kDisconnected);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, AgentFaultKind::kExited);
  EXPECT_NE(fault->evidence.find("ended before answering 'create'"), std::string::npos)
      << fault->evidence;
  EXPECT_NE(fault->evidence.find("ending its site: the site ended"), std::string::npos)
      << fault->evidence;
  EXPECT_EQ(ends_, 1);
}

TEST_F(AttachedAgentTest, AnAgentThatNeverGreetsIsNoCallerAndItsSiteEnds) {
  std::string error;
  std::unique_ptr<AgentCaller> agent = Attach({}, /*serve=*/false, &error);
  EXPECT_FALSE(agent);
  EXPECT_NE(error.find("'attached test agent' did not greet"), std::string::npos) << error;
  EXPECT_NE(error.find("'hello'"), std::string::npos) << error;
  EXPECT_EQ(ends_, 1);
  EXPECT_FALSE(faults_->Take()) << "the greeting's fault is the error, not a fault of a caller";
}

TEST_F(AttachedAgentTest, WithoutAnErrorToFillTheGreetingsFaultIsReported) {
  std::unique_ptr<AgentCaller> agent = Attach({}, /*serve=*/false, /*error=*/nullptr);
  EXPECT_FALSE(agent);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, AgentFaultKind::kExited);
  EXPECT_NE(fault->evidence.find("'hello'"), std::string::npos) << fault->evidence;
}

TEST(AgentPipe, OpeningAPipeNoRunnerMadeFailsWithTheName) {
  std::string error;
  const std::string name = std::string(kAgentPipePrefix) + "nobody-made-this";
  EXPECT_EQ(OpenAgentPipe(name, std::chrono::milliseconds(50), &error), kNoStream);
  EXPECT_NE(error.find(name), std::string::npos) << error;
}

}  // namespace
}  // namespace bitscts::agent
