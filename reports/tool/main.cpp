// bitscts-report: merges JUnit files, draws the conformance matrix, checks for regressions.
#include <chrono>
#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

#include "bitscts/report/input_error.h"
#include "command_line.h"
#include "commands.h"

namespace {

using bitscts::report::tool::Command;

std::chrono::year_month_day TodayUtc() {
  return std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

int Run(const std::vector<std::string_view>& arguments) {
  namespace tool = bitscts::report::tool;
  const tool::CommandLine line = tool::ParseCommandLine(arguments);
  const std::chrono::year_month_day today = line.today.value_or(TodayUtc());
  switch (line.command) {
    case Command::kHelp: std::cout << tool::UsageText(); return 0;
    case Command::kMerge: return tool::RunMerge(line, std::cerr);
    case Command::kMatrix: return tool::RunMatrix(line, today, std::cerr);
    case Command::kCheck: return tool::RunCheck(line, today, std::cout, std::cerr);
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string_view> arguments(argv + 1, argv + argc);
    return Run(arguments);
  } catch (const bitscts::report::tool::UsageError& error) {
    std::cerr << "bitscts-report: " << error.what() << " (see bitscts-report --help)\n";
  } catch (const bitscts::report::InputError& error) {
    std::cerr << "bitscts-report: " << error.what() << '\n';
  } catch (const std::exception& error) {
    std::cerr << "bitscts-report: unexpected error: " << error.what() << '\n';
  } catch (...) {
    std::cerr << "bitscts-report: unexpected error\n";
  }
  return 2;
}
