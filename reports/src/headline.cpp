#include "headline.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace bitscts::report::internal {
namespace {

// Returns the changes between the last two runs of every target that ran more than once.
std::vector<VerdictChange> ChangesSincePreviousRun(const Matrix& matrix) {
  std::vector<VerdictChange> changes;
  for (const MatrixGroup& group : matrix.groups) {
    for (const MatrixRow& row : group.rows) {
      for (std::size_t column = 0; column < row.history.size(); ++column) {
        const std::vector<const TestCase*>& runs = row.history[column];
        if (runs.size() < 2) continue;
        const TestCase* was = runs[runs.size() - 2];
        const TestCase* is = runs.back();
        if (was == nullptr && is == nullptr) continue;
        if (was != nullptr && is != nullptr && was->verdict == is->verdict) continue;
        VerdictChange change;
        change.target_id = matrix.targets[column].id;
        change.scenario_id = row.scenario_id;
        if (was != nullptr) change.before = was->verdict;
        if (is != nullptr) change.after = is->verdict;
        const std::vector<std::string>& dates = matrix.run_dates[column];
        change.before_where = "run " + dates[dates.size() - 2];
        change.regression = was != nullptr && is != nullptr && was->verdict == Verdict::kPass &&
                            IsFailure(is->verdict);
        changes.push_back(std::move(change));
      }
    }
  }
  return changes;
}

// Returns "baseline <id> (<run date>)" for a baseline target.
std::string BaselineTarget(const BaselineComparison& baseline, const std::string& id) {
  for (const TargetInfo& target : baseline.baseline_targets) {
    if (target.id == id && !target.run_date.empty())
      return "baseline " + id + " (" + target.run_date + ")";
  }
  return "baseline " + id;
}

// Returns "baseline <id> (<run date>), ..." for every baseline target.
std::string BaselineText(const BaselineComparison& baseline) {
  std::string text = "baseline";
  for (std::size_t i = 0; i < baseline.baseline_targets.size(); ++i) {
    const TargetInfo& target = baseline.baseline_targets[i];
    text += (i == 0 ? " " : ", ") + target.id;
    if (!target.run_date.empty()) text += " (" + target.run_date + ")";
  }
  return text;
}

}  // namespace

std::string Counted(std::size_t count, const std::string& noun) {
  return std::to_string(count) + ' ' + noun + (count == 1 ? "" : "s");
}

Headline MakeHeadline(const Matrix& matrix, const BaselineComparison* baseline) {
  Headline headline;
  std::map<std::string, std::size_t> column_of;
  for (std::size_t column = 0; column < matrix.targets.size(); ++column) {
    column_of[matrix.targets[column].id] = column;
    bool failing = false;
    for (std::size_t v = 0; v < AllVerdicts().size(); ++v) {
      const std::size_t count = matrix.counts[column][v];
      headline.totals[v] += count;
      if (IsFailure(AllVerdicts()[v]) && count > 0) {
        failing = true;
        headline.failing_results += count;
      }
    }
    if (failing) headline.failing_columns.push_back(column);
  }
  for (const MatrixGroup& group : matrix.groups) headline.scenarios += group.rows.size();

  if (baseline != nullptr) {
    headline.since = BaselineText(*baseline);
    headline.not_compared = baseline->check.targets_without_baseline;
    for (const CellChange& change : baseline->check.changes) {
      headline.changes.push_back({change.target_id, change.scenario_id, change.before, change.after,
                                  BaselineTarget(*baseline, change.baseline_target_id),
                                  change.regression});
    }
  } else {
    headline.changes = ChangesSincePreviousRun(matrix);
    std::string targets;
    for (std::size_t column = 0; column < matrix.run_dates.size(); ++column) {
      if (matrix.run_dates[column].size() > 1)
        targets += (targets.empty() ? "" : ", ") + matrix.targets[column].id;
    }
    if (!targets.empty()) headline.since = "the previous run of " + targets;
  }
  const auto column = [&](const VerdictChange& change) {
    const auto it = column_of.find(change.target_id);
    return it == column_of.end() ? column_of.size() : it->second;
  };
  std::stable_sort(headline.changes.begin(), headline.changes.end(),
                   [&](const VerdictChange& a, const VerdictChange& b) {
                     return std::make_tuple(!a.regression, column(a), a.scenario_id) <
                            std::make_tuple(!b.regression, column(b), b.scenario_id);
                   });
  std::stable_sort(headline.not_compared.begin(), headline.not_compared.end(),
                   [&](const std::string& a, const std::string& b) {
                     return column_of.at(a) < column_of.at(b);
                   });
  for (const VerdictChange& change : headline.changes) {
    if (!change.regression) continue;
    ++headline.regressions;
    const std::size_t at = column(change);
    if (at < matrix.targets.size() &&
        std::find(headline.regressed_columns.begin(), headline.regressed_columns.end(), at) ==
            headline.regressed_columns.end()) {
      headline.regressed_columns.push_back(at);
    }
  }
  return headline;
}

}  // namespace bitscts::report::internal
