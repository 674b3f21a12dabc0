#include "bitscts/bits_types.h"

#include <gtest/gtest.h>

namespace bitscts {
namespace {

TEST(BitsTypes, StatesPrintBySdkName) {
  EXPECT_EQ(Name(JobState::kTransientError), "BG_JOB_STATE_TRANSIENT_ERROR");
  EXPECT_EQ(Name(static_cast<JobState>(42)), "BG_JOB_STATE_42");
}

TEST(BitsTypes, ContextsPrintBySdkName) {
  EXPECT_EQ(Name(ErrorContext::kLocalFile), "BG_ERROR_CONTEXT_LOCAL_FILE");
}

TEST(BitsTypes, TokenUsageNamesEveryBit) {
  EXPECT_EQ(TokenUsageName(0), "0");
  EXPECT_EQ(TokenUsageName(3), "BG_TOKEN_LOCAL_FILE|BG_TOKEN_NETWORK");
  EXPECT_EQ(TokenUsageName(0xFFFFFFFFu), "BG_TOKEN_LOCAL_FILE|BG_TOKEN_NETWORK|0xFFFFFFFC");
}

TEST(BitsTypes, NotifyFlagsNameEveryBit) {
  EXPECT_EQ(NotifyFlagsName(0), "0");
  EXPECT_EQ(NotifyFlagsName(notify::kJobTransferred | notify::kJobError),
            "BG_NOTIFY_JOB_TRANSFERRED|BG_NOTIFY_JOB_ERROR");
  EXPECT_EQ(NotifyFlagsName(0x44), "BG_NOTIFY_DISABLE|0x40");
}

TEST(BitsTypes, AuthenticationTargetsAndSchemesPrintBySdkName) {
  EXPECT_EQ(Name(AuthTarget::kProxy), "BG_AUTH_TARGET_PROXY");
  EXPECT_EQ(Name(AuthScheme::kNegotiate), "BG_AUTH_SCHEME_NEGOTIATE");
  EXPECT_EQ(Name(static_cast<AuthScheme>(6)), "BG_AUTH_SCHEME_6");
}

TEST(BitsTypes, OnlyAcknowledgedAndCancelledAreFinal) {
  for (int value = 0; value <= 8; ++value) {
    const auto state = static_cast<JobState>(value);
    EXPECT_EQ(IsFinal(state), state == JobState::kAcknowledged || state == JobState::kCancelled)
        << state;
  }
}

}  // namespace
}  // namespace bitscts
