#include "bitscts/report/matrix.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <string_view>
#include <tuple>

#include "bitscts/junit/properties.h"

namespace bitscts::report {
namespace {

// Returns the number `text` starts with after its last dash or, failing that, its whole value if
// it is all digits; -1 if there is none.
long long BuildNumber(std::string_view text) {
  if (const std::size_t dash = text.rfind('-'); dash != std::string_view::npos)
    text.remove_prefix(dash + 1);
  if (text.empty() || text.size() > 12) return -1;
  long long number = 0;
  for (const char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    number = number * 10 + (c - '0');
  }
  return number;
}

// Returns the rank of a target's kind in the column order: windows, wine, com-model, model, null.
int KindRank(const TargetInfo& target) {
  constexpr std::array<std::string_view, 5> kOrder{"windows", "wine", "com-model", "model", "null"};
  for (std::size_t rank = 0; rank < kOrder.size(); ++rank) {
    const std::string_view kind = kOrder[rank];
    const std::string_view id = target.id;
    if (id == kind || (id.starts_with(kind) && id[kind.size()] == '-'))
      return static_cast<int>(rank);
  }
  for (std::size_t rank = 0; rank < kOrder.size(); ++rank) {
    if (target.family == kOrder[rank]) return static_cast<int>(rank);
  }
  return static_cast<int>(kOrder.size());
}

// Returns when the run in `source` took place for `target_id`: the run date its suites give,
// else the timestamp of its first suite.
std::string RunDateOf(const Report& report, const std::string& target_id,
                      const std::string& source) {
  std::string timestamp;
  for (const Suite& suite : report.suites) {
    if (suite.target_id != target_id || suite.source != source) continue;
    const std::string_view date = suite.PropertyValue(junit::property::kRunDate);
    if (!date.empty()) return std::string(date);
    if (timestamp.empty()) timestamp = suite.timestamp;
  }
  return timestamp;
}

}  // namespace

std::size_t VerdictIndex(Verdict verdict) {
  const auto all = AllVerdicts();
  return static_cast<std::size_t>(std::find(all.begin(), all.end(), verdict) - all.begin());
}

std::tuple<int, long long, std::string> TargetOrder(const TargetInfo& target) {
  long long build = BuildNumber(target.os_build);
  if (build < 0) build = BuildNumber(target.id);
  return {KindRank(target), -build, target.id};
}

Report LatestRuns(const Report& report) {
  std::map<std::pair<std::string, std::string>, std::string> date_of_file;  // target, source
  std::map<std::string, std::string> latest;                                // by target
  for (const Suite& suite : report.suites) {
    const auto key = std::make_pair(suite.target_id, suite.source);
    if (date_of_file.contains(key)) continue;
    const std::string date = RunDateOf(report, suite.target_id, suite.source);
    date_of_file[key] = date;
    std::string& newest = latest[suite.target_id];
    newest = std::max(newest, date);
  }
  Report runs;
  for (const Suite& suite : report.suites) {
    if (date_of_file.at({suite.target_id, suite.source}) == latest.at(suite.target_id))
      runs.suites.push_back(suite);
  }
  return runs;
}

Matrix BuildMatrix(const Report& report) {
  Matrix matrix;
  matrix.targets = report.Targets();
  std::stable_sort(matrix.targets.begin(), matrix.targets.end(),
                   [](const TargetInfo& a, const TargetInfo& b) {
                     return TargetOrder(a) < TargetOrder(b);
                   });
  const std::size_t columns = matrix.targets.size();
  matrix.counts.assign(columns, VerdictCounts{});
  matrix.run_dates.assign(columns, {});
  std::map<std::string, std::size_t> column_of;
  for (std::size_t i = 0; i < columns; ++i) column_of[matrix.targets[i].id] = i;

  // Each target's runs: its files grouped by run date, oldest first.
  std::map<std::pair<std::string, std::string>, std::string> date_of_file;  // target, source
  for (const Suite& suite : report.suites) {
    const auto key = std::make_pair(suite.target_id, suite.source);
    if (date_of_file.contains(key)) continue;
    const std::string date = RunDateOf(report, suite.target_id, suite.source);
    date_of_file[key] = date;
    std::vector<std::string>& dates = matrix.run_dates[column_of.at(suite.target_id)];
    if (std::find(dates.begin(), dates.end(), date) == dates.end()) dates.push_back(date);
  }
  for (std::size_t column = 0; column < columns; ++column) {
    std::vector<std::string>& dates = matrix.run_dates[column];
    std::sort(dates.begin(), dates.end());
    if (!dates.back().empty()) matrix.targets[column].run_date = dates.back();
  }

  std::map<std::string, MatrixRow> rows;
  for (const Suite& suite : report.suites) {
    const std::size_t column = column_of.at(suite.target_id);
    const std::vector<std::string>& dates = matrix.run_dates[column];
    const std::string& date = date_of_file.at({suite.target_id, suite.source});
    const std::size_t run =
        static_cast<std::size_t>(std::find(dates.begin(), dates.end(), date) - dates.begin());
    const bool latest = run + 1 == dates.size();
    for (const TestCase& test_case : suite.cases) {
      MatrixRow& row = rows[test_case.scenario_id];
      if (row.cells.empty()) {
        row.scenario_id = test_case.scenario_id;
        row.cells.resize(columns);
        row.history.resize(columns);
      }
      if (dates.size() > 1) {
        row.history[column].resize(dates.size(), nullptr);
        if (row.history[column][run] == nullptr) row.history[column][run] = &test_case;
      }
      if (row.clauses.empty()) row.clauses = test_case.clauses;
      if (row.doc.empty()) row.doc = test_case.doc;
      if (row.clause_notes.empty()) row.clause_notes = test_case.clause_notes;
      if (!latest) continue;
      ++matrix.counts[column][VerdictIndex(test_case.verdict)];
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
