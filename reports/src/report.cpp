#include "bitscts/report/report.h"

#include <algorithm>

#include "bitscts/junit/properties.h"

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
  namespace property = junit::property;
  std::vector<TargetInfo> targets;
  for (const Suite& suite : suites) {
    const bool known = std::any_of(targets.begin(), targets.end(), [&](const TargetInfo& target) {
      return target.id == suite.target_id;
    });
    if (known) continue;
    TargetInfo target;
    target.id = suite.target_id;
    target.family = suite.PropertyValue(property::kTargetFamily);
    target.implementation = suite.PropertyValue(property::kTargetImplementation);
    target.os_name = suite.PropertyValue(property::kTargetOsName);
    target.os_build = suite.PropertyValue(property::kTargetOsBuild);
    target.bits_version = suite.PropertyValue(property::kTargetBitsVersion);
    target.run_date = suite.PropertyValue(property::kRunDate);
    target.expectations = suite.PropertyValue(property::kExpectations);
    target.bitscts_version = suite.PropertyValue(property::kVersion);
    targets.push_back(std::move(target));
  }
  return targets;
}

}  // namespace bitscts::report
