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
  kDownload,            // HTTP download jobs from the fakeserver complete
  kBits4,               // CLSID_BackgroundCopyManager4_0 (or newer) is registered
  kTokenOptions,        // the job answers QueryInterface(IID_IBitsTokenOptions)
  kDistinctIdentities,  // the target can act as more than one account
  kLogoff,              // the target can end a job owner's logon session
  kAdministrator,       // the runner's identity is an (elevated) administrator
  // Discovered by calling rather than probed: the Target methods behind these features answer
  // E_NOTIMPL by default, and Scenario::RequireImplemented turns that answer into unsupported.
  kNotifications,   // Job notify flags and a recording notify interface (SetNotifyInterface)
  kErrorDetails,    // Job::ErrorDescription, ErrorFile, ErrorProtocol (IBackgroundCopyError)
  kOwnership,       // Job::OwnerSid and Job::TakeOwnership
  kCredentials,     // Job::SetCredentials
  kTimeControl,     // Target::AdvanceTime (virtual time: the model only)
  kTokenShapes,     // Caller::ImpersonateWith: identification-level and restricted tokens
  kSecurityReinit,  // Caller::InitializeSecurityAgain (a second CoInitializeSecurity)
  kServiceRestart,  // Target::RestartService (stop and start the BITS service)
  kNetworkControl,  // Target::SetNetworkConnected, SetNetworkCost (the network, as BITS sees it)
  kCostFlags,       // Job::SetCostFlags and CostFlags (IBackgroundCopyJob5)
  kFileVersion,     // Target::BitsFileVersion (QMgr.dll's version resource)
  kLogonKinds,      // Target::LogOnAs (RunAs and PowerShell remote logons)
  kApartments,      // callers in a single-threaded apartment and Caller::PumpMessages
  kProxySettings,   // Job::SetProxySettings (IBackgroundCopyJob::SetProxySettings)
  kUserProxy,       // Target::SetUserProxy and Caller::UserProxy (per-user proxy settings)
  kTls,             // Target::TrustAuthority (HTTPS to the fakeserver, whose build must have TLS)
  kClientCertificates,  // Target::InstallClientCertificate and Job::SetClientCertificate
  kVersionedClasses,    // Target::ActivateManagerClass (CoCreateInstance of a versioned class)
  kShares,              // Target::CreateShare (SMB shares as remote names)
  kFolderWriters,       // FolderControl: folders only named principals may write
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
