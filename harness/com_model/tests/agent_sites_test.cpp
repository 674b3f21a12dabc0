// The agent sites of an emulated machine, driven by the com target's own client code: its agents
// start in remote sessions, services and RunAs logons served by AgentSites, over its pipes.
#include "agent_sites.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>

#include "bitscts/com/com_target.h"
#include "bitscts/controls.h"
#include "bitscts/model/emulated_build.h"
#include "bitscts/target.h"
#include "machine.h"
#include "text.h"
#include "win32_machine.h"

namespace bitscts::com_model {
namespace {

using model::com_face::Machine;

constexpr std::chrono::milliseconds kPatience{30'000};

class AgentSitesTest : public ::testing::Test {
 protected:
  explicit AgentSitesTest(std::uint32_t build = 19045) {
    bits_ = std::make_shared<Machine>(*model::DescribeBuild(build, nullptr),
                                      [](const std::string&, const std::string&) {});
    win32_ = std::make_shared<Win32Machine>(bits_);
    sites_ = std::make_unique<AgentSites>(win32_);
    model::Token runner;
    {
      auto lock = bits_->Lock();
      const model::Account& account = bits_->authority().Provision(PrincipalKind::kAdministrator);
      runner_sid_ = account.sid;
      runner = bits_->authority().TokenFor(account, bits_->authority().LogOn(account));
    }
    runner_api_ = MakeProcessApi(win32_, bits_->NewProcess(runner));
    scratch_ = std::filesystem::path(::testing::TempDir()) /
               ("bitscts-agent-sites-" + std::to_string(::getpid()));
    std::filesystem::create_directories(scratch_);
  }

  ~AgentSitesTest() override {
    target_.reset();  // its agents end before their sites
    sites_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(scratch_, ignored);
  }

  // Returns the com target over the runner's SystemApi, whose agents AgentSites serves.
  Target& ComTarget() {
    com::ComOptions options;
    options.scratch = scratch_.string();
    options.agent_command = [this](CallerSettings settings) {
      return agent::AgentCommand{"bitscts-model-agent", {sites_->RegisterAgent(settings)}, ""};
    };
    auto connected = com::ConnectComTarget(runner_api_, options);
    if (auto* error = std::get_if<std::string>(&connected)) ADD_FAILURE() << *error;
    target_ = std::move(std::get<std::unique_ptr<Target>>(connected));
    return *target_;
  }

  bool IsLoggedOn(const std::string& sid) {
    auto lock = bits_->Lock();
    return bits_->authority().IsLoggedOn(sid);
  }

  std::shared_ptr<Machine> bits_;
  std::shared_ptr<Win32Machine> win32_;
  std::unique_ptr<AgentSites> sites_;
  std::string runner_sid_;
  std::shared_ptr<com::SystemApi> runner_api_;
  std::filesystem::path scratch_;
  std::unique_ptr<Target> target_;
};

TEST_F(AgentSitesTest, StandardUserLogsOnInARemoteSessionBitsCountsAndOwnsItsJob) {
  Target& target = ComTarget();
  const Outcome<Principal> user = target.Provision(PrincipalKind::kStandardUser);
  ASSERT_EQ(user.hr, hr::kOk);
  // LogOn checks that the agent reports a token of the principal's kind: no Administrators.
  Outcome<std::unique_ptr<Caller>> caller = target.LogOn(user.value, CallerSettings{});
  ASSERT_EQ(caller.hr, hr::kOk);
  EXPECT_TRUE(IsLoggedOn(user.value.sid));
  Outcome<std::unique_ptr<Job>> job = caller.value->CreateDownloadJob("agent-sites");
  ASSERT_EQ(job.hr, hr::kOk);
  const Outcome<std::string> owner = job.value->OwnerSid();
  ASSERT_EQ(owner.hr, hr::kOk);
  EXPECT_EQ(owner.value, user.value.sid);

  EXPECT_EQ(target.LogOff(*caller.value), hr::kOk);
  EXPECT_FALSE(IsLoggedOn(user.value.sid));
  // The agent is gone with its session: the job it held answers no more.
  EXPECT_EQ(job.value->State().hr, hr::kDisconnected);
  // The job stays, its owner's; the runner (an administrator) still reads it.
  Outcome<std::unique_ptr<Job>> reopened = target.CurrentCaller().OpenJob(job.value->Id());
  ASSERT_EQ(reopened.hr, hr::kOk);
  EXPECT_EQ(reopened.value->OwnerSid().value, user.value.sid);
}

TEST_F(AgentSitesTest, ServiceAgentIsLocalSystemWithItsServiceSid) {
  Target& target = ComTarget();
  const Outcome<Principal> service = target.Provision(PrincipalKind::kWindowsService);
  ASSERT_EQ(service.hr, hr::kOk);
  // The pipe admits the runner and the service SID only: the agent (LocalSystem) gets in by its
  // service SID alone.
  Outcome<std::unique_ptr<Caller>> caller = target.LogOn(service.value, CallerSettings{});
  ASSERT_EQ(caller.hr, hr::kOk);
  const std::string name = service.value.name.substr(std::string("NT SERVICE\\").size());
  com::ServiceFacts facts;
  ASSERT_EQ(sites_->QueryService(com::Widen(name), &facts), ERROR_SUCCESS);
  EXPECT_EQ(facts.state, com::win32::kServiceRunning);
  Outcome<std::unique_ptr<Job>> job = caller.value->CreateDownloadJob("agent-sites");
  ASSERT_EQ(job.hr, hr::kOk);
  EXPECT_EQ(job.value->OwnerSid().value, "S-1-5-18");

  EXPECT_EQ(target.LogOff(*caller.value), hr::kOk);  // stops and deletes the service
  EXPECT_EQ(sites_->QueryService(com::Widen(name), &facts), com::win32::kErrorServiceDoesNotExist);
}

TEST_F(AgentSitesTest, PipeRefusesAnAgentWhoseSidItDoesNotAdmit) {
  HANDLE pipe = nullptr;
  ASSERT_EQ(sites_->CreateAgentPipe(LR"(\\.\pipe\bitscts-agent-refused001)",
                                    {com::Widen(runner_sid_)}, &pipe),
            ERROR_SUCCESS);
  com::ServiceSpec spec;
  spec.name = L"bitscts-agent-refused001";
  spec.binary_path = L"bitscts-model-agent " + com::Widen(sites_->RegisterAgent({})) +
                     LR"( --agent-pipe=\\.\pipe\bitscts-agent-refused001)";
  spec.account = LR"(NT AUTHORITY\LocalService)";
  ASSERT_EQ(sites_->CreateServiceW(spec), ERROR_SUCCESS);
  ASSERT_EQ(sites_->StartServiceW(spec.name), ERROR_SUCCESS);

  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(sites_->ConnectNamedPipe(pipe, kPatience), com::win32::kErrorTimeout);
  // No other agent is coming: the answer does not wait for the deadline.
  EXPECT_LT(std::chrono::steady_clock::now() - started, kPatience);
  com::ServiceFacts facts;
  EXPECT_EQ(sites_->StopService(spec.name, kPatience, &facts), ERROR_SUCCESS);
  EXPECT_EQ(facts.state, com::win32::kServiceStopped);
  EXPECT_TRUE(sites_->CloseHandle(pipe));
  EXPECT_EQ(sites_->DeleteService(spec.name), ERROR_SUCCESS);
  EXPECT_EQ(sites_->QueryService(spec.name, &facts), com::win32::kErrorServiceDoesNotExist);
}

TEST_F(AgentSitesTest, StoppingBitsRestartsItAndItRunsAgain) {
  com::ServiceFacts facts;
  ASSERT_EQ(sites_->StopService(L"BITS", kPatience, &facts), ERROR_SUCCESS);
  EXPECT_EQ(facts.state, com::win32::kServiceStopped);
  ASSERT_EQ(sites_->StartServiceW(L"BITS"), ERROR_SUCCESS);
  ASSERT_EQ(sites_->AwaitServiceRunning(L"BITS", kPatience, &facts), ERROR_SUCCESS);
  EXPECT_EQ(facts.state, com::win32::kServiceRunning);
  EXPECT_EQ(sites_->DeleteService(L"BITS"), com::win32::kErrorAccessDenied);
}

TEST_F(AgentSitesTest, RunAsAgentIsInASessionBitsDoesNotCount) {
  Target& target = ComTarget();
  const Outcome<Principal> user = target.Provision(PrincipalKind::kStandardUser);
  ASSERT_EQ(user.hr, hr::kOk);
  auto* logons = target.Controls().Find<LogonControl>();
  ASSERT_NE(logons, nullptr);
  Outcome<std::unique_ptr<Caller>> caller =
      logons->LogOnAs(user.value, CallerSettings{}, LogonKind::kSecondary);
  ASSERT_EQ(caller.hr, hr::kOk);
  EXPECT_FALSE(IsLoggedOn(user.value.sid));
  Outcome<std::unique_ptr<Job>> job = caller.value->CreateDownloadJob("agent-sites");
  ASSERT_EQ(job.hr, hr::kOk);
  EXPECT_EQ(job.value->OwnerSid().value, user.value.sid);
}

class AgentSitesBefore1607Test : public AgentSitesTest {
 protected:
  AgentSitesBefore1607Test() : AgentSitesTest(7601) {}
};

TEST_F(AgentSitesBefore1607Test, RemoteSessionStartsButBitsDoesNotCountIt) {
  Target& target = ComTarget();
  const Outcome<Principal> user = target.Provision(PrincipalKind::kStandardUser);
  ASSERT_EQ(user.hr, hr::kOk);
  // The com target itself refuses a counted logon it cannot make.
  EXPECT_EQ(target.LogOn(user.value, CallerSettings{}).hr, hr::kNotSupported);
  auto* logons = target.Controls().Find<LogonControl>();
  ASSERT_NE(logons, nullptr);
  Outcome<std::unique_ptr<Caller>> caller =
      logons->LogOnAs(user.value, CallerSettings{}, LogonKind::kPowerShellRemote);
  ASSERT_EQ(caller.hr, hr::kOk);
  EXPECT_FALSE(IsLoggedOn(user.value.sid));
}

}  // namespace
}  // namespace bitscts::com_model
