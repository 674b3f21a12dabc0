// The report's JUnit files, read into a Report and written from one in the JUnit format of
// bitscts (bitscts/junit: its reader, its writer, its system-out and properties).
// Besides bitscts's own files, ctest --output-junit and gtest --gtest_output=xml output is read.
// A suite's target id is its bitscts.target.id property or, in files not written by bitscts,
// the file's name without extension. A case's scenario id is the "scenario:" line of its
// system-out, else a ctest name ("Family.Name"), else its class name (without the target prefix)
// joined to its name.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>

#include "bitscts/report/report.h"

namespace bitscts::report {

// Returns the suites and cases of a JUnit file. Throws InputError if it cannot be read or parsed.
Report ReadJUnitFile(const std::filesystem::path& path);

// Returns the suites and cases of JUnit text; `source` is the path the text came from, used in
// error messages, in each case's `source` and for the target id of files without one.
Report ReadJUnitText(std::string_view text, const std::string& source);

// Writes every suite and case of `report`, in order, as one JUnit document that ReadJUnitText
// reads back to the same cases, keys and verdicts (text XML cannot hold is escaped visibly, see
// junit::XmlCharacters). Each suite carries the target id property, so that it survives the
// file's name; see junit::Write for the elements each verdict gets.
void WriteJUnit(const Report& report, std::ostream& out);

}  // namespace bitscts::report
