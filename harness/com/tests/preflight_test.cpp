// The preconditions `bitscts --preflight` checks, against a double of the Windows API: each
// check's ok, warn and fail answers, the line it prints, and the exit code of a whole preflight.
#include "bitscts/com/preflight.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "mocks/mock_system_api.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::StartsWith;

constexpr DWORD kAccessDeniedError = 5;      // ERROR_ACCESS_DENIED
constexpr DWORD kInvalidHandleError = 6;     // ERROR_INVALID_HANDLE
constexpr DWORD kConnectionRefused = 10061;  // WSAECONNREFUSED

auto HasStatus(CheckStatus status) { return Field(&CheckResult::status, status); }

class PreflightTest : public ::testing::Test {
 protected:
  PreflightTest() { std::filesystem::create_directories(base_); }
  ~PreflightTest() override {
    std::error_code ignored;
    std::filesystem::remove_all(base_, ignored);
  }

  // Makes the BITS policy key hold `values`.
  void BitsPolicies(std::vector<RegistryValue> values) {
    ON_CALL(system_, RegistryValues(std::wstring(kBitsPolicyKey), _))
        .WillByDefault([values](const std::wstring&, std::vector<RegistryValue>* out) {
          *out = values;
          return DWORD{ERROR_SUCCESS};
        });
  }

  // Makes the UAC key hold `values`.
  void UacValues(std::vector<RegistryValue> values) {
    ON_CALL(system_, RegistryValues(std::wstring(kUacPolicyKey), _))
        .WillByDefault([values](const std::wstring&, std::vector<RegistryValue>* out) {
          *out = values;
          return DWORD{ERROR_SUCCESS};
        });
  }

  void NotAnAdministrator() {
    ON_CALL(system_, ReadPlatformFacts).WillByDefault([] {
      PlatformFacts facts;
      facts.administrator_evidence = "CheckTokenMembership: BUILTIN\\Administrators is not enabled";
      return facts;
    });
  }

  std::vector<CheckResult> ScratchFolders(bool elevated = true) {
    AccountStore accounts(system_);
    std::vector<CheckResult> results =
        CheckScratchFolders(system_, base_.string(), accounts, elevated);
    accounts.DeleteAll();
    return results;
  }

  const std::filesystem::path base_ =
      std::filesystem::temp_directory_path() /
      ("bitscts-preflight-test-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  NiceMock<MockSystemApi> system_;
};

// ---- Lines ----

TEST_F(PreflightTest, EachLineNamesStatusCheckResultAndChange) {
  EXPECT_EQ(FormatCheck({CheckStatus::kWarn, "UAC", "EnableLUA 0", "turn it on"}),
            "[warn] UAC: EnableLUA 0; turn it on");
  EXPECT_EQ(FormatCheck({CheckStatus::kOk, "x", "y", "nothing to change"}),
            "[ok] x: y; nothing to change");
  EXPECT_EQ(FormatCheck({CheckStatus::kFail, "x", "y", "z"}), "[fail] x: y; z");
}

// ---- Elevation ----

TEST_F(PreflightTest, AnElevatedAdministratorPasses) {
  const CheckResult result = CheckElevation(system_);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(
      result.result,
      "MockSystemApi: the process is an administrator; TokenIsElevated 1, TokenElevationTypeFull");
}

TEST_F(PreflightTest, AFilteredTokenFailsWithWhatToChange) {
  NotAnAdministrator();
  ON_CALL(system_, ProcessElevation).WillByDefault([](ElevationFacts* facts) {
    facts->elevated = false;
    facts->type = 3;
    return DWORD{ERROR_SUCCESS};
  });
  const CheckResult result = CheckElevation(system_);
  EXPECT_EQ(result.status, CheckStatus::kFail);
  EXPECT_THAT(result.result,
              HasSubstr("is not enabled; TokenIsElevated 0, TokenElevationTypeLimited"));
  EXPECT_THAT(result.change, HasSubstr("Run as administrator"));
}

TEST_F(PreflightTest, AnUnreadableElevationIsReportedByName) {
  ON_CALL(system_, ProcessElevation).WillByDefault(Return(kAccessDeniedError));
  const CheckResult result = CheckElevation(system_);
  EXPECT_TRUE(result.ok()) << "Administrators is enabled, which is what decides";
  EXPECT_THAT(result.result,
              HasSubstr("GetTokenInformation(TokenElevation) -> E_ACCESSDENIED (0x80070005)"));
}

// ---- Interactive session ----

TEST_F(PreflightTest, AUsersVisibleSessionPasses) {
  const CheckResult result = CheckInteractiveSession(system_);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.result, "session 1, window station visible (WSF_VISIBLE)");
}

TEST_F(PreflightTest, SessionZeroFails) {
  ON_CALL(system_, ProcessSession).WillByDefault([](SessionFacts* facts) {
    facts->session_id = 0;
    facts->visible_station = false;
    return DWORD{ERROR_SUCCESS};
  });
  const CheckResult result = CheckInteractiveSession(system_);
  EXPECT_EQ(result.status, CheckStatus::kFail);
  EXPECT_THAT(result.result, HasSubstr("session 0"));
  EXPECT_THAT(result.change, HasSubstr("console or Remote Desktop logon"));
}

TEST_F(PreflightTest, AnInvisibleWindowStationFails) {
  ON_CALL(system_, ProcessSession).WillByDefault([](SessionFacts* facts) {
    facts->session_id = 2;
    facts->visible_station = false;
    return DWORD{ERROR_SUCCESS};
  });
  const CheckResult result = CheckInteractiveSession(system_);
  EXPECT_EQ(result.status, CheckStatus::kFail);
  EXPECT_THAT(result.result, HasSubstr("session 2, window station not visible"));
}

TEST_F(PreflightTest, AnUnreadableSessionFails) {
  ON_CALL(system_, ProcessSession).WillByDefault(Return(kAccessDeniedError));
  const CheckResult result = CheckInteractiveSession(system_);
  EXPECT_EQ(result.status, CheckStatus::kFail);
  EXPECT_EQ(result.result, "ProcessIdToSessionId -> E_ACCESSDENIED (0x80070005)");
}

// ---- UAC ----

TEST_F(PreflightTest, UacOnPasses) {
  const CheckResult result = CheckUac(system_);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.result, "EnableLUA 1, ConsentPromptBehaviorAdmin 5: UAC is on");
}

TEST_F(PreflightTest, UacOffWarns) {
  UacValues({{L"enablelua", win32::kRegDword, 0, {}}});  // registry names ignore case
  const CheckResult result = CheckUac(system_);
  EXPECT_EQ(result.status, CheckStatus::kWarn);
  EXPECT_THAT(result.result, HasSubstr("EnableLUA 0: UAC is off"));
  EXPECT_THAT(result.change, HasSubstr("turn UAC on"));
}

TEST_F(PreflightTest, AnUnknownUacStateWarns) {
  UacValues({{L"EnableLUA", win32::kRegSz, 0, L"1"}});
  EXPECT_THAT(CheckUac(system_).result, HasSubstr("has no REG_DWORD EnableLUA"));
  ON_CALL(system_, RegistryValues(std::wstring(kUacPolicyKey), _))
      .WillByDefault(Return(kAccessDeniedError));
  const CheckResult result = CheckUac(system_);
  EXPECT_EQ(result.status, CheckStatus::kWarn);
  EXPECT_THAT(result.result, HasSubstr("-> E_ACCESSDENIED"));
}

// ---- PowerShell remoting ----

TEST_F(PreflightTest, ARunningWinRmWithAListenerPasses) {
  EXPECT_CALL(system_, QueryService(std::wstring(L"WinRM"), _));
  EXPECT_CALL(system_, ConnectLoopback(kWinRmHttpPort));
  const CheckResult result = CheckPowerShellRemoting(system_);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.result,
            "WinRM service SERVICE_RUNNING, SERVICE_AUTO_START; connect(127.0.0.1:5985) accepted");
}

TEST_F(PreflightTest, AStoppedWinRmWarns) {
  ON_CALL(system_, QueryService).WillByDefault([](const std::wstring&, ServiceFacts* facts) {
    facts->start_type = 3;
    facts->state = 1;
    return DWORD{ERROR_SUCCESS};
  });
  EXPECT_CALL(system_, ConnectLoopback).Times(0);
  const CheckResult result = CheckPowerShellRemoting(system_);
  EXPECT_EQ(result.status, CheckStatus::kWarn);
  EXPECT_EQ(result.result, "WinRM service SERVICE_STOPPED, SERVICE_DEMAND_START");
  EXPECT_THAT(result.change, HasSubstr("Enable-PSRemoting -Force"));
}

TEST_F(PreflightTest, WinRmWithoutAListenerWarns) {
  ON_CALL(system_, ConnectLoopback).WillByDefault(Return(kConnectionRefused));
  const CheckResult result = CheckPowerShellRemoting(system_);
  EXPECT_EQ(result.status, CheckStatus::kWarn);
  EXPECT_THAT(result.result,
              HasSubstr(
                  "connect(127.0.0.1:5985) -> 0x8007274D (WSAECONNREFUSED): no HTTP listener"));
}

TEST_F(PreflightTest, NoWinRmServiceWarns) {
  ON_CALL(system_, QueryService).WillByDefault(Return(win32::kErrorServiceDoesNotExist));
  const CheckResult result = CheckPowerShellRemoting(system_);
  EXPECT_EQ(result.status, CheckStatus::kWarn);
  EXPECT_EQ(result.result, "QueryService(WinRM) -> 0x80070424 (ERROR_SERVICE_DOES_NOT_EXIST)");
}

// ---- Remote sessions: administrators' tokens, the Windows build, Remote Management Users ----

TEST_F(PreflightTest, AFullTokenPolicyPasses) {
  const CheckResult result = CheckRemoteTokenPolicy(system_);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(
      result.result,
      "LocalAccountTokenFilterPolicy 1: a local administrator's remote session has a full token");
}

TEST_F(PreflightTest, AMissingTokenPolicyWarnsWhatToSet) {
  UacValues({{L"EnableLUA", win32::kRegDword, 1, {}}});
  const CheckResult result = CheckRemoteTokenPolicy(system_);
  EXPECT_EQ(result.status, CheckStatus::kWarn);
  EXPECT_THAT(result.result, HasSubstr("has no LocalAccountTokenFilterPolicy (the default, 0)"));
  EXPECT_THAT(result.change,
              StartsWith(
                  "administrator owners in remote sessions get filtered tokens: set it to 1"));
  EXPECT_THAT(result.change, HasSubstr("/v LocalAccountTokenFilterPolicy /t REG_DWORD /d 1"));
}

TEST_F(PreflightTest, ATokenPolicyOtherThanOneWarns) {
  UacValues({{L"localaccounttokenfilterpolicy", win32::kRegDword, 0, {}}});
  EXPECT_EQ(CheckRemoteTokenPolicy(system_).status, CheckStatus::kWarn);
  UacValues({{L"LocalAccountTokenFilterPolicy", win32::kRegSz, 0,
              L"1"}});  // not a number: UAC ignores it
  const CheckResult result = CheckRemoteTokenPolicy(system_);
  EXPECT_EQ(result.status, CheckStatus::kWarn);
  EXPECT_THAT(result.result, StartsWith("LocalAccountTokenFilterPolicy \"1\": UAC filters"));
  ON_CALL(system_, RegistryValues(std::wstring(kUacPolicyKey), _))
      .WillByDefault(Return(kAccessDeniedError));
  EXPECT_THAT(CheckRemoteTokenPolicy(system_).result,
              HasSubstr("unknown: RegOpenKeyExW(HKLM\\SOFTWARE"));
}

TEST_F(PreflightTest, Windows1607AndLaterCountRemoteSessionsAsLogons) {
  for (const auto& [major, build] :
       {std::pair<std::uint32_t, std::uint32_t>{10, 14393}, {10, 26100}, {11, 0}}) {
    ON_CALL(system_, ReadPlatformFacts)
        .WillByDefault([version_major = major, version_build = build] {
          PlatformFacts facts;
          facts.major = version_major;
          facts.build = version_build;
          return facts;
        });
    EXPECT_TRUE(CheckRemoteSessionLogons(system_).ok()) << major << "." << build;
  }
}

TEST_F(PreflightTest, BeforeWindows1607RemoteSessionScenariosAreUnsupported) {
  for (const auto& [major, build] :
       {std::pair<std::uint32_t, std::uint32_t>{10, 14392}, {6, 9600}}) {
    ON_CALL(system_, ReadPlatformFacts)
        .WillByDefault([version_major = major, version_build = build] {
          PlatformFacts facts;
          facts.major = version_major;
          facts.minor = version_major == 6 ? 3 : 0;
          facts.build = version_build;
          facts.wine_version = "9.0";
          return facts;
        });
    const CheckResult result = CheckRemoteSessionLogons(system_);
    EXPECT_EQ(result.status, CheckStatus::kWarn);
    EXPECT_THAT(result.result, HasSubstr("only from 10.0.14393"));
    EXPECT_THAT(result.result,
                HasSubstr("(job owners, logoff, both administrator kinds) is unsupported here"));
    EXPECT_THAT(result.result, HasSubstr("(Wine 9.0)"));
  }
}

TEST_F(PreflightTest, RemoteManagementUsersIsFoundByItsSid) {
  EXPECT_CALL(system_, LookupAccountSidW(std::wstring(L"S-1-5-32-580"), _));
  const CheckResult result = CheckRemoteManagementUsers(system_);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.result,
            "S-1-5-32-580 is \"Utilisateurs de gestion a distance\": standard test accounts are "
            "made members of it");
}

TEST_F(PreflightTest, AMissingRemoteManagementUsersGroupWarns) {
  ON_CALL(system_, LookupAccountSidW).WillByDefault(Return(win32::kErrorNoneMapped));
  CheckResult result = CheckRemoteManagementUsers(system_);
  EXPECT_EQ(result.status, CheckStatus::kWarn);
  EXPECT_THAT(result.result, HasSubstr("(ERROR_NONE_MAPPED): no such group"));
  EXPECT_THAT(result.change, HasSubstr("Windows 8, Server 2012 or later"));
  ON_CALL(system_, LookupAccountSidW).WillByDefault(Return(kAccessDeniedError));
  result = CheckRemoteManagementUsers(system_);
  EXPECT_EQ(result.status, CheckStatus::kWarn);
  EXPECT_THAT(result.result, HasSubstr("-> E_ACCESSDENIED"));
}

// ---- The BITS service ----

TEST_F(PreflightTest, AStoppedBitsThatCanStartPasses) {
  ON_CALL(system_, QueryService(std::wstring(L"BITS"), _))
      .WillByDefault([](const std::wstring&, ServiceFacts* facts) {
        facts->start_type = 2;
        facts->state = 1;
        return DWORD{ERROR_SUCCESS};
      });
  const CheckResult result = CheckBitsService(system_);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.result, "BITS SERVICE_STOPPED, SERVICE_AUTO_START: COM activation starts it");
}

TEST_F(PreflightTest, ADisabledBitsFails) {
  ON_CALL(system_, QueryService).WillByDefault([](const std::wstring&, ServiceFacts* facts) {
    facts->start_type = 4;
    facts->state = 1;
    return DWORD{ERROR_SUCCESS};
  });
  const CheckResult result = CheckBitsService(system_);
  EXPECT_EQ(result.status, CheckStatus::kFail);
  EXPECT_THAT(result.result, HasSubstr("SERVICE_DISABLED: it cannot start"));
  EXPECT_THAT(result.change, HasSubstr("sc config BITS start= delayed-auto"));
}

TEST_F(PreflightTest, AMissingOrUnreadableBitsFails) {
  ON_CALL(system_, QueryService).WillByDefault(Return(win32::kErrorServiceDoesNotExist));
  EXPECT_THAT(CheckBitsService(system_).result, HasSubstr("this Windows has no BITS service"));
  EXPECT_EQ(CheckBitsService(system_).status, CheckStatus::kFail);
  ON_CALL(system_, QueryService).WillByDefault(Return(kAccessDeniedError));
  const CheckResult result = CheckBitsService(system_);
  EXPECT_EQ(result.status, CheckStatus::kFail);
  EXPECT_EQ(result.result, "QueryService(BITS) -> E_ACCESSDENIED (0x80070005)");
}

// ---- BITS group policy ----

TEST_F(PreflightTest, NoPolicyPasses) {
  const std::vector<CheckResult> results = CheckBitsPolicies(system_);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_THAT(results[0].result, HasSubstr("none configured"));
  BitsPolicies({});
  EXPECT_TRUE(CheckBitsPolicies(system_)[0].ok()) << "an empty key is no policy either";
}

TEST_F(PreflightTest, EachConfiguredPolicyIsJudged) {
  BitsPolicies({{L"MaxJobsPerUser", win32::kRegDword, 60, {}},
                {L"MaxFilesPerJob", win32::kRegDword, 10, {}},
                {L"JobInactivityTimeout", win32::kRegDword, 30, {}},
                {L"EnableBITSMaxBandwidth", win32::kRegDword, 1, {}},
                {L"MaxTransferRateOnSchedule", win32::kRegDword, 0, {}},
                {L"DisableBranchCache", win32::kRegDword, 1, {}},
                {L"SomethingNew", win32::kRegSz, 0, L"x"}});
  const std::vector<CheckResult> results = CheckBitsPolicies(system_);
  ASSERT_EQ(results.size(), 7u);
  EXPECT_THAT(results, ElementsAre(HasStatus(CheckStatus::kOk), HasStatus(CheckStatus::kFail),
                                   HasStatus(CheckStatus::kWarn), HasStatus(CheckStatus::kWarn),
                                   HasStatus(CheckStatus::kWarn), HasStatus(CheckStatus::kOk),
                                   HasStatus(CheckStatus::kWarn)));
  EXPECT_EQ(FormatCheck(results[1]),
            "[fail] BITS policy MaxFilesPerJob: 10 in "
            "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\BITS, not the "
            "documented default 200 that the scenarios about BITS' limits assume: their verdicts "
            "would be wrong; "
            "remove the policy (gpedit.msc: Computer Configuration > Administrative Templates > "
            "Network > Background "
            "Intelligent Transfer Service) and run gpupdate /force");
  EXPECT_THAT(results[2].result, HasSubstr("the scenarios assume the default (90 days)"));
  EXPECT_THAT(results[3].result, HasSubstr("BG_E_BLOCKED_BY_POLICY"));
  EXPECT_THAT(results[4].result, HasSubstr("part of a bandwidth limit"));
  EXPECT_THAT(results[6].result, HasSubstr("\"x\" in HKLM"));
  EXPECT_THAT(results[6].result, HasSubstr("a value this check does not know"));
}

TEST_F(PreflightTest, AnUnreadablePolicyKeyWarns) {
  ON_CALL(system_, RegistryValues(std::wstring(kBitsPolicyKey), _))
      .WillByDefault(Return(kAccessDeniedError));
  const std::vector<CheckResult> results = CheckBitsPolicies(system_);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, CheckStatus::kWarn);
  EXPECT_THAT(results[0].result,
              HasSubstr(
                  "not read: RegOpenKeyExW(HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\BITS)"));
}

// ---- Scratch folders ----

TEST_F(PreflightTest, EveryProvisionedKindWritesInAFolderGrantedToIt) {
  EXPECT_CALL(system_, GrantFolderAccess(_, std::wstring(MockSystemApi::kAccountSid)))
      .Times(4);  // own folder, root
  EXPECT_CALL(system_, ImpersonateLoggedOnUser).Times(2);
  EXPECT_CALL(system_, CreateAndDeleteFile).Times(5);  // the runner once, each account twice
  const std::vector<CheckResult> results = ScratchFolders();
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok()) << FormatCheck(results[0]);
  EXPECT_EQ(results[0].check, "scratch folder for the runner");
  EXPECT_THAT(results[0].result,
              StartsWith("BCryptGenRandom -> S_OK (0x00000000); CreateDirectoryW(" +
                         (base_ / "bitscts-preflight-").string()));
  EXPECT_TRUE(results[1].ok()) << FormatCheck(results[1]);
  EXPECT_EQ(results[1].check, "scratch folder for a standard test account");
  EXPECT_THAT(results[1].result,
              AllOf(HasSubstr("wrote in the scratch folder and in a folder granted to it"),
                    HasSubstr("GrantFolderAccess("), HasSubstr("ImpersonateLoggedOnUser -> S_OK"),
                    HasSubstr("CreateAndDeleteFile(")));
  EXPECT_TRUE(results[2].ok());
  EXPECT_EQ(results[2].check, "scratch folder for an administrator test account");
  EXPECT_TRUE(std::filesystem::is_empty(base_)) << "every folder the check made is gone";
}

// The run grants each account the scratch folder; a folder where that grant does not let it write
// (an inherited deny entry) fails.
TEST_F(PreflightTest, AnAccountThatCannotWriteInTheScratchFolderFails) {
  ON_CALL(system_, CreateAndDeleteFile).WillByDefault([](const std::wstring& path) {
    const bool in_root = path.ends_with(L".tmp") && !path.ends_with(L"write-check.tmp");
    return in_root ? kAccessDeniedError
                   : DWORD{ERROR_SUCCESS};  // the runner's own check ends in write-check.tmp
  });
  const std::vector<CheckResult> results = ScratchFolders();
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].status, CheckStatus::kFail);
  EXPECT_THAT(
      results[1].result,
      HasSubstr(
          "cannot write in a folder made and granted to it as a run makes its scratch folder"));
  EXPECT_THAT(results[1].result,
              HasSubstr("-1001) -> S_OK (0x00000000); LogonUserW"));  // the grant on the folder
  EXPECT_THAT(results[1].result, HasSubstr(".tmp) -> E_ACCESSDENIED (0x80070005)"));
  EXPECT_THAT(results[1].change, HasSubstr("without inherited deny entries"));
  EXPECT_EQ(results[2].status, CheckStatus::kFail);
}

TEST_F(PreflightTest, AnAccountThatCannotWriteInItsOwnFolderFails) {
  int writes = 0;
  ON_CALL(system_, CreateAndDeleteFile).WillByDefault([&writes](const std::wstring&) {
    return ++writes == 1 ? DWORD{ERROR_SUCCESS}
                         : kAccessDeniedError;  // the runner may, the accounts may not
  });
  const std::vector<CheckResult> results = ScratchFolders();
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(results[1].status, CheckStatus::kFail);
  EXPECT_THAT(results[1].result, HasSubstr("cannot write even in a folder granted to it"));
  EXPECT_THAT(results[1].result, HasSubstr("-> E_ACCESSDENIED (0x80070005); RevertToSelf -> S_OK"));
  EXPECT_THAT(results[1].change, HasSubstr("set TMP and TEMP"));
}

TEST_F(PreflightTest, AnAccountThatCannotLogOnWarns) {
  ON_CALL(system_, ImpersonateLoggedOnUser).WillByDefault(Return(kInvalidHandleError));
  const std::vector<CheckResult> results = ScratchFolders();
  EXPECT_EQ(results[1].status, CheckStatus::kWarn);
  EXPECT_THAT(results[1].result, HasSubstr("could not be logged on to write as it"));
  EXPECT_THAT(results[1].result, HasSubstr("ImpersonateLoggedOnUser -> E_HANDLE"));
  EXPECT_THAT(results[1].change, HasSubstr("Allow log on locally"));
}

TEST_F(PreflightTest, AnAccountThatCannotBeCreatedWarns) {
  ON_CALL(system_, NetUserAdd).WillByDefault(Return(kAccessDeniedError));
  const std::vector<CheckResult> results = ScratchFolders();
  EXPECT_EQ(results[1].status, CheckStatus::kWarn);
  EXPECT_THAT(results[1].result, HasSubstr("not checked: creating the account failed"));
}

TEST_F(PreflightTest, AFolderThatCannotBeGrantedFails) {
  ON_CALL(system_, GrantFolderAccess).WillByDefault(Return(kAccessDeniedError));
  const std::vector<CheckResult> results = ScratchFolders();
  EXPECT_EQ(results[1].status, CheckStatus::kFail);
  EXPECT_THAT(results[1].result, HasSubstr("no folder could be made for it"));
}

TEST_F(PreflightTest, WithoutElevationNoAccountIsCreated) {
  EXPECT_CALL(system_, NetUserAdd).Times(0);
  const std::vector<CheckResult> results = ScratchFolders(false);
  EXPECT_EQ(results[1].status, CheckStatus::kWarn);
  EXPECT_THAT(results[1].result,
              HasSubstr("not checked: creating a test account needs an elevated administrator"));
}

TEST_F(PreflightTest, AScratchFolderThatCannotBeMadeFails) {
  ON_CALL(system_, CreateDirectoryW).WillByDefault(Return(kAccessDeniedError));
  const std::vector<CheckResult> results = ScratchFolders();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, CheckStatus::kFail);
  EXPECT_THAT(results[0].result, HasSubstr("a run cannot make its scratch folder"));
}

TEST_F(PreflightTest, AScratchFolderTheRunnerCannotWriteFails) {
  ON_CALL(system_, CreateAndDeleteFile).WillByDefault(Return(kAccessDeniedError));
  EXPECT_EQ(ScratchFolders()[0].status, CheckStatus::kFail);
}

TEST_F(PreflightTest, ABrokenRandomSourceFails) {
  ON_CALL(system_, BCryptGenRandom).WillByDefault(Return(LONG{-1}));
  const std::vector<CheckResult> results = ScratchFolders();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_THAT(results[0].result, HasSubstr("no folder name"));
}

TEST_F(PreflightTest, AScratchFolderLeftBehindWarns) {
  ON_CALL(system_, RemoveDirectoryW).WillByDefault(Return(kAccessDeniedError));
  const std::vector<CheckResult> results = ScratchFolders();
  EXPECT_EQ(results.back().check, "scratch folder clean-up");
  EXPECT_EQ(results.back().status, CheckStatus::kWarn);
}

// ---- The whole preflight ----

TEST_F(PreflightTest, AHealthyMachinePassesEveryCheckAndExitsZero) {
  EXPECT_CALL(system_, NetUserDel(StartsWith(L"bitscts-")))
      .Times(2);  // both test accounts are deleted
  const std::vector<CheckResult> results = RunPreflight(system_, {base_.string(), {}});
  std::ostringstream out;
  EXPECT_EQ(ReportPreflight(results, out), 0) << out.str();
  std::vector<std::string> checks;
  for (const CheckResult& result : results) checks.push_back(result.check);
  EXPECT_THAT(checks, ElementsAre("elevated", "interactive session", "UAC", "PowerShell remoting",
                                  "remote administrator tokens", "remote session logons",
                                  "Remote Management Users", "BITS service", "BITS group policy",
                                  "scratch folder for the runner",
                                  "scratch folder for a standard test account",
                                  "scratch folder for an administrator test account"));
  EXPECT_THAT(out.str(), StartsWith("[ok] elevated: "));
}

TEST_F(PreflightTest, AFailedCheckMakesTheExitCodeNonZero) {
  NotAnAdministrator();
  EXPECT_CALL(system_, NetUserAdd).Times(0);
  std::ostringstream out;
  EXPECT_EQ(ReportPreflight(RunPreflight(system_, {base_.string(), {}}), out), 1);
  EXPECT_THAT(out.str(), StartsWith("[fail] elevated: "));
  EXPECT_THAT(out.str(),
              HasSubstr("\n[warn] scratch folder for a standard test account: not checked"));
}

TEST_F(PreflightTest, WarningsAloneExitZero) {
  ON_CALL(system_, ConnectLoopback).WillByDefault(Return(kConnectionRefused));
  std::ostringstream out;
  EXPECT_EQ(ReportPreflight(RunPreflight(system_, {base_.string(), {}}), out), 0);
  EXPECT_THAT(out.str(), HasSubstr("[warn] PowerShell remoting: "));
}

TEST_F(PreflightTest, AccountsThatCannotBeDeletedAreReported) {
  ON_CALL(system_, NetUserDel).WillByDefault(Return(kAccessDeniedError));
  const std::vector<CheckResult> results = RunPreflight(system_, {base_.string(), {}});
  EXPECT_EQ(results.back().check, "test accounts clean-up");
  EXPECT_EQ(results.back().status, CheckStatus::kWarn);
}

TEST_F(PreflightTest, MakeFolderForStopsAtAFolderThatCannotBeCreated) {
  ON_CALL(system_, CreateDirectoryW).WillByDefault(Return(kAccessDeniedError));
  EXPECT_CALL(system_, GrantFolderAccess).Times(0);
  const CallLog log = MakeFolderFor(system_, (base_ / "x").string(), "S-1-5-21-1");
  EXPECT_FALSE(log.Succeeded());
  EXPECT_EQ(log.calls().size(), 1u);
}

TEST(CheckStatusTest, NamesAreTheLinePrefixes) {
  EXPECT_EQ(Name(CheckStatus::kOk), "ok");
  EXPECT_EQ(Name(CheckStatus::kWarn), "warn");
  EXPECT_EQ(Name(CheckStatus::kFail), "fail");
}

}  // namespace
}  // namespace bitscts::com
