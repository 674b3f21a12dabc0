// The command line of bitscts-report: which command to run, on which files, with which options.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/capabilities.h"

namespace bitscts::report::tool {

// Thrown for a command line that cannot be run; what() is one line saying why.
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

enum class Command { kHelp, kMerge, kMatrix, kCheck };

struct CommandLine {
  Command command = Command::kHelp;
  std::vector<std::string> inputs;    // merge/matrix inputs; check: the current run
  std::vector<std::string> baseline;  // check and matrix: the baseline
  std::string output;                 // -o: merged JUnit or HTML page ("-" is stdout)
  std::string markdown;               // --markdown: the Markdown summary ("-" is stdout)
  std::string junit;                  // matrix --junit: the merged JUnit file as well
  std::vector<std::string> expectations;
  std::optional<std::chrono::year_month_day> today;
  bool allow_duplicates = false;
  bool same_verdicts = false;                // check --same-verdicts
  std::vector<Feature> allowed_unsupported;  // check --allow-unsupported
};

// Returns the parsed arguments (without the program name). Throws UsageError if they are not a
// complete, valid command line.
CommandLine ParseCommandLine(std::span<const std::string_view> arguments);

// Returns the text that --help prints.
std::string_view UsageText();

}  // namespace bitscts::report::tool
