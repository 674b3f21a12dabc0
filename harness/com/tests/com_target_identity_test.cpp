// The com target's identities against doubles of the Windows API and BITS: the probe for distinct
// identities and logoff, test accounts from Provision, impersonation by the runner's caller, and
// callers in agent processes (the agent fixture stands in for `bitscts --agent`: it serves the
// reference model, which really copies the probe's content file into the folder the probe made).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "bitscts/agent/agent_server.h"
#include "bitscts/agent_fault.h"
#include "bitscts/com/com_target.h"
#include "bitscts/model/model_target.h"
#include "connected_pair.h"
#include "control_of.h"
#include "host_that_cannot.h"
#include "mocks/mock_enum_jobs.h"
#include "mocks/mock_error.h"
#include "mocks/mock_job.h"
#include "mocks/mock_manager.h"
#include "mocks/mock_system_api.h"
#include "session_stand_in.h"
#include "text.h"

namespace bitscts::com {
namespace {

using mocks::HandOut;
using mocks::HandOutString;
using mocks::MockEnumJobs;
using mocks::MockError;
using mocks::MockJob;
using mocks::MockManager;
using mocks::MockSystemApi;
using mocks::ReportState;
using ::testing::_;
using ::testing::DoAll;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Return;
using ::testing::SetArgPointee;
using ::testing::StartsWith;
using ::testing::StrEq;

constexpr DWORD kInvalidHandleError = 6;  // ERROR_INVALID_HANDLE
constexpr DWORD kAccessDeniedError = 5;   // ERROR_ACCESS_DENIED
constexpr GUID kJobId{0x1A1B2C3D, 0x4E5F, 0x6071, {0x82, 0x93, 0xA4, 0xB5, 0xC6, 0xD7, 0xE8, 0xF9}};
constexpr std::string_view kContent = "bitscts probe content, known to the check";

// The agent's command; the session stand-in serves the agent in this process instead.
agent::AgentCommand FixtureCommand(CallerSettings) {
  agent::AgentCommand command;
  command.executable = "C:\\Program Files\\bitscts\\bitscts.exe";
  command.arguments = {"--agent"};
  return command;
}

// The agent in a test account's session: the reference model's caller, which really copies the
// probe's content file; it reports the token of `report` (a standard user's by default).
class ModelAgentHost final : public agent::testing_support::HostThatCannot {
 public:
  explicit ModelAgentHost(Caller& caller) : caller_(caller) {}
  Caller& caller() override { return caller_; }
  HResult LogOn(const std::string&, const std::string& password) override {
    return password.empty() ? hr::kAccessDenied : hr::kOk;
  }
  HResult Remember(const std::string&, const std::string&) override { return hr::kOk; }
  Outcome<agent::TokenReport> ReportToken() override { return {hr::kOk, report}; }
  HResult PumpMessages() override {
    ++pumps;
    return hr::kOk;
  }

  agent::TokenReport report{false, 1, agent::AdministratorsGroup::kAbsent};
  int pumps = 0;

 private:
  Caller& caller_;
};

// Returns the file's bytes, or nullopt when it cannot be read.
std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

// Expects `text` to hold each of `parts`, in that order.
void ExpectInOrder(const std::string& text, std::initializer_list<std::string_view> parts) {
  std::size_t from = 0;
  for (std::string_view part : parts) {
    const std::size_t at = text.find(part, from);
    ASSERT_NE(at, std::string::npos)
        << "\"" << part << "\" is missing after offset " << from << " of: " << text;
    from = at + part.size();
  }
}

class ComTargetIdentity : public ::testing::Test {
 protected:
  ComTargetIdentity() {
    std::filesystem::create_directories(scratch_);
    std::ofstream(source_, std::ios::binary) << kContent;
    ON_CALL(*system_, CoCreateInstance).WillByDefault(HandOut<3>(manager_));
    ON_CALL(manager_, CreateJob).WillByDefault(DoAll(SetArgPointee<2>(kJobId), HandOut<3>(job_)));
    // The runner's view of the account's jobs (GetJob): owned by the account, running until the
    // third read of its state and queued from then on.
    ON_CALL(manager_, GetJob).WillByDefault(HandOut<1>(observed_));
    ON_CALL(observed_, GetOwner).WillByDefault([this](LPWSTR* owner) {
      *owner = system_->TaskString(MockSystemApi::kAccountSid);
      return S_OK;
    });
    ON_CALL(observed_, GetState).WillByDefault([this](BG_JOB_STATE* state) {
      *state = observed_states_[std::min(observed_reads_++, observed_states_.size() - 1)];
      return S_OK;
    });
    ON_CALL(job_, GetState)
        .WillByDefault(ReportState(BG_JOB_STATE_TRANSFERRED));  // no wait for the runner's download
    options_.agent_command = FixtureCommand;
    // The account's session: its PowerShell is a stand-in serving the model's caller on the far
    // end of the runner's pipe.
    ON_CALL(*system_, CreateAgentPipe).WillByDefault([this](auto&&, auto&&, HANDLE* pipe) {
      auto [runner_end, agent_end] = testing_support::ConnectedPair();
      far_ = agent_end;
      *pipe = testing_support::AsHandle(runner_end);
      return DWORD{ERROR_SUCCESS};
    });
    ON_CALL(*system_, StartChildProcess)
        .WillByDefault([this](auto&&, std::unique_ptr<ChildProcess>* child) {
          *child =
              std::make_unique<testing_support::SessionStandIn>(host_, [this] { return far_; });
          return DWORD{ERROR_SUCCESS};
        });
    options_.scratch = scratch_.string();
    options_.probe.url = source_.string();  // the model copies a local file as it downloads a URL
    options_.probe.slow_url = "http://127.0.0.1:9/bitscts-probe-slow";
    options_.probe.verify = [](const std::string& path) -> std::string {
      const std::optional<std::string> bytes = ReadFile(path);
      if (!bytes) return "cannot open " + path;
      return *bytes == kContent ? "" : path + " holds other bytes";
    };
    options_.probe.timeout =
        std::chrono::seconds(3);  // the model transfers in virtual time within it
    options_.agent_faults = faults_;
  }

  ~ComTargetIdentity() override {
    std::error_code ignored;
    std::filesystem::remove_all(scratch_, ignored);
  }

  void TearDown() override {
    target_.reset();
    mocks::ExpectAllReleased(manager_, job_, observed_, error_);
    EXPECT_EQ(system_->outstanding_task_memory(), 0u) << "a string BITS returned was never freed";
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
  void ImpersonationFails() {
    ON_CALL(*system_, ImpersonateLoggedOnUser).WillByDefault(Return(kInvalidHandleError));
  }

  const std::filesystem::path scratch_ =
      std::filesystem::temp_directory_path() /
      ("bitscts-identity-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  const std::filesystem::path source_ = scratch_ / "served-content.bin";
  std::shared_ptr<NiceMock<MockSystemApi>> system_ = std::make_shared<NiceMock<MockSystemApi>>();
  NiceMock<MockManager> manager_;
  NiceMock<MockJob> job_;       // the runner's own jobs
  NiceMock<MockJob> observed_;  // an account's job as the runner opens it
  NiceMock<MockError> error_;
  std::vector<BG_JOB_STATE> observed_states_{BG_JOB_STATE_TRANSFERRING, BG_JOB_STATE_TRANSFERRING,
                                             BG_JOB_STATE_QUEUED};
  std::size_t observed_reads_ = 0;
  std::shared_ptr<FirstAgentFault> faults_ =
      std::make_shared<FirstAgentFault>();  // the run's, not the probe's
  ComOptions options_;
  std::unique_ptr<Target> model_ = model::MakeModelTarget({}, nullptr);
  ModelAgentHost host_{model_->CurrentCaller()};
  agent::StreamHandle far_ = agent::kNoStream;
  std::unique_ptr<Target> target_;
};

// ---- Probe: distinct identities ----

TEST_F(ComTargetIdentity, IdentitiesAreClaimedOnceTheAccountsOwnJobHasTransferredItsContent) {
  EXPECT_CALL(*system_, NetUserEnum).Times(1);  // the leftovers of earlier runs, once
  EXPECT_CALL(*system_, NetUserAdd(StartsWith(L"bitscts-"), _, _)).Times(1);
  EXPECT_CALL(*system_,
              GrantFolderAccess(scratch_.wstring(), std::wstring(MockSystemApi::kAccountSid)))
      .Times(1);
  const Capabilities capabilities = Connect().Probe();
  const Probe identities = capabilities.Get(Feature::kDistinctIdentities);
  EXPECT_TRUE(identities.available) << identities.evidence;
  ExpectInOrder(identities.evidence,
                {"standard test account bitscts-", "S-1-5-21-1000000001-1000000002-1000000003-1001",
                 "LogOn(bitscts-", "-> S_OK", "CreateDirectoryW(",
                 "CreateJob(\"bitscts probe identities\") -> S_OK", "AddFile(" + source_.string(),
                 "Resume -> S_OK", "TRANSFERRED after", "GetOwner -> S_OK",
                 "the job's owner is the test account", "Complete -> S_OK",
                 "identities.bin holds exactly the served content"});
  EXPECT_FALSE(faults_->Take());

  EXPECT_CALL(*system_, NetUserDel(StartsWith(L"bitscts-"))).Times(1);
  target_.reset();
}

// The old probe claimed both features after LogonUserW, ImpersonateLoggedOnUser and RevertToSelf
// had succeeded, although no job of the account ever transferred.
TEST_F(ComTargetIdentity, AnAccountWhoseJobNeverTransfersHasNoDistinctIdentity) {
  options_.probe.url = (scratch_ / "no-such-content.bin").string();
  const Capabilities capabilities = Connect().Probe();
  const Probe identities = capabilities.Get(Feature::kDistinctIdentities);
  EXPECT_FALSE(identities.available);
  ExpectInOrder(identities.evidence, {"standard test account bitscts-", "LogOn(bitscts-",
                                      "Resume -> S_OK", "BG_JOB_STATE_ERROR after",
                                      "GetError -> S_OK", "the job's error:", "Cancel -> S_OK"});
  EXPECT_THAT(identities.evidence, Not(HasSubstr("Complete")));
  EXPECT_FALSE(capabilities.Has(Feature::kLogoff));
  EXPECT_THAT(capabilities.Get(Feature::kLogoff).evidence,
              HasSubstr("no test account's job was seen to transfer"));
}

TEST_F(ComTargetIdentity, AJobOwnedBySomeoneElseProvesNoIdentity) {
  ON_CALL(observed_, GetOwner).WillByDefault([this](LPWSTR* owner) {
    *owner = system_->TaskString(MockSystemApi::kProcessSid);
    return S_OK;
  });
  const Probe identities = Connect().Probe().Get(Feature::kDistinctIdentities);
  EXPECT_FALSE(identities.available);
  ExpectInOrder(identities.evidence,
                {"TRANSFERRED after", "GetOwner -> S_OK",
                 "the job's owner is S-1-5-21-1000000001-1000000002-1000000003-1000, not the "
                 "test account",
                 "Cancel -> S_OK"});
}

TEST_F(ComTargetIdentity, AnOwnerThatCannotBeReadProvesNoIdentity) {
  EXPECT_CALL(manager_, GetJob).WillOnce(Return(E_ACCESSDENIED));
  const Probe identities = Connect().Probe().Get(Feature::kDistinctIdentities);
  EXPECT_FALSE(identities.available);
  EXPECT_THAT(identities.evidence, HasSubstr("as the runner -> E_ACCESSDENIED"));
}

TEST_F(ComTargetIdentity, BytesThatDifferProveNoIdentity) {
  options_.probe.verify = [](const std::string&) -> std::string { return "byte 3 differs"; };
  const Probe identities = Connect().Probe().Get(Feature::kDistinctIdentities);
  EXPECT_FALSE(identities.available);
  EXPECT_THAT(identities.evidence,
              HasSubstr("the downloaded file is not the served content: byte 3 differs"));
}

TEST_F(ComTargetIdentity, AScratchFolderTheAccountCannotBeGivenIsTheEvidence) {
  ON_CALL(*system_, GrantFolderAccess).WillByDefault(Return(kAccessDeniedError));
  const Capabilities capabilities = Connect().Probe();
  EXPECT_FALSE(capabilities.Has(Feature::kDistinctIdentities));
  EXPECT_THAT(capabilities.Get(Feature::kDistinctIdentities).evidence,
              HasSubstr("creating a standard test account failed: GrantFolderAccess(" +
                        scratch_.string() + ", "));
  EXPECT_THAT(capabilities.Get(Feature::kDistinctIdentities).evidence, HasSubstr("E_ACCESSDENIED"));
  EXPECT_THAT(capabilities.Get(Feature::kDistinctIdentities).evidence, Not(HasSubstr("CreateJob")));
}

TEST_F(ComTargetIdentity, AnAgentThatCannotLogTheAccountOnIsTheEvidence) {
  options_.agent_command = [](CallerSettings) {
    agent::AgentCommand command;
    command.executable = "/nonexistent/bitscts-agent";
    return command;
  };
  const Capabilities capabilities = Connect().Probe();
  const Probe identities = capabilities.Get(Feature::kDistinctIdentities);
  EXPECT_FALSE(identities.available);
  ExpectInOrder(identities.evidence,
                {"standard test account bitscts-", "LogOn(bitscts-", "RPC_E_DISCONNECTED",
                 "did not start", "not tried: a job it owns, that job's transfer",
                 "PowerShell remoting", "Remote Management Users"});
  EXPECT_FALSE(capabilities.Has(Feature::kLogoff));
  EXPECT_FALSE(faults_->Take()) << "the probe's own fault is its evidence, not a scenario's";
}

TEST_F(ComTargetIdentity, WithoutContentToDownloadNoAccountIsCreated) {
  options_.probe.url.clear();
  EXPECT_CALL(*system_, NetUserAdd).Times(0);
  const Capabilities capabilities = Connect().Probe();
  EXPECT_FALSE(capabilities.Has(Feature::kDistinctIdentities));
  EXPECT_THAT(capabilities.Get(Feature::kDistinctIdentities).evidence, HasSubstr("no content URL"));
  EXPECT_FALSE(capabilities.Has(Feature::kDownload));
}

TEST_F(ComTargetIdentity, WithoutAgentsNoAccountIsCreated) {
  options_.agent_command = nullptr;
  EXPECT_CALL(*system_, NetUserAdd).Times(0);
  const Capabilities capabilities = Connect().Probe();
  EXPECT_FALSE(capabilities.Has(Feature::kDistinctIdentities));
  EXPECT_THAT(capabilities.Get(Feature::kDistinctIdentities).evidence,
              HasSubstr("cannot start agent processes"));
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
              HasSubstr(
                  "needs an elevated administrator: [fail] elevated: the token has no enabled "
                  "Administrators group"));
  EXPECT_FALSE(capabilities.Has(Feature::kAdministrator));
}

TEST_F(ComTargetIdentity, AFailedAccountCreationIsTheEvidence) {
  ON_CALL(*system_, NetUserAdd).WillByDefault(Return(kAccessDeniedError));
  const Capabilities capabilities = Connect().Probe();
  EXPECT_FALSE(capabilities.Has(Feature::kDistinctIdentities));
  ExpectInOrder(capabilities.Get(Feature::kDistinctIdentities).evidence,
                {"creating a standard test account failed: ", "NetUserAdd(bitscts-",
                 "E_ACCESSDENIED",
                 "not tried: a logon session for it, a job it owns, that job's transfer"});
  EXPECT_THAT(capabilities.Get(Feature::kLogoff).evidence, HasSubstr("NetUserAdd(bitscts-"));
}

// ---- Probe: logoff ----

TEST_F(ComTargetIdentity, LogoffIsClaimedOnceTheAccountsRunningJobStoppedAfterItsLogoff) {
  const Capabilities capabilities = Connect().Probe();
  ASSERT_TRUE(capabilities.Has(Feature::kDistinctIdentities))
      << capabilities.Get(Feature::kDistinctIdentities).evidence;
  const Probe logoff = capabilities.Get(Feature::kLogoff);
  EXPECT_TRUE(logoff.available) << logoff.evidence;
  ExpectInOrder(logoff.evidence,
                {"test account bitscts-", "CreateJob(\"bitscts probe logoff\") -> S_OK",
                 "AddFile(http://127.0.0.1:9/bitscts-probe-slow", "Resume -> S_OK",
                 "as the runner -> S_OK", "TRANSFERRING after", "LogOff(bitscts-", "-> S_OK",
                 "QUEUED after", "Cancel as the runner -> S_OK"});
  EXPECT_EQ(logoff.evidence.find("agent 'bitscts-"), std::string::npos)
      << "every agent handle was gone before the logoff, so no agent failed: " << logoff.evidence;
  EXPECT_FALSE(faults_->Take()) << "the probe's agents report to the probe, not to the run";
}

// The old probe claimed logoff without any job, running or not.
TEST_F(ComTargetIdentity, AJobStillRunningAfterTheLogoffIsNoLogoff) {
  observed_states_ = {BG_JOB_STATE_TRANSFERRING};
  const Capabilities capabilities = Connect().Probe();
  EXPECT_TRUE(capabilities.Has(Feature::kDistinctIdentities));
  const Probe logoff = capabilities.Get(Feature::kLogoff);
  EXPECT_FALSE(logoff.available);
  ExpectInOrder(logoff.evidence,
                {"LogOff(bitscts-", "not reached in", "last seen BG_JOB_STATE_TRANSFERRING",
                 "the job was still running", "Cancel as the runner"});
}

TEST_F(ComTargetIdentity, AJobThatGoesOnTransferringAfterTheLogoffIsNoLogoff) {
  observed_states_ = {BG_JOB_STATE_CONNECTING, BG_JOB_STATE_CONNECTING, BG_JOB_STATE_TRANSFERRED};
  const Probe logoff = Connect().Probe().Get(Feature::kLogoff);
  EXPECT_FALSE(logoff.available);
  ExpectInOrder(logoff.evidence, {"CONNECTING after", "LogOff(bitscts-", "TRANSFERRED after",
                                  "the job went on transferring"});
}

TEST_F(ComTargetIdentity, AJobThatNeverRanCannotShowALogoff) {
  observed_states_ = {BG_JOB_STATE_QUEUED};
  const Probe logoff = Connect().Probe().Get(Feature::kLogoff);
  EXPECT_FALSE(logoff.available);
  ExpectInOrder(logoff.evidence,
                {"not reached in", "last seen BG_JOB_STATE_QUEUED", "Cancel as the runner"});
  EXPECT_THAT(logoff.evidence, Not(HasSubstr("LogOff(")));
}

TEST_F(ComTargetIdentity, AJobInErrorAfterTheLogoffStoppedAndItsErrorIsTheEvidence) {
  observed_states_ = {BG_JOB_STATE_TRANSFERRING, BG_JOB_STATE_TRANSFERRING, BG_JOB_STATE_ERROR};
  ON_CALL(observed_, GetError).WillByDefault(HandOut<0>(error_));
  ON_CALL(error_, GetError)
      .WillByDefault(DoAll(SetArgPointee<0>(BG_ERROR_CONTEXT_GENERAL_QUEUE_MANAGER),
                           SetArgPointee<1>(BG_E_TOKEN_REQUIRED), Return(S_OK)));
  const Probe logoff = Connect().Probe().Get(Feature::kLogoff);
  EXPECT_TRUE(logoff.available) << logoff.evidence;
  ExpectInOrder(logoff.evidence, {"LogOff(bitscts-", "ERROR after", "GetError -> S_OK",
                                  "the job's error: BG_E_TOKEN_REQUIRED (0x80200056) in "
                                  "BG_ERROR_CONTEXT_GENERAL_QUEUE_MANAGER"});
}

TEST_F(ComTargetIdentity, WithoutASlowUrlNoJobCanBeKeptRunningForTheLogoff) {
  options_.probe.slow_url.clear();
  const Capabilities capabilities = Connect().Probe();
  EXPECT_TRUE(capabilities.Has(Feature::kDistinctIdentities));
  EXPECT_FALSE(capabilities.Has(Feature::kLogoff));
  EXPECT_THAT(capabilities.Get(Feature::kLogoff).evidence, HasSubstr("no slow URL"));
}

TEST_F(ComTargetIdentity, AnAccountsJobTheRunnerCannotOpenCannotShowALogoff) {
  EXPECT_CALL(manager_, GetJob).WillOnce(HandOut<1>(observed_)).WillOnce(Return(BG_E_NOT_FOUND));
  const Probe logoff = Connect().Probe().Get(Feature::kLogoff);
  EXPECT_FALSE(logoff.available);
  EXPECT_THAT(logoff.evidence, HasSubstr("as the runner -> BG_E_NOT_FOUND"));
}

// ---- Jobs of earlier runs ----

TEST_F(ComTargetIdentity, ProbeCancelsTheUnfinishedJobsOfEarlierRunsOnly) {
  NiceMock<MockEnumJobs> queue;
  NiceMock<MockJob> ours, finished, theirs;
  ON_CALL(ours, GetDisplayName).WillByDefault(HandOutString<0>(*system_, L"bitscts interrupted"));
  ON_CALL(ours, GetState).WillByDefault(ReportState(BG_JOB_STATE_TRANSFERRING));
  ON_CALL(finished, GetDisplayName)
      .WillByDefault(HandOutString<0>(*system_, L"bitscts acknowledged"));
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
  EXPECT_THAT(capabilities.Get(Feature::kDownload).evidence,
              HasSubstr("jobs of earlier runs cancelled: 1"));
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
  EXPECT_CALL(*system_,
              NetLocalGroupAddMembers(std::wstring(mocks::MockSystemApi::kAdministratorsName),
                                      StartsWith(L"bitscts-")))
      .Times(1);
  const Outcome<Principal> admin = target.Provision(PrincipalKind::kAdministrator);
  ASSERT_EQ(admin.hr, hr::kOk);
  EXPECT_EQ(admin.value.kind, PrincipalKind::kAdministrator);
  EXPECT_EQ(admin.value.sid, "S-1-5-21-1000000001-1000000002-1000000003-1001");

  // A standard account joins Remote Management Users only, so that it may open a remote session.
  EXPECT_CALL(*system_,
              NetLocalGroupAddMembers(std::wstring(
                                          mocks::MockSystemApi::kRemoteManagementUsersName),
                                      StartsWith(L"bitscts-")))
      .Times(1);
  const Outcome<Principal> standard = target.Provision(PrincipalKind::kStandardUser);
  ASSERT_EQ(standard.hr, hr::kOk);
  EXPECT_NE(standard.value.name, admin.value.name);
}

TEST_F(ComTargetIdentity, AFilteredAdministratorIsAnAdministratorAccount) {
  Target& target = Connect();
  EXPECT_CALL(*system_,
              NetLocalGroupAddMembers(std::wstring(mocks::MockSystemApi::kAdministratorsName),
                                      StartsWith(L"bitscts-")))
      .Times(1);
  const Outcome<Principal> filtered = target.Provision(PrincipalKind::kFilteredAdministrator);
  ASSERT_EQ(filtered.hr, hr::kOk);
  EXPECT_EQ(filtered.value.kind, PrincipalKind::kFilteredAdministrator);
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
  EXPECT_EQ(target.CurrentCaller().Impersonate(Principal{"bitscts-notours0001", "S-1-5-21-9", {}}),
            hr::kInvalidArg);
}

// ---- Callers in agent processes ----

TEST_F(ComTargetIdentity, LogOnStartsAnAgentThatCreatesJobsTheRunCancels) {
  Target& target = Connect();
  const Principal owner = target.Provision(PrincipalKind::kStandardUser).value;
  Outcome<std::unique_ptr<Caller>> logged_on = target.LogOn(owner, CallerSettings{});
  ASSERT_EQ(logged_on.hr, hr::kOk) << (faults_->Take() ? "agent fault" : "");
  ASSERT_TRUE(logged_on.value);
  Caller& caller = *logged_on.value;
  EXPECT_FALSE(caller.Sid().empty());

  Outcome<std::unique_ptr<Job>> created = caller.CreateDownloadJob("bitscts agent job");
  ASSERT_EQ(created.hr, hr::kOk);
  EXPECT_EQ(target.LogOff(caller), hr::kOk);
  EXPECT_EQ(created.value->Resume(), hr::kDisconnected) << "the agent is gone after its logoff";
  created.value.reset();
  logged_on.value.reset();
  faults_->Take();  // the call after the logoff reported one

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
  EXPECT_FALSE(faults_->Take());
}

TEST_F(ComTargetIdentity, ASingleThreadedCallerIsAnAgentAskedForThatApartmentThatPumps) {
  std::optional<Apartment> asked;
  options_.agent_command = [&asked](CallerSettings settings) {
    asked = settings.apartment;
    return FixtureCommand(settings);
  };
  Target& target = Connect();
  const Principal owner = target.Provision(PrincipalKind::kStandardUser).value;
  CallerSettings settings;
  settings.apartment = Apartment::kSingleThreaded;
  Outcome<std::unique_ptr<Caller>> logged_on = target.LogOn(owner, settings);
  ASSERT_EQ(logged_on.hr, hr::kOk) << (faults_->Take() ? "agent fault" : "");
  EXPECT_EQ(asked, Apartment::kSingleThreaded);
  EXPECT_EQ(ControlOf<ApartmentControl>(target).PumpMessages(*logged_on.value), hr::kOk);
  EXPECT_EQ(host_.pumps, 1) << "the agent's thread pumped";
  EXPECT_EQ(ControlOf<ApartmentControl>(target).PumpMessages(target.CurrentCaller()), hr::kOk)
      << "the runner is multithreaded: nothing to dispatch";
  EXPECT_EQ(host_.pumps, 1);
}

TEST_F(ComTargetIdentity, LogOnNeedsAnAccountOfThisRun) {
  Target& target = Connect();
  EXPECT_EQ(target.LogOn(Principal{"bitscts-notours0001", "S-1-5-21-9", {}}, CallerSettings{}).hr,
            hr::kInvalidArg);
}

TEST_F(ComTargetIdentity, AnAccountsAgentLivesInItsRemoteSessionReachedOverAPipeForTheTwoOfThem) {
  std::vector<std::wstring> admitted;
  EXPECT_CALL(*system_, CreateAgentPipe)
      .WillOnce([this, &admitted](auto&&, const std::vector<std::wstring>& sids, HANDLE* pipe) {
        admitted = sids;
        auto [runner_end, agent_end] = testing_support::ConnectedPair();
        far_ = agent_end;
        *pipe = testing_support::AsHandle(runner_end);
        return DWORD{ERROR_SUCCESS};
      });
  EXPECT_CALL(*system_, StartChildProcess(HasSubstr(L"powershell.exe"), _)).Times(1);
  EXPECT_CALL(*system_, LogonUserW)
      .Times(0);  // the session is the account's logon, not the runner's
  Target& target = Connect();
  const Principal owner = target.Provision(PrincipalKind::kStandardUser).value;
  Outcome<std::unique_ptr<Caller>> logged_on = target.LogOn(owner, CallerSettings{});
  ASSERT_EQ(logged_on.hr, hr::kOk);
  EXPECT_THAT(admitted, ElementsAre(std::wstring(MockSystemApi::kProcessSid), Widen(owner.sid)));
  EXPECT_EQ(target.LogOff(*logged_on.value), hr::kOk) << "removing the session is the logoff";
}

TEST_F(ComTargetIdentity, AFilteredAdministratorsAgentActsWithTheAccountsInteractiveToken) {
  host_.report = {true, 3, agent::AdministratorsGroup::kDenyOnly};
  Target& target = Connect();
  const Principal owner = target.Provision(PrincipalKind::kFilteredAdministrator).value;
  const Outcome<std::unique_ptr<Caller>> logged_on = target.LogOn(owner, CallerSettings{});
  EXPECT_EQ(logged_on.hr, hr::kOk);
  EXPECT_FALSE(faults_->Take());
}

TEST_F(ComTargetIdentity, AnAgentWithoutThePromisedTokenIsRefusedAndAFault) {
  // An administrator whose remote session got a UAC-filtered token (LocalAccountTokenFilterPolicy
  // 0).
  host_.report = {false, 3, agent::AdministratorsGroup::kDenyOnly};
  Target& target = Connect();
  const Principal owner = target.Provision(PrincipalKind::kAdministrator).value;
  EXPECT_EQ(target.LogOn(owner, CallerSettings{}).hr, hr::kFail);
  const std::optional<AgentFault> fault = faults_->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->kind, AgentFaultKind::kNotAsPromised);
  EXPECT_THAT(fault->evidence, HasSubstr("deny-only"));
}

TEST_F(ComTargetIdentity, BeforeBuild14393NoAccountIsLoggedOnAndTheProbeSaysWhy) {
  ON_CALL(*system_, ReadPlatformFacts).WillByDefault([] {
    PlatformFacts facts;
    facts.major = 6;
    facts.minor = 1;
    facts.build = 7601;
    facts.administrator = true;
    return facts;
  });
  EXPECT_CALL(*system_, StartChildProcess).Times(0);
  const Capabilities capabilities = Connect().Probe();
  EXPECT_FALSE(capabilities.Has(Feature::kDistinctIdentities));
  ExpectInOrder(capabilities.Get(Feature::kDistinctIdentities).evidence,
                {"standard test account bitscts-",
                 "Windows build 7601 does not count PowerShell remote sessions as logons",
                 "not tried: a logon session for it"});
  const Principal owner = target_->Provision(PrincipalKind::kStandardUser).value;
  EXPECT_EQ(target_->LogOn(owner, CallerSettings{}).hr, hr::kNotSupported);
}

TEST_F(ComTargetIdentity, AnAdministratorHelperIsANetworkLogonWithAFullToken) {
  Target& target = Connect();
  const Principal helper = target.Provision(PrincipalKind::kAdministrator).value;
  EXPECT_CALL(*system_, LogonUserW(StartsWith(L"bitscts-"), _, _,
                                   static_cast<DWORD>(LOGON32_LOGON_NETWORK_CLEARTEXT), _, _));
  EXPECT_CALL(*system_, EffectiveTokenFacts).WillOnce([](TokenFacts* facts) {
    *facts = TokenFacts{true, 1, AdministratorsInToken::kEnabled};
    return DWORD{ERROR_SUCCESS};
  });
  EXPECT_EQ(target.CurrentCaller().Impersonate(helper), hr::kOk);
  EXPECT_EQ(target.CurrentCaller().RevertToSelf(), hr::kOk);
}

TEST_F(ComTargetIdentity, AHelperWhoseTokenIsNotItsKindIsNotImpersonated) {
  Target& target = Connect();
  const Principal helper = target.Provision(PrincipalKind::kAdministrator).value;
  EXPECT_CALL(*system_, EffectiveTokenFacts).WillOnce([](TokenFacts* facts) {
    *facts =
        TokenFacts{true, 3, AdministratorsInToken::kDenyOnly};  // UAC filtered the network logon
    return DWORD{ERROR_SUCCESS};
  });
  EXPECT_EQ(target.CurrentCaller().Impersonate(helper), hr::kFail);
  EXPECT_CALL(*system_, RevertToSelf()).Times(1);  // nothing is left impersonated
  EXPECT_CALL(*system_, CloseHandle).Times(0);
  EXPECT_EQ(target.CurrentCaller().RevertToSelf(), hr::kOk);
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
  const std::optional<AgentFault> fault = faults_->Take();
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
