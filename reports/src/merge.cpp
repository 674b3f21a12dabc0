#include "bitscts/report/merge.h"

#include <iterator>
#include <map>
#include <string_view>
#include <utility>

namespace bitscts::report {

Report Merge(std::vector<Report> reports) {
  Report merged;
  for (Report& report : reports) {
    merged.suites.insert(merged.suites.end(), std::make_move_iterator(report.suites.begin()),
                         std::make_move_iterator(report.suites.end()));
  }
  return merged;
}

std::vector<Duplicate> FindDuplicates(const Report& report) {
  // Keys point into `report`; a key's value is the index of its Duplicate entry once it has one.
  constexpr std::size_t kSeenOnce = static_cast<std::size_t>(-1);
  std::map<std::pair<std::string_view, std::string_view>, std::pair<const TestCase*, std::size_t>>
      seen;
  std::vector<Duplicate> duplicates;
  for (const Suite& suite : report.suites) {
    for (const TestCase& test_case : suite.cases) {
      auto [it, inserted] =
          seen.try_emplace({test_case.target_id, test_case.scenario_id}, &test_case, kSeenOnce);
      if (inserted) continue;
      auto& [first, index] = it->second;
      if (index == kSeenOnce) {
        index = duplicates.size();
        duplicates.push_back({first->target_id, first->scenario_id, {first->source}});
      }
      duplicates[index].sources.push_back(test_case.source);
    }
  }
  return duplicates;
}

}  // namespace bitscts::report
