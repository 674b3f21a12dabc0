#include "bitscts/controls.h"

#include <utility>

namespace bitscts {

ControlSet& ControlSet::Withhold(Feature feature, std::string reason) {
  entries_[feature] = Entry{nullptr, std::move(reason)};
  return *this;
}

std::optional<std::string> ControlSet::Missing(Feature feature) const {
  const auto found = entries_.find(feature);
  if (found == entries_.end()) return std::string("not offered by this target");
  if (found->second.control == nullptr) return found->second.reason;
  return std::nullopt;
}

void ControlSet::Declare(Capabilities& capabilities) const {
  for (const Feature feature : ControlFeatures()) {
    const std::optional<std::string> missing = Missing(feature);
    capabilities.Set(feature, !missing,
                     missing ? "the target withholds it: " + *missing : "offered by the target");
  }
}

ControlSet ControlSet::Without(const std::vector<Feature>& features,
                               const std::string& reason) const {
  ControlSet copy = *this;
  for (const Feature feature : features) copy.Withhold(feature, reason);
  return copy;
}

}  // namespace bitscts
