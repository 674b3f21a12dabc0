// Test helper: reads files and compares a written document with a golden file in tests/data.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "bitscts/environment.h"

namespace bitscts::runner {

// Returns the bytes of the file at `path` ("" if it cannot be read).
inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Expects `written`, with this build's version property replaced by "VERSION", to equal
// tests/data/<name>; with BITSCTS_UPDATE_GOLDEN=1 rewrites that file instead, and fails.
inline void ExpectMatchesGolden(std::string written, const std::string& name) {
  const std::string version_property = "value=\"" BITSCTS_VERSION "\"";
  for (std::size_t at = written.find(version_property); at != std::string::npos;
       at = written.find(version_property, at)) {
    written.replace(at, version_property.size(), "value=\"VERSION\"");
  }
  const std::string golden_path = BITSCTS_RUNNER_TEST_DATA "/" + name;
  if (EnvironmentVariable("BITSCTS_UPDATE_GOLDEN") == "1") {
    std::ofstream(golden_path, std::ios::binary) << written;
    FAIL() << "rewrote " << golden_path
           << " (BITSCTS_UPDATE_GOLDEN=1): read the difference, then rerun without it";
  }
  EXPECT_EQ(written, ReadWholeFile(golden_path))
      << "regenerate " << golden_path << " only after reading the difference";
}

}  // namespace bitscts::runner
