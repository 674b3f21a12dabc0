// Setting a helper token: every failure reported by name (defects D1, D2), the impersonation
// reverted and the logon token closed exactly once on every path, and the job cancelled when the
// helper token could not be set.
#include "helper_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/mock_job.h"
#include "mocks/mock_system_api.h"
#include "mocks/mock_token_options.h"

namespace bitscts::com {
namespace {

using mocks::HandOut;
using mocks::IidIs;
using mocks::MockJob;
using mocks::MockSystemApi;
using mocks::MockTokenOptions;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::StrictMock;

constexpr DWORD kLogonFailure = 1326;    // ERROR_LOGON_FAILURE
constexpr DWORD kInvalidHandle = 6;      // ERROR_INVALID_HANDLE
constexpr DWORD kAccessDeniedError = 5;  // ERROR_ACCESS_DENIED

class HelperToken : public ::testing::Test {
 protected:
  const Secret password_{L"Helper-Pa55word-0123456789"};
  NiceMock<MockSystemApi> system_;
  StrictMock<MockTokenOptions> options_;
  NiceMock<MockJob> job_;

  void TearDown() override { mocks::ExpectAllReleased(options_, job_); }

  // Runs the helper-token sequence for the helper account with `flags`.
  HelperTokenOutcome RunSucceeding(std::uint32_t flags) {
    return SetHelperTokenAs(system_, options_, "bitscts-helper0001", password_, flags);
  }
};

TEST_F(HelperToken, SequenceRunsInTheDocumentedOrder) {
  InSequence order;
  EXPECT_CALL(system_, LogonUserW(std::wstring(L"bitscts-helper0001"), std::wstring(L"."), _,
                                  static_cast<DWORD>(LOGON32_LOGON_INTERACTIVE),
                                  static_cast<DWORD>(LOGON32_PROVIDER_DEFAULT), _));
  EXPECT_CALL(system_, ImpersonateLoggedOnUser(MockSystemApi::kLogonToken));
  EXPECT_CALL(options_, SetHelperToken()).WillOnce(Return(S_OK));
  EXPECT_CALL(options_,
              SetHelperTokenFlags(static_cast<DWORD>(BG_TOKEN_LOCAL_FILE | BG_TOKEN_NETWORK)))
      .WillOnce(Return(S_OK));
  EXPECT_CALL(system_, RevertToSelf());
  EXPECT_CALL(system_, CloseHandle(MockSystemApi::kLogonToken));

  const HelperTokenOutcome outcome = RunSucceeding(token_usage::kLocalFile | token_usage::kNetwork);
  EXPECT_TRUE(outcome.Succeeded()) << outcome.calls;
  EXPECT_EQ(outcome.hr(), hr::kOk);
  EXPECT_EQ(outcome.calls.ToString(),
            "LogonUserW(bitscts-helper0001) -> S_OK (0x00000000); ImpersonateLoggedOnUser -> S_OK "
            "(0x00000000); "
            "SetHelperToken -> S_OK (0x00000000); "
            "SetHelperTokenFlags(BG_TOKEN_LOCAL_FILE|BG_TOKEN_NETWORK) -> S_OK (0x00000000); "
            "RevertToSelf -> S_OK (0x00000000); CloseHandle -> S_OK (0x00000000)");
}

TEST_F(HelperToken, FailedLogonIsReportedAndNothingElseIsCalled) {  // D1
  EXPECT_CALL(system_, LogonUserW).WillOnce(Return(kLogonFailure));
  EXPECT_CALL(system_, ImpersonateLoggedOnUser).Times(0);
  EXPECT_CALL(system_, RevertToSelf).Times(0);
  EXPECT_CALL(system_, CloseHandle).Times(0);

  const HelperTokenOutcome outcome = RunSucceeding(token_usage::kLocalFile);
  EXPECT_FALSE(outcome.Succeeded());
  EXPECT_EQ(outcome.hr(), FromWin32(kLogonFailure));
  ASSERT_NE(outcome.calls.FirstFailure(), nullptr);
  EXPECT_EQ(outcome.calls.FirstFailure()->call, "LogonUserW(bitscts-helper0001)");
  EXPECT_THAT(outcome.calls.ToString(),
              HasSubstr("HRESULT_FROM_WIN32(ERROR_LOGON_FAILURE) (0x8007052E)"));
}

TEST_F(HelperToken, FailedImpersonationIsReportedRevertedOnceAndClosedOnce) {  // D2
  InSequence order;
  EXPECT_CALL(system_, LogonUserW);
  EXPECT_CALL(system_, ImpersonateLoggedOnUser).WillOnce(Return(kInvalidHandle));
  EXPECT_CALL(system_, RevertToSelf).Times(1);
  EXPECT_CALL(system_, CloseHandle).Times(1);

  const HelperTokenOutcome outcome = RunSucceeding(token_usage::kLocalFile);
  EXPECT_EQ(outcome.hr(), hr::kInvalidHandle);
  EXPECT_EQ(outcome.calls.FirstFailure()->call, "ImpersonateLoggedOnUser");
  EXPECT_THAT(outcome.calls.ToString(),
              HasSubstr("ImpersonateLoggedOnUser -> E_HANDLE (0x80070006)"));
}

TEST_F(HelperToken, AccessDeniedFromSetHelperTokenIsReportedByNameAndFlagsAreNotSet) {
  InSequence order;
  EXPECT_CALL(options_, SetHelperToken()).WillOnce(Return(E_ACCESSDENIED));
  EXPECT_CALL(system_, RevertToSelf).Times(1);
  EXPECT_CALL(system_, CloseHandle).Times(1);

  const HelperTokenOutcome outcome = RunSucceeding(token_usage::kLocalFile);
  EXPECT_EQ(outcome.hr(), hr::kAccessDenied);
  EXPECT_THAT(outcome.calls.ToString(), HasSubstr("SetHelperToken -> E_ACCESSDENIED (0x80070005)"));
  EXPECT_FALSE(outcome.calls.Contains("SetHelperTokenFlags(BG_TOKEN_LOCAL_FILE)"));
}

TEST_F(HelperToken, FailedToImpersonateFromSetHelperTokenIsReportedByName) {
  EXPECT_CALL(options_, SetHelperToken()).WillOnce(Return(static_cast<HRESULT>(0x80010123u)));
  const HelperTokenOutcome outcome = RunSucceeding(token_usage::kLocalFile);
  EXPECT_EQ(outcome.hr(), hr::kFailedToImpersonate);
  EXPECT_THAT(outcome.calls.ToString(),
              HasSubstr("SetHelperToken -> CO_E_FAILEDTOIMPERSONATE (0x80010123)"));
}

TEST_F(HelperToken, FailedSetHelperTokenFlagsIsReportedAndStillRevertsAndCloses) {
  InSequence order;
  EXPECT_CALL(options_, SetHelperToken()).WillOnce(Return(S_OK));
  EXPECT_CALL(options_, SetHelperTokenFlags(static_cast<DWORD>(BG_TOKEN_NETWORK)))
      .WillOnce(Return(E_INVALIDARG));
  EXPECT_CALL(system_, RevertToSelf).Times(1);
  EXPECT_CALL(system_, CloseHandle).Times(1);

  const HelperTokenOutcome outcome = RunSucceeding(token_usage::kNetwork);
  EXPECT_EQ(outcome.hr(), hr::kInvalidArg);
  EXPECT_EQ(outcome.calls.FirstFailure()->call, "SetHelperTokenFlags(BG_TOKEN_NETWORK)");
}

TEST_F(HelperToken, FailedRevertToSelfIsReportedAndTheTokenIsStillClosed) {
  EXPECT_CALL(options_, SetHelperToken()).WillOnce(Return(S_OK));
  EXPECT_CALL(options_, SetHelperTokenFlags).WillOnce(Return(S_OK));
  EXPECT_CALL(system_, RevertToSelf).WillOnce(Return(kAccessDeniedError));
  EXPECT_CALL(system_, CloseHandle).Times(1);

  const HelperTokenOutcome outcome = RunSucceeding(token_usage::kLocalFile);
  EXPECT_EQ(outcome.hr(), hr::kAccessDenied);
  EXPECT_EQ(outcome.calls.FirstFailure()->call, "RevertToSelf");
}

TEST_F(HelperToken, FailedCloseHandleIsReported) {
  EXPECT_CALL(options_, SetHelperToken()).WillOnce(Return(S_OK));
  EXPECT_CALL(options_, SetHelperTokenFlags).WillOnce(Return(S_OK));
  EXPECT_CALL(system_, CloseHandle).WillOnce(Return(kInvalidHandle));
  const HelperTokenOutcome outcome = RunSucceeding(token_usage::kLocalFile);
  EXPECT_EQ(outcome.hr(), hr::kInvalidHandle);
  EXPECT_EQ(outcome.calls.FirstFailure()->call, "CloseHandle");
}

TEST_F(HelperToken, JobKeepsRunningWhenTheHelperTokenWasSet) {
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(HandOut<1>(options_));
  EXPECT_CALL(options_, SetHelperToken()).WillOnce(Return(S_OK));
  EXPECT_CALL(options_, SetHelperTokenFlags).WillOnce(Return(S_OK));
  EXPECT_CALL(job_, Cancel).Times(0);

  const HelperTokenOutcome outcome = SetHelperTokenOrCancelJob(system_, job_, "bitscts-helper0001",
                                                               password_, token_usage::kLocalFile);
  EXPECT_TRUE(outcome.Succeeded()) << outcome.calls;
  EXPECT_FALSE(outcome.job_cancelled);
}

TEST_F(HelperToken, TokenOptionsAreQueriedBeforeImpersonating) {  // D10, HT-QI-1
  InSequence order;
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(HandOut<1>(options_));
  EXPECT_CALL(system_, LogonUserW);
  EXPECT_CALL(system_, ImpersonateLoggedOnUser);
  EXPECT_CALL(options_, SetHelperToken()).WillOnce(Return(S_OK));
  EXPECT_CALL(options_, SetHelperTokenFlags).WillOnce(Return(S_OK));
  SetHelperTokenOrCancelJob(system_, job_, "bitscts-helper0001", password_,
                            token_usage::kLocalFile);
}

TEST_F(HelperToken, FailedSetHelperTokenCancelsTheJob) {
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(HandOut<1>(options_));
  EXPECT_CALL(options_, SetHelperToken()).WillOnce(Return(E_ACCESSDENIED));
  EXPECT_CALL(job_, Cancel).WillOnce(Return(S_OK));

  const HelperTokenOutcome outcome = SetHelperTokenOrCancelJob(system_, job_, "bitscts-helper0001",
                                                               password_, token_usage::kLocalFile);
  EXPECT_EQ(outcome.hr(), hr::kAccessDenied);
  EXPECT_TRUE(outcome.job_cancelled);
  EXPECT_EQ(outcome.calls.calls().back().call, "Cancel");
}

TEST_F(HelperToken, FailedSetHelperTokenFlagsCancelsTheJob) {
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(HandOut<1>(options_));
  EXPECT_CALL(options_, SetHelperToken()).WillOnce(Return(S_OK));
  EXPECT_CALL(options_, SetHelperTokenFlags).WillOnce(Return(E_INVALIDARG));
  EXPECT_CALL(job_, Cancel).WillOnce(Return(S_OK));

  const HelperTokenOutcome outcome = SetHelperTokenOrCancelJob(system_, job_, "bitscts-helper0001",
                                                               password_, token_usage::kLocalFile);
  EXPECT_EQ(outcome.hr(), hr::kInvalidArg);
  EXPECT_TRUE(outcome.job_cancelled);
}

TEST_F(HelperToken, FailedLogonCancelsTheJob) {  // D1: the job must not run as its owner alone
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(HandOut<1>(options_));
  EXPECT_CALL(system_, LogonUserW).WillOnce(Return(kLogonFailure));
  EXPECT_CALL(job_, Cancel).WillOnce(Return(S_OK));
  const HelperTokenOutcome outcome = SetHelperTokenOrCancelJob(system_, job_, "bitscts-helper0001",
                                                               password_, token_usage::kLocalFile);
  EXPECT_EQ(outcome.hr(), FromWin32(kLogonFailure));
  EXPECT_TRUE(outcome.job_cancelled);
}

TEST_F(HelperToken, MissingTokenOptionsInterfaceCancelsTheJobWithoutLoggingOn) {
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(Return(E_NOINTERFACE));
  EXPECT_CALL(system_, LogonUserW).Times(0);
  EXPECT_CALL(job_, Cancel).WillOnce(Return(S_OK));
  const HelperTokenOutcome outcome = SetHelperTokenOrCancelJob(system_, job_, "bitscts-helper0001",
                                                               password_, token_usage::kLocalFile);
  EXPECT_EQ(outcome.hr(), hr::kNoInterface);
  EXPECT_THAT(outcome.calls.ToString(),
              HasSubstr("QueryInterface(IID_IBitsTokenOptions) -> E_NOINTERFACE"));
  EXPECT_TRUE(outcome.job_cancelled);
}

TEST_F(HelperToken, QueryInterfaceSucceedingWithoutAnInterfaceIsAFailure) {
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _))
      .WillOnce([](REFIID, void** object) {
        *object = nullptr;
        return S_OK;
      });
  EXPECT_CALL(job_, Cancel).WillOnce(Return(S_OK));
  const HelperTokenOutcome outcome = SetHelperTokenOrCancelJob(system_, job_, "bitscts-helper0001",
                                                               password_, token_usage::kLocalFile);
  EXPECT_EQ(outcome.hr(), hr::kPointer);
  EXPECT_TRUE(outcome.job_cancelled);
}

TEST_F(HelperToken, FailedCancelIsReportedAndNotClaimed) {
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(Return(E_NOINTERFACE));
  EXPECT_CALL(job_, Cancel).WillOnce(Return(BG_E_INVALID_STATE));
  const HelperTokenOutcome outcome = SetHelperTokenOrCancelJob(system_, job_, "bitscts-helper0001",
                                                               password_, token_usage::kLocalFile);
  EXPECT_FALSE(outcome.job_cancelled);
  EXPECT_THAT(outcome.calls.ToString(), HasSubstr("Cancel -> BG_E_INVALID_STATE"));
}

}  // namespace
}  // namespace bitscts::com
