// Comparing runs with a baseline: which cells changed verdict, which of those are regressions
// (passed on the baseline for the same target, or the same target family, and fail now), and
// which expectations have expired.
#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bitscts/report/expectations.h"
#include "bitscts/report/report.h"

namespace bitscts::report {

// One scenario on one target whose verdict differs from the baseline's.
struct CellChange {
  std::string target_id;
  std::string scenario_id;
  std::string baseline_target_id;  // the baseline target compared with
  std::optional<Verdict> before;   // nullopt: the baseline did not run the scenario
  std::optional<Verdict> after;    // nullopt: the current run no longer has the scenario
  bool regression = false;         // before is pass and after is a failure
};

struct ExpiredExpectation {
  std::string path;
  int line = 0;
  std::string scenario_id;
  std::string expires;  // YYYY-MM-DD
};

struct RegressionCheck {
  std::vector<CellChange> changes;
  std::vector<ExpiredExpectation> expired;
  std::vector<std::string> targets_without_baseline;

  // Returns true if and only if some change is a regression or some expectation has expired.
  bool Failed() const;
};

// Compares `current` with `baseline`. A current target is compared with the baseline target of
// the same id if there is one, otherwise with the baseline targets of its family (a scenario
// counts as passed there if it passed on any of them). Expectations expired on `today` are listed.
RegressionCheck CheckRegressions(const Report& baseline, const Report& current,
                                 const std::vector<ExpectationFile>& expectations,
                                 std::chrono::year_month_day today);

// Prints one line per change, expired expectation and unmatched target, then a one-line total.
void PrintRegressionCheck(const RegressionCheck& check, std::ostream& out);

}  // namespace bitscts::report
