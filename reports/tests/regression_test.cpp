#include "bitscts/report/regression.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr std::chrono::year_month_day kToday = 2026y / 11 / 23;

const CellChange* FindChange(const RegressionCheck& check, std::string_view target,
                             std::string_view scenario) {
  for (const CellChange& change : check.changes) {
    if (change.target_id == target && change.scenario_id == scenario) return &change;
  }
  return nullptr;
}

TEST(ReportRegressionCheck, APassThatNowFailsOnTheSameTargetIsARegression) {
  const RegressionCheck check =
      CheckRegressions(testing::ReadSamples({"baseline/windows-19045.xml"}),
                       testing::ReadSamples({"runs/windows-19045.xml"}), {}, kToday);
  ASSERT_EQ(check.changes.size(), 2u);
  const CellChange* fail =
      FindChange(check, "windows-19045", "Logoff.TokenRequiredAfterOwnerLogoff");
  ASSERT_NE(fail, nullptr);
  EXPECT_EQ(fail->before, Verdict::kPass);
  EXPECT_EQ(fail->after, Verdict::kFail);
  EXPECT_TRUE(fail->regression);
  const CellChange* xpass = FindChange(check, "windows-19045", "Logoff.HelperSurvivesOwnerLogoff");
  ASSERT_NE(xpass, nullptr);
  EXPECT_TRUE(xpass->regression);
  EXPECT_TRUE(check.Failed());
}

TEST(ReportRegressionCheck, IdenticalRunsChangeNothing) {
  const RegressionCheck check =
      CheckRegressions(testing::ReadSamples({"baseline/wine-win7.xml"}),
                       testing::ReadSamples({"runs/wine-win7.xml"}), {}, kToday);
  EXPECT_TRUE(check.changes.empty());
  EXPECT_FALSE(check.Failed());
}

TEST(ReportRegressionCheck, ATargetWithoutBaselineIsComparedWithItsFamily) {
  const RegressionCheck check =
      CheckRegressions(testing::ReadSamples({"baseline/windows-19045.xml"}),
                       testing::ReadSamples({"family/windows-22631.xml"}), {}, kToday);
  ASSERT_EQ(check.changes.size(), 1u);
  EXPECT_EQ(check.changes[0].target_id, "windows-22631");
  EXPECT_EQ(check.changes[0].baseline_target_id, "windows-19045");
  EXPECT_TRUE(check.changes[0].regression);
}

TEST(ReportRegressionCheck, AFailureThatWasNeverAPassIsAChangeNotARegression) {
  // Wine's baseline never passed these; the model target has no wine baseline at all.
  const RegressionCheck check =
      CheckRegressions(testing::ReadSamples({"runs/wine-win7.xml"}),
                       testing::ReadSamples({"runs/model-19045.xml", "runs/wine-win7.xml"}), {},
                       kToday);
  EXPECT_TRUE(check.changes.empty());
  EXPECT_THAT(check.targets_without_baseline, ElementsAre("model-19045"));
  EXPECT_FALSE(check.Failed());
}

TEST(ReportRegressionCheck, AScenarioMissingFromTheCurrentRunIsReportedAsGone) {
  const RegressionCheck check =
      CheckRegressions(testing::ReadSamples({"runs/wine-win7.xml"}),
                       testing::ReadSamples({"baseline/windows-19045.xml"}), {}, kToday);
  EXPECT_TRUE(check.changes.empty());  // no common target or family: nothing compared
  const RegressionCheck gone =
      CheckRegressions(testing::ReadSamples({"runs/windows-19045.xml"}),
                       testing::ReadSamples({"family/windows-22631.xml"}), {}, kToday);
  EXPECT_EQ(FindChange(gone, "windows-19045", "Logoff.HelperSurvivesOwnerLogoff"), nullptr);
  const Report current = [] {
    Report report = testing::ReadSamples({"runs/windows-19045.xml"});
    report.suites[1].cases.pop_back();
    return report;
  }();
  const RegressionCheck shrunk =
      CheckRegressions(testing::ReadSamples({"runs/windows-19045.xml"}), current, {}, kToday);
  ASSERT_EQ(shrunk.changes.size(), 1u);
  EXPECT_EQ(shrunk.changes[0].scenario_id, "Logoff.HelperSurvivesOwnerLogoff");
  EXPECT_EQ(shrunk.changes[0].after, std::nullopt);
  EXPECT_FALSE(shrunk.Failed());
}

TEST(ReportRegressionCheck, AnExpiredExpectationFailsTheCheck) {
  const ExpectationFile windows =
      ReadExpectationsFile(testing::DataPath("expectations/windows.expect"));
  const Report run = testing::ReadSamples({"runs/wine-win7.xml"});
  const RegressionCheck check = CheckRegressions(run, run, {windows}, kToday);
  ASSERT_EQ(check.expired.size(), 1u);
  EXPECT_EQ(check.expired[0].scenario_id, "Logoff.HelperSurvivesOwnerLogoff");
  EXPECT_EQ(check.expired[0].line, 3);
  EXPECT_TRUE(check.Failed());
  EXPECT_FALSE(CheckRegressions(run, run, {windows}, 2026y / 11 / 22).Failed());
}

TEST(ReportRegressionCheck, PrintsEachChangedCellAndATotal) {
  const ExpectationFile windows =
      ReadExpectationsFile(testing::DataPath("expectations/windows.expect"));
  const RegressionCheck check =
      CheckRegressions(testing::ReadSamples({"baseline/windows-19045.xml"}),
                       testing::ReadSamples({"family/windows-22631.xml"}), {windows}, kToday);
  std::ostringstream out;
  PrintRegressionCheck(check, out);
  EXPECT_EQ(out.str(),
            "regression: windows-22631 Logoff.TokenRequiredAfterOwnerLogoff: pass -> fail "
            "(baseline windows-19045)\n"
            "expired: " +
                windows.path +
                ":3: Logoff.HelperSurvivesOwnerLogoff expired after 2026-11-22\n"
                "check: FAILED: 1 regression(s), 1 expired expectation(s), 1 changed cell(s)\n");
}

}  // namespace
}  // namespace bitscts::report
