#include "bitscts/report/matrix.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "bitscts/report/junit_file.h"
#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Families(const Matrix& matrix) {
  std::vector<std::string> families;
  for (const MatrixGroup& group : matrix.groups) families.push_back(group.clause_family);
  return families;
}

std::vector<std::string> Scenarios(const MatrixGroup& group) {
  std::vector<std::string> scenarios;
  for (const MatrixRow& row : group.rows) scenarios.push_back(row.scenario_id);
  return scenarios;
}

TEST(ReportMatrix, GroupsRowsByClauseFamilyWithFailingGroupsAndRowsFirst) {
  const Report report = testing::ReadSamples({"runs/model-19045.xml", "runs/wine-win7.xml"});
  const Matrix matrix = BuildMatrix(report);
  // HT-LO (timeout, error on Wine) and HT-QI (fail on Wine) fail; HT-IF passes everywhere.
  EXPECT_THAT(Families(matrix), ElementsAre("HT-LO", "HT-QI", "HT-IF"));
  EXPECT_THAT(Scenarios(matrix.groups[0]),
              ElementsAre("Logoff.AgentSurvivesLogoff", "Logoff.HelperSurvivesOwnerLogoff",
                          "Logoff.TokenRequiredAfterOwnerLogoff"));
  EXPECT_TRUE(matrix.groups[0].rows[1].failing);
  EXPECT_FALSE(matrix.groups[0].rows[2].failing);
  EXPECT_THAT(Scenarios(matrix.groups[2]), ElementsAre("TokenOptionsQi.OwnJobAnswersQuery"));
}

TEST(ReportMatrix, HasOneCellPerTargetEmptyWhereTheScenarioDidNotRun) {
  const Report report = testing::ReadSamples({"runs/model-19045.xml", "runs/wine-win7.xml"});
  const Matrix matrix = BuildMatrix(report);
  ASSERT_EQ(matrix.targets.size(), 2u);
  const MatrixRow* agent_row = nullptr;
  for (const MatrixGroup& group : matrix.groups) {
    for (const MatrixRow& row : group.rows) {
      if (row.scenario_id == "Logoff.AgentSurvivesLogoff") agent_row = &row;
    }
  }
  ASSERT_NE(agent_row, nullptr);
  ASSERT_EQ(agent_row->cells.size(), 2u);
  // wine-win7 comes before model-19045.
  EXPECT_TRUE(agent_row->cells[1].empty());
  ASSERT_EQ(agent_row->cells[0].size(), 1u);
  EXPECT_EQ(agent_row->cells[0][0]->verdict, Verdict::kError);
  EXPECT_EQ(agent_row->doc,
            "https://learn.microsoft.com/windows/win32/bits/helper-tokens-for-bits-transfer-jobs");
}

TEST(ReportMatrix, CountsVerdictsPerTarget) {
  const Matrix matrix = BuildMatrix(testing::ReadSamples({"runs/wine-win7.xml"}));
  const VerdictCounts& counts = matrix.counts.at(0);
  EXPECT_EQ(counts[VerdictIndex(Verdict::kPass)], 0u);
  EXPECT_EQ(counts[VerdictIndex(Verdict::kUnsupported)], 1u);
  EXPECT_EQ(counts[VerdictIndex(Verdict::kFail)], 1u);
  EXPECT_EQ(counts[VerdictIndex(Verdict::kXfail)], 1u);
  EXPECT_EQ(counts[VerdictIndex(Verdict::kTimeout)], 1u);
  EXPECT_EQ(counts[VerdictIndex(Verdict::kError)], 1u);
}

TEST(ReportMatrix, ScenariosWithoutClausesComeLastAmongGroupsThatPass) {
  Report report = testing::ReadSamples({"runs/model-19045.xml"});
  Report foreign =
      ReadJUnitText(R"(<testsuite name="s" tests="1"><testcase name="A.b"/></testsuite>)",
                    "ctest.xml");
  report.suites.push_back(foreign.suites.at(0));
  EXPECT_THAT(Families(BuildMatrix(report)), ElementsAre("HT-IF", "HT-LO", "HT-QI", ""));
}

std::vector<std::string> TargetIds(const Matrix& matrix) {
  std::vector<std::string> ids;
  for (const TargetInfo& target : matrix.targets) ids.push_back(target.id);
  return ids;
}

const MatrixRow& RowOf(const Matrix& matrix, const std::string& scenario_id) {
  for (const MatrixGroup& group : matrix.groups) {
    for (const MatrixRow& row : group.rows) {
      if (row.scenario_id == scenario_id) return row;
    }
  }
  throw std::runtime_error("no row " + scenario_id);
}

TEST(ReportMatrix, TargetOrderRanksKindsThenNewestBuildThenId) {
  const auto target = [](std::string id, std::string family, std::string build) {
    TargetInfo info;
    info.id = std::move(id);
    info.family = std::move(family);
    info.os_build = std::move(build);
    return info;
  };
  std::vector<TargetInfo> targets{
      target("ctest-native", "", ""),           target("null", "null", ""),
      target("model-22631", "model", "22631"),  target("windows-19045", "windows", "19045"),
      target("com-model-19045", "model", ""),   target("wine-win7", "wine", "7601"),
      target("windows-26100", "windows", ""),   target("lab-box", "windows", "22631"),
      target("windows-9200", "windows", "9200")};
  std::sort(targets.begin(), targets.end(), [](const TargetInfo& a, const TargetInfo& b) {
    return TargetOrder(a) < TargetOrder(b);
  });
  std::vector<std::string> ids;
  for (const TargetInfo& info : targets) ids.push_back(info.id);
  // windows-26100 has its build in its id only; lab-box is Windows by family.
  EXPECT_THAT(ids,
              ElementsAre("windows-26100", "lab-box", "windows-19045", "windows-9200", "wine-win7",
                          "com-model-19045", "model-22631", "null", "ctest-native"));
}

// The lead data set's files are read in name order (com-model, model, null, windows-19045, ...).
TEST(ReportMatrix, PutsWindowsTargetsFirstNewestBuildFirstThenWineComModelModelNull) {
  const Matrix matrix = BuildMatrix(testing::ReadDirectories({"lead/current"}));
  EXPECT_THAT(TargetIds(matrix),
              ElementsAre("windows-26100", "windows-22631", "windows-19045", "wine-win7",
                          "com-model-19045", "model-19045", "null"));
}

TEST(ReportMatrix, KeepsEarlierRunsOfATargetAsHistoryAndShowsItsLatestRun) {
  const Matrix matrix = BuildMatrix(testing::ReadDirectories({"lead/history", "lead/current"}));
  ASSERT_EQ(matrix.targets.at(0).id, "windows-26100");
  EXPECT_THAT(matrix.run_dates.at(0),
              ElementsAre("2026-11-21T06:00:00Z", "2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z"));
  EXPECT_EQ(matrix.targets.at(0).run_date, "2026-11-23T06:00:00Z");
  EXPECT_THAT(matrix.run_dates.at(1), ElementsAre("2026-11-23T06:10:00Z"));
  // Counts are of the latest run only: 18 scenarios, not 54.
  std::size_t cases = 0;
  for (const std::size_t count : matrix.counts.at(0)) cases += count;
  EXPECT_EQ(cases, 18u);
  EXPECT_EQ(matrix.counts.at(0)[VerdictIndex(Verdict::kTimeout)], 1u);

  const MatrixRow& row = RowOf(matrix, "Logoff.HelperSurvivesOwnerLogoff");
  ASSERT_EQ(row.cells.at(0).size(), 1u);
  EXPECT_EQ(row.cells.at(0).front()->verdict, Verdict::kTimeout);
  ASSERT_EQ(row.history.at(0).size(), 3u);
  EXPECT_EQ(row.history.at(0)[0]->verdict, Verdict::kPass);
  EXPECT_EQ(row.history.at(0)[1]->verdict, Verdict::kTimeout);
  EXPECT_EQ(row.history.at(0)[2], row.cells.at(0).front());
  EXPECT_TRUE(row.history.at(1).empty());  // windows-22631 ran once
}

TEST(ReportMatrix, LatestRunsKeepsOnlyEachTargetsNewestFiles) {
  const Report all = testing::ReadDirectories({"lead/history", "lead/current"});
  const Report latest = LatestRuns(all);
  EXPECT_EQ(all.CaseCount(), 9u * 18u);
  EXPECT_EQ(latest.CaseCount(), 7u * 18u);
  for (const Suite& suite : latest.suites) EXPECT_THAT(suite.source, Not(HasSubstr("history")));
}

TEST(ReportMatrix, FilesOfOneTargetWithTheSameRunDateAreOneRunWithDuplicates) {
  const Matrix matrix =
      BuildMatrix(testing::ReadSamples({"runs/wine-win7.xml", "baseline/wine-win7.xml"}));
  ASSERT_EQ(matrix.run_dates.at(0).size(), 1u);
  EXPECT_EQ(RowOf(matrix, "TokenOptionsQi.OtherUsersJobIsDenied").cells.at(0).size(), 2u);
}

}  // namespace
}  // namespace bitscts::report
