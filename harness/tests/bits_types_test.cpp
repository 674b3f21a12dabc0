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

TEST(BitsTypes, OnlyAcknowledgedAndCancelledAreFinal) {
  for (int value = 0; value <= 8; ++value) {
    const auto state = static_cast<JobState>(value);
    EXPECT_EQ(IsFinal(state), state == JobState::kAcknowledged || state == JobState::kCancelled)
        << state;
  }
}

}  // namespace
}  // namespace bitscts
