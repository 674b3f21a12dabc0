// The commands of bitscts-report. Each returns the process exit status (0 success, 1 a finding:
// duplicates, regressions, expired expectations) and throws InputError for input it cannot use.
#pragma once

#include <chrono>
#include <ostream>

#include "command_line.h"

namespace bitscts::report::tool {

// merge: writes the inputs' cases into one JUnit file.
int RunMerge(const CommandLine& line, std::ostream& diagnostics);
// matrix: writes the HTML matrix, the Markdown summary and/or the merged JUnit file.
int RunMatrix(const CommandLine& line, std::chrono::year_month_day today,
              std::ostream& diagnostics);
// check: prints changed cells, regressions and expired expectations to `out`; with
// --same-verdicts, every scenario whose verdict is not the baseline's.
int RunCheck(const CommandLine& line, std::chrono::year_month_day today, std::ostream& out,
             std::ostream& diagnostics);

}  // namespace bitscts::report::tool
