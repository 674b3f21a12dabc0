// Internal: the runner's own command-line options (GoogleTest's --gtest_* flags pass through).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace bitscts::runner {

enum class TargetKind { kModel, kCom };

enum class Action {
  kRun,            // run the scenarios (or list them, when --gtest_list_tests is given)
  kHelp,           // print usage
  kList,           // print every scenario with its clauses
  kModelReadings,  // print the model's readings of unclear clauses
  kClauses,        // print the clause coverage table
  kCheckClauses,   // check clause coverage against the catalogue
};

struct Options {
  Action action = Action::kRun;
  TargetKind target = TargetKind::kModel;
  std::uint32_t model_build = 19045;
  std::string report_dir = "bitscts-reports";  // empty: write no report (--no-report)
  std::string expectations_file;        // empty: the built-in file of the target's family
  std::vector<std::string> gtest_args;  // argv[0] and every --gtest_* argument, in order
};

// Parses argv; on bad input returns a one-line error (without the "bitscts: " prefix).
std::variant<Options, std::string> ParseOptions(int argc, const char* const* argv);

// Returns the usage text printed by --help.
std::string Usage();

}  // namespace bitscts::runner
