// Comparing runs with a baseline: which cells changed verdict, which of those are regressions
// (passed on the baseline for the same target, or the same target family, and fail now), and
// which expectations have expired. Or, stricter, whether one target gives exactly the verdicts
// another gave (CheckSameVerdicts).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bitscts/capabilities.h"
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

// A regression check together with the baseline it was made against, as the matrix shows it.
struct BaselineComparison {
  std::vector<TargetInfo> baseline_targets;
  RegressionCheck check;
};

// Prints one line per change, expired expectation and unmatched target, then a one-line total.
void PrintRegressionCheck(const RegressionCheck& check, std::ostream& out);

// One scenario whose verdict on the current target is not the baseline target's.
struct VerdictDifference {
  std::string scenario_id;
  std::optional<Verdict> before;  // nullopt: the baseline did not run the scenario
  std::optional<Verdict> after;   // nullopt: the current run did not run it
  std::string message;            // the current case's first message line; empty for a pass
};

struct SameVerdictsCheck {
  std::string baseline_target_id;
  std::string current_target_id;
  std::size_t equal = 0;  // scenarios with the same verdict on both
  // Scenarios unsupported now for want of an allowed feature, by feature name.
  std::map<std::string, std::size_t> allowed_unsupported;
  std::vector<VerdictDifference> differences;  // by scenario id

  // Returns true if and only if some scenario differs.
  bool Failed() const { return !differences.empty(); }
};

// Compares the one target of `current` with the one target of `baseline`, whatever their ids and
// families: every scenario whose verdict differs, or that only one of them ran, is a difference,
// except a current `unsupported` whose message starts "needs <F>:" for an F in
// `allowed_unsupported`. Throws InputError unless each report holds exactly one target.
SameVerdictsCheck CheckSameVerdicts(const Report& baseline, const Report& current,
                                    const std::vector<Feature>& allowed_unsupported);

// Prints one line per difference, then a one-line total.
void PrintSameVerdictsCheck(const SameVerdictsCheck& check, std::ostream& out);

}  // namespace bitscts::report
