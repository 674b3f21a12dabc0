// Internal to the report library: what the matrix writers say first, the same in HTML and
// Markdown: which results regressed, on which targets, since which baseline, and the counts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bitscts/report/matrix.h"
#include "bitscts/report/regression.h"

namespace bitscts::report::internal {

// One scenario on one target whose verdict is not what it was before.
struct VerdictChange {
  std::string target_id;
  std::string scenario_id;
  std::optional<Verdict> before;  // nullopt: not run before
  std::optional<Verdict> after;   // nullopt: not run now
  std::string before_where;       // "baseline <target> (<date>)", or "run <date>" (the previous)
  bool regression = false;        // passed before, fails now
};

struct Headline {
  // What "before" means: "baseline <targets> (<dates>)", "the previous run of <targets>", or
  // empty when there is nothing to compare with.
  std::string since;
  std::vector<std::string> not_compared;  // current targets the baseline has nothing for
  std::vector<VerdictChange> changes;     // regressions first, then by target column and scenario
  std::size_t regressions = 0;
  std::vector<std::size_t> regressed_columns;  // targets with a regression, in column order
  std::vector<std::size_t> failing_columns;    // targets with a failing result, in column order
  VerdictCounts totals{};                      // over every target's latest run
  std::size_t failing_results = 0;
  std::size_t scenarios = 0;
};

// Returns the headline of `matrix`, comparing with `baseline` when given, else with the previous
// run of each target that ran more than once.
Headline MakeHeadline(const Matrix& matrix, const BaselineComparison* baseline);

// Returns "1 regression" / "2 regressions": `count` and `noun`, plural unless count is 1.
std::string Counted(std::size_t count, const std::string& noun);

}  // namespace bitscts::report::internal
