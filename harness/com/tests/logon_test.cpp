// The clean-up guarantees of LogonToken and Impersonation when their explicit ends are skipped.
#include "logon.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <utility>

#include "mocks/mock_system_api.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::NiceMock;
using ::testing::Return;

const Secret& Password() {
  static const Secret password(L"Logon-Pa55word");
  return password;
}

TEST(Logon, TokenIsClosedByItsDestructorWhenCloseWasSkipped) {
  NiceMock<MockSystemApi> system;
  EXPECT_CALL(system, CloseHandle(MockSystemApi::kLogonToken)).Times(1);
  CallLog log;
  LogonToken token = LogonToken::LogOn(system, "bitscts-a", Password(), log);
  EXPECT_TRUE(token.is_open());
}

TEST(Logon, MovedTokenIsClosedOnceByItsNewOwner) {
  NiceMock<MockSystemApi> system;
  EXPECT_CALL(system, CloseHandle).Times(1);
  CallLog log;
  LogonToken first = LogonToken::LogOn(system, "bitscts-a", Password(), log);
  LogonToken second(std::move(first));
  // NOLINTNEXTLINE(bugprone-use-after-move): the moved-from state is specified
  EXPECT_FALSE(first.is_open());
  second.Close(log);
  second.Close(log);
  EXPECT_EQ(log.calls().size(), 2u);  // LogonUserW and one CloseHandle
}

TEST(Logon, FailedLogonYieldsAClosedTokenEvenIfAHandleWasWritten) {
  NiceMock<MockSystemApi> system;
  EXPECT_CALL(system, LogonUserW).WillOnce([](auto&&, auto&&, auto&&, DWORD, DWORD, HANDLE* token) {
    *token = MockSystemApi::kLogonToken;
    return DWORD{1326};
  });
  EXPECT_CALL(system, CloseHandle).Times(0);
  CallLog log;
  const LogonToken token = LogonToken::LogOn(system, "bitscts-a", Password(), log);
  EXPECT_FALSE(token.is_open());
  EXPECT_EQ(log.Result(), FromWin32(1326));
}

TEST(Logon, ImpersonationIsRevertedByItsDestructorWhenEndWasSkipped) {
  NiceMock<MockSystemApi> system;
  EXPECT_CALL(system, RevertToSelf).Times(1);
  CallLog log;
  LogonToken token = LogonToken::LogOn(system, "bitscts-a", Password(), log);
  {
    Impersonation impersonation = Impersonation::Begin(system, token, log);
    EXPECT_TRUE(impersonation.active());
  }
  token.Close(log);
}

TEST(Logon, MovedImpersonationIsRevertedOnce) {
  NiceMock<MockSystemApi> system;
  EXPECT_CALL(system, RevertToSelf).Times(1);
  CallLog log;
  LogonToken token = LogonToken::LogOn(system, "bitscts-a", Password(), log);
  Impersonation first = Impersonation::Begin(system, token, log);
  Impersonation second(std::move(first));
  EXPECT_FALSE(first.active());  // NOLINT(bugprone-use-after-move)
  second.End(log);
  second.End(log);
  EXPECT_FALSE(second.active());
}

TEST(Logon, ImpersonatingAClosedTokenDoesNothing) {
  NiceMock<MockSystemApi> system;
  EXPECT_CALL(system, LogonUserW).WillOnce(Return(DWORD{1326}));
  EXPECT_CALL(system, ImpersonateLoggedOnUser).Times(0);
  EXPECT_CALL(system, RevertToSelf).Times(0);
  CallLog log;
  LogonToken token = LogonToken::LogOn(system, "bitscts-a", Password(), log);
  Impersonation impersonation = Impersonation::Begin(system, token, log);
  EXPECT_FALSE(impersonation.active());
  impersonation.End(log);
}

TEST(Logon, BatchLogonCanBeAskedFor) {
  NiceMock<MockSystemApi> system;
  EXPECT_CALL(system,
              LogonUserW(std::wstring(L"bitscts-a"), std::wstring(L"."), ::testing::_,
                         static_cast<DWORD>(LOGON32_LOGON_BATCH), ::testing::_, ::testing::_));
  CallLog log;
  LogonToken token = LogonToken::LogOn(system, "bitscts-a", Password(), log, LOGON32_LOGON_BATCH);
  token.Close(log);
}

}  // namespace
}  // namespace bitscts::com
