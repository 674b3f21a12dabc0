// Expectation files (one per target family, e.g. scenarios/expectations/wine.expect): which
// scenarios are known not to pass there, why, where that is documented, and until when.
//
//   # comment
//   strict
//   Scenario.Id | expected verdict | reason | link [| expires=YYYY-MM-DD]
//
// The expected verdict is unsupported, fail, timeout or error. An entry is valid through its
// expiry date and expired from the day after.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/report/verdict.h"

namespace bitscts::report {

struct Expectation {
  std::string scenario_id;
  Verdict verdict = Verdict::kFail;
  std::string reason;
  std::string link;
  std::optional<std::chrono::year_month_day> expires;
  int line = 0;  // where the entry is in its file
};

struct ExpectationFile {
  std::string path;
  std::string family;   // the file name without extension: "wine" for wine.expect
  bool strict = false;  // the file says "strict"
  std::vector<Expectation> entries;
};

// Returns the entries of expectation-file text; `path` names the file in errors and gives the
// family. Throws InputError ("path:line: what is wrong") on the first malformed line.
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
