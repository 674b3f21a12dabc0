#include "bitscts/capabilities.h"

#include <array>
#include <utility>

namespace bitscts {
namespace {

constexpr std::array<std::pair<Feature, std::string_view>, 19> kFeatureNames{{
    {Feature::kDownload, "download"},
    {Feature::kBits4, "bits-4.0"},
    {Feature::kTokenOptions, "token-options"},
    {Feature::kDistinctIdentities, "distinct-identities"},
    {Feature::kLogoff, "logoff"},
    {Feature::kAdministrator, "administrator"},
    {Feature::kFolderWriters, "folder-writers"},
    {Feature::kShares, "shares"},
    {Feature::kTimeControl, "time-control"},
    {Feature::kNetworkControl, "network-control"},
    {Feature::kServiceRestart, "service-restart"},
    {Feature::kLogonKinds, "logon-kinds"},
    {Feature::kTls, "tls"},
    {Feature::kClientCertificates, "client-certificates"},
    {Feature::kUserProxy, "user-proxy"},
    {Feature::kFileVersion, "file-version"},
    {Feature::kTokenShapes, "token-shapes"},
    {Feature::kSecurityReinit, "security-reinit"},
    {Feature::kApartments, "apartments"},
}};

}  // namespace

std::vector<Feature> AllFeatures() {
  std::vector<Feature> features;
  for (const auto& [feature, name] : kFeatureNames) features.push_back(feature);
  return features;
}

std::string_view Name(Feature feature) {
  for (const auto& [value, name] : kFeatureNames) {
    if (value == feature) return name;
  }
  return "unknown-feature";
}

std::optional<Feature> ParseFeature(std::string_view name) {
  for (const auto& [value, feature_name] : kFeatureNames) {
    if (feature_name == name) return value;
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
  return {probes_.begin(), probes_.end()};
}

}  // namespace bitscts
