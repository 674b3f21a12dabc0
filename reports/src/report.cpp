#include "bitscts/report/report.h"

#include <algorithm>

namespace bitscts::report {

std::string ClauseFamily(std::string_view clause_id) {
  const std::size_t dash = clause_id.rfind('-');
  if (dash == std::string_view::npos || dash == 0) return std::string(clause_id);
  return std::string(clause_id.substr(0, dash));
}

std::string_view TestCase::Evidence() const {
  if (evidence_offset >= system_out.size()) return {};
  return std::string_view(system_out).substr(evidence_offset);
}

std::string_view Suite::PropertyValue(std::string_view property_name) const {
  for (const Property& property : properties) {
    if (property.name == property_name) return property.value;
  }
  return {};
}

std::size_t Report::CaseCount() const {
  std::size_t count = 0;
  for (const Suite& suite : suites) count += suite.cases.size();
  return count;
}

std::vector<TargetInfo> Report::Targets() const {
  std::vector<TargetInfo> targets;
  for (const Suite& suite : suites) {
    const bool known = std::any_of(targets.begin(), targets.end(),
                                   [&](const TargetInfo& target) { return target.id == suite.target_id; });
    if (known) continue;
    TargetInfo target;
    target.id = suite.target_id;
    target.family = suite.PropertyValue("bitscts.target.family");
    target.implementation = suite.PropertyValue("bitscts.target.implementation");
    target.os_name = suite.PropertyValue("bitscts.target.os_name");
    target.os_build = suite.PropertyValue("bitscts.target.os_build");
    target.bits_version = suite.PropertyValue("bitscts.target.bits_version");
    target.run_date = suite.PropertyValue("bitscts.run.date");
    target.expectations = suite.PropertyValue("bitscts.expectations");
    target.bitscts_version = suite.PropertyValue("bitscts.version");
    targets.push_back(std::move(target));
  }
  return targets;
}

}  // namespace bitscts::report
