#include "bitscts/report/markdown_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "bitscts/report/regression.h"
#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

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
  EXPECT_THAT(summary, HasSubstr("**Nothing fails.** No baseline to compare with.\n"));
  EXPECT_THAT(summary, HasSubstr("4 scenario(s) on 1 target(s): 🟢 pass 4\n"));
  EXPECT_THAT(summary, Not(HasSubstr("### Failures")));
}

// The headline and the regressions come before the targets and the failures.
TEST(ReportMarkdownWriter, OpensWithTheRegressionsSinceTheBaseline) {
  const Report baseline = testing::ReadDirectories({"lead/baseline"});
  const Report current = testing::ReadDirectories({"lead/current"});
  const BaselineComparison comparison{baseline.Targets(),
                                      CheckRegressions(baseline, current, {}, 2026y / 11 / 23)};
  std::ostringstream out;
  WriteMarkdownSummary(BuildMatrix(current), out, &comparison);
  const std::string summary = out.str();
  EXPECT_EQ(summary.find(
                "## bitscts conformance\n\n**4 regressions on windows-26100, "
                "windows-19045 since baseline windows-26100 (2026-11-16T06:00:00Z).** Failing "
                "now: windows-26100 (🔴 fail 1, 🟠 timeout 1, 🟣 error 1); windows-19045 "
                "(🔵 xpass 1).\n"),
            0u);
  EXPECT_THAT(summary,
              HasSubstr("🔴 fail 1 ⚪ unsupported 19 🟡 xfail 9 🔵 xpass 1 🟠 timeout 1 "
                        "🟣 error 1\n"));
  EXPECT_THAT(summary,
              HasSubstr("| **regression** | windows-26100 | "
                        "Logoff.HelperSurvivesOwnerLogoff | 🟢 pass | 🟠 timeout |\n"));
  EXPECT_LT(summary.find("### Changes since"), summary.find("### Targets"));
  EXPECT_LT(summary.find("### Targets"), summary.find("### Failures"));
  // Failures go target by target, Windows first.
  EXPECT_LT(summary.find("| windows-26100 | 🟣 error |"),
            summary.find("| windows-19045 | 🔵 xpass |"));
}

// Returns a report of `count` failing cases on one target, each with a long message.
Report ManyFailures(std::size_t count) {
  Report report;
  Suite& suite = report.suites.emplace_back();
  suite.name = suite.target_id = "windows-26100";
  for (std::size_t i = 0; i < count; ++i) {
    TestCase& test_case = suite.cases.emplace_back();
    test_case.target_id = suite.target_id;
    test_case.scenario_id = "Family.Scenario" + std::to_string(i);
    test_case.verdict = Verdict::kFail;
    Outcome outcome;
    outcome.kind = Outcome::Kind::kFailure;
    outcome.message = std::string(180, 'm');
    test_case.outcomes.push_back(outcome);
  }
  return report;
}

TEST(ReportMarkdownWriter, StaysWithinGitHubsStepSummaryLimitAndSaysWhereItStopped) {
  const Report report = ManyFailures(6000);  // about 1.4 MB in full
  std::ostringstream full;
  WriteMarkdownSummary(BuildMatrix(report), full, nullptr, std::size_t{1} << 30);
  ASSERT_GT(full.str().size(), kStepSummaryLimit);

  std::ostringstream out;
  WriteMarkdownSummary(BuildMatrix(report), out);
  const std::string summary = out.str();
  EXPECT_LE(summary.size(), kStepSummaryLimit);
  EXPECT_GT(summary.size(), kStepSummaryLimit - 1024);
  const std::size_t note = summary.find("\n> **Truncated:** this summary stops here");
  ASSERT_NE(note, std::string::npos);
  EXPECT_THAT(summary.substr(note), HasSubstr(std::to_string(full.str().size()) + " bytes in all"));
  // What precedes the note is the full summary's beginning, cut after a whole table row.
  EXPECT_EQ(full.str().compare(0, note, summary, 0, note), 0);
  EXPECT_EQ(summary.substr(note - 2, 2), "|\n");
  EXPECT_EQ(summary.find(
                "## bitscts conformance\n\n**6000 failing results:** windows-26100 (🔴 fail "
                "6000). No baseline to compare with.\n"),
            0u);
}

TEST(ReportMarkdownWriter, ASummaryWithinTheLimitIsNotCut) {
  const Report report = ManyFailures(10);
  std::ostringstream out;
  WriteMarkdownSummary(BuildMatrix(report), out);
  EXPECT_THAT(out.str(), Not(HasSubstr("Truncated")));
  EXPECT_THAT(out.str(), HasSubstr("Family.Scenario9"));
}

}  // namespace
}  // namespace bitscts::report
