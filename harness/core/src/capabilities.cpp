#include "bitscts/capabilities.h"

#include <array>
#include <utility>

namespace bitscts {
namespace {

constexpr std::array<std::pair<Feature, std::string_view>, 26> kFeatureNames{{
    {Feature::kDownload, "download"},
    {Feature::kBits4, "bits-4.0"},
    {Feature::kTokenOptions, "token-options"},
    {Feature::kDistinctIdentities, "distinct-identities"},
    {Feature::kLogoff, "logoff"},
    {Feature::kAdministrator, "administrator"},
    {Feature::kNotifications, "notifications"},
    {Feature::kErrorDetails, "error-details"},
    {Feature::kOwnership, "ownership"},
    {Feature::kCredentials, "credentials"},
    {Feature::kTimeControl, "time-control"},
    {Feature::kTokenShapes, "token-shapes"},
    {Feature::kSecurityReinit, "security-reinit"},
    {Feature::kServiceRestart, "service-restart"},
    {Feature::kNetworkControl, "network-control"},
    {Feature::kCostFlags, "cost-flags"},
    {Feature::kFileVersion, "file-version"},
    {Feature::kLogonKinds, "logon-kinds"},
    {Feature::kApartments, "apartments"},
    {Feature::kProxySettings, "proxy-settings"},
    {Feature::kUserProxy, "user-proxy"},
    {Feature::kTls, "tls"},
    {Feature::kClientCertificates, "client-certificates"},
    {Feature::kVersionedClasses, "versioned-classes"},
    {Feature::kShares, "shares"},
    {Feature::kFolderWriters, "folder-writers"},
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
