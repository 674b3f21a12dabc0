// Reads JUnit files into a Report. Three flavours are understood:
//   - bitscts's own (a <testsuites> of one target; bitscts.* properties; a status attribute that
//     names the verdict; system-out opening with "scenario:", "clauses:", "doc:" lines),
//   - ctest --output-junit (one flat <testsuite>; a case's name is its scenario id),
//   - gtest --gtest_output=xml (suite name + "." + case name is the scenario id).
// A suite's target id is its bitscts.target.id property or, in files not written by bitscts,
// the file's name without extension.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "bitscts/report/report.h"

namespace bitscts::report {

// Returns the suites and cases of a JUnit file. Throws InputError if it cannot be read or parsed.
Report ReadJUnitFile(const std::filesystem::path& path);

// Returns the suites and cases of JUnit text; `source` is the path the text came from, used in
// error messages, in each case's `source` and for the target id of files without one.
Report ReadJUnitText(std::string_view text, const std::string& source);

}  // namespace bitscts::report
