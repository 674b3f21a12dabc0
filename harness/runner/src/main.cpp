// bitscts: runs the conformance scenarios against one target and writes a JUnit report.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <system_error>

#include "agent_mode.h"
#include "listing.h"
#include "options.h"
#include "run_context.h"
#include "scenario_runner.h"
#include "target_factory.h"

#ifdef _WIN32
#include "bitscts/com/preflight.h"
#endif

namespace bitscts::runner {
namespace {

constexpr int kExitBadUsage = 2;
constexpr int kExitEnvironment = 3;

// Returns an empty string if `folder` exists (or was created) and accepts a new file.
std::string CheckWritableFolder(const std::string& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) return "cannot create the report folder '" + folder + "': " + error.message();
  const auto probe = std::filesystem::path(folder) / ".bitscts-write-check";
  {
    std::ofstream file(probe);
    if (!file) return "the report folder '" + folder + "' is not writable";
  }
  std::filesystem::remove(probe, error);
  return {};
}

void PrintTarget(RunContext& run) {
  const TargetDescription& target = run.target().Description();
  std::cout << "bitscts: target " << target.id << " — " << target.implementation << ", "
            << target.os_name << ", build " << target.os_build << ", BITS " << target.bits_version
            << "\n";
  for (const auto& [feature, probe] : run.capabilities().All()) {
    std::cout << "bitscts:   " << (probe.available ? "[x] " : "[ ] ") << Name(feature) << " — "
              << probe.evidence << "\n";
  }
  std::cout << "bitscts: expectations " << run.expectations().source() << " ("
            << run.expectations().entries().size() << " entries"
            << (run.expectations().strict() ? ", strict" : "") << ")\n";
}

void PrintSummary(const RunReport& report, const std::string& junit_path) {
  std::map<Verdict, int> counts;
  for (const CaseRecord& record : report.cases) ++counts[record.verdict];
  std::cout << "bitscts: " << report.target.id << ":";
  for (Verdict verdict : {Verdict::kPass, Verdict::kFail, Verdict::kUnsupported, Verdict::kXfail,
                          Verdict::kXpass, Verdict::kTimeout, Verdict::kError}) {
    std::cout << " " << counts[verdict] << " " << Name(verdict)
              << (verdict == Verdict::kError ? "" : ",");
  }
  std::cout << "\nbitscts: JUnit report " << junit_path << "\n";
}

// Checks this machine's preconditions of a com-target run, one line each; a Windows build
// checks through the Windows API, any other build has no com target to check for.
int Preflight(const Options& options) {
#ifdef _WIN32
  std::error_code error;
  const std::filesystem::path temporary = std::filesystem::temp_directory_path(error);
  if (error) {
    std::cerr << "bitscts: --preflight: no temporary folder for the scratch check: "
              << error.message() << "\n";
    return kExitEnvironment;
  }
  return com::RunWindowsPreflight({temporary.string(), {options.secret_witness}}, std::cout);
#else
  (void)options;
  std::cerr << "bitscts: --preflight checks a Windows machine for the com target, and this build "
               "has none "
               "(build with the msvc or mingw preset and run it there)\n";
  return kExitEnvironment;
#endif
}

int Run(int argc, char** argv) {
  auto parsed = ParseOptions(argc, argv);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    std::cerr << "bitscts: " << *error << "\n";
    return kExitBadUsage;
  }
  const Options options = std::get<Options>(parsed);
  switch (options.action) {
    case Action::kHelp: std::cout << Usage(); return 0;
    case Action::kList: PrintScenarioList(std::cout); return 0;
    case Action::kClauses: return PrintClauseTable(std::cout);
    case Action::kCheckClauses: return CheckClauses(std::cout);
    case Action::kModelReadings: return PrintModelReadings(std::cout);
    case Action::kAgent: return RunAgent(options);
    case Action::kPreflight: return Preflight(options);
    case Action::kPlan: {
      const char* name = options.target == TargetKind::kCom        ? "com"
                         : options.target == TargetKind::kNull     ? "null"
                         : options.target == TargetKind::kComModel ? "com-model"
                                                                   : "model";
      return PrintPlan(std::cout, name, PlannedWithheldControls(options));
    }
    case Action::kRun: break;
  }

  std::vector<char*> gtest_argv;
  for (const std::string& arg : options.gtest_args)
    gtest_argv.push_back(const_cast<char*>(arg.c_str()));
  int gtest_argc = static_cast<int>(gtest_argv.size());
  testing::InitGoogleTest(&gtest_argc, gtest_argv.data());
  if (GTEST_FLAG_GET(list_tests)) {
    RegisterScenarioTests(nullptr);
    return RUN_ALL_TESTS();
  }

  const bool write_report = !options.report_dir.empty();
  if (std::string error = write_report ? CheckWritableFolder(options.report_dir) : "";
      !error.empty()) {
    std::cerr << "bitscts: " << error << "\n";
    return kExitBadUsage;
  }
  auto started = RunContext::Start(options);
  if (auto* error = std::get_if<std::string>(&started)) {
    std::cerr << "bitscts: " << *error << "\n";
    return kExitEnvironment;
  }
  std::unique_ptr<RunContext> run = std::move(std::get<std::unique_ptr<RunContext>>(started));
  PrintTarget(*run);

  RegisterScenarioTests(run.get());
  const int result = RUN_ALL_TESTS();

  if (!write_report) {
    PrintSummary(run->report(), "not written (--no-report)");
    return result;
  }
  // The file already lists every finished scenario; writing it once more covers a run in which
  // no scenario ran, and says whether the last write failed.
  if (std::string error = run->WriteReport(); !error.empty()) {
    std::cerr << "bitscts: the JUnit report was not written: " << error << "\n";
    return kExitEnvironment;
  }
  PrintSummary(run->report(), run->report_path());
  return result;
}

}  // namespace
}  // namespace bitscts::runner

int main(int argc, char** argv) { return bitscts::runner::Run(argc, argv); }
