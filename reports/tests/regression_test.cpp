#include "bitscts/report/regression.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include "bitscts/controls.h"
#include "bitscts/report/input_error.h"
#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
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

// The same-verdicts fixtures: model-19045 as baseline; com-model-19045 with the same verdicts,
// except JobBehaviour.AbandonedJobsAreCancelledAfterNinetyDays ("needs time-control: ...") and
// Network.LossIsTransientUntilReconnected ("needs network-control: ...") now unsupported.
constexpr std::string_view kModel = "same-verdicts/baseline/model-19045.xml";
constexpr std::string_view kComModel = "same-verdicts/current/com-model-19045.xml";
constexpr std::string_view kOwnJob = "TokenOptionsQi.OwnJobAnswersQuery";
constexpr std::string_view kNinetyDays = "JobBehaviour.AbandonedJobsAreCancelledAfterNinetyDays";
constexpr std::string_view kNetworkLoss = "Network.LossIsTransientUntilReconnected";

const std::vector<Feature> kTimeAndNetwork{TimeControl::kFeature, NetworkControl::kFeature};

// Returns the case of `scenario_id` in `report`; throws if there is none.
TestCase& CaseIn(Report& report, std::string_view scenario_id) {
  for (Suite& suite : report.suites) {
    for (TestCase& test_case : suite.cases) {
      if (test_case.scenario_id == scenario_id) return test_case;
    }
  }
  throw std::logic_error("no case " + std::string(scenario_id));
}

// Returns `report` without the case of `scenario_id`.
Report Without(Report report, std::string_view scenario_id) {
  for (Suite& suite : report.suites) {
    std::erase_if(suite.cases,
                  [&](const TestCase& test_case) { return test_case.scenario_id == scenario_id; });
  }
  return report;
}

// Returns the com-model fixture with the case of `scenario_id` now `verdict`, its reason
// written as the runner writes it (the verdict's name, a colon, the message).
Report ComModelWith(std::string_view scenario_id, Verdict verdict, const std::string& message) {
  Report report = testing::ReadSamples({kComModel});
  TestCase& test_case = CaseIn(report, scenario_id);
  test_case.verdict = verdict;
  test_case.outcomes = {
      {Outcome::Kind::kSkipped, "", "", std::string(Name(verdict)) + ": " + message}};
  return report;
}

TEST(ReportSameVerdicts, ATargetComparedWithItselfIsEqual) {
  const Report model = testing::ReadSamples({kModel});
  const SameVerdictsCheck check = CheckSameVerdicts(model, model, {});
  EXPECT_EQ(check.equal, 4u);
  EXPECT_THAT(check.differences, IsEmpty());
  EXPECT_THAT(check.allowed_unsupported, IsEmpty());
  EXPECT_FALSE(check.Failed());
}

TEST(ReportSameVerdicts, PairsTheOnlyTargetsWhateverTheirIdsAndAcceptsAllowedUnsupported) {
  const SameVerdictsCheck check =
      CheckSameVerdicts(testing::ReadSamples({kModel}), testing::ReadSamples({kComModel}),
                        kTimeAndNetwork);
  EXPECT_EQ(check.baseline_target_id, "model-19045");
  EXPECT_EQ(check.current_target_id, "com-model-19045");
  EXPECT_EQ(check.equal, 2u);
  EXPECT_THAT(check.allowed_unsupported,
              ElementsAre(Pair("network-control", 1u), Pair("time-control", 1u)));
  EXPECT_THAT(check.differences, IsEmpty());
  EXPECT_FALSE(check.Failed());
}

TEST(ReportSameVerdicts, AnyOtherVerdictIsADifferenceWithTheCurrentMessagesFirstLine) {
  for (const Verdict verdict : AllVerdicts()) {
    if (verdict == Verdict::kPass) continue;
    SCOPED_TRACE(Name(verdict));
    const SameVerdictsCheck check =
        CheckSameVerdicts(testing::ReadSamples({kModel}),
                          ComModelWith(kOwnJob, verdict, "E_NOINTERFACE\nsecond line"),
                          kTimeAndNetwork);
    ASSERT_EQ(check.differences.size(), 1u);
    EXPECT_EQ(check.differences[0].scenario_id, kOwnJob);
    EXPECT_EQ(check.differences[0].before, Verdict::kPass);
    EXPECT_EQ(check.differences[0].after, verdict);
    EXPECT_EQ(check.differences[0].message, "E_NOINTERFACE");
    EXPECT_EQ(check.equal, 1u);
    EXPECT_TRUE(check.Failed());
  }
}

TEST(ReportSameVerdicts, AFailureMessageIsTakenFromTheOutcomesMessage) {
  Report current = testing::ReadSamples({kComModel});
  TestCase& own_job = CaseIn(current, kOwnJob);
  own_job.verdict = Verdict::kFail;
  own_job.outcomes = {{Outcome::Kind::kFailure, "QI returned E_NOINTERFACE", "fail", "details"}};
  const SameVerdictsCheck check =
      CheckSameVerdicts(testing::ReadSamples({kModel}), current, kTimeAndNetwork);
  ASSERT_EQ(check.differences.size(), 1u);
  EXPECT_EQ(check.differences[0].message, "QI returned E_NOINTERFACE");
}

TEST(ReportSameVerdicts, AScenarioOnlyTheBaselineRanIsADifference) {
  const SameVerdictsCheck check =
      CheckSameVerdicts(testing::ReadSamples({kModel}),
                        Without(testing::ReadSamples({kComModel}), kOwnJob), kTimeAndNetwork);
  ASSERT_EQ(check.differences.size(), 1u);
  EXPECT_EQ(check.differences[0].scenario_id, kOwnJob);
  EXPECT_EQ(check.differences[0].before, Verdict::kPass);
  EXPECT_EQ(check.differences[0].after, std::nullopt);
  EXPECT_TRUE(check.Failed());
}

TEST(ReportSameVerdicts, AScenarioOnlyTheCurrentRunRanIsADifference) {
  // Even when it is unsupported for an allowed feature: there is no baseline verdict to excuse.
  const SameVerdictsCheck check =
      CheckSameVerdicts(Without(testing::ReadSamples({kModel}), kNinetyDays),
                        testing::ReadSamples({kComModel}), kTimeAndNetwork);
  ASSERT_EQ(check.differences.size(), 1u);
  EXPECT_EQ(check.differences[0].scenario_id, kNinetyDays);
  EXPECT_EQ(check.differences[0].before, std::nullopt);
  EXPECT_EQ(check.differences[0].after, Verdict::kUnsupported);
  EXPECT_THAT(check.differences[0].message, ::testing::StartsWith("needs time-control: "));
  EXPECT_TRUE(check.Failed());
}

TEST(ReportSameVerdicts, UnsupportedForAFeatureNotAllowedIsADifference) {
  const SameVerdictsCheck check =
      CheckSameVerdicts(testing::ReadSamples({kModel}), testing::ReadSamples({kComModel}),
                        {TimeControl::kFeature});
  EXPECT_THAT(check.allowed_unsupported, ElementsAre(Pair("time-control", 1u)));
  ASSERT_EQ(check.differences.size(), 1u);
  EXPECT_EQ(check.differences[0].scenario_id, kNetworkLoss);
  EXPECT_EQ(check.differences[0].after, Verdict::kUnsupported);
  EXPECT_THAT(check.differences[0].message, ::testing::StartsWith("needs network-control: "));
  EXPECT_EQ(CheckSameVerdicts(testing::ReadSamples({kModel}), testing::ReadSamples({kComModel}), {})
                .differences.size(),
            2u);
}

TEST(ReportSameVerdicts, UnsupportedForAnotherReasonIsADifference) {
  for (const std::string message :
       {"a pre-1607 rule; target is 1607+ (build 19045)", "needs: time-control",
        "needs time-control (no colon)", "it needs time-control: but does not start so"}) {
    SCOPED_TRACE(message);
    const SameVerdictsCheck check =
        CheckSameVerdicts(testing::ReadSamples({kModel}),
                          ComModelWith(kOwnJob, Verdict::kUnsupported, message), kTimeAndNetwork);
    ASSERT_EQ(check.differences.size(), 1u);
    EXPECT_EQ(check.differences[0].message, message);
  }
}

TEST(ReportSameVerdicts, AnAllowedFeatureDoesNotExcuseAnotherVerdict) {
  const SameVerdictsCheck check =
      CheckSameVerdicts(testing::ReadSamples({kModel}),
                        ComModelWith(kOwnJob, Verdict::kXfail,
                                     "needs time-control: expected to fail"),
                        kTimeAndNetwork);
  ASSERT_EQ(check.differences.size(), 1u);
  EXPECT_EQ(check.differences[0].after, Verdict::kXfail);
}

TEST(ReportSameVerdicts, EachSideMustHoldExactlyOneTarget) {
  const Report model = testing::ReadSamples({kModel});
  const Report two_targets = testing::ReadSamples({kComModel, "runs/model-19045.xml"});
  const auto message_of = [](const Report& baseline, const Report& current) -> std::string {
    try {
      CheckSameVerdicts(baseline, current, {});
    } catch (const InputError& error) {
      return error.what();
    }
    return "no error";
  };
  EXPECT_EQ(message_of(model, two_targets),
            "same verdicts: the current run holds 2 targets (com-model-19045, model-19045); it "
            "must hold exactly one target's report");
  EXPECT_THAT(message_of(two_targets, model), HasSubstr("the baseline holds 2 targets"));
  EXPECT_THAT(message_of(model, Report{}), HasSubstr("the current run holds no target"));
}

TEST(ReportSameVerdicts, PrintsEachDifferenceAndATotal) {
  const SameVerdictsCheck check =
      CheckSameVerdicts(testing::ReadSamples({kModel}),
                        Without(ComModelWith(kOwnJob, Verdict::kXfail, "known\nmore"), kNinetyDays),
                        {NetworkControl::kFeature});
  std::ostringstream out;
  PrintSameVerdictsCheck(check, out);
  EXPECT_EQ(out.str(),
            "differs: JobBehaviour.AbandonedJobsAreCancelledAfterNinetyDays: pass -> (none)\n"
            "differs: TokenOptionsQi.OwnJobAnswersQuery: pass -> xfail: known\n"
            "same verdicts: FAILED: com-model-19045 against baseline model-19045: 1 equal, 1 "
            "unsupported as allowed (network-control 1), 2 differ\n");
  std::ostringstream clean;
  PrintSameVerdictsCheck(CheckSameVerdicts(testing::ReadSamples({kModel}),
                                           testing::ReadSamples({kComModel}), kTimeAndNetwork),
                         clean);
  EXPECT_EQ(clean.str(),
            "same verdicts: ok: com-model-19045 against baseline model-19045: 2 equal, 2 "
            "unsupported as allowed (network-control 1, time-control 1), 0 differ\n");
}

}  // namespace
}  // namespace bitscts::report
