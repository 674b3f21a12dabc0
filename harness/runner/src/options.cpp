#include "options.h"

#include <charconv>
#include <string_view>

namespace bitscts::runner {
namespace {

// Oldest and newest builds the model can emulate: XP SP3 to a far-future Windows.
constexpr std::uint32_t kMinBuild = 2600;
constexpr std::uint32_t kMaxBuild = 99999;

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string Usage() {
  return "Usage: bitscts [OPTIONS] [--gtest_* flags]\n"
         "Runs the BITS helper-token conformance scenarios against one target and writes a JUnit\n"
         "report named after the target id.\n"
         "\n"
         "  --target=model|com     system under test: the reference model (default) or BITS\n"
         "                         through COM (Windows, or Wine for the MinGW build)\n"
         "  --model-build=N        Windows build the model emulates (default 19045; e.g. 6002\n"
         "                         has no BITS 4.0, 7601 uses the pre-1607 rules)\n"
         "  --report-dir=DIR       folder for bitscts-<target-id>.xml (default bitscts-reports)\n"
         "  --no-report            write no JUnit report (ctest's per-scenario runs)\n"
         "  --expectations=FILE    expectations file to apply instead of the built-in one\n"
         "  --list                 print every scenario with the clauses it checks\n"
         "  --clauses              print the clause coverage table (clause -> scenarios)\n"
         "  --check-clauses        fail if a scenario names an unknown clause or an API-observable\n"
         "                         clause has no scenario\n"
         "  --model-readings       print the model's reading of each unclear clause and the\n"
         "                         clauses it implements\n"
         "  --help                 print this text\n"
         "\n"
         "GoogleTest flags such as --gtest_filter=Family.* and --gtest_list_tests also work.\n";
}

std::variant<Options, std::string> ParseOptions(int argc, const char* const* argv) {
  Options options;
  options.gtest_args.emplace_back(argc > 0 ? argv[0] : "bitscts");
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (StartsWith(arg, "--gtest_")) {
      options.gtest_args.emplace_back(arg);
    } else if (arg == "--help" || arg == "-h") {
      options.action = Action::kHelp;
    } else if (arg == "--list") {
      options.action = Action::kList;
    } else if (arg == "--clauses") {
      options.action = Action::kClauses;
    } else if (arg == "--check-clauses") {
      options.action = Action::kCheckClauses;
    } else if (arg == "--model-readings") {
      options.action = Action::kModelReadings;
    } else if (StartsWith(arg, "--target=")) {
      const std::string_view value = arg.substr(9);
      if (value == "model") {
        options.target = TargetKind::kModel;
      } else if (value == "com") {
        options.target = TargetKind::kCom;
      } else {
        return "unknown target '" + std::string(value) + "' (expected model or com)";
      }
    } else if (StartsWith(arg, "--model-build=")) {
      const std::string_view value = arg.substr(14);
      std::uint32_t build = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), build);
      if (value.empty() || error != std::errc{} || end != value.data() + value.size() ||
          build < kMinBuild || build > kMaxBuild) {
        return "bad build number '" + std::string(value) + "' (expected a Windows build from " +
               std::to_string(kMinBuild) + " to " + std::to_string(kMaxBuild) + ")";
      }
      options.model_build = build;
    } else if (arg == "--no-report") {
      options.report_dir.clear();
    } else if (StartsWith(arg, "--report-dir=")) {
      options.report_dir = std::string(arg.substr(13));
      if (options.report_dir.empty()) return "--report-dir needs a folder";
    } else if (StartsWith(arg, "--expectations=")) {
      options.expectations_file = std::string(arg.substr(15));
      if (options.expectations_file.empty()) return "--expectations needs a file";
    } else {
      return "unknown option '" + std::string(arg) + "' (see --help)";
    }
  }
  return options;
}

}  // namespace bitscts::runner
