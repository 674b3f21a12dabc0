#include <gtest/gtest.h>

#include "bitscts/agent/agent_client.h"
#include "bitscts/agent_fault.h"

namespace bitscts::agent {
namespace {

// Starts the test fixture agent, which misbehaves as `mode` says ("" behaves) and reports its
// faults to `faults`.
std::unique_ptr<AgentCaller> StartFixture(const std::shared_ptr<FirstAgentFault>& faults,
                                          const std::string& mode, AgentDeadlines deadlines = {}) {
  AgentCommand command;
  command.executable =
      CurrentExecutable().parent_path() /
      (CurrentExecutable().extension() == ".exe" ? "agent_fixture.exe" : "agent_fixture");
  if (!mode.empty()) command.arguments.push_back(mode);
  command.label = "fixture " + (mode.empty() ? std::string("(behaving)") : mode);
  std::string error;
  std::unique_ptr<AgentCaller> caller = AgentCaller::Start(command, deadlines, faults, &error);
  EXPECT_TRUE(caller) << error;
  return caller;
}

class AgentProcess : public testing::Test {
 protected:
  void TearDown() override {
    if (std::optional<AgentFault> fault = faults_->Take())
      ADD_FAILURE() << "unexpected fault: " << fault->evidence;
  }

  std::unique_ptr<AgentCaller> StartFixture(const std::string& mode,
                                            AgentDeadlines deadlines = {}) {
    return agent::StartFixture(faults_, mode, deadlines);
  }

  std::shared_ptr<FirstAgentFault> faults_ = std::make_shared<FirstAgentFault>();
};

TEST_F(AgentProcess, CallsRoundTripThroughTheAgent) {
  std::unique_ptr<AgentCaller> agent = StartFixture("");
  ASSERT_TRUE(agent);
  EXPECT_FALSE(agent->Sid().empty());
  Outcome<std::unique_ptr<Job>> created = agent->CreateDownloadJob("agent round trip");
  ASSERT_EQ(created.hr, hr::kOk);
  ASSERT_TRUE(created.value);
  Job& job = *created.value;
  EXPECT_EQ(job.Id().size(), 38u) << job.Id();
  EXPECT_EQ(job.State().value, JobState::kSuspended);

  Outcome<std::unique_ptr<TokenOptions>> options = job.QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_TRUE(options.value);
  EXPECT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  EXPECT_EQ(options.value->GetHelperTokenFlags().value, token_usage::kLocalFile);
  EXPECT_EQ(options.value->SetHelperTokenFlags(0x80), hr::kInvalidArg);
  EXPECT_EQ(options.value->GetHelperTokenSid().value, std::nullopt) << "no helper token was set";
  EXPECT_EQ(options.value->SetHelperToken(), hr::kOk);
  EXPECT_EQ(options.value->GetHelperTokenSid().value, agent->Sid());

  EXPECT_EQ(job.SetCostFlags(cost::kPolicyAlways), hr::kOk);
  EXPECT_EQ(job.CostFlags().value, cost::kPolicyAlways);

  Outcome<std::unique_ptr<Job>> opened = agent->OpenJob(job.Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  EXPECT_EQ(opened.value->Id(), job.Id());
  EXPECT_EQ(agent->OpenJob("{00000000-0000-0000-0000-000000000000}").hr, hr::kNotFound);

  EXPECT_EQ(job.Cancel(), hr::kOk);
  const WaitResult waited = job.WaitForState({JobState::kCancelled}, std::chrono::seconds(5));
  EXPECT_TRUE(waited.reached) << waited.waited_for;
  EXPECT_EQ(job.StateHistory(),
            (std::vector<JobState>{JobState::kSuspended, JobState::kCancelled}));
  EXPECT_EQ(job.Error().hr, hr::kErrorInformationUnavailable);
  EXPECT_EQ(agent->Stop(), hr::kOk);
}

TEST_F(AgentProcess, TheAgentReportsItsToken) {
  std::unique_ptr<AgentCaller> filtered = StartFixture("filtered-token");
  ASSERT_TRUE(filtered);
  const Outcome<TokenReport> report = filtered->ReportToken();
  ASSERT_EQ(report.hr, hr::kOk);
  EXPECT_TRUE(report.value.impersonating);
  EXPECT_EQ(report.value.elevation_type, 3u);
  EXPECT_EQ(report.value.administrators, AdministratorsGroup::kDenyOnly);

  std::unique_ptr<AgentCaller> silent = StartFixture("");
  ASSERT_TRUE(silent);
  EXPECT_EQ(silent->ReportToken().hr, hr::kNotSupported);
}

TEST_F(AgentProcess, TheAgentReadsItsUserProxy) {
  std::unique_ptr<AgentCaller> proxied = StartFixture("proxied");
  ASSERT_TRUE(proxied);
  const Outcome<std::string> proxy = proxied->ReadUserProxy();
  EXPECT_EQ(proxy.hr, hr::kOk);
  EXPECT_EQ(proxy.value, "proxy.test:8080");

  std::unique_ptr<AgentCaller> silent = StartFixture("");
  ASSERT_TRUE(silent);
  EXPECT_EQ(silent->ReadUserProxy().hr, hr::kNotSupported);
}

TEST_F(AgentProcess, AnAgentThatEndsIsAFaultWithItsStderr) {
  std::unique_ptr<AgentCaller> agent = StartFixture("crash-on-create");
  ASSERT_TRUE(agent);
  EXPECT_EQ(agent->CreateDownloadJob("doomed").hr, hr::kDisconnected);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, AgentFaultKind::kExited);
  EXPECT_NE(fault->evidence.find("ending abruptly as asked"), std::string::npos) << fault->evidence;
  EXPECT_NE(fault->evidence.find("exit code 70"), std::string::npos) << fault->evidence;
  EXPECT_NE(fault->evidence.find("'create'"), std::string::npos) << fault->evidence;
  EXPECT_FALSE(agent->Running());
  EXPECT_EQ(agent->CreateDownloadJob("again").hr, hr::kDisconnected);
  EXPECT_FALSE(faults_->Take()) << "one fault per agent";
}

TEST_F(AgentProcess, AnAgentsEndIsSeenWhileALaterAgentRuns) {
  AgentDeadlines deadlines;
  deadlines.call = std::chrono::seconds(20);
  std::unique_ptr<AgentCaller> first = StartFixture("crash-on-create", deadlines);
  std::unique_ptr<AgentCaller> second = StartFixture("");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->CreateDownloadJob("doomed").hr, hr::kDisconnected);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, AgentFaultKind::kExited)
      << "the later agent must not hold the first one's pipes open";
  EXPECT_TRUE(second->Running());
}

TEST_F(AgentProcess, AnAgentThatHangsIsKilledAtTheDeadline) {
  AgentDeadlines deadlines;
  deadlines.call = std::chrono::milliseconds(300);
  std::unique_ptr<AgentCaller> agent = StartFixture("hang-on-create", deadlines);
  ASSERT_TRUE(agent);
  EXPECT_EQ(agent->CreateDownloadJob("stuck").hr, hr::kTimeout);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, AgentFaultKind::kHung);
  EXPECT_NE(fault->evidence.find("300 ms"), std::string::npos) << fault->evidence;
  EXPECT_FALSE(agent->Running());
  EXPECT_EQ(agent->Sid().empty(), false) << "the greeting's SID stays known";
}

TEST_F(AgentProcess, AnAgentThatAnswersNonsenseIsAProtocolFault) {
  AgentDeadlines deadlines;
  deadlines.stop = std::chrono::milliseconds(300);
  std::unique_ptr<AgentCaller> agent = StartFixture("garbage-on-create", deadlines);
  ASSERT_TRUE(agent);
  EXPECT_EQ(agent->CreateDownloadJob("confused").hr, hr::kDisconnected);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, AgentFaultKind::kProtocolError);
  EXPECT_NE(fault->evidence.find("this is not the protocol"), std::string::npos) << fault->evidence;
}

TEST_F(AgentProcess, AStoppedAgentRefusesCallsWithoutAFault) {
  std::unique_ptr<AgentCaller> agent = StartFixture("");
  ASSERT_TRUE(agent);
  Outcome<std::unique_ptr<Job>> created = agent->CreateDownloadJob("left behind");
  ASSERT_TRUE(created.value);
  EXPECT_EQ(agent->Stop(), hr::kOk);
  EXPECT_FALSE(agent->Running());
  EXPECT_EQ(created.value->Cancel(), hr::kDisconnected);
  EXPECT_EQ(agent->CreateDownloadJob("late").hr, hr::kDisconnected);
  EXPECT_EQ(agent->Stop(), hr::kOk) << "stopping twice is harmless";
}

TEST_F(AgentProcess, APasswordNeverReachesFaultEvidence) {
  const std::string password = "Pw-7f3a9c1e-never-printed";
  std::unique_ptr<AgentCaller> agent = StartFixture("crash-on-create");
  ASSERT_TRUE(agent);
  EXPECT_EQ(agent->LogOn("fixture-user", password), hr::kOk);
  EXPECT_EQ(agent->LogOn("someone-else", password), hr::kAccessDenied);
  EXPECT_EQ(agent->Remember("helper", password), hr::kNotSupported);
  agent->CreateDownloadJob("doomed");
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->evidence.find(password), std::string::npos) << fault->evidence;
}

TEST(AgentStart, AMissingExecutableIsAOneLineError) {
  AgentCommand command;
  command.executable = CurrentExecutable().parent_path() / "no-such-agent.exe";
  command.label = "missing";
  std::string error;
  const auto faults = std::make_shared<FirstAgentFault>();
  EXPECT_FALSE(AgentCaller::Start(command, {}, faults, &error));
  EXPECT_NE(error.find("missing"), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  EXPECT_FALSE(faults->Take()) << "an agent that never started has no fault";
}

}  // namespace
}  // namespace bitscts::agent
