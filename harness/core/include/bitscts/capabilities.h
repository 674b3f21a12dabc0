// Features a target may or may not offer, probed once per run, each with the evidence behind the
// answer, so that a scenario whose needs are absent is reported unsupported with that evidence.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bitscts {

// A fact about a target that a scenario may need, named as expectations and reports name it
// ("token-options"). The probed features below are seen BITS do something; every control of
// controls.h names its own Feature (FolderControl::kFeature), so adding a control adds its Feature
// there and nowhere else.
class Feature {
 public:
  constexpr explicit Feature(std::string_view name) : name_(name) {}
  // Returns the feature's name as used in expectations and reports.
  constexpr std::string_view name() const { return name_; }
  friend constexpr bool operator==(Feature a, Feature b) { return a.name_ == b.name_; }
  friend constexpr bool operator<(Feature a, Feature b) { return a.name_ < b.name_; }

  // Probed: seen BITS do it.
  static const Feature kDownload;      // HTTP download jobs from the fakeserver complete
  static const Feature kBits4;         // CLSID_BackgroundCopyManager4_0 (or newer) exists
  static const Feature kTokenOptions;  // the job answers QueryInterface(IID_IBitsTokenOptions)
  static const Feature kDistinctIdentities;  // the target can act as more than one account
  static const Feature kLogoff;              // the target can end a job owner's logon session
  static const Feature kAdministrator;       // the runner's identity is an (elevated) administrator

 private:
  std::string_view name_;
};

inline constexpr Feature Feature::kDownload{"download"};
inline constexpr Feature Feature::kBits4{"bits-4.0"};
inline constexpr Feature Feature::kTokenOptions{"token-options"};
inline constexpr Feature Feature::kDistinctIdentities{"distinct-identities"};
inline constexpr Feature Feature::kLogoff{"logoff"};
inline constexpr Feature Feature::kAdministrator{"administrator"};

// Returns the feature's name as used in expectations and reports ("token-options").
constexpr std::string_view Name(Feature feature) { return feature.name(); }
// Returns the probed features, then every control's (controls.h), in declaration order.
std::vector<Feature> AllFeatures();
// Parses a feature name; nullopt if unknown.
std::optional<Feature> ParseFeature(std::string_view name);

// The answer to one probe.
struct Probe {
  bool available = false;
  std::string evidence;  // what was called and what it returned
};

class Capabilities {
 public:
  // Records the probe's answer for a feature, replacing any earlier one.
  void Set(Feature feature, bool available, std::string evidence);
  // Returns the probe for a feature; an unprobed feature is unavailable with evidence "not probed".
  Probe Get(Feature feature) const;
  // Returns true if and only if the feature was probed and found available.
  bool Has(Feature feature) const { return Get(feature).available; }
  // Returns every probed feature, in the order of AllFeatures().
  std::vector<std::pair<Feature, Probe>> All() const;

 private:
  std::map<Feature, Probe> probes_;
};

}  // namespace bitscts
