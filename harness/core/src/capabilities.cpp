#include "bitscts/capabilities.h"

#include <utility>

#include "bitscts/controls.h"

namespace bitscts {
std::vector<Feature> AllFeatures() {
  std::vector<Feature> features{Feature::kDownload,     Feature::kBits4,
                                Feature::kTokenOptions, Feature::kDistinctIdentities,
                                Feature::kLogoff,       Feature::kAdministrator};
  for (const Feature control : ControlSet::ControlFeatures()) features.push_back(control);
  return features;
}

std::optional<Feature> ParseFeature(std::string_view name) {
  for (const Feature feature : AllFeatures()) {
    if (feature.name() == name) return feature;
  }
  return std::nullopt;
}

void Capabilities::Set(Feature feature, bool available, std::string evidence) {
  probes_[feature] = Probe{available, std::move(evidence)};
}

Probe Capabilities::Get(Feature feature) const {
  const auto it = probes_.find(feature);
  if (it == probes_.end()) return Probe{false, "not probed by this target"};
  return it->second;
}

std::vector<std::pair<Feature, Probe>> Capabilities::All() const {
  std::vector<std::pair<Feature, Probe>> all;
  for (const Feature feature : AllFeatures()) {
    if (const auto it = probes_.find(feature); it != probes_.end()) all.emplace_back(*it);
  }
  return all;
}

}  // namespace bitscts
