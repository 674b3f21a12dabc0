#include "bitscts/report/expectations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bitscts/report/input_error.h"
#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

std::string ErrorOf(std::string_view text) {
  try {
    ParseExpectations(text, "scenarios/expectations/windows.expect");
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(ReportExpectations, ReadsEntriesWithReasonLinkAndExpiry) {
  const ExpectationFile file = ReadExpectationsFile(testing::DataPath("expectations/wine.expect"));
  EXPECT_EQ(file.family, "wine");
  EXPECT_TRUE(file.strict);
  ASSERT_EQ(file.entries.size(), 2u);
  const Expectation& first = file.entries[0];
  EXPECT_EQ(first.scenario_id, "TokenOptionsQi.OwnJobAnswersQuery");
  EXPECT_EQ(first.verdict, Verdict::kUnsupported);
  EXPECT_EQ(first.reason, "Wine's qmgr does not implement IBitsTokenOptions");
  EXPECT_EQ(first.link, "https://gitlab.winehq.org/wine/wine/-/blob/master/dlls/qmgr/job.c");
  EXPECT_EQ(first.expires, std::nullopt);
  EXPECT_EQ(first.line, 3);
  const Expectation& second = file.entries[1];
  EXPECT_EQ(second.verdict, Verdict::kFail);
  EXPECT_EQ(second.expires, std::chrono::year_month_day(2099y / 12 / 31));
}

TEST(ReportExpectations, NotStrictUnlessTheFileSaysSo) {
  EXPECT_FALSE(ParseExpectations("# nothing\n", "x/model.expect").strict);
}

TEST(ReportExpectations, RejectsMalformedLinesNamingFileAndLine) {
  EXPECT_THAT(ErrorOf("strict\nA.B | pass | r | l\n"), HasSubstr("windows.expect:2: unknown expected verdict 'pass'"));
  EXPECT_THAT(ErrorOf("A.B | fail | r\n"), HasSubstr("windows.expect:1: expected 'scenario | verdict"));
  EXPECT_THAT(ErrorOf("A.B | fail | r | l | expires=2027-02-30\n"),
              HasSubstr(":1: 'expires=2027-02-30' is not a valid date"));
  EXPECT_THAT(ErrorOf("A.B | fail | r | l | until=2027-02-01\n"), HasSubstr(":1: the fifth field must be expires="));
  EXPECT_THAT(ErrorOf("lenient\n"), HasSubstr(":1: unknown directive 'lenient'"));
  EXPECT_THAT(ErrorOf("A.B | fail |  | l\n"), HasSubstr(":1: the reason is empty"));
  EXPECT_THAT(ErrorOf("A.B | fail | r | l\nA.B | error | r | l\n"), HasSubstr(":2: A.B is already listed on line 1"));
}

TEST(ReportExpectations, AnEntryExpiresTheDayAfterItsDate) {
  Expectation entry;
  entry.expires = 2027y / 3 / 31;
  EXPECT_FALSE(IsExpired(entry, 2027y / 3 / 30));
  EXPECT_FALSE(IsExpired(entry, 2027y / 3 / 31));
  EXPECT_TRUE(IsExpired(entry, 2027y / 4 / 1));
  entry.expires.reset();
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
