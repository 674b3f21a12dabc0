#include "report_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "golden.h"
#include "sample_run.h"

namespace bitscts::runner {
namespace {

ScenarioInfo Info(std::string family, std::string name) {
  return {std::move(family), std::move(name), {{"HT-SET-1"}, "https://learn.microsoft.com/y", {}}};
}

CaseRecord Finished(std::string family, std::string name, Verdict verdict,
                    std::string message = {}) {
  CaseRecord record;
  record.info = Info(std::move(family), std::move(name));
  record.verdict = verdict;
  record.message = std::move(message);
  record.evidence = "runner: SetHelperToken -> S_OK (0x00000000)\n";
  record.seconds = 0.5;
  return record;
}

// A run of two finished scenarios, before a third one starts.
RunReport RunSoFar() {
  RunReport report = SampleRunWithoutCases();
  report.cases = {Finished("ClearAndSid", "ClearWithoutTokenSucceeds", Verdict::kPass),
                  Finished("SetHelperToken", "AdminCallerSets", Verdict::kFail,
                           "x.cpp:9: Expected S_OK")};
  return report;
}

std::size_t Count(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++count;
  return count;
}

// A folder of its own for each test, removed at its end.
class ReportFile : public testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    folder_ = std::filesystem::temp_directory_path() /
              ("bitscts-report-file-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(folder_);
    path_ = (folder_ / "bitscts-model-19045.xml").string();
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }
  // Returns the names of the files in the folder.
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder_)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  std::filesystem::path folder_;
  std::string path_;
};

TEST(InterruptedCase, IsAnErrorSayingTheRunEndedDuringIt) {
  const CaseRecord record = InterruptedCase(Info("Logoff", "JobStopsAtLogoff"));
  EXPECT_EQ(record.info.id(), "Logoff.JobStopsAtLogoff");
  EXPECT_EQ(record.info.meta.clauses, std::vector<std::string>{"HT-SET-1"});
  EXPECT_EQ(record.verdict, Verdict::kError);
  EXPECT_EQ(record.message.rfind("the run ended during this scenario", 0), 0u) << record.message;
  EXPECT_EQ(record.message.find('\n'), std::string::npos);
}

TEST_F(ReportFile, MatchesTheGoldenDocumentOfAnInterruptedRun) {
  const ScenarioInfo running = Info("SetHelperToken", "StandardCallerIsDenied");
  ASSERT_EQ(WriteJUnitFile(path_, RunSoFar(), &running), "");
  ExpectMatchesGolden(ReadWholeFile(path_), "interrupted-run.xml");
}

TEST_F(ReportFile, ARunningScenarioIsCountedAsAnErrorAfterTheFinishedOnes) {
  const ScenarioInfo running = Info("SetHelperToken", "StandardCallerIsDenied");
  ASSERT_EQ(WriteJUnitFile(path_, RunSoFar(), &running), "");
  const std::string xml = ReadWholeFile(path_);
  EXPECT_NE(xml.find("<testsuites name=\"bitscts\" tests=\"3\" failures=\"1\" errors=\"1\""),
            std::string::npos)
      << xml;
  const std::size_t finished = xml.find("<testcase name=\"AdminCallerSets\"");
  const std::size_t interrupted = xml.find(
      "<testcase name=\"StandardCallerIsDenied\" classname=\"model-19045.SetHelperToken\" "
      "time=\"0.000\" "
      "status=\"error\">\n      <error message=\"the run ended during this scenario");
  ASSERT_NE(finished, std::string::npos);
  ASSERT_NE(interrupted, std::string::npos) << xml;
  EXPECT_LT(finished, interrupted);
  EXPECT_EQ(Files(), std::vector<std::string>{"bitscts-model-19045.xml"})
      << "no partial file is left";
}

TEST_F(ReportFile, AFinishedScenarioReplacesItsInterruptedCase) {
  RunReport report = RunSoFar();
  const ScenarioInfo running = Info("SetHelperToken", "StandardCallerIsDenied");
  ASSERT_EQ(WriteJUnitFile(path_, report, &running), "");
  report.cases.push_back(Finished("SetHelperToken", "StandardCallerIsDenied", Verdict::kPass));
  ASSERT_EQ(WriteJUnitFile(path_, report), "");
  const std::string xml = ReadWholeFile(path_);
  EXPECT_NE(xml.find("<testsuites name=\"bitscts\" tests=\"3\" failures=\"1\" errors=\"0\""),
            std::string::npos)
      << xml;
  EXPECT_EQ(Count(xml, "<testcase name=\"StandardCallerIsDenied\""), 1u);
  EXPECT_NE(
      xml.find("<testcase name=\"StandardCallerIsDenied\" classname=\"model-19045.SetHelperToken\" "
               "time=\"0.500\" status=\"pass\">"),
      std::string::npos);
  EXPECT_EQ(xml.find("the run ended during"), std::string::npos);
  EXPECT_EQ(Files(), std::vector<std::string>{"bitscts-model-19045.xml"});
}

TEST_F(ReportFile, EachScenarioStartingRewritesTheWholeDocument) {
  RunReport report = RunSoFar();
  report.cases.clear();
  const ScenarioInfo first = Info("ClearAndSid", "ClearWithoutTokenSucceeds");
  ASSERT_EQ(WriteJUnitFile(path_, report, &first), "");
  EXPECT_NE(ReadWholeFile(path_).find("tests=\"1\" failures=\"0\" errors=\"1\""),
            std::string::npos);
  report.cases.push_back(Finished("ClearAndSid", "ClearWithoutTokenSucceeds", Verdict::kPass));
  const ScenarioInfo second = Info("ClearAndSid", "HelperSidIsTextualUserSid");
  ASSERT_EQ(WriteJUnitFile(path_, report, &second), "");
  const std::string xml = ReadWholeFile(path_);
  EXPECT_NE(xml.find("tests=\"2\" failures=\"0\" errors=\"1\""), std::string::npos) << xml;
  EXPECT_EQ(Count(xml, "<error message=\"the run ended during this scenario"), 1u);
  EXPECT_NE(
      xml.find("<testcase name=\"HelperSidIsTextualUserSid\" classname=\"model-19045.ClearAndSid\" "
               "time=\"0.000\" status=\"error\">"),
      std::string::npos);
  EXPECT_EQ(xml.rfind("</testsuites>\n"), xml.size() - 14) << "the document is complete";
}

TEST_F(ReportFile, AFailedWriteLeavesThePreviousDocumentWhole) {
  ASSERT_EQ(WriteJUnitFile(path_, RunSoFar()), "");
  const std::string before = ReadWholeFile(path_);
  // A folder where the partial file would go makes the next write fail before the rename.
  std::filesystem::create_directory(path_ + ".partial");
  const ScenarioInfo running = Info("SetHelperToken", "StandardCallerIsDenied");
  const std::string error = WriteJUnitFile(path_, RunSoFar(), &running);
  EXPECT_EQ(error, "cannot create " + path_ + ".partial");
  EXPECT_EQ(ReadWholeFile(path_), before);
}

TEST_F(ReportFile, AMissingFolderGivesAOneLineReason) {
  const std::string missing = (folder_ / "no-such-folder" / "bitscts-model-19045.xml").string();
  const std::string error = ReplaceFile(missing, "<testsuites/>\n");
  EXPECT_EQ(error, "cannot create " + missing + ".partial");
  EXPECT_FALSE(std::filesystem::exists(missing));
}

}  // namespace
}  // namespace bitscts::runner
