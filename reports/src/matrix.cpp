#include "bitscts/report/matrix.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace bitscts::report {

std::size_t VerdictIndex(Verdict verdict) {
  const auto all = AllVerdicts();
  return static_cast<std::size_t>(std::find(all.begin(), all.end(), verdict) - all.begin());
}

Matrix BuildMatrix(const Report& report) {
  Matrix matrix;
  matrix.targets = report.Targets();
  matrix.counts.assign(matrix.targets.size(), VerdictCounts{});
  std::map<std::string, std::size_t> column_of;
  for (std::size_t i = 0; i < matrix.targets.size(); ++i) column_of[matrix.targets[i].id] = i;

  std::map<std::string, MatrixRow> rows;
  for (const Suite& suite : report.suites) {
    for (const TestCase& test_case : suite.cases) {
      const std::size_t column = column_of.at(test_case.target_id);
      ++matrix.counts[column][VerdictIndex(test_case.verdict)];
      MatrixRow& row = rows[test_case.scenario_id];
      if (row.cells.empty()) {
        row.scenario_id = test_case.scenario_id;
        row.cells.resize(matrix.targets.size());
      }
      if (row.clauses.empty()) row.clauses = test_case.clauses;
      if (row.doc.empty()) row.doc = test_case.doc;
      if (row.clause_notes.empty()) row.clause_notes = test_case.clause_notes;
      row.cells[column].push_back(&test_case);
      row.failing = row.failing || IsFailure(test_case.verdict);
    }
  }

  std::map<std::string, MatrixGroup> groups;
  for (auto& [scenario_id, row] : rows) {
    const std::string family =
        row.clauses.empty() ? std::string() : ClauseFamily(row.clauses.front());
    MatrixGroup& group = groups[family];
    group.clause_family = family;
    group.failing = group.failing || row.failing;
    group.rows.push_back(std::move(row));
  }
  for (auto& [family, group] : groups) {
    std::stable_partition(group.rows.begin(), group.rows.end(),
                          [](const MatrixRow& row) { return row.failing; });
    matrix.groups.push_back(std::move(group));
  }
  std::stable_sort(matrix.groups.begin(), matrix.groups.end(),
                   [](const MatrixGroup& a, const MatrixGroup& b) {
                     return std::make_tuple(!a.failing, a.clause_family.empty(), a.clause_family) <
                            std::make_tuple(!b.failing, b.clause_family.empty(), b.clause_family);
                   });
  return matrix;
}

}  // namespace bitscts::report
