#include "bitscts/report/expectations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <variant>

#include "bitscts/report/input_error.h"
#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr const char* kPath = "scenarios/expectations/windows.expect";

std::string ErrorOf(std::string_view text) {
  try {
    ParseExpectations(text, kPath);
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

// Returns the harness parser's error for `text`, or "no error".
std::string HarnessErrorOf(std::string_view text) {
  const auto parsed = ::bitscts::ParseExpectations(text, kPath);
  const auto* error = std::get_if<std::string>(&parsed);
  return error != nullptr ? *error : "no error";
}

TEST(ReportExpectations, ReadsEntriesWithReasonLinkAndExpiry) {
  const ExpectationFile file = ReadExpectationsFile(testing::DataPath("expectations/wine.expect"));
  EXPECT_EQ(file.family, "wine");
  EXPECT_TRUE(file.strict);
  ASSERT_EQ(file.entries.size(), 2u);
  const Expectation& first = file.entries[0];
  EXPECT_EQ(first.scenario_id, "TokenOptionsQi.OwnJobAnswersQuery");
  EXPECT_EQ(first.expected, Verdict::kUnsupported);
  EXPECT_EQ(first.reason, "Wine's qmgr does not implement IBitsTokenOptions");
  EXPECT_EQ(first.link, "https://gitlab.winehq.org/wine/wine/-/blob/master/dlls/qmgr/job.c");
  EXPECT_EQ(first.expires, "");
  EXPECT_EQ(first.line, 3);
  const Expectation& second = file.entries[1];
  EXPECT_EQ(second.expected, Verdict::kFail);
  EXPECT_EQ(second.expires, "2099-12-31");
}

TEST(ReportExpectations, NotStrictUnlessTheFileSaysSo) {
  EXPECT_FALSE(ParseExpectations("# nothing\n", "x/model.expect").strict);
}

TEST(ReportExpectations, AcceptsWhatTheRunnerAccepts) {
  const ExpectationFile file = ParseExpectations(
      "needs:token-options | unsupported | BITS 3.0 | https://example.invalid/1\n"
      "A.B | fail | r | https://example.invalid/2  # a trailing comment\n",
      "x/model.expect");
  ASSERT_EQ(file.entries.size(), 2u);
  EXPECT_EQ(file.entries[0].scenario_id, "needs:token-options");
  EXPECT_EQ(file.entries[1].link, "https://example.invalid/2");
}

TEST(ReportExpectations, RejectsMalformedLinesNamingFileAndLine) {
  EXPECT_THAT(ErrorOf("strict\nA.B | xpass | r | https://l\n"),
              HasSubstr("windows.expect:2: expected verdict must be unsupported, fail, timeout, "
                        "error or pass, not 'xpass'"));
  EXPECT_THAT(ErrorOf("* | unsupported | r | https://l\n"),
              HasSubstr("windows.expect:1: the * entry can only expect fail"));
  EXPECT_THAT(ErrorOf("needs:tls | pass | r | https://l\n"),
              HasSubstr("windows.expect:1: a needs: entry can only expect unsupported"));
  EXPECT_THAT(ErrorOf("A.B | fail | r\n"),
              HasSubstr("windows.expect:1: expected 'scenario | verdict"));
  EXPECT_THAT(ErrorOf("A.B | fail | r | https://l | expires=2027-02-30\n"),
              HasSubstr(":1: the fifth field must be expires=YYYY-MM-DD"));
  EXPECT_THAT(ErrorOf("A.B | fail | r | https://l | until=2027-02-01\n"),
              HasSubstr(":1: the fifth field must be expires="));
  EXPECT_THAT(ErrorOf("lenient\n"), HasSubstr(":1: unknown directive 'lenient'"));
  EXPECT_THAT(ErrorOf("A.B | fail |  | https://l\n"),
              HasSubstr(":1: an expectation needs a reason"));
  EXPECT_THAT(ErrorOf("A.B | fail | r | nowhere\n"), HasSubstr(":1: an expectation needs a link"));
  EXPECT_THAT(ErrorOf("AB | fail | r | https://l\n"), HasSubstr(":1: bad scenario id 'AB'"));
  EXPECT_THAT(ErrorOf("A.B | fail | r | https://l\nA.B | error | r | https://l\n"),
              HasSubstr(":2: a second entry for A.B"));
}

TEST(ReportExpectations, ErrorsAreTheHarnessParsersOwn) {
  for (const char* text : {"A.B | pass | r | https://l\n", "lenient\n",
                           "A.B | fail | r | nowhere\n", "needs:logoff | fail | r | https://l\n",
                           "A.B | fail | r | https://l | expires=2027-13-01\n"}) {
    EXPECT_EQ(ErrorOf(text), HarnessErrorOf(text)) << text;
  }
}

TEST(ReportExpectations, AnEntryExpiresTheDayAfterItsDate) {
  Expectation entry;
  entry.expires = "2027-03-31";
  EXPECT_FALSE(IsExpired(entry, 2027y / 3 / 30));
  EXPECT_FALSE(IsExpired(entry, 2027y / 3 / 31));
  EXPECT_TRUE(IsExpired(entry, 2027y / 4 / 1));
  entry.expires.clear();
  EXPECT_FALSE(IsExpired(entry, 2999y / 1 / 1));
}

TEST(ReportExpectations, DatesParseOnlyInTheirOneForm) {
  EXPECT_EQ(ParseDate("2028-02-29"), std::chrono::year_month_day(2028y / 2 / 29));
  EXPECT_EQ(ParseDate("2027-02-29"), std::nullopt);
  EXPECT_EQ(ParseDate("2027-3-31"), std::nullopt);
  EXPECT_EQ(ParseDate("2027-03-31 "), std::nullopt);
  EXPECT_EQ(FormatDate(2027y / 3 / 1), "2027-03-01");
}

}  // namespace
}  // namespace bitscts::report
