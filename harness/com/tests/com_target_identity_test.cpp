// The com target's identities against doubles of the Windows API and BITS: the probe for distinct
// identities and logoff, test accounts from Provision, impersonation by the runner's caller, and
// callers in agent processes (the agent fixture stands in for `bitscts --agent`).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>

#include "bitscts/agent/agent_fault.h"
#include "bitscts/com/com_target.h"
#include "bitscts/mocks/mock_enum_jobs.h"
#include "bitscts/mocks/mock_job.h"
#include "bitscts/mocks/mock_manager.h"
#include "bitscts/mocks/mock_system_api.h"

namespace bitscts::com {
namespace {

using mocks::HandOut;
using mocks::HandOutString;
using mocks::MockEnumJobs;
using mocks::MockJob;
using mocks::MockManager;
using mocks::MockSystemApi;
using mocks::ReportState;
using ::testing::_;
using ::testing::DoAll;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::SetArgPointee;
using ::testing::StartsWith;

constexpr DWORD kInvalidHandleError = 6;  // ERROR_INVALID_HANDLE
constexpr DWORD kAccessDeniedError = 5;   // ERROR_ACCESS_DENIED
constexpr GUID kJobId{0x1A1B2C3D, 0x4E5F, 0x6071, {0x82, 0x93, 0xA4, 0xB5, 0xC6, 0xD7, 0xE8, 0xF9}};

// The agent fixture of the agent tests, which serves the reference model's caller; the build
// copies it beside this test's executable.
agent::AgentCommand FixtureCommand(CallerSettings) {
  const std::filesystem::path here = agent::CurrentExecutable();
  agent::AgentCommand command;
  command.executable = here.parent_path() / (here.extension() == ".exe" ? "agent_fixture.exe" : "agent_fixture");
  return command;
}

class ComTargetIdentity : public ::testing::Test {
 protected:
  ComTargetIdentity() {
    ON_CALL(*system_, CoCreateInstance).WillByDefault(HandOut<3>(manager_));
    ON_CALL(manager_, CreateJob).WillByDefault(DoAll(SetArgPointee<2>(kJobId), HandOut<3>(job_)));
    ON_CALL(manager_, GetJob).WillByDefault(HandOut<1>(job_));
    ON_CALL(job_, GetState).WillByDefault(ReportState(BG_JOB_STATE_QUEUED));
    options_.agent_command = FixtureCommand;
    agent::TakeAgentFault();
  }

  void TearDown() override {
    target_.reset();
    mocks::ExpectAllReleased(manager_, job_);
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

  // Makes ImpersonateLoggedOnUser fail as Wine's does for the stub token of its LogonUserW.
  void ImpersonationFails() { ON_CALL(*system_, ImpersonateLoggedOnUser).WillByDefault(Return(kInvalidHandleError)); }

  std::shared_ptr<NiceMock<MockSystemApi>> system_ = std::make_shared<NiceMock<MockSystemApi>>();
  NiceMock<MockManager> manager_;
  NiceMock<MockJob> job_;
  ComOptions options_;
  std::unique_ptr<Target> target_;
};

// ---- Probe ----

TEST_F(ComTargetIdentity, ProbeLogsATestAccountOnAndDeletesItAtTheEnd) {
  EXPECT_CALL(*system_, NetUserEnum).Times(1);  // the leftovers of earlier runs, once
  EXPECT_CALL(*system_, NetUserAdd(StartsWith(L"bitscts-"), _, _)).Times(1);
  {
    InSequence order;
    EXPECT_CALL(*system_, LogonUserW(StartsWith(L"bitscts-"), _, _, _, _, _));
    EXPECT_CALL(*system_, ImpersonateLoggedOnUser(MockSystemApi::kLogonToken));
    EXPECT_CALL(*system_, RevertToSelf());
    EXPECT_CALL(*system_, CloseHandle(MockSystemApi::kLogonToken));
  }
  const Capabilities capabilities = Connect().Probe();
  EXPECT_TRUE(capabilities.Has(Feature::kDistinctIdentities))
      << capabilities.Get(Feature::kDistinctIdentities).evidence;
  EXPECT_THAT(capabilities.Get(Feature::kDistinctIdentities).evidence, HasSubstr("LogonUserW(bitscts-"));
  EXPECT_TRUE(capabilities.Has(Feature::kLogoff));
  EXPECT_THAT(capabilities.Get(Feature::kLogoff).evidence, HasSubstr("LogonUserW session"));

  EXPECT_CALL(*system_, NetUserDel(StartsWith(L"bitscts-"))).Times(1);
  target_.reset();
}

TEST_F(ComTargetIdentity, AStubLogonMakesIdentitiesAndLogoffUnsupportedWithItsHResult) {
  ImpersonationFails();
  const Capabilities capabilities = Connect().Probe();
  EXPECT_FALSE(capabilities.Has(Feature::kDistinctIdentities));
  EXPECT_THAT(capabilities.Get(Feature::kDistinctIdentities).evidence,
              HasSubstr("ImpersonateLoggedOnUser -> E_HANDLE (0x80070006)"));
  EXPECT_FALSE(capabilities.Has(Feature::kLogoff));
  EXPECT_THAT(capabilities.Get(Feature::kLogoff).evidence, HasSubstr("E_HANDLE"));
}

TEST_F(ComTargetIdentity, WithoutAgentsNoAccountIsCreated) {
  options_.agent_command = nullptr;
  EXPECT_CALL(*system_, NetUserAdd).Times(0);
  const Capabilities capabilities = Connect().Probe();
  EXPECT_FALSE(capabilities.Has(Feature::kDistinctIdentities));
  EXPECT_THAT(capabilities.Get(Feature::kDistinctIdentities).evidence, HasSubstr("cannot start agent processes"));
}

TEST_F(ComTargetIdentity, WithoutAdministratorRightsNoAccountIsCreated) {
  ON_CALL(*system_, ReadPlatformFacts).WillByDefault([] {
    PlatformFacts facts;
    facts.administrator_evidence = "the token has no enabled Administrators group";
    return facts;
  });
  EXPECT_CALL(*system_, NetUserAdd).Times(0);
  const Capabilities capabilities = Connect().Probe();
  EXPECT_FALSE(capabilities.Has(Feature::kDistinctIdentities));
  EXPECT_THAT(capabilities.Get(Feature::kDistinctIdentities).evidence,
              HasSubstr("needs an elevated administrator; the token has no enabled Administrators group"));
}

TEST_F(ComTargetIdentity, AFailedAccountCreationIsTheEvidence) {
  ON_CALL(*system_, NetUserAdd).WillByDefault(Return(kAccessDeniedError));
  const Capabilities capabilities = Connect().Probe();
  EXPECT_FALSE(capabilities.Has(Feature::kDistinctIdentities));
  EXPECT_THAT(capabilities.Get(Feature::kDistinctIdentities).evidence, HasSubstr("E_ACCESSDENIED"));
}

// ---- Jobs of earlier runs ----

TEST_F(ComTargetIdentity, ProbeCancelsTheUnfinishedJobsOfEarlierRunsOnly) {
  NiceMock<MockEnumJobs> queue;
  NiceMock<MockJob> ours, finished, theirs;
  ON_CALL(ours, GetDisplayName).WillByDefault(HandOutString<0>(*system_, L"bitscts interrupted"));
  ON_CALL(ours, GetState).WillByDefault(ReportState(BG_JOB_STATE_TRANSFERRING));
  ON_CALL(finished, GetDisplayName).WillByDefault(HandOutString<0>(*system_, L"bitscts acknowledged"));
  ON_CALL(finished, GetState).WillByDefault(ReportState(BG_JOB_STATE_ACKNOWLEDGED));
  ON_CALL(theirs, GetDisplayName).WillByDefault(HandOutString<0>(*system_, L"Windows Update"));
  ON_CALL(theirs, GetState).WillByDefault(ReportState(BG_JOB_STATE_QUEUED));
  EXPECT_CALL(manager_, EnumJobs(BG_JOB_ENUM_ALL_USERS, _)).WillOnce(HandOut<1>(queue));
  MockJob* listed[] = {&ours, &finished, &theirs};
  std::size_t next = 0;
  ON_CALL(queue, Next).WillByDefault([&](ULONG, IBackgroundCopyJob** job, ULONG* fetched) {
    if (next == std::size(listed)) {
      *fetched = 0;
      return S_FALSE;
    }
    listed[next]->AddRef();
    *job = listed[next++];
    *fetched = 1;
    return S_OK;
  });
  EXPECT_CALL(ours, Cancel).Times(1);
  EXPECT_CALL(finished, Cancel).Times(0);
  EXPECT_CALL(theirs, Cancel).Times(0);
  EXPECT_CALL(theirs, GetState).Times(0);
  const Capabilities capabilities = Connect().Probe();
  EXPECT_THAT(capabilities.Get(Feature::kDownload).evidence, HasSubstr("jobs of earlier runs cancelled: 1"));
  target_.reset();
  mocks::ExpectAllReleased(queue, ours, finished, theirs);
  EXPECT_EQ(system_->outstanding_task_memory(), 0u);
}

TEST_F(ComTargetIdentity, AQueueThatCannotBeListedIsInTheEvidence) {
  EXPECT_CALL(manager_, EnumJobs).WillOnce(Return(E_ACCESSDENIED));
  EXPECT_THAT(Connect().Probe().Get(Feature::kDownload).evidence,
              HasSubstr("jobs of earlier runs not looked for: EnumJobs -> E_ACCESSDENIED"));
}

// ---- Provision ----

TEST_F(ComTargetIdentity, ProvisionMakesAccountsOfTheAskedKind) {
  Target& target = Connect();
  EXPECT_CALL(*system_, NetLocalGroupAddMembers(_, StartsWith(L"bitscts-"))).Times(1);
  const Outcome<Principal> admin = target.Provision(PrincipalKind::kAdministrator);
  ASSERT_EQ(admin.hr, hr::kOk);
  EXPECT_EQ(admin.value.kind, PrincipalKind::kAdministrator);
  EXPECT_EQ(admin.value.sid, "S-1-5-21-1000000001-1000000002-1000000003-1001");

  EXPECT_CALL(*system_, NetLocalGroupAddMembers).Times(0);
  const Outcome<Principal> standard = target.Provision(PrincipalKind::kStandardUser);
  ASSERT_EQ(standard.hr, hr::kOk);
  EXPECT_NE(standard.value.name, admin.value.name);
}

TEST_F(ComTargetIdentity, ServiceAccountsAndFilteredTokensAreNotProvisioned) {
  Target& target = Connect();
  EXPECT_CALL(*system_, NetUserAdd).Times(0);
  EXPECT_EQ(target.Provision(PrincipalKind::kLocalSystem).hr, hr::kNotImpl);
  EXPECT_EQ(target.Provision(PrincipalKind::kFilteredAdministrator).hr, hr::kNotImpl);
}

// ---- The runner's caller impersonating test accounts ----

TEST_F(ComTargetIdentity, TheRunnerImpersonatesAProvisionedAccountUntilItReverts) {
  Target& target = Connect();
  const Principal helper = target.Provision(PrincipalKind::kStandardUser).value;
  InSequence order;
  EXPECT_CALL(*system_, LogonUserW(StartsWith(L"bitscts-"), std::wstring(L"."), _,
                                   static_cast<DWORD>(LOGON32_LOGON_INTERACTIVE), _, _));
  EXPECT_CALL(*system_, ImpersonateLoggedOnUser(MockSystemApi::kLogonToken));
  EXPECT_CALL(*system_, RevertToSelf());
  EXPECT_CALL(*system_, CloseHandle(MockSystemApi::kLogonToken));
  EXPECT_EQ(target.CurrentCaller().Impersonate(helper), hr::kOk);
  EXPECT_EQ(target.CurrentCaller().RevertToSelf(), hr::kOk);
}

TEST_F(ComTargetIdentity, ImpersonatingAnotherWhileImpersonatingRevertsFirst) {
  Target& target = Connect();
  const Principal first = target.Provision(PrincipalKind::kStandardUser).value;
  const Principal second = target.Provision(PrincipalKind::kStandardUser).value;
  InSequence order;
  EXPECT_CALL(*system_, ImpersonateLoggedOnUser);
  EXPECT_CALL(*system_, RevertToSelf());
  EXPECT_CALL(*system_, CloseHandle);
  EXPECT_CALL(*system_, ImpersonateLoggedOnUser);
  EXPECT_EQ(target.CurrentCaller().Impersonate(first), hr::kOk);
  EXPECT_EQ(target.CurrentCaller().Impersonate(second), hr::kOk);
  EXPECT_CALL(*system_, RevertToSelf());
  EXPECT_CALL(*system_, CloseHandle);
  target_.reset();  // a caller left impersonating is reverted when the target goes
}

TEST_F(ComTargetIdentity, AFailedImpersonationLeavesNothingOpen) {
  ImpersonationFails();
  Target& target = Connect();
  const Principal helper = target.Provision(PrincipalKind::kStandardUser).value;
  InSequence order;
  EXPECT_CALL(*system_, ImpersonateLoggedOnUser);
  EXPECT_CALL(*system_, RevertToSelf());
  EXPECT_CALL(*system_, CloseHandle(MockSystemApi::kLogonToken));
  EXPECT_EQ(target.CurrentCaller().Impersonate(helper), FromWin32(kInvalidHandleError));
  EXPECT_CALL(*system_, RevertToSelf()).Times(1);  // a plain revert, nothing left to close
  EXPECT_CALL(*system_, CloseHandle).Times(0);
  EXPECT_EQ(target.CurrentCaller().RevertToSelf(), hr::kOk);
}

TEST_F(ComTargetIdentity, AnAccountOfAnotherRunCannotBeImpersonated) {
  Target& target = Connect();
  EXPECT_CALL(*system_, LogonUserW).Times(0);
  EXPECT_EQ(target.CurrentCaller().Impersonate(Principal{"bitscts-notours0001", "S-1-5-21-9", {}}), hr::kInvalidArg);
}

// ---- Callers in agent processes ----

TEST_F(ComTargetIdentity, LogOnStartsAnAgentThatCreatesJobsTheRunCancels) {
  Target& target = Connect();
  const Principal owner = target.Provision(PrincipalKind::kStandardUser).value;
  Outcome<std::unique_ptr<Caller>> logged_on = target.LogOn(owner, CallerSettings{});
  ASSERT_EQ(logged_on.hr, hr::kOk) << (agent::TakeAgentFault() ? "agent fault" : "");
  ASSERT_TRUE(logged_on.value);
  Caller& caller = *logged_on.value;
  EXPECT_FALSE(caller.Sid().empty());

  Outcome<std::unique_ptr<Job>> created = caller.CreateDownloadJob("bitscts agent job");
  ASSERT_EQ(created.hr, hr::kOk);
  EXPECT_EQ(target.LogOff(caller), hr::kOk);
  EXPECT_EQ(created.value->Resume(), hr::kDisconnected) << "the agent is gone after its logoff";
  created.value.reset();
  logged_on.value.reset();
  agent::TakeAgentFault();  // the call after the logoff recorded one

  // The job id the agent reported is the model's, which the mocked manager does not know: the
  // run still tries to cancel it.
  EXPECT_CALL(manager_, GetJob).Times(1).WillOnce(Return(BG_E_NOT_FOUND));
  EXPECT_EQ(target.CancelLeftoverJobs(), 0);
}

TEST_F(ComTargetIdentity, AnAgentLearnsTheAccountsProvisionedAfterItsLogOn) {
  Target& target = Connect();
  const Principal owner = target.Provision(PrincipalKind::kStandardUser).value;
  Outcome<std::unique_ptr<Caller>> logged_on = target.LogOn(owner, CallerSettings{});
  ASSERT_EQ(logged_on.hr, hr::kOk);
  ASSERT_EQ(target.Provision(PrincipalKind::kStandardUser).hr, hr::kOk);
  // The fixture serves the model, whose caller does not know the com target's accounts; what
  // matters here is that the agent is still healthy after being told about one.
  EXPECT_FALSE(logged_on.value->Sid().empty());
  EXPECT_FALSE(agent::TakeAgentFault());
}

TEST_F(ComTargetIdentity, AgentsOfferNoSingleThreadedApartment) {
  Target& target = Connect();
  const Principal owner = target.Provision(PrincipalKind::kStandardUser).value;
  CallerSettings settings;
  settings.apartment = Apartment::kSingleThreaded;
  EXPECT_EQ(target.LogOn(owner, settings).hr, hr::kNotImpl);
  EXPECT_FALSE(agent::TakeAgentFault()) << "no agent was started";
  EXPECT_EQ(target.CurrentCaller().PumpMessages(), hr::kNotImpl);
  EXPECT_EQ(target.Provision(PrincipalKind::kWindowsService).hr, hr::kNotImpl);
}

TEST_F(ComTargetIdentity, LogOnNeedsAnAccountOfThisRun) {
  Target& target = Connect();
  EXPECT_EQ(target.LogOn(Principal{"bitscts-notours0001", "S-1-5-21-9", {}}, CallerSettings{}).hr, hr::kInvalidArg);
}

TEST_F(ComTargetIdentity, AnAgentThatCannotStartIsAFault) {
  options_.agent_command = [](CallerSettings) {
    agent::AgentCommand command;
    command.executable = "/nonexistent/bitscts-agent";
    return command;
  };
  Target& target = Connect();
  const Principal owner = target.Provision(PrincipalKind::kStandardUser).value;
  EXPECT_EQ(target.LogOn(owner, CallerSettings{}).hr, hr::kDisconnected);
  const std::optional<agent::AgentFault> fault = agent::TakeAgentFault();
  ASSERT_TRUE(fault);
  EXPECT_THAT(fault->evidence, HasSubstr("did not start"));
  EXPECT_THAT(fault->evidence, HasSubstr(owner.name));
}

TEST_F(ComTargetIdentity, OnlyLoggedOnCallersLogOff) {
  Target& target = Connect();
  EXPECT_EQ(target.LogOff(target.CurrentCaller()), hr::kInvalidArg);
}

}  // namespace
}  // namespace bitscts::com
