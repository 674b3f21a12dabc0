// Test support: the sample JUnit files under data/, and golden-file comparison.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "bitscts/report/report.h"

namespace bitscts::report::testing {

// Returns the path of a file under reports/tests/data.
std::filesystem::path DataPath(std::string_view relative);
// Returns the merged report of the named sample files (paths under data/).
Report ReadSamples(std::initializer_list<std::string_view> relative_paths);
// Returns the merged report of every file in the named directories under data/, each in name
// order.
Report ReadDirectories(std::initializer_list<std::string_view> relative_paths);
// Returns the merged report of every file in data/runs, in name order.
Report ReadAllRuns();
// Returns the bytes of a file; fails the test if it cannot be read.
std::string ReadText(const std::filesystem::path& path);
// Returns `text` with the value of every time="..." attribute replaced by "*".
std::string NormaliseTimes(std::string text);
// Compares `actual` with golden/<name>. With BITSCTS_UPDATE_GOLDEN=1 in the environment, rewrites
// the golden file instead and fails, so that no run in update mode passes.
::testing::AssertionResult MatchesGolden(const std::string& actual, std::string_view name);

}  // namespace bitscts::report::testing
