// Test support: an expectations file without entries, for runs whose verdicts the test reads
// as the scenarios ended them.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <system_error>

namespace bitscts::runner {

// A lenient expectations file with no entries, under a name no other process uses; it is
// removed when this object goes out of scope.
class LenientExpectationsFile {
 public:
  LenientExpectationsFile() : path_(UniquePath()) { std::ofstream(path_) << "# no entries\n"; }
  ~LenientExpectationsFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  LenientExpectationsFile(const LenientExpectationsFile&) = delete;
  LenientExpectationsFile& operator=(const LenientExpectationsFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  static std::string UniquePath() {
    std::random_device random;
    return ::testing::TempDir() + "bitscts-lenient-" + std::to_string(random()) + "-" +
           std::to_string(random()) + ".expect";
  }

  std::string path_;
};

}  // namespace bitscts::runner
