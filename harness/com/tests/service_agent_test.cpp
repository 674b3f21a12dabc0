// Service principals of the com target against doubles of the Windows API: Provision names
// LocalSystem, LocalService, NetworkService and a service with its own SID; LogOn creates a
// temporary service whose agent reaches the runner over a pipe only the two of them may open;
// every path (a failed start, a timeout, a crash, a logoff, the end of the run) deletes the
// service; the first provisioning removes the services a crashed run left. The "service" here
// is a thread serving the agent protocol over a connected stream the double hands out as the pipe.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "bitscts/agent/agent_server.h"
#include "bitscts/agent_fault.h"
#include "bitscts/com/com_target.h"
#include "connected_pair.h"
#include "host_that_cannot.h"
#include "mocks/mock_manager.h"
#include "mocks/mock_system_api.h"
#include "service_sid.h"
#include "service_site.h"
#include "site_agent.h"
#include "text.h"

namespace bitscts::com {
namespace {

using mocks::HandOut;
using mocks::MockManager;
using mocks::MockSystemApi;
using ::testing::_;
using ::testing::DoAll;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Return;
using ::testing::SaveArg;
using ::testing::StartsWith;
using testing_support::AsHandle;
using testing_support::ConnectedPair;

constexpr DWORD kServiceLogonFailed = 1069;  // ERROR_SERVICE_LOGON_FAILED
constexpr DWORD kProcessAborted = 1067;      // ERROR_PROCESS_ABORTED
constexpr DWORD kAccessDenied = 5;           // ERROR_ACCESS_DENIED

// The agent in the "service": answers as the given SID, counts LogOn requests, and drops the
// stream when asked to create a job named "crash".
class ServiceHost final : public agent::testing_support::HostThatCannot, public Caller {
 public:
  Caller& caller() override { return *this; }
  HResult LogOn(const std::string&, const std::string&) override {
    ++logons;
    return hr::kOk;
  }
  HResult Remember(const std::string&, const std::string&) override { return hr::kOk; }
  // LocalService and NetworkService have no Administrators; LocalSystem and its services have it
  // enabled.
  Outcome<agent::TokenReport> ReportToken() override {
    const bool unprivileged = sid == "S-1-5-19" || sid == "S-1-5-20";
    return {hr::kOk,
            {false, 1,
             unprivileged ? agent::AdministratorsGroup::kAbsent
                          : agent::AdministratorsGroup::kEnabled}};
  }
  std::string Sid() const override { return sid; }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& name) override {
    if (name == "crash" && stream != nullptr) stream->Cancel();
    return {hr::kNotImpl, nullptr};
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string&) override {
    return {hr::kNotImpl, nullptr};
  }
  HResult Impersonate(const Principal&) override { return hr::kNotImpl; }
  HResult RevertToSelf() override { return hr::kOk; }

  std::atomic<int> logons{0};
  agent::AgentStream* stream = nullptr;
  std::string sid = "S-1-5-18";
};

class ServiceAgents : public ::testing::Test {
 protected:
  ServiceAgents() {
    ON_CALL(*system_, CoCreateInstance).WillByDefault(HandOut<3>(manager_));
    options_.agent_command = [](CallerSettings settings) {
      agent::AgentCommand command;
      command.executable = "C:\\Program Files\\bitscts\\bitscts.exe";
      command.arguments = {"--agent",
                           std::string("--impersonation=") +
                               (settings.level == ImpersonationLevel::kIdentify ? "identify"
                                                                                : "impersonate")};
      return command;
    };
    // The pipe is one end of a connected pair; starting the service serves an agent on the other.
    ON_CALL(*system_, CreateAgentPipe)
        .WillByDefault(
            [this](const std::wstring& name, const std::vector<std::wstring>& sids, HANDLE* pipe) {
              pipe_name_ = Narrow(name);
              admitted_ = sids;
              auto [runner_end, agent_end] = ConnectedPair();
              far_ = agent_end;
              *pipe = AsHandle(runner_end);
              return DWORD{ERROR_SUCCESS};
            });
    ON_CALL(*system_, CreateServiceW).WillByDefault([this](const ServiceSpec& spec) {
      specs_.push_back(spec);
      return DWORD{ERROR_SUCCESS};
    });
    ON_CALL(*system_, StartServiceW).WillByDefault([this](const std::wstring&) {
      const agent::StreamHandle agent_end = far_;
      service_ = std::thread([this, agent_end] {
        agent::AgentStream stream(agent_end);
        host_.stream = &stream;
        agent::ServeAgent(host_, stream.in(), stream.out());
        host_.stream = nullptr;
      });
      return DWORD{ERROR_SUCCESS};
    });
    options_.agent_faults = faults_;
  }

  ~ServiceAgents() override {
    target_.reset();
    if (service_.joinable()) service_.join();
  }

  Target& Connect() {
    auto made = ConnectComTarget(system_, options_);
    if (auto* error = std::get_if<std::string>(&made)) {
      ADD_FAILURE() << *error;
      throw std::runtime_error("connection failed");
    }
    target_ = std::move(std::get<std::unique_ptr<Target>>(made));
    return *target_;
  }

  std::string ServiceName() const {
    return specs_.empty() ? std::string() : Narrow(specs_.back().name);
  }

  std::shared_ptr<NiceMock<MockSystemApi>> system_ = std::make_shared<NiceMock<MockSystemApi>>();
  NiceMock<MockManager> manager_;
  std::shared_ptr<FirstAgentFault> faults_ = std::make_shared<FirstAgentFault>();
  ComOptions options_;
  std::unique_ptr<Target> target_;
  ServiceHost host_;
  std::thread service_;
  agent::StreamHandle far_ = agent::kNoStream;
  std::string pipe_name_;
  std::vector<std::wstring> admitted_;
  std::vector<ServiceSpec> specs_;
};

TEST_F(ServiceAgents, ServicePrincipalsAreTheWellKnownAccountsOrAServiceSid) {
  Target& target = Connect();
  EXPECT_CALL(*system_, NetUserAdd).Times(0);
  EXPECT_CALL(*system_, CreateServiceW).Times(0);  // a principal is named, not yet hosted
  const Outcome<Principal> system = target.Provision(PrincipalKind::kLocalSystem);
  ASSERT_EQ(system.hr, hr::kOk);
  EXPECT_EQ(system.value.sid, "S-1-5-18");
  EXPECT_EQ(system.value.name, "NT AUTHORITY\\SYSTEM");
  EXPECT_EQ(target.Provision(PrincipalKind::kLocalService).value.sid, "S-1-5-19");
  EXPECT_EQ(target.Provision(PrincipalKind::kNetworkService).value.sid, "S-1-5-20");
  const Outcome<Principal> own = target.Provision(PrincipalKind::kWindowsService);
  ASSERT_EQ(own.hr, hr::kOk);
  ASSERT_THAT(own.value.name, StartsWith("NT SERVICE\\bitscts-agent-"));
  const std::string service = own.value.name.substr(std::string("NT SERVICE\\").size());
  EXPECT_TRUE(IsAgentServiceName(service)) << service;
  EXPECT_EQ(own.value.sid, ServiceSid(service));
  EXPECT_THAT(own.value.sid, StartsWith("S-1-5-80-"));
  EXPECT_NE(target.Provision(PrincipalKind::kWindowsService).value.sid, own.value.sid)
      << "each is a new service";
}

TEST_F(ServiceAgents, AServicePrincipalMayWriteTheScratchFolder) {
  options_.scratch = "C:\\scratch";
  Target& target = Connect();
  EXPECT_CALL(*system_, GrantFolderAccess(std::wstring(L"C:\\scratch"), std::wstring(L"S-1-5-19")))
      .WillOnce(Return(DWORD{0}));
  EXPECT_EQ(target.Provision(PrincipalKind::kLocalService).hr, hr::kOk);
  EXPECT_CALL(*system_, GrantFolderAccess(_, StartsWith(L"S-1-5-80-")))
      .WillOnce(Return(win32::kErrorAccessDenied));
  EXPECT_EQ(target.Provision(PrincipalKind::kWindowsService).hr, hr::kAccessDenied)
      << "a principal that cannot write where its jobs write is not provisioned";
}

TEST_F(ServiceAgents, TheFirstProvisioningRemovesTheServicesOfEarlierRunsOnly) {
  ON_CALL(*system_, EnumServices).WillByDefault([](std::vector<std::wstring>* names) {
    *names = {L"Spooler", L"bitscts-agent-k2j4m9qa7z", L"bitscts-agent-short",
              L"BITSCTS-AGENT-0123456789", L"bitscts-agent-k2j4m9qa7z-not"};
    return DWORD{ERROR_SUCCESS};
  });
  EXPECT_CALL(*system_, EnumServices).Times(1);
  EXPECT_CALL(*system_, StopService(std::wstring(L"bitscts-agent-k2j4m9qa7z"), _, _));
  EXPECT_CALL(*system_, StopService(std::wstring(L"BITSCTS-AGENT-0123456789"), _, _));
  EXPECT_CALL(*system_, DeleteService(std::wstring(L"bitscts-agent-k2j4m9qa7z")));
  EXPECT_CALL(*system_, DeleteService(std::wstring(L"BITSCTS-AGENT-0123456789")));
  Target& target = Connect();
  testing::internal::CaptureStderr();
  ASSERT_EQ(target.Provision(PrincipalKind::kLocalSystem).hr, hr::kOk);
  ASSERT_EQ(target.Provision(PrincipalKind::kNetworkService).hr, hr::kOk);
  const std::string said = testing::internal::GetCapturedStderr();
  EXPECT_THAT(said, HasSubstr("services of earlier runs: 2 found, stopped and deleted"));
  EXPECT_THAT(said, HasSubstr("DeleteService(BITSCTS-AGENT-0123456789) -> S_OK"));
}

TEST_F(ServiceAgents, ALocalSystemAgentLivesInAServiceAndReachesTheRunnerOverItsPipe) {
  Target& target = Connect();
  const Principal system = target.Provision(PrincipalKind::kLocalSystem).value;
  CallerSettings settings;
  settings.level = ImpersonationLevel::kIdentify;
  Outcome<std::unique_ptr<Caller>> logged_on = target.LogOn(system, settings);
  ASSERT_EQ(logged_on.hr, hr::kOk) << (faults_->Take() ? "agent fault" : "");
  EXPECT_EQ(logged_on.value->Sid(), "S-1-5-18");
  EXPECT_EQ(host_.logons, 0) << "an agent in a service is its process's identity: no LogOn";

  EXPECT_THAT(pipe_name_, StartsWith("\\\\.\\pipe\\bitscts-agent-"));
  EXPECT_THAT(admitted_, ElementsAre(std::wstring(MockSystemApi::kProcessSid), L"S-1-5-18"));
  ASSERT_EQ(specs_.size(), 1u);
  const ServiceSpec& spec = specs_.front();
  EXPECT_TRUE(IsAgentServiceName(Narrow(spec.name))) << Narrow(spec.name);
  EXPECT_EQ(spec.account, L"LocalSystem");
  EXPECT_EQ(spec.sid_type, win32::kServiceSidTypeNone);
  EXPECT_EQ(Narrow(spec.binary_path),
            "\"C:\\Program Files\\bitscts\\bitscts.exe\" --agent --impersonation=identify "
            "--agent-pipe=" +
                pipe_name_ + " --agent-service=" + Narrow(spec.name));

  EXPECT_CALL(*system_, StopService(spec.name, agent::AgentDeadlines{}.stop, _));
  EXPECT_CALL(*system_, DeleteService(spec.name));
  EXPECT_EQ(target.LogOff(*logged_on.value), hr::kOk);
  EXPECT_FALSE(faults_->Take());
  ::testing::Mock::VerifyAndClearExpectations(system_.get());
  EXPECT_CALL(*system_, DeleteService).Times(0);  // nothing is left to delete at the end of the run
  logged_on.value.reset();
  target_.reset();
}

TEST_F(ServiceAgents, AServiceWithItsOwnSidRunsAsLocalSystemAndOnlyItsSidIsAdmitted) {
  Target& target = Connect();
  const Principal own = target.Provision(PrincipalKind::kWindowsService).value;
  Outcome<std::unique_ptr<Caller>> logged_on = target.LogOn(own, CallerSettings{});
  ASSERT_EQ(logged_on.hr, hr::kOk);
  ASSERT_EQ(specs_.size(), 1u);
  EXPECT_EQ("NT SERVICE\\" + Narrow(specs_.front().name), own.name);
  EXPECT_EQ(specs_.front().account, L"LocalSystem");
  EXPECT_EQ(specs_.front().sid_type, win32::kServiceSidTypeUnrestricted);
  EXPECT_THAT(admitted_, ElementsAre(std::wstring(MockSystemApi::kProcessSid), Widen(own.sid)));
}

TEST_F(ServiceAgents, ANetworkServiceAgentRunsAsNetworkService) {
  host_.sid = "S-1-5-20";
  Target& target = Connect();
  Outcome<std::unique_ptr<Caller>> logged_on =
      target.LogOn(target.Provision(PrincipalKind::kNetworkService).value, CallerSettings{});
  ASSERT_EQ(logged_on.hr, hr::kOk);
  EXPECT_EQ(specs_.front().account, L"NT AUTHORITY\\NetworkService");
  EXPECT_THAT(admitted_, ElementsAre(std::wstring(MockSystemApi::kProcessSid), L"S-1-5-20"));
}

TEST_F(ServiceAgents, AnAgentWhoseTokenIsNotItsPrincipalsKindIsRefusedAndAFault) {
  Target& target =
      Connect();  // the stand-in answers with LocalSystem's token, Administrators enabled
  const Outcome<std::unique_ptr<Caller>> logged_on =
      target.LogOn(target.Provision(PrincipalKind::kLocalService).value, CallerSettings{});
  EXPECT_EQ(logged_on.hr, hr::kFail);
  EXPECT_EQ(logged_on.value, nullptr);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, AgentFaultKind::kNotAsPromised);
  EXPECT_THAT(fault->evidence, HasSubstr("LocalService"));
}

TEST_F(ServiceAgents, ServicePrincipalsNotOfThisRunAreRefused) {
  Target& target = Connect();
  EXPECT_CALL(*system_, CreateAgentPipe).Times(0);
  Principal own = target.Provision(PrincipalKind::kWindowsService).value;
  own.sid = "S-1-5-80-1-2-3-4-5";
  EXPECT_EQ(target.LogOn(own, CallerSettings{}).hr, hr::kInvalidArg);
  EXPECT_EQ(target
                .LogOn(Principal{"NT SERVICE\\Spooler", ServiceSid("Spooler"),
                                 PrincipalKind::kWindowsService},
                       CallerSettings{})
                .hr,
            hr::kInvalidArg);
  EXPECT_EQ(target
                .LogOn(Principal{"SYSTEM", "S-1-5-19", PrincipalKind::kLocalSystem},
                       CallerSettings{})
                .hr,
            hr::kInvalidArg);
}

TEST_F(ServiceAgents, AServiceThatDoesNotStartIsDeletedAndItsPipeClosed) {
  ON_CALL(*system_, StartServiceW).WillByDefault(Return(kServiceLogonFailed));
  Target& target = Connect();
  const Principal system = target.Provision(PrincipalKind::kLocalService).value;
  EXPECT_CALL(*system_, ConnectNamedPipe).Times(0);
  EXPECT_CALL(*system_, CloseHandle(_)).Times(1);
  EXPECT_CALL(*system_, DeleteService).Times(1);
  EXPECT_EQ(target.LogOn(system, CallerSettings{}).hr, hr::kDisconnected);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_THAT(fault->evidence, HasSubstr("as NT AUTHORITY\\LocalService did not start the agent"));
  EXPECT_THAT(fault->evidence, HasSubstr("StartServiceW(" + ServiceName() + ") -> 0x8007042D"));
  EXPECT_THAT(fault->evidence, HasSubstr("DeleteService(" + ServiceName() + ") -> S_OK"));
}

TEST_F(ServiceAgents, AnAgentThatNeverConnectsIsATimeoutWithWhatTheServiceDid) {
  ON_CALL(*system_, StartServiceW)
      .WillByDefault(Return(DWORD{ERROR_SUCCESS}));  // a service that serves no one
  ON_CALL(*system_, ConnectNamedPipe).WillByDefault(Return(win32::kErrorTimeout));
  ON_CALL(*system_, StopService)
      .WillByDefault([](const std::wstring&, std::chrono::milliseconds, ServiceFacts* facts) {
        facts->state = win32::kServiceStopped;
        facts->exit_code = kProcessAborted;
        return DWORD{ERROR_SUCCESS};
      });
  Target& target = Connect();
  const Principal system = target.Provision(PrincipalKind::kLocalSystem).value;
  EXPECT_CALL(*system_, CloseHandle(_)).Times(1);
  EXPECT_CALL(*system_, DeleteService).Times(1);
  EXPECT_EQ(target.LogOn(system, CallerSettings{}).hr, hr::kDisconnected);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_THAT(fault->evidence,
              HasSubstr("waited 60000 ms for the agent in service " + ServiceName() +
                        " as LocalSystem to connect to " + pipe_name_ +
                        ": ConnectNamedPipe -> HRESULT_FROM_WIN32(ERROR_TIMEOUT)"));
  EXPECT_THAT(fault->evidence, HasSubstr("starting it: CreateServiceW(" + ServiceName()));
  EXPECT_THAT(fault->evidence, HasSubstr("state 1 (stopped), exit code 0x8007042B"));
  // The double's pipe end was never handed to an agent: close it here.
  agent::AgentStream unused(far_);
}

TEST_F(ServiceAgents, ThePipeThatCannotBeMadeStartsNoService) {
  ON_CALL(*system_, CreateAgentPipe).WillByDefault(Return(kAccessDenied));
  Target& target = Connect();
  EXPECT_CALL(*system_, CreateServiceW).Times(0);
  EXPECT_EQ(target.LogOn(target.Provision(PrincipalKind::kLocalSystem).value, CallerSettings{}).hr,
            hr::kDisconnected);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_THAT(fault->evidence, HasSubstr("CreateNamedPipeW(\\\\.\\pipe\\bitscts-agent-"));
  EXPECT_THAT(fault->evidence, HasSubstr("admitting " + Narrow(MockSystemApi::kProcessSid) +
                                         ", S-1-5-18) -> E_ACCESSDENIED"));
}

TEST_F(ServiceAgents, AnAgentThatCrashesHasItsServiceStoppedAndDeleted) {
  Target& target = Connect();
  Outcome<std::unique_ptr<Caller>> logged_on =
      target.LogOn(target.Provision(PrincipalKind::kLocalSystem).value, CallerSettings{});
  ASSERT_EQ(logged_on.hr, hr::kOk);
  const std::wstring name = specs_.front().name;
  EXPECT_CALL(*system_, StopService(name, _, _));
  EXPECT_CALL(*system_, DeleteService(name));
  EXPECT_EQ(logged_on.value->CreateDownloadJob("crash").hr, hr::kDisconnected);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, AgentFaultKind::kExited);
  EXPECT_THAT(fault->evidence,
              HasSubstr("ending its site: service " + Narrow(name) + " as LocalSystem -> S_OK"));
  EXPECT_EQ(target.LogOff(*logged_on.value), hr::kOk) << "already ended";
}

TEST_F(ServiceAgents, AServiceThatWouldNotGoIsDeletedAgainAtTheEndOfTheRun) {
  Target& target = Connect();
  Outcome<std::unique_ptr<Caller>> logged_on =
      target.LogOn(target.Provision(PrincipalKind::kLocalSystem).value, CallerSettings{});
  ASSERT_EQ(logged_on.hr, hr::kOk);
  const std::wstring name = specs_.front().name;
  EXPECT_CALL(*system_, DeleteService(name))
      .WillOnce(Return(kAccessDenied))
      .WillOnce(Return(DWORD{ERROR_SUCCESS}));
  EXPECT_EQ(target.LogOff(*logged_on.value), hr::kTimeout);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_THAT(fault->evidence, HasSubstr("DeleteService(" + Narrow(name) + ") -> E_ACCESSDENIED"));
  logged_on.value.reset();
  target_.reset();  // the run's end deletes it again
}

TEST(QuoteCommandLine, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(QuoteCommandLine("C:\\bitscts.exe",
                             {"--agent", "two words", "say \"hi\"", "ends\\", "has\\ space\\"}),
            L"C:\\bitscts.exe --agent \"two words\" \"say \\\"hi\\\"\" ends\\ \"has\\ space\\\\\"");
  EXPECT_EQ(QuoteCommandLine("x", {""}), L"x \"\"");
}

}  // namespace
}  // namespace bitscts::com
