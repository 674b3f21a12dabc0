// The control verbs of the agent protocol (impersonate-with, security-again, pump, reconnect):
// what the runner's AgentCaller sends arrives at the agent's host as it was given, and the
// host's HRESULT comes back unchanged. The far end is a thread serving a recording host over a
// connected stream (connected_pair.h).
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "bitscts/agent/agent_client.h"
#include "bitscts/agent/agent_server.h"
#include "bitscts/agent/agent_stream.h"
#include "bitscts/agent_fault.h"
#include "bitscts/model/model_target.h"
#include "connected_pair.h"
#include "fields.h"
#include "host_that_cannot.h"
#include "wire.h"

namespace bitscts::agent {
namespace {

using testing_support::ConnectedPair;

// Records what each control verb asked for and answers with `answer`.
class ControlHost final : public testing_support::HostThatCannot {
 public:
  Caller& caller() override { return model_->CurrentCaller(); }
  HResult LogOn(const std::string&, const std::string&) override { return hr::kOk; }
  HResult ImpersonateWith(const Principal& principal, TokenShape shape) override {
    principal_ = principal;
    shape_ = shape;
    return answer;
  }
  HResult InitializeSecurityAgain(CallerSettings settings) override {
    settings_ = settings;
    return answer;
  }
  HResult PumpMessages() override {
    ++pumps_;
    return answer;
  }
  HResult Reconnect() override {
    ++reconnects_;
    return answer;
  }

  HResult answer = hr::kOk;
  Principal principal_;
  TokenShape shape_;
  CallerSettings settings_;
  int pumps_ = 0;
  int reconnects_ = 0;

 private:
  std::unique_ptr<Target> model_ = model::MakeModelTarget({}, nullptr);
};

class AgentControlsTest : public testing::Test {
 protected:
  void SetUp() override {
    auto [runner_end, agent_end] = ConnectedPair();
    server_ = std::thread([this, agent_end = agent_end] {
      AgentStream stream(agent_end);
      ServeAgent(host_, stream.in(), stream.out());
    });
    AttachedAgent attached;
    attached.stream = runner_end;
    attached.label = "control test agent";
    attached.end = [](std::chrono::milliseconds) { return SiteEnding{true, "ended"}; };
    std::string error;
    agent_ = AgentCaller::Attach(std::move(attached), AgentDeadlines{},
                                 std::make_shared<FirstAgentFault>(), &error);
    ASSERT_TRUE(agent_) << error;
  }
  void TearDown() override {
    if (agent_) agent_->Stop();
    agent_.reset();
    if (server_.joinable()) server_.join();
  }

  ControlHost host_;
  std::thread server_;
  std::unique_ptr<AgentCaller> agent_;
};

TEST_F(AgentControlsTest, ImpersonateWithCarriesThePrincipalAndTheShape) {
  const Principal helper{"bitscts-helper", "S-1-5-21-1-2-3-1001", PrincipalKind::kAdministrator};
  EXPECT_EQ(agent_->ImpersonateWith(helper, TokenShape{ImpersonationLevel::kIdentify, true}),
            hr::kOk);
  EXPECT_EQ(host_.principal_.name, helper.name);
  EXPECT_EQ(host_.principal_.sid, helper.sid);
  EXPECT_EQ(host_.principal_.kind, PrincipalKind::kAdministrator);
  EXPECT_EQ(host_.shape_.level, ImpersonationLevel::kIdentify);
  EXPECT_TRUE(host_.shape_.restricted);
}

TEST_F(AgentControlsTest, SecondSecurityCarriesTheSettingsAndAnswersTheHostsHresult) {
  host_.answer = hr::kTooLate;
  EXPECT_EQ(agent_->InitializeSecurityAgain(
                CallerSettings{ImpersonationLevel::kDelegate, Cloaking::kStatic}),
            hr::kTooLate)
      << "RPC_E_TOO_LATE is the finding, passed on unchanged";
  EXPECT_EQ(host_.settings_.level, ImpersonationLevel::kDelegate);
  EXPECT_EQ(host_.settings_.cloaking, Cloaking::kStatic);
}

TEST_F(AgentControlsTest, PumpAndReconnectReachTheHost) {
  EXPECT_EQ(agent_->PumpMessages(), hr::kOk);
  host_.answer = hr::kFail;
  EXPECT_EQ(agent_->Reconnect(), hr::kFail);
  EXPECT_EQ(host_.pumps_, 1);
  EXPECT_EQ(host_.reconnects_, 1);
}

TEST(AgentControlVerbs, AHostWithoutControlsAnswersNotSupported) {
  class PlainHost final : public testing_support::HostThatCannot {
   public:
    Caller& caller() override { return model_->CurrentCaller(); }
    HResult LogOn(const std::string&, const std::string&) override { return hr::kOk; }

   private:
    std::unique_ptr<Target> model_ = model::MakeModelTarget({}, nullptr);
  } host;
  std::stringstream requests(
      "impersonate-with a S-1-5-18 0 2 0\nsecurity-again 3 2\npump\n"
      "reconnect\n");
  std::stringstream answers;
  ServeAgent(host, requests, answers);
  std::string line;
  int count = 0;
  while (std::getline(answers, line)) {
    EXPECT_EQ(wire::Split(line)->front(), HResultField(hr::kNotSupported)) << line;
    ++count;
  }
  EXPECT_EQ(count, 4);
}

TEST(AgentControlVerbs, OutOfRangeFieldsAreProtocolErrors) {
  class PlainHost final : public testing_support::HostThatCannot {
   public:
    Caller& caller() override { return model_->CurrentCaller(); }
    HResult LogOn(const std::string&, const std::string&) override { return hr::kOk; }

   private:
    std::unique_ptr<Target> model_ = model::MakeModelTarget({}, nullptr);
  } host;
  std::stringstream requests(
      "impersonate-with a S-1-5-18 0 9 0\nimpersonate-with a S-1-5-18 0 2 2\n"
      "security-again 3 7\nsecurity-again\n");
  std::stringstream answers;
  ServeAgent(host, requests, answers);
  std::string line;
  int count = 0;
  while (std::getline(answers, line)) {
    EXPECT_EQ(wire::Split(line)->front(), "protocol-error") << line;
    ++count;
  }
  EXPECT_EQ(count, 4);
}

}  // namespace
}  // namespace bitscts::agent
