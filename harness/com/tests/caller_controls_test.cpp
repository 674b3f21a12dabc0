// The com target's caller controls against the SystemApi double: shaped thread tokens
// (TokenShapeControl), a second CoInitializeSecurity (SecurityControl) and the message pump of a
// single-threaded caller (ApartmentControl), for the target's own caller in this process and for
// an agent's caller through the agent's verbs (ServeComAgentWith); and the old Caller methods
// forwarded to them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <variant>

#include "apartment_control.h"
#include "bitscts/com/com_agent.h"
#include "bitscts/com/com_target.h"
#include "control_of.h"
#include "mocks/mock_manager.h"
#include "mocks/mock_system_api.h"
#include "process_caller.h"
#include "security_control.h"
#include "token_shape.h"
#include "token_shape_control.h"

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

const HANDLE kRestricted = reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(0x7004));
const Principal kHelper{"bitscts-helper0001", "S-1-5-21-1-2-3-1002", PrincipalKind::kStandardUser};

// A JobSource with no jobs: the controls never ask it for any.
class NoJobs final : public JobSource {
 public:
  Outcome<std::unique_ptr<Job>> CreateJob(const std::string&) override {
    return {hr::kNotImpl, nullptr};
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string&) override {
    return {hr::kNotImpl, nullptr};
  }
};

class CallerControlsTest : public ::testing::Test {
 protected:
  CallerControlsTest() { caller_.Remember(kHelper.name, Secret(L"Helper-Pa55word")); }

  NiceMock<MockSystemApi> system_;
  NoJobs jobs_;
  ProcessCaller caller_{jobs_, system_};
};

TEST_F(CallerControlsTest, AnIdentificationTokenIsADuplicateAtThatLevelOnTheThread) {
  InSequence order;
  EXPECT_CALL(system_, LogonUserW(std::wstring(L"bitscts-helper0001"), _, _, _, _, _));
  EXPECT_CALL(system_, CreateRestrictedToken).Times(0);
  EXPECT_CALL(system_, DuplicateTokenEx(MockSystemApi::kLogonToken, 1u, _));  // Identification
  EXPECT_CALL(system_, CloseHandle(MockSystemApi::kLogonToken));
  EXPECT_CALL(system_, ImpersonateLoggedOnUser(MockSystemApi::kShapedToken));
  EXPECT_CALL(system_, RevertToSelf());
  EXPECT_CALL(system_, CloseHandle(MockSystemApi::kShapedToken));
  ComTokenShapeControl control(caller_);
  EXPECT_EQ(control.ImpersonateWith(caller_, kHelper,
                                    TokenShape{ImpersonationLevel::kIdentify, false}),
            hr::kOk)
      << caller_.last_calls();
  EXPECT_EQ(caller_.RevertToSelf(), hr::kOk);
}

TEST_F(CallerControlsTest, ARestrictedTokenIsRestrictedThenDuplicatedAndEveryTokenClosed) {
  InSequence order;
  EXPECT_CALL(system_, CreateRestrictedToken(MockSystemApi::kLogonToken, _))
      .WillOnce([](HANDLE, HANDLE* restricted) {
        *restricted = kRestricted;
        return DWORD{0};
      });
  EXPECT_CALL(system_, CloseHandle(MockSystemApi::kLogonToken));
  EXPECT_CALL(system_, DuplicateTokenEx(kRestricted, 2u, _));  // Impersonation
  EXPECT_CALL(system_, CloseHandle(kRestricted));
  EXPECT_CALL(system_, ImpersonateLoggedOnUser(MockSystemApi::kShapedToken));
  EXPECT_CALL(system_, RevertToSelf());
  EXPECT_CALL(system_, CloseHandle(MockSystemApi::kShapedToken));
  EXPECT_EQ(caller_.ImpersonateShaped(kHelper, TokenShape{ImpersonationLevel::kImpersonate, true}),
            hr::kOk)
      << caller_.last_calls();
  EXPECT_EQ(caller_.RevertToSelf(), hr::kOk);
}

TEST_F(CallerControlsTest, AFailedShapeLeavesNoTokenOpenAndTheThreadAsItself) {
  EXPECT_CALL(system_, DuplicateTokenEx).WillOnce(Return(win32::kErrorAccessDenied));
  EXPECT_CALL(system_, CloseHandle(MockSystemApi::kLogonToken));
  EXPECT_CALL(system_, ImpersonateLoggedOnUser).Times(0);
  EXPECT_EQ(caller_.ImpersonateShaped(kHelper, TokenShape{ImpersonationLevel::kIdentify, false}),
            hr::kAccessDenied);
  EXPECT_THAT(caller_.last_calls().ToString(), HasSubstr("DuplicateTokenEx"));
}

TEST_F(CallerControlsTest, AnUnknownPrincipalIsAnInvalidArgument) {
  EXPECT_CALL(system_, LogonUserW).Times(0);
  EXPECT_EQ(caller_.ImpersonateShaped(Principal{"stranger", "S-1-5-21-9", {}}, TokenShape{}),
            hr::kInvalidArg);
}

TEST_F(CallerControlsTest, SecondSecurityReturnsCoInitializeSecuritysHresultUnchanged) {
  EXPECT_CALL(system_, CoInitializeSecurity(RPC_C_AUTHN_LEVEL_CONNECT, 2u, EOAC_STATIC_CLOAKING))
      .WillOnce(Return(static_cast<HRESULT>(0x80010119)));  // RPC_E_TOO_LATE
  ComSecurityControl control(system_, caller_);
  EXPECT_EQ(control.InitializeSecurityAgain(caller_, CallerSettings{ImpersonationLevel::kIdentify,
                                                                    Cloaking::kStatic}),
            hr::kTooLate);
}

TEST_F(CallerControlsTest, OnlyASingleThreadedCallerPumps) {
  EXPECT_CALL(system_, PumpMessages).Times(1);
  EXPECT_EQ(ComApartmentControl(system_, caller_, Apartment::kSingleThreaded).PumpMessages(caller_),
            hr::kOk);
  EXPECT_EQ(ComApartmentControl(system_, caller_, Apartment::kMultithreaded).PumpMessages(caller_),
            hr::kOk)
      << "a multithreaded caller has nothing to dispatch";
}

TEST_F(CallerControlsTest, ACallerOfAnotherTargetIsAnInvalidArgument) {
  ProcessCaller stranger(jobs_, system_);
  EXPECT_EQ(ComTokenShapeControl(caller_).ImpersonateWith(stranger, kHelper, TokenShape{}),
            hr::kInvalidArg);
  EXPECT_EQ(ComSecurityControl(system_, caller_).InitializeSecurityAgain(stranger, {}),
            hr::kInvalidArg);
  EXPECT_EQ(ComApartmentControl(system_, caller_, Apartment::kMultithreaded).PumpMessages(stranger),
            hr::kInvalidArg);
}

TEST(TokenShape, LevelsAreTheSecurityImpersonationLevels) {
  EXPECT_EQ(SecurityImpersonationLevel(ImpersonationLevel::kAnonymous), 0u);
  EXPECT_EQ(SecurityImpersonationLevel(ImpersonationLevel::kIdentify), 1u);
  EXPECT_EQ(SecurityImpersonationLevel(ImpersonationLevel::kImpersonate), 2u);
  EXPECT_EQ(SecurityImpersonationLevel(ImpersonationLevel::kDefault), 2u);
  EXPECT_EQ(SecurityImpersonationLevel(ImpersonationLevel::kDelegate), 3u);
}

// ---- Through the com target: the old Caller methods, and the agent's verbs ----

class ControlsThroughTheTarget : public ::testing::Test {
 protected:
  ControlsThroughTheTarget() {
    ON_CALL(*system_, CoCreateInstance).WillByDefault(HandOut<3>(manager_));
  }

  std::unique_ptr<Target> Connect(CallerSettings settings = {}) {
    ComOptions options;
    options.security = settings;
    auto made = ConnectComTarget(system_, options);
    if (auto* error = std::get_if<std::string>(&made)) {
      ADD_FAILURE() << *error;
      return nullptr;
    }
    return std::move(std::get<std::unique_ptr<Target>>(made));
  }

  // Serves `requests` in an agent with `settings` and returns the answers.
  std::string Serve(CallerSettings settings, const std::string& requests) {
    std::istringstream in(requests);
    std::ostringstream out;
    std::ostringstream diagnostics;
    ServeComAgentWith(system_, settings, in, out, diagnostics);
    return out.str();
  }

  std::shared_ptr<NiceMock<MockSystemApi>> system_ = std::make_shared<NiceMock<MockSystemApi>>();
  NiceMock<MockManager> manager_;
};

TEST_F(ControlsThroughTheTarget, TheRunnersCallerReachesTheControls) {
  std::unique_ptr<Target> target = Connect();
  ASSERT_TRUE(target);
  Caller& runner = target->CurrentCaller();
  EXPECT_CALL(*system_, CoInitializeSecurity).WillOnce(Return(static_cast<HRESULT>(0x80010119)));
  EXPECT_EQ(ControlOf<SecurityControl>(*target).InitializeSecurityAgain(runner, CallerSettings{}),
            hr::kTooLate);
  EXPECT_EQ(ControlOf<ApartmentControl>(*target).PumpMessages(runner), hr::kOk);
  EXPECT_EQ(ControlOf<TokenShapeControl>(*target).ImpersonateWith(runner, kHelper, TokenShape{}),
            hr::kInvalidArg)
      << "the helper's password was never given to this target";
}

TEST_F(ControlsThroughTheTarget, ASingleThreadedAgentJoinsTheStaAndPumpsOnItsVerb) {
  CallerSettings settings;
  settings.apartment = Apartment::kSingleThreaded;
  InSequence order;
  EXPECT_CALL(*system_, CoInitializeEx(COINIT_APARTMENTTHREADED));
  EXPECT_CALL(*system_, AdmitCallsOnlyWhilePumping());
  EXPECT_CALL(*system_, PumpMessages).Times(1);
  const std::string answers = Serve(settings, "pump\nbye\n");
  EXPECT_THAT(answers, HasSubstr("0x00000000"));
}

TEST_F(ControlsThroughTheTarget, ASingleThreadedAgentWhoseFilterIsRefusedDoesNotServe) {
  CallerSettings settings;
  settings.apartment = Apartment::kSingleThreaded;
  EXPECT_CALL(*system_, AdmitCallsOnlyWhilePumping)
      .WillOnce(Return(static_cast<HRESULT>(0x80004021)));  // CO_E_NOT_SUPPORTED
  EXPECT_EQ(Serve(settings, "pump\nbye\n"), "") << "the agent exits before serving";
}

TEST_F(ControlsThroughTheTarget, AMultithreadedAgentHasNothingToPump) {
  EXPECT_CALL(*system_, CoInitializeEx(COINIT_MULTITHREADED));
  EXPECT_CALL(*system_, AdmitCallsOnlyWhilePumping).Times(0);
  EXPECT_CALL(*system_, PumpMessages).Times(0);
  Serve(CallerSettings{}, "pump\nbye\n");
}

TEST_F(ControlsThroughTheTarget, AnAgentsSecondSecurityIsItsOwnProcesss) {
  EXPECT_CALL(*system_, CoInitializeSecurity)
      .WillOnce(Return(S_OK))                               // the agent connecting
      .WillOnce(Return(static_cast<HRESULT>(0x80010119)));  // the verb
  const std::string answers = Serve(CallerSettings{}, "security-again 3 2\nbye\n");
  EXPECT_THAT(answers, HasSubstr("0x80010119"));
}

TEST_F(ControlsThroughTheTarget, AnAgentShapesTheTokenOfAHelperItWasGiven) {
  EXPECT_CALL(*system_, DuplicateTokenEx(MockSystemApi::kLogonToken, 1u, _));
  EXPECT_CALL(*system_, ImpersonateLoggedOnUser(MockSystemApi::kShapedToken));
  Serve(CallerSettings{},
        "credential bitscts-helper0001 pw-helper\n"
        "impersonate-with bitscts-helper0001 S-1-5-21-1-2-3-1002 0 2 0\nrevert\nbye\n");
}

TEST_F(ControlsThroughTheTarget, ReconnectingMakesANewManagerOfTheSameClass) {
  std::unique_ptr<Target> target = Connect();
  ASSERT_TRUE(target);
  EXPECT_CALL(*system_, CoCreateInstance).WillOnce(HandOut<3>(manager_));
  EXPECT_EQ(ReconnectComTarget(*target), hr::kOk);
  EXPECT_CALL(*system_, CoCreateInstance).WillOnce(Return(static_cast<HRESULT>(0x800706BA)));
  EXPECT_EQ(ReconnectComTarget(*target), HResult{0x800706BAu}) << "RPC_S_SERVER_UNAVAILABLE";
}

TEST_F(ControlsThroughTheTarget, RestartServiceStopsAndStartsBits) {
  std::unique_ptr<Target> target = Connect();
  ASSERT_TRUE(target);
  EXPECT_CALL(*system_, StopService(std::wstring(L"BITS"), _, _));
  EXPECT_CALL(*system_, StartServiceW(std::wstring(L"BITS")));
  EXPECT_EQ(ControlOf<ServiceControl>(*target).RestartService(), hr::kOk);
}

}  // namespace
}  // namespace bitscts::com
