// The logon control: which site each LogonKind starts the agent in, and the RunAs site's process,
// ended on every path.
#include "logon_control.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "mocks/mock_system_api.h"
#include "secondary_logon_site.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Return;

// Records what the control asks of the target; its sites are made and described, never started.
class RecordingHost final : public LogonHost {
 public:
  Outcome<std::unique_ptr<Caller>> LogOn(const Principal& principal, CallerSettings) override {
    calls.push_back("LogOn(" + principal.name + ")");
    return {hr::kOk, nullptr};
  }
  Outcome<std::unique_ptr<Caller>> LogOnInSite(const Principal& principal, CallerSettings,
                                               const SiteMaker& make_site) override {
    calls.push_back("LogOnInSite(" + principal.name + ", " + make_site(password)->Describe() + ")");
    return {hr::kOk, nullptr};
  }
  std::vector<std::string> calls;
  const Secret password{L"Site-Pa55word"};
};

class LogonControlTest : public ::testing::Test {
 protected:
  NiceMock<MockSystemApi> system_;
  RemoteSessionRun sessions_;
  RecordingHost host_;
  ComLogonControl control_{system_, sessions_, host_};
  const Principal user_{"bitscts-user1", "S-1-5-21-1-2-3-1001", PrincipalKind::kStandardUser};
};

TEST_F(LogonControlTest, AnInteractiveLogonIsTheTargetsLogOn) {
  EXPECT_EQ(control_.LogOnAs(user_, {}, LogonKind::kInteractive).hr, hr::kOk);
  EXPECT_THAT(host_.calls, ::testing::ElementsAre("LogOn(bitscts-user1)"));
}

TEST_F(LogonControlTest, APowerShellRemoteLogonIsTheAccountsRemoteSession) {
  EXPECT_EQ(control_.LogOnAs(user_, {}, LogonKind::kPowerShellRemote).hr, hr::kOk);
  EXPECT_THAT(host_.calls,
              ::testing::ElementsAre(
                  "LogOnInSite(bitscts-user1, PowerShell remote session of bitscts-user1)"));
}

TEST_F(LogonControlTest, ASecondaryLogonIsARunAsOfTheAccount) {
  EXPECT_EQ(control_.LogOnAs(user_, {}, LogonKind::kSecondary).hr, hr::kOk);
  EXPECT_THAT(host_.calls,
              ::testing::ElementsAre("LogOnInSite(bitscts-user1, RunAs logon of bitscts-user1)"));
}

class SecondaryLogonSiteTest : public ::testing::Test {
 protected:
  NiceMock<MockSystemApi> system_;
  const Secret password_{L"RunAs-Pa55word"};
};

TEST_F(SecondaryLogonSiteTest, StartsTheCommandAsTheAccountAndWaitsForItsExit) {
  EXPECT_CALL(system_, CreateProcessWithLogonW(std::wstring(L"bitscts-user1"), std::wstring(L"."),
                                               _, std::wstring(L"agent.exe --agent"), _));
  SecondaryLogonSite site(system_, "bitscts-user1", password_);
  std::string evidence;
  ASSERT_EQ(site.Start(L"agent.exe --agent", &evidence), hr::kOk) << evidence;
  EXPECT_THAT(evidence, Not(HasSubstr("RunAs-Pa55word")));
  EXPECT_CALL(system_, TerminateProcess).Times(0);
  EXPECT_CALL(system_, CloseHandle(MockSystemApi::kRunAsProcess)).Times(1);
  EXPECT_EQ(site.End(std::chrono::milliseconds(1000), &evidence), hr::kOk);
  EXPECT_THAT(evidence, HasSubstr("exited with 0"));
  EXPECT_EQ(site.End(std::chrono::milliseconds(1000), &evidence), hr::kOk) << "nothing left to end";
}

TEST_F(SecondaryLogonSiteTest, AProcessThatDoesNotExitIsTerminated) {
  SecondaryLogonSite site(system_, "bitscts-user1", password_);
  std::string evidence;
  ASSERT_EQ(site.Start(L"agent.exe", &evidence), hr::kOk);
  EXPECT_CALL(system_, WaitForProcessExit(MockSystemApi::kRunAsProcess, _, _))
      .WillOnce(Return(win32::kWaitTimeout))
      .WillOnce(Return(DWORD{ERROR_SUCCESS}));
  EXPECT_CALL(system_, TerminateProcess(MockSystemApi::kRunAsProcess, _));
  EXPECT_CALL(system_, CloseHandle(MockSystemApi::kRunAsProcess)).Times(1);
  EXPECT_EQ(site.End(std::chrono::milliseconds(10), &evidence), FromWin32(win32::kErrorTimeout));
  EXPECT_THAT(evidence, HasSubstr("TerminateProcess"));
}

TEST_F(SecondaryLogonSiteTest, TheDestructorEndsAStartedProcess) {
  EXPECT_CALL(system_, CloseHandle(MockSystemApi::kRunAsProcess)).Times(1);
  SecondaryLogonSite site(system_, "bitscts-user1", password_);
  std::string evidence;
  ASSERT_EQ(site.Start(L"agent.exe", &evidence), hr::kOk);
}

TEST_F(SecondaryLogonSiteTest, AFailedStartLeavesNothingToEnd) {
  EXPECT_CALL(system_, CreateProcessWithLogonW).WillOnce(Return(DWORD{1326}));  // bad password
  EXPECT_CALL(system_, CloseHandle).Times(0);
  EXPECT_CALL(system_, WaitForProcessExit).Times(0);
  SecondaryLogonSite site(system_, "bitscts-user1", password_);
  std::string evidence;
  EXPECT_EQ(site.Start(L"agent.exe", &evidence), FromWin32(1326));
  EXPECT_THAT(evidence, HasSubstr("CreateProcessWithLogonW"));
  EXPECT_EQ(site.End(std::chrono::milliseconds(10), &evidence), hr::kOk);
}

}  // namespace
}  // namespace bitscts::com
