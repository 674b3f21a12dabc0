#include "bitscts/expectations.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>

namespace bitscts {
namespace {

const ExpectationSet& Parsed(const std::variant<ExpectationSet, std::string>& result) {
  if (const auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << *error;
  static const ExpectationSet kEmpty;
  const auto* set = std::get_if<ExpectationSet>(&result);
  return set != nullptr ? *set : kEmpty;
}

std::string ErrorOf(const std::variant<ExpectationSet, std::string>& result) {
  const auto* error = std::get_if<std::string>(&result);
  return error != nullptr ? *error : "(parsed without error)";
}

TEST(Expectations, ParsesEntriesCommentsAndStrict) {
  const auto result = ParseExpectations(
      "# header\n"
      "strict\n"
      "\n"
      "A.B | unsupported | no interface | https://example.invalid/1   # trailing comment\n"
      "C.D | fail | wrong code | https://example.invalid/2 | expires=2027-01-31\n",
      "wine.expect");
  const ExpectationSet& set = Parsed(result);
  EXPECT_TRUE(set.strict());
  EXPECT_EQ(set.source(), "wine.expect");
  ASSERT_EQ(set.entries().size(), 2u);
  const Expectation* first = set.Find("A.B");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->expected, Verdict::kUnsupported);
  EXPECT_EQ(first->reason, "no interface");
  EXPECT_EQ(first->link, "https://example.invalid/1");
  EXPECT_EQ(first->line, 4);
  EXPECT_EQ(set.Find("C.D")->expires, "2027-01-31");
  EXPECT_EQ(set.Find("E.F"), nullptr);
}

TEST(Expectations, ALinksFragmentIsNoComment) {
  const auto result = ParseExpectations(
      "A.B | fail | stub | https://example.invalid/job.c#L340\n"
      "C.D | fail | stub | https://example.invalid/job.c#L148\t# a comment after a tab\n"
      "#E.F | fail | commented out | https://example.invalid/3\n",
      "wine.expect");
  const ExpectationSet& set = Parsed(result);
  ASSERT_EQ(set.entries().size(), 2u);
  EXPECT_EQ(set.Find("A.B")->link, "https://example.invalid/job.c#L340");
  EXPECT_EQ(set.Find("C.D")->link, "https://example.invalid/job.c#L148");
}

TEST(Expectations, BadLinesGiveOneLineErrorsWithTheirLocation) {
  EXPECT_EQ(ErrorOf(ParseExpectations("A.B | fail | reason\n", "x")),
            "x:1: expected 'scenario | verdict | reason | link [| expires=YYYY-MM-DD]'");
  EXPECT_EQ(ErrorOf(ParseExpectations("\nA.B | xfail | r | https://l\n", "x")),
            "x:2: expected verdict must be unsupported, fail, timeout, error or pass, not 'xfail'");
  EXPECT_EQ(ErrorOf(ParseExpectations("AB | fail | r | https://l\n", "x")),
            "x:1: bad scenario id 'AB' (expected Family.Name, needs:<feature> or *)");
  EXPECT_EQ(ErrorOf(ParseExpectations("needs:flying | unsupported | r | https://l\n", "x")),
            "x:1: bad scenario id 'needs:flying' (expected Family.Name, needs:<feature> or *)");
  EXPECT_EQ(ErrorOf(ParseExpectations("needs:logoff | fail | r | https://l\n", "x")),
            "x:1: a needs: entry can only expect unsupported");
  EXPECT_EQ(ErrorOf(ParseExpectations("A.B | fail |  | https://l\n", "x")),
            "x:1: an expectation needs a reason");
  EXPECT_EQ(ErrorOf(ParseExpectations("A.B | fail | r | nowhere\n", "x")),
            "x:1: an expectation needs a link (a URL)");
  EXPECT_EQ(ErrorOf(ParseExpectations("A.B | fail | r | https://l | expires=2027-13-01\n", "x")),
            "x:1: the fifth field must be expires=YYYY-MM-DD");
  EXPECT_EQ(ErrorOf(ParseExpectations("A.B | fail | r | https://l | expires=2027-02-30\n", "x")),
            "x:1: the fifth field must be expires=YYYY-MM-DD");
  EXPECT_EQ(ErrorOf(ParseExpectations("A.B | fail | r | https://l | expires=2028-02-29\n", "x")),
            "(parsed without error)");
  EXPECT_EQ(ErrorOf(ParseExpectations("A.B | fail | r | https://l\nA.B | error | r | https://l\n",
                                      "x")),
            "x:2: a second entry for A.B");
}

TEST(Expectations, NeedsEntriesAreFoundByFeatureName) {
  const auto result =
      ParseExpectations("needs:token-options | unsupported | BITS 3.0 | https://l\n", "x");
  const ExpectationSet& set = Parsed(result);
  ASSERT_NE(set.FindNeeds("token-options"), nullptr);
  EXPECT_EQ(set.FindNeeds("logoff"), nullptr);
  EXPECT_EQ(set.Find("token-options"), nullptr);
}

TEST(Expectations, ExpiryComparesDates) {
  Expectation entry;
  EXPECT_FALSE(HasExpired(entry, "2030-01-01"));
  entry.expires = "2026-11-23";
  EXPECT_FALSE(HasExpired(entry, "2026-11-23"));
  EXPECT_TRUE(HasExpired(entry, "2026-11-24"));
}

TEST(Expectations, TheAnyScenarioEntryIsFoundApart) {
  const auto parsed =
      ParseExpectations("strict\n* | fail | r | https://l\nA.B | pass | r | https://l\n",
                        "null.expect");
  ASSERT_TRUE(std::holds_alternative<ExpectationSet>(parsed)) << std::get<std::string>(parsed);
  const ExpectationSet& set = std::get<ExpectationSet>(parsed);
  ASSERT_NE(set.FindDefault(), nullptr);
  EXPECT_EQ(set.FindDefault()->expected, Verdict::kFail);
  EXPECT_EQ(set.Find("A.B")->expected, Verdict::kPass);
  EXPECT_EQ(set.Find("C.D"), nullptr);
}

TEST(Verdicts, FailureKindsFailTheRun) {
  EXPECT_TRUE(IsFailure(Verdict::kFail));
  EXPECT_TRUE(IsFailure(Verdict::kXpass));
  EXPECT_TRUE(IsFailure(Verdict::kTimeout));
  EXPECT_TRUE(IsFailure(Verdict::kError));
  EXPECT_FALSE(IsFailure(Verdict::kPass));
  EXPECT_FALSE(IsFailure(Verdict::kUnsupported));
  EXPECT_FALSE(IsFailure(Verdict::kXfail));
  EXPECT_EQ(ParseVerdict("xpass"), Verdict::kXpass);
  EXPECT_EQ(ParseVerdict("skip"), std::nullopt);
}

}  // namespace
}  // namespace bitscts
