#include "bitscts/report/matrix.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bitscts/report/junit_file.h"
#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::ElementsAre;

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
  EXPECT_TRUE(agent_row->cells[0].empty());
  ASSERT_EQ(agent_row->cells[1].size(), 1u);
  EXPECT_EQ(agent_row->cells[1][0]->verdict, Verdict::kError);
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

}  // namespace
}  // namespace bitscts::report
