#include "bitscts/report/regression.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace bitscts::report {
namespace {

using Key = std::pair<std::string, std::string>;  // target id, scenario id

struct BaselineIndex {
  std::map<Key, std::vector<Verdict>> verdicts;
  std::vector<TargetInfo> targets;

  explicit BaselineIndex(const Report& baseline) : targets(baseline.Targets()) {
    for (const Suite& suite : baseline.suites) {
      for (const TestCase& test_case : suite.cases) {
        verdicts[{test_case.target_id, test_case.scenario_id}].push_back(test_case.verdict);
      }
    }
  }

  // Returns the baseline targets a current target is compared with.
  std::vector<std::string> ComparedWith(const TargetInfo& target) const {
    std::vector<std::string> ids;
    for (const TargetInfo& candidate : targets) {
      if (candidate.id == target.id) return {candidate.id};
    }
    for (const TargetInfo& candidate : targets) {
      if (!target.family.empty() && candidate.family == target.family) ids.push_back(candidate.id);
    }
    return ids;
  }

  // Returns the baseline's verdict for a scenario over `compared`: pass if it passed on any of
  // them, else the first verdict found; with the target that gave it.
  std::optional<std::pair<Verdict, std::string>> VerdictFor(
      const std::vector<std::string>& compared, const std::string& scenario_id) const {
    std::optional<std::pair<Verdict, std::string>> found;
    for (const std::string& id : compared) {
      const auto it = verdicts.find({id, scenario_id});
      if (it == verdicts.end()) continue;
      for (const Verdict verdict : it->second) {
        if (verdict == Verdict::kPass) return std::make_pair(verdict, id);
        if (!found) found = std::make_pair(verdict, id);
      }
    }
    return found;
  }
};

std::string VerdictText(const std::optional<Verdict>& verdict) {
  return verdict ? std::string(Name(*verdict)) : std::string("(none)");
}

}  // namespace

bool RegressionCheck::Failed() const {
  return !expired.empty() ||
         std::any_of(changes.begin(), changes.end(),
                     [](const CellChange& change) { return change.regression; });
}

RegressionCheck CheckRegressions(const Report& baseline, const Report& current,
                                 const std::vector<ExpectationFile>& expectations,
                                 std::chrono::year_month_day today) {
  RegressionCheck check;
  const BaselineIndex index(baseline);
  std::map<std::string, std::vector<std::string>> compared_with;
  for (const TargetInfo& target : current.Targets()) {
    compared_with[target.id] = index.ComparedWith(target);
    if (compared_with[target.id].empty()) check.targets_without_baseline.push_back(target.id);
  }

  std::set<Key> current_keys;
  for (const Suite& suite : current.suites) {
    for (const TestCase& test_case : suite.cases) {
      current_keys.insert({test_case.target_id, test_case.scenario_id});
      const std::vector<std::string>& compared = compared_with[test_case.target_id];
      if (compared.empty()) continue;
      const auto before = index.VerdictFor(compared, test_case.scenario_id);
      if (before && before->first == test_case.verdict) continue;
      CellChange change;
      change.target_id = test_case.target_id;
      change.scenario_id = test_case.scenario_id;
      change.baseline_target_id = before ? before->second : compared.front();
      if (before) change.before = before->first;
      change.after = test_case.verdict;
      change.regression = before && before->first == Verdict::kPass && IsFailure(test_case.verdict);
      check.changes.push_back(std::move(change));
    }
  }
  for (const auto& [key, verdicts] : index.verdicts) {
    if (!compared_with.contains(key.first) || current_keys.contains(key)) continue;
    check.changes.push_back(
        {key.first, key.second, key.first, verdicts.front(), std::nullopt, false});
  }

  for (const ExpectationFile& file : expectations) {
    for (const Expectation& entry : file.entries) {
      if (IsExpired(entry, today)) {
        check.expired.push_back({file.path, entry.line, entry.scenario_id, entry.expires});
      }
    }
  }
  return check;
}

void PrintRegressionCheck(const RegressionCheck& check, std::ostream& out) {
  std::size_t regressions = 0;
  for (const CellChange& change : check.changes) {
    const char* kind = change.regression ? "regression"
                       : !change.before  ? "new"
                       : !change.after   ? "gone"
                                         : "changed";
    if (change.regression) ++regressions;
    out << kind << ": " << change.target_id << ' ' << change.scenario_id << ": "
        << VerdictText(change.before) << " -> " << VerdictText(change.after);
    if (change.baseline_target_id != change.target_id)
      out << " (baseline " << change.baseline_target_id << ')';
    out << '\n';
  }
  for (const ExpiredExpectation& entry : check.expired) {
    out << "expired: " << entry.path << ':' << entry.line << ": " << entry.scenario_id
        << " expired after " << entry.expires << '\n';
  }
  for (const std::string& target : check.targets_without_baseline) {
    out << "no baseline: " << target << " (no baseline target with this id or family)\n";
  }
  out << "check: " << (check.Failed() ? "FAILED" : "ok") << ": " << regressions
      << " regression(s), " << check.expired.size() << " expired expectation(s), "
      << check.changes.size() << " changed cell(s)\n";
}

}  // namespace bitscts::report
