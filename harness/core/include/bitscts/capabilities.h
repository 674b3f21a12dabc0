// Features a target may or may not offer, probed once per run, each with the evidence behind the
// answer, so that a scenario whose needs are absent is reported unsupported with that evidence.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bitscts {

enum class Feature {
  // Probed: seen BITS do it.
  kDownload,            // HTTP download jobs from the fakeserver complete
  kBits4,               // CLSID_BackgroundCopyManager4_0 (or newer) is registered
  kTokenOptions,        // the job answers QueryInterface(IID_IBitsTokenOptions)
  kDistinctIdentities,  // the target can act as more than one account
  kLogoff,              // the target can end a job owner's logon session
  kAdministrator,       // the runner's identity is an (elevated) administrator
  // Controls (controls.h): declared by the target, which offers each or says why not.
  kFolderWriters,       // FolderControl: folders only named principals may write
  kShares,              // ShareControl: SMB shares as remote names
  kTimeControl,         // TimeControl: virtual time (the model only)
  kNetworkControl,      // NetworkControl: the network's connection and cost, as BITS sees it
  kServiceRestart,      // ServiceControl: stopping and starting the BITS service
  kLogonKinds,          // LogonControl: RunAs and PowerShell remote logons
  kTls,                 // AuthorityControl: HTTPS to the fakeserver (whose build must have TLS)
  kClientCertificates,  // ClientCertificateControl: client certificates in a MY store
  kUserProxy,           // UserProxyControl: per-user proxy settings
  kFileVersion,         // FileVersionControl: QMgr.dll's version resource
  kTokenShapes,         // TokenShapeControl: identification-level and restricted thread tokens
  kSecurityReinit,      // SecurityControl: a second CoInitializeSecurity in a caller's process
  kApartments,          // ApartmentControl: callers in a single-threaded apartment
};

// Returns the feature's name as used in expectations and reports ("token-options").
std::string_view Name(Feature feature);
// Returns every feature, in declaration order.
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
  // Returns every probed feature in declaration order.
  std::vector<std::pair<Feature, Probe>> All() const;

 private:
  std::map<Feature, Probe> probes_;
};

}  // namespace bitscts
