// The com target's agent (`bitscts --agent`) against doubles of the Windows API and BITS: its
// logon becomes the identity of every later call, impersonating a helper pairs each
// ImpersonateLoggedOnUser with one RevertToSelf, and nothing is left open when it ends.
#include "bitscts/com/com_agent.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "mocks/mock_manager.h"
#include "mocks/mock_system_api.h"

namespace bitscts::com {
namespace {

using mocks::HandOut;
using mocks::MockManager;
using mocks::MockSystemApi;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::NiceMock;
using ::testing::Return;

constexpr char kOwnSid[] = "S-1-5-21-1000000001-1000000002-1000000003-1001";

class ComAgent : public ::testing::Test {
 protected:
  ComAgent() { ON_CALL(*system_, CoCreateInstance).WillByDefault(HandOut<3>(manager_)); }

  // Serves `requests` (one per line) and returns the answers.
  std::string Serve(const std::string& requests) {
    std::istringstream in(requests);
    std::ostringstream out;
    exit_code_ = ServeComAgentWith(system_, CallerSettings{}, in, out, diagnostics_);
    return out.str();
  }

  std::shared_ptr<NiceMock<MockSystemApi>> system_ = std::make_shared<NiceMock<MockSystemApi>>();
  NiceMock<MockManager> manager_;
  std::ostringstream diagnostics_;
  int exit_code_ = -1;
};

TEST_F(ComAgent, TheLoggedOnAccountIsTheIdentityUntilTheAgentEnds) {
  InSequence order;
  EXPECT_CALL(*system_, LogonUserW(std::wstring(L"bitscts-owner00001"), _, _, _, _, _));
  EXPECT_CALL(*system_, ImpersonateLoggedOnUser(MockSystemApi::kLogonToken));
  EXPECT_CALL(*system_, LookupAccountNameW(std::wstring(L"bitscts-owner00001"), _));
  EXPECT_CALL(*system_, RevertToSelf());
  EXPECT_CALL(*system_, CloseHandle(MockSystemApi::kLogonToken));
  const std::string answers = Serve("logon bitscts-owner00001 pw-owner\nsid\nbye\n");
  EXPECT_THAT(answers, HasSubstr(kOwnSid));
  EXPECT_EQ(exit_code_, 0);
}

TEST_F(ComAgent, ImpersonatingAHelperLeavesAndResumesTheOwnIdentity) {
  const HANDLE helper_token = reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(0x7002));
  ON_CALL(*system_, LogonUserW(std::wstring(L"bitscts-helper0001"), _, _, _, _, _))
      .WillByDefault([helper_token](auto&&, auto&&, auto&&, DWORD, DWORD, HANDLE* token) {
        *token = helper_token;
        return DWORD{0};
      });
  InSequence order;
  // logon
  EXPECT_CALL(*system_, ImpersonateLoggedOnUser(MockSystemApi::kLogonToken));
  // impersonate: back to the process identity, then the helper's
  EXPECT_CALL(*system_, RevertToSelf());
  EXPECT_CALL(*system_, ImpersonateLoggedOnUser(helper_token));
  // revert: the helper's logon ends, the account's identity returns
  EXPECT_CALL(*system_, RevertToSelf());
  EXPECT_CALL(*system_, CloseHandle(helper_token));
  EXPECT_CALL(*system_, ImpersonateLoggedOnUser(MockSystemApi::kLogonToken));
  // bye
  EXPECT_CALL(*system_, RevertToSelf());
  EXPECT_CALL(*system_, CloseHandle(MockSystemApi::kLogonToken));
  Serve(
      "logon bitscts-owner00001 pw-owner\ncredential bitscts-helper0001 pw-helper\n"
      "impersonate bitscts-helper0001 S-1-5-21-9 0\nrevert\nbye\n");
}

TEST_F(ComAgent, AFailedLogOnSaysWhyWithoutThePassword) {
  ON_CALL(*system_, LogonUserW).WillByDefault(Return(DWORD{1326}));  // ERROR_LOGON_FAILURE
  EXPECT_CALL(*system_, ImpersonateLoggedOnUser).Times(0);
  const std::string answers = Serve("logon bitscts-owner00001 pw-never-shown\nbye\n");
  EXPECT_THAT(diagnostics_.str(), HasSubstr("logging on as bitscts-owner00001 failed"));
  EXPECT_THAT(diagnostics_.str(), HasSubstr("ERROR_LOGON_FAILURE"));
  EXPECT_THAT(diagnostics_.str() + answers, ::testing::Not(HasSubstr("pw-never-shown")));
}

TEST_F(ComAgent, TheTokenRequestReportsTheTokenTheCallsAreMadeWith) {
  EXPECT_CALL(*system_, EffectiveTokenFacts).WillOnce([](TokenFacts* facts) {
    facts->impersonating = true;
    facts->elevation_type = 3;
    facts->administrators = AdministratorsInToken::kDenyOnly;
    return DWORD{ERROR_SUCCESS};
  });
  EXPECT_CALL(*system_, EffectiveTokenFacts)
      .WillOnce([](TokenFacts* facts) {
        facts->administrators = AdministratorsInToken::kAbsent;
        facts->elevation_type = 1;
        return DWORD{ERROR_SUCCESS};
      })
      .RetiresOnSaturation();
  EXPECT_EQ(Serve("token\ntoken\nbye\n"),
            "0x00000000 0 1 absent\n0x00000000 1 3 deny-only\n0x00000000\n");
}

TEST_F(ComAgent, AnUnreadableTokenIsAFailedAnswer) {
  ON_CALL(*system_, EffectiveTokenFacts).WillByDefault(Return(DWORD{5}));
  EXPECT_EQ(Serve("token\nbye\n"), "0x80070005 0 0 absent\n0x00000000\n");
}

TEST_F(ComAgent, TheDefaultTokenIsAnEnabledAdministratorsProcessToken) {
  EXPECT_EQ(Serve("token\nbye\n"), "0x00000000 0 2 enabled\n0x00000000\n");
}

TEST_F(ComAgent, AnAgentThatCannotReachBitsExitsWithTheReason) {
  ON_CALL(*system_, CoCreateInstance).WillByDefault(Return(static_cast<HRESULT>(0x80070422u)));
  Serve("bye\n");
  EXPECT_EQ(exit_code_, 3);
  EXPECT_THAT(diagnostics_.str(),
              HasSubstr("bitscts agent: no BackgroundCopyManager class could be activated"));
}

TEST_F(ComAgent, AnAnonymousAgentRefusedAtActivationAnswersTheRefusal) {
  ON_CALL(*system_, CoCreateInstance).WillByDefault(Return(E_ACCESSDENIED));
  std::istringstream in("create bitscts-anonymous\nbye\n");
  std::ostringstream out;
  exit_code_ =
      ServeComAgentWith(system_, CallerSettings{ImpersonationLevel::kAnonymous, Cloaking::kDynamic},
                        in, out, diagnostics_);
  EXPECT_EQ(exit_code_, 0) << diagnostics_.str();
  EXPECT_THAT(out.str(), HasSubstr("80070005")) << "CreateJob answers BITS's refusal";
}

}  // namespace
}  // namespace bitscts::com
