// Expectation files in reports. The grammar, its parser and its error messages are the
// harness's (bitscts/expectations.h), so that the runner and the reports accept exactly the
// same files; this adds what reports need around it: the file's path and target family,
// reading from disk, errors as InputError, and dates as calendar values.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/expectations.h"

namespace bitscts::report {

// One entry: scenario_id, expected verdict, reason, link, expires ("YYYY-MM-DD" or empty), line.
using ::bitscts::Expectation;

struct ExpectationFile {
  std::string path;
  std::string family;                // the file name without extension: "wine" for wine.expect
  bool strict = false;               // the file says "strict"
  std::vector<Expectation> entries;  // in file order
};

// Returns the entries of expectation-file text; `path` names the file in errors and gives the
// family. Throws InputError with the harness parser's one-line error ("path:line: problem").
ExpectationFile ParseExpectations(std::string_view text, const std::string& path);

// Returns the entries of an expectation file. Throws InputError if it cannot be read or parsed.
ExpectationFile ReadExpectationsFile(const std::filesystem::path& path);

// Returns true if and only if the entry has an expiry date and `today` is after it.
bool IsExpired(const Expectation& expectation, std::chrono::year_month_day today);

// Parses a date written YYYY-MM-DD; nullopt unless the text is exactly that and a real date.
std::optional<std::chrono::year_month_day> ParseDate(std::string_view text);

// Returns a date as YYYY-MM-DD.
std::string FormatDate(std::chrono::year_month_day date);

}  // namespace bitscts::report
