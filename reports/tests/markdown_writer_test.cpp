#include "bitscts/report/markdown_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Summary(const Report& report) {
  std::ostringstream out;
  WriteMarkdownSummary(BuildMatrix(report), out);
  return out.str();
}

TEST(ReportMarkdownWriter, SummaryOfTheSamplesMatchesTheGoldenFile) {
  EXPECT_TRUE(testing::MatchesGolden(testing::NormaliseTimes(Summary(testing::ReadAllRuns())),
                                     "summary.md"));
}

TEST(ReportMarkdownWriter, EscapesTextThatWouldBreakTheTable) {
  const std::string summary = Summary(testing::ReadSamples({"runs/wine-win7.xml"}));
  EXPECT_THAT(summary,
              HasSubstr("QI returned &lt;E\\_NOINTERFACE&gt; &amp; then \\\\x01\\\\x1B\\[31mred"));
  EXPECT_THAT(summary, Not(HasSubstr("<E_NOINTERFACE>")));
  // Every table row is one line with the table's five columns.
  std::istringstream lines(summary.substr(summary.find("### Failures")));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    if (line.empty() || line.front() != '|') continue;
    std::size_t unescaped_bars = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++unescaped_bars;
    }
    EXPECT_EQ(unescaped_bars, 6u) << line;
  }
}

TEST(ReportMarkdownWriter, SaysSoWhenNothingFailed) {
  const std::string summary = Summary(testing::ReadSamples({"runs/model-19045.xml"}));
  EXPECT_THAT(summary, HasSubstr("4 scenario(s) on 1 target(s): no failures.\n"));
  EXPECT_THAT(summary, Not(HasSubstr("### Failures")));
}

}  // namespace
}  // namespace bitscts::report
