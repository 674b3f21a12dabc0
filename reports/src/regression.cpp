#include "bitscts/report/regression.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "bitscts/report/input_error.h"

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

// Returns the id of the one target in `report`; throws InputError if it holds none or several.
std::string OnlyTargetId(const Report& report, const std::string& role) {
  const std::vector<TargetInfo> targets = report.Targets();
  if (targets.size() == 1) return targets.front().id;
  std::string held = "no target";
  if (!targets.empty()) {
    held = std::to_string(targets.size()) + " targets (";
    for (std::size_t i = 0; i < targets.size(); ++i) held += (i ? ", " : "") + targets[i].id;
    held += ')';
  }
  throw InputError("same verdicts: the " + role + " holds " + held +
                   "; it must hold exactly one target's report");
}

// Returns each scenario's case, the first where a scenario occurs more than once.
std::map<std::string, const TestCase*> CasesByScenario(const Report& report) {
  std::map<std::string, const TestCase*> cases;
  for (const Suite& suite : report.suites) {
    for (const TestCase& test_case : suite.cases) cases.emplace(test_case.scenario_id, &test_case);
  }
  return cases;
}

// Returns the first line of what a case says about its verdict (its first outcome's message, else
// that outcome's text), without the "<verdict>: " the runner writes before a skipped case's reason.
std::string MessageOf(const TestCase& test_case) {
  std::string_view text;
  for (const Outcome& outcome : test_case.outcomes) {
    text = outcome.message.empty() ? outcome.text : outcome.message;
    if (!text.empty()) break;
  }
  text.remove_prefix(std::min(text.find_first_not_of(" \t\r\n"), text.size()));
  const std::string verdict_prefix = std::string(Name(test_case.verdict)) + ": ";
  if (text.starts_with(verdict_prefix)) text.remove_prefix(verdict_prefix.size());
  text = text.substr(0, text.find('\n'));
  if (text.ends_with('\r')) text.remove_suffix(1);
  return std::string(text);
}

// Returns the feature named by a message "needs <feature>: <evidence>", as scenarios write it
// when a target lacks a feature; nullopt for any other message.
std::optional<std::string_view> NeededFeature(std::string_view message) {
  constexpr std::string_view kNeeds = "needs ";
  if (!message.starts_with(kNeeds)) return std::nullopt;
  message.remove_prefix(kNeeds.size());
  const std::size_t colon = message.find(':');
  if (colon == 0 || colon == std::string_view::npos) return std::nullopt;
  return message.substr(0, colon);
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

SameVerdictsCheck CheckSameVerdicts(const Report& baseline, const Report& current,
                                    const std::vector<Feature>& allowed_unsupported) {
  SameVerdictsCheck check;
  check.baseline_target_id = OnlyTargetId(baseline, "baseline");
  check.current_target_id = OnlyTargetId(current, "current run");
  const std::map<std::string, const TestCase*> before = CasesByScenario(baseline);
  const std::map<std::string, const TestCase*> after = CasesByScenario(current);
  std::set<std::string> scenarios;
  for (const auto& [scenario_id, test_case] : before) scenarios.insert(scenario_id);
  for (const auto& [scenario_id, test_case] : after) scenarios.insert(scenario_id);

  for (const std::string& scenario_id : scenarios) {
    const auto was = before.find(scenario_id);
    const auto is = after.find(scenario_id);
    const TestCase* was_case = was == before.end() ? nullptr : was->second;
    const TestCase* is_case = is == after.end() ? nullptr : is->second;
    if (was_case && is_case && was_case->verdict == is_case->verdict) {
      ++check.equal;
      continue;
    }
    const std::string message =
        is_case && is_case->verdict != Verdict::kPass ? MessageOf(*is_case) : std::string();
    if (was_case && is_case && is_case->verdict == Verdict::kUnsupported) {
      const std::optional<std::string_view> needed = NeededFeature(message);
      const bool allowed =
          needed && std::any_of(allowed_unsupported.begin(), allowed_unsupported.end(),
                                [&](Feature feature) { return Name(feature) == *needed; });
      if (allowed) {
        ++check.allowed_unsupported[std::string(*needed)];
        continue;
      }
    }
    VerdictDifference difference;
    difference.scenario_id = scenario_id;
    if (was_case) difference.before = was_case->verdict;
    if (is_case) difference.after = is_case->verdict;
    difference.message = message;
    check.differences.push_back(std::move(difference));
  }
  return check;
}

void PrintSameVerdictsCheck(const SameVerdictsCheck& check, std::ostream& out) {
  for (const VerdictDifference& difference : check.differences) {
    out << "differs: " << difference.scenario_id << ": " << VerdictText(difference.before) << " -> "
        << VerdictText(difference.after);
    if (!difference.message.empty()) out << ": " << difference.message;
    out << '\n';
  }
  std::size_t allowed = 0;
  std::string by_feature;
  for (const auto& [feature, count] : check.allowed_unsupported) {
    allowed += count;
    by_feature += (by_feature.empty() ? " (" : ", ") + feature + ' ' + std::to_string(count);
  }
  if (!by_feature.empty()) by_feature += ')';
  out << "same verdicts: " << (check.Failed() ? "FAILED" : "ok") << ": " << check.current_target_id
      << " against baseline " << check.baseline_target_id << ": " << check.equal << " equal, "
      << allowed << " unsupported as allowed" << by_feature << ", " << check.differences.size()
      << " differ\n";
}

}  // namespace bitscts::report
