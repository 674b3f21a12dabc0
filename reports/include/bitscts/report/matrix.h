// The cross-target view of a Report that the HTML and Markdown writers draw: scenarios as rows
// grouped by clause family, targets as columns, each cell the cases run for that pair.
#pragma once

#include <array>
#include <cstddef>
#include <string>
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
  std::vector<TargetInfo> targets;
  std::vector<VerdictCounts> counts;  // per target
  std::vector<MatrixGroup> groups;
};

// Returns the matrix of `report`, which must outlive it. Groups with a failing row come first,
// then groups by clause family (no family last); within a group failing rows come first, then
// rows by scenario id.
Matrix BuildMatrix(const Report& report);

// Returns the verdict's position in AllVerdicts().
std::size_t VerdictIndex(Verdict verdict);

}  // namespace bitscts::report
