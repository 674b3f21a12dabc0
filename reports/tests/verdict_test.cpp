#include "bitscts/report/verdict.h"

#include <gtest/gtest.h>

namespace bitscts::report {
namespace {

TEST(ReportVerdict, NamesRoundTrip) {
  for (const Verdict verdict : AllVerdicts()) {
    EXPECT_EQ(ParseVerdict(Name(verdict)), verdict) << Name(verdict);
  }
  EXPECT_EQ(AllVerdicts().size(), 7u);
}

TEST(ReportVerdict, UnknownNamesAreRejected) {
  EXPECT_EQ(ParseVerdict("skipped"), std::nullopt);
  EXPECT_EQ(ParseVerdict("PASS"), std::nullopt);
  EXPECT_EQ(ParseVerdict(""), std::nullopt);
}

TEST(ReportVerdict, FailureVerdictsAreFailXpassTimeoutAndError) {
  EXPECT_FALSE(IsFailure(Verdict::kPass));
  EXPECT_FALSE(IsFailure(Verdict::kUnsupported));
  EXPECT_FALSE(IsFailure(Verdict::kXfail));
  EXPECT_TRUE(IsFailure(Verdict::kFail));
  EXPECT_TRUE(IsFailure(Verdict::kXpass));
  EXPECT_TRUE(IsFailure(Verdict::kTimeout));
  EXPECT_TRUE(IsFailure(Verdict::kError));
}

}  // namespace
}  // namespace bitscts::report
