#include "bitscts/report/merge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bitscts/report/junit_file.h"
#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::ElementsAre;

TEST(ReportMerge, KeepsEveryCaseOfEveryRun) {
  std::size_t cases_in = 0;
  std::vector<Report> runs;
  for (const char* file : {"runs/model-19045.xml", "runs/wine-win7.xml", "runs/windows-19045.xml",
                           "runs/ctest-native.xml", "runs/gtest-harness.xml"}) {
    runs.push_back(ReadJUnitFile(testing::DataPath(file)));
    cases_in += runs.back().CaseCount();
  }
  const Report merged = Merge(std::move(runs));
  EXPECT_EQ(merged.CaseCount(), cases_in);
  EXPECT_EQ(cases_in, 20u);
  EXPECT_EQ(merged.suites.size(), 8u);
  EXPECT_TRUE(FindDuplicates(merged).empty());
}

TEST(ReportMerge, ListsTargetsInOrderOfFirstAppearance) {
  const Report merged =
      testing::ReadSamples({"runs/wine-win7.xml", "runs/model-19045.xml", "runs/wine-win7.xml"});
  std::vector<std::string> ids;
  for (const TargetInfo& target : merged.Targets()) ids.push_back(target.id);
  EXPECT_THAT(ids, ElementsAre("wine-win7", "model-19045"));
}

TEST(ReportMerge, ReportsTheSameCaseReadTwiceAsDuplicatesAndKeepsBoth) {
  const Report merged = testing::ReadSamples(
      {"runs/model-19045.xml", "baseline/wine-win7.xml", "runs/wine-win7.xml"});
  EXPECT_EQ(merged.CaseCount(), 4u + 5u + 5u);
  const std::vector<Duplicate> duplicates = FindDuplicates(merged);
  ASSERT_EQ(duplicates.size(), 5u);
  EXPECT_EQ(duplicates[0].target_id, "wine-win7");
  EXPECT_EQ(duplicates[0].scenario_id, "TokenOptionsQi.OwnJobAnswersQuery");
  EXPECT_THAT(duplicates[0].sources,
              ElementsAre(testing::DataPath("baseline/wine-win7.xml").string(),
                          testing::DataPath("runs/wine-win7.xml").string()));
}

TEST(ReportMerge, TheSameScenarioOnTwoTargetsIsNoDuplicate) {
  const Report merged =
      testing::ReadSamples({"runs/windows-19045.xml", "family/windows-22631.xml"});
  EXPECT_TRUE(FindDuplicates(merged).empty());
}

}  // namespace
}  // namespace bitscts::report
