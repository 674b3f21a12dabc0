// ComServiceControl against the SystemApi double: BITS is stopped, started and waited for in that
// order, then reconnected; a service that does not come back fails the restart with the state it
// was seen in.
#include "service_control.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "mocks/mock_system_api.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::_;
using ::testing::DoAll;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::SetArgPointee;

constexpr std::chrono::milliseconds kPatience{1234};

class ServiceControlTest : public ::testing::Test {
 protected:
  NiceMock<MockSystemApi> system_;
  int reconnects_ = 0;
  HResult reconnect_answer_ = hr::kOk;
  ComServiceControl control_{system_,
                             [this] {
                               ++reconnects_;
                               return reconnect_answer_;
                             },
                             kPatience};
};

// Returns a ServiceFacts in `state`.
ServiceFacts InState(DWORD state) {
  ServiceFacts facts;
  facts.state = state;
  return facts;
}

TEST_F(ServiceControlTest, BitsIsStoppedStartedAwaitedAndReconnectedInThatOrder) {
  {
    InSequence order;
    EXPECT_CALL(system_, StopService(std::wstring(L"BITS"), kPatience, _));
    EXPECT_CALL(system_, StartServiceW(std::wstring(L"BITS")));
    EXPECT_CALL(system_, AwaitServiceRunning(std::wstring(L"BITS"), kPatience, _));
  }
  EXPECT_EQ(control_.RestartService(), hr::kOk) << control_.last_calls();
  EXPECT_EQ(reconnects_, 1);
  EXPECT_TRUE(control_.last_failure().empty());
}

TEST_F(ServiceControlTest, AServiceAlreadyRunningAgainCountsAsStarted) {
  EXPECT_CALL(system_, StartServiceW).WillOnce(Return(DWORD{1056}));  // ALREADY_RUNNING
  EXPECT_EQ(control_.RestartService(), hr::kOk) << control_.last_calls();
  EXPECT_EQ(reconnects_, 1);
}

TEST_F(ServiceControlTest, AServiceThatDoesNotStopIsNotStartedAndItsStateIsSaid) {
  EXPECT_CALL(system_, StopService)
      .WillOnce(DoAll(SetArgPointee<2>(InState(win32::kServiceStopPending)),
                      Return(win32::kErrorTimeout)));
  EXPECT_CALL(system_, StartServiceW).Times(0);
  EXPECT_EQ(control_.RestartService(), FromWin32(win32::kErrorTimeout));
  EXPECT_THAT(control_.last_failure(), HasSubstr("stopping BITS"));
  EXPECT_THAT(control_.last_failure(), HasSubstr("SERVICE_STOP_PENDING"));
  EXPECT_EQ(reconnects_, 0);
}

TEST_F(ServiceControlTest, AServiceThatStopsAgainWhileStartingFailsWithItsExitCode) {
  ServiceFacts stopped = InState(win32::kServiceStopped);
  stopped.exit_code = 1067;  // ERROR_PROCESS_ABORTED
  EXPECT_CALL(system_, AwaitServiceRunning)
      .WillOnce(DoAll(SetArgPointee<2>(stopped), Return(DWORD{0})));
  EXPECT_EQ(control_.RestartService(), FromWin32(win32::kErrorServiceNotActive));
  EXPECT_THAT(control_.last_failure(), HasSubstr("SERVICE_STOPPED, exit code 1067"));
  EXPECT_EQ(reconnects_, 0);
}

TEST_F(ServiceControlTest, AServiceStillStartingAtTheDeadlineFailsWithItsState) {
  EXPECT_CALL(system_, AwaitServiceRunning)
      .WillOnce(DoAll(SetArgPointee<2>(InState(win32::kServiceStartPending)),
                      Return(win32::kErrorTimeout)));
  EXPECT_EQ(control_.RestartService(), FromWin32(win32::kErrorTimeout));
  EXPECT_THAT(control_.last_failure(), HasSubstr("SERVICE_START_PENDING"));
}

TEST_F(ServiceControlTest, AFailedStartIsReturned) {
  EXPECT_CALL(system_, StartServiceW).WillOnce(Return(win32::kErrorAccessDenied));
  EXPECT_CALL(system_, AwaitServiceRunning).Times(0);
  EXPECT_EQ(control_.RestartService(), hr::kAccessDenied);
  EXPECT_THAT(control_.last_failure(), HasSubstr("starting BITS"));
}

TEST_F(ServiceControlTest, AFailedReconnectionIsTheRestartsFailure) {
  reconnect_answer_ = hr::kClassNotRegistered;
  EXPECT_EQ(control_.RestartService(), hr::kClassNotRegistered);
  EXPECT_THAT(control_.last_failure(), HasSubstr("reconnecting to BITS"));
}

TEST(ServiceStateName, NamesTheStatesAndNumbersOthers) {
  EXPECT_EQ(ServiceStateName(win32::kServiceRunning), "SERVICE_RUNNING");
  EXPECT_EQ(ServiceStateName(win32::kServiceStopped), "SERVICE_STOPPED");
  EXPECT_EQ(ServiceStateName(99), "state 99");
}

}  // namespace
}  // namespace bitscts::com
