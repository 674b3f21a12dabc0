#include "bitscts/com/call_log.h"

#include <gtest/gtest.h>

#include <sstream>

namespace bitscts::com {
namespace {

TEST(CallLog, EmptyLogSucceedsWithSOk) {
  const CallLog log;
  EXPECT_TRUE(log.Succeeded());
  EXPECT_EQ(log.Result(), hr::kOk);
  EXPECT_EQ(log.FirstFailure(), nullptr);
  EXPECT_EQ(log.ToString(), "");
}

TEST(CallLog, FirstFailureDecidesTheResult) {
  CallLog log;
  EXPECT_EQ(log.Add("LogonUserW(bitscts-a)", hr::kOk), hr::kOk);
  log.Add("ImpersonateLoggedOnUser", hr::kInvalidHandle);
  log.Add("RevertToSelf", hr::kAccessDenied);
  EXPECT_FALSE(log.Succeeded());
  EXPECT_EQ(log.Result(), hr::kInvalidHandle);
  ASSERT_NE(log.FirstFailure(), nullptr);
  EXPECT_EQ(log.FirstFailure()->call, "ImpersonateLoggedOnUser");
  EXPECT_TRUE(log.Contains("RevertToSelf"));
  EXPECT_FALSE(log.Contains("CloseHandle"));
}

TEST(CallLog, PrintsEveryCallWithItsResultByName) {
  CallLog log;
  log.Add("SetHelperToken", hr::kOk);
  log.Add("SetHelperTokenFlags(BG_TOKEN_LOCAL_FILE)", hr::kAccessDenied);
  std::ostringstream out;
  out << log;
  EXPECT_EQ(out.str(),
            "SetHelperToken -> S_OK (0x00000000); SetHelperTokenFlags(BG_TOKEN_LOCAL_FILE) -> "
            "E_ACCESSDENIED (0x80070005)");
}

TEST(CallLog, AppendKeepsTheOrder) {
  CallLog first;
  first.Add("a", hr::kOk);
  CallLog second;
  second.Add("b", hr::kFail);
  first.Append(second);
  ASSERT_EQ(first.calls().size(), 2u);
  EXPECT_EQ(first.calls()[1].call, "b");
  EXPECT_EQ(first.Result(), hr::kFail);
}

}  // namespace
}  // namespace bitscts::com
