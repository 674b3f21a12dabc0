#include "test_files.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "bitscts/environment.h"
#include "bitscts/report/junit_file.h"
#include "bitscts/report/merge.h"

namespace bitscts::report::testing {

std::filesystem::path DataPath(std::string_view relative) {
  return std::filesystem::path(BITSCTS_REPORT_TEST_DATA) / relative;
}

Report ReadSamples(std::initializer_list<std::string_view> relative_paths) {
  std::vector<Report> reports;
  for (const std::string_view path : relative_paths)
    reports.push_back(ReadJUnitFile(DataPath(path)));
  return Merge(std::move(reports));
}

Report ReadDirectories(std::initializer_list<std::string_view> relative_paths) {
  std::vector<Report> reports;
  for (const std::string_view directory : relative_paths) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(DataPath(directory)))
      files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) reports.push_back(ReadJUnitFile(file));
  }
  return Merge(std::move(reports));
}

Report ReadAllRuns() { return ReadDirectories({"runs"}); }

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string NormaliseTimes(std::string text) {
  static const std::regex kTime(R"re(\btime="[^"]*")re");
  return std::regex_replace(text, kTime, "time=\"*\"");
}

::testing::AssertionResult MatchesGolden(const std::string& actual, std::string_view name) {
  const std::filesystem::path golden = std::filesystem::path(BITSCTS_REPORT_GOLDEN) / name;
  if (EnvironmentVariable("BITSCTS_UPDATE_GOLDEN") == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    return ::testing::AssertionFailure()
           << "rewrote " << golden
           << " (BITSCTS_UPDATE_GOLDEN=1): read the difference, then rerun without it";
  }
  const std::string expected = ReadText(golden);
  if (actual == expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "output differs from " << golden
         << " (rerun with BITSCTS_UPDATE_GOLDEN=1 to accept it)\n--- actual ---\n"
         << actual;
}

}  // namespace bitscts::report::testing
