// The cross-target view of a Report that the HTML and Markdown writers draw: scenarios as rows
// grouped by clause family, targets as columns, each cell the cases run for that pair. When the
// inputs hold several runs of one target (files whose run dates differ), the cells show its latest
// run and each row keeps the verdicts of every run as the scenario's history there.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <vector>

#include "bitscts/report/report.h"

namespace bitscts::report {

struct MatrixRow {
  std::string scenario_id;
  std::vector<std::string> clauses;
  std::string doc;                       // the scenario's documentation link, if any case gave one
  std::vector<ClauseNote> clause_notes;  // what the clauses say, if any case told
  // One cell per target, in Matrix::targets order: the cases run for this scenario there (none
  // when it was not run; more than one when the input held duplicates).
  std::vector<std::vector<const TestCase*>> cells;
  // One entry per target: empty when the inputs hold one run of it, else the case of each of its
  // runs, oldest first, in Matrix::run_dates order (nullptr where that run lacks the scenario).
  std::vector<std::vector<const TestCase*>> history;
  bool failing = false;  // some cell holds a verdict for which IsFailure is true
};

struct MatrixGroup {
  std::string clause_family;  // "HT-QI"; empty for scenarios that name no clause
  std::vector<MatrixRow> rows;
  bool failing = false;
};

// Number of cases per verdict, indexed by the verdict's position in AllVerdicts().
using VerdictCounts = std::array<std::size_t, 7>;

struct Matrix {
  // Windows targets first (newest build first), then wine, com-model, model, null and the rest;
  // by id within each. A target's run_date is that of its latest run.
  std::vector<TargetInfo> targets;
  std::vector<VerdictCounts> counts;  // per target, of its latest run
  // Per target: the run dates of its runs, oldest first (one entry when it ran once).
  std::vector<std::vector<std::string>> run_dates;
  std::vector<MatrixGroup> groups;
};

// Returns the matrix of `report`, which must outlive it. Groups with a failing row come first,
// then groups by clause family (no family last); within a group failing rows come first, then
// rows by scenario id.
Matrix BuildMatrix(const Report& report);

// Returns the suites of `report` that belong to the latest run of their target (the files whose
// run date is that target's latest), in their order: what the matrix's cells and counts show.
Report LatestRuns(const Report& report);

// Returns the rank of a target in the matrix's column order: lower comes first.
std::tuple<int, long long, std::string> TargetOrder(const TargetInfo& target);

// Returns the verdict's position in AllVerdicts().
std::size_t VerdictIndex(Verdict verdict);

}  // namespace bitscts::report
