// Controls: what the harness does around BITS so that a scenario can happen (folders with write
// rules, shares, certificates, the per-user proxy, time, the network, the service, logon kinds,
// token shapes, apartments). They are not BITS: a target offers each control or says why it
// cannot, and a control it does not offer is its Feature missing, reported as unsupported with
// the target's reason and never as an HRESULT. BITS's own answers are the Job, TokenOptions and
// Caller methods of target.h, which every target implements.
//
// A control is a small interface naming its Feature:
//
//   class ShareControl {
//    public:
//     static constexpr Feature kFeature{"shares"};
//     ...
//   };
//
// listed once in AllControls below, and a target lists what it offers in a ControlSet:
//
//   controls_.Offer<ShareControl>(shares_).Withhold(TimeControl::kFeature, "real time only");
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bitscts/bits_types.h"
#include "bitscts/capabilities.h"
#include "bitscts/hresult.h"
#include "bitscts/principal.h"

namespace bitscts {

class Caller;

// An SMB share made by ShareControl::CreateShare.
struct Share {
  std::string unc;           // \\host\share; a remote name is unc, a backslash and a file name
  std::string local_folder;  // the folder behind the share, where the runner puts its files
};

// A TLS client certificate to install on the target, PEM-encoded.
struct ClientCertificate {
  std::string certificate_pem;
  std::string private_key_pem;  // a secret: implementations and their evidence never show it
  std::string thumbprint;       // SHA-1 of the DER certificate: 40 lowercase hex digits
};

// Folders whose contents only named principals may write (the local file BITS writes as the
// owner or the helper, HT-FLAG-1).
class FolderControl {
 public:
  static constexpr Feature kFeature{"folder-writers"};
  virtual ~FolderControl() = default;
  // Creates a folder whose contents only `writers` may create or replace (the runner may read
  // and remove them, not write: its own jobs cannot save there); returns its path. The folder is
  // removed at the end of the run.
  virtual Outcome<std::string> CreateFolder(const std::vector<Principal>& writers) = 0;
};

// SMB shares as remote names (HT-FLAG-2 over SMB).
class ShareControl {
 public:
  static constexpr Feature kFeature{"shares"};
  virtual ~ShareControl() = default;
  // Shares a new folder so that only `readers` may read its files (everyone when empty); the
  // share is removed at the end of the run.
  virtual Outcome<Share> CreateShare(const std::vector<Principal>& readers) = 0;
};

// Time as BITS sees it: only a target in virtual time can let days pass in a run.
class TimeControl {
 public:
  static constexpr Feature kFeature{"time-control"};
  virtual ~TimeControl() = default;
  // Lets `duration` pass for the implementation, running its scheduler meanwhile.
  virtual HResult AdvanceTime(std::chrono::milliseconds duration) = 0;
};

// The machine's network as BITS sees it.
class NetworkControl {
 public:
  static constexpr Feature kFeature{"network-control"};
  virtual ~NetworkControl() = default;
  // Connects or disconnects the network.
  virtual HResult SetNetworkConnected(bool connected) = 0;
  // Makes the network's cost the cost::k* state `cost_state` (kUnrestricted: not metered).
  virtual HResult SetNetworkCost(std::uint32_t cost_state) = 0;
};

// The BITS service's life (a reboot, as far as BITS can tell).
class ServiceControl {
 public:
  static constexpr Feature kFeature{"service-restart"};
  virtual ~ServiceControl() = default;
  // Stops and starts the BITS service. Jobs stay queued; Job and TokenOptions objects from
  // before may be dead, so callers reopen jobs by id.
  virtual HResult RestartService() = 0;
};

// Logons other than the one Target::LogOn makes (JOB-OWN-2).
class LogonControl {
 public:
  static constexpr Feature kFeature{"logon-kinds"};
  virtual ~LogonControl() = default;
  // Logs `principal` on in the way `kind` says and returns a caller acting as it with `settings`.
  virtual Outcome<std::unique_ptr<Caller>> LogOnAs(const Principal& principal,
                                                   CallerSettings settings, LogonKind kind) = 0;
};

// Trust of the fakeserver's certificate authority, so that HTTPS reaches it.
class AuthorityControl {
 public:
  static constexpr Feature kFeature{"tls"};
  virtual ~AuthorityControl() = default;
  // Makes the machine trust the server certificates `authority_pem` issues, as its root store
  // would, until the end of the run.
  virtual HResult TrustAuthority(const std::string& authority_pem) = 0;
};

// Client certificates in a certificate store.
class ClientCertificateControl {
 public:
  static constexpr Feature kFeature{"client-certificates"};
  virtual ~ClientCertificateControl() = default;
  // Installs `certificate` in the "MY" store at `location` (kCurrentUser: `owner`'s own store),
  // with a private key only `owner` and LocalSystem may use, until the end of the run.
  virtual HResult InstallClientCertificate(const Principal& owner, CertStoreLocation location,
                                           const ClientCertificate& certificate) = 0;
};

// The per-user (Internet Explorer) proxy setting.
class UserProxyControl {
 public:
  static constexpr Feature kFeature{"user-proxy"};
  virtual ~UserProxyControl() = default;
  // Makes `proxy` ("host:port"; empty: a direct connection) `principal`'s per-user proxy until
  // the end of the run.
  virtual HResult SetUserProxy(const Principal& principal, const std::string& proxy) = 0;
  // Reads the per-user proxy of `caller`'s current thread identity, as
  // WinHttpGetIEProxyConfigForCurrentUser does there: "host:port", empty for a direct connection.
  virtual Outcome<std::string> UserProxyOf(Caller& caller) = 0;
};

// The version resource of the BITS binary.
class FileVersionControl {
 public:
  static constexpr Feature kFeature{"file-version"};
  virtual ~FileVersionControl() = default;
  // Reads QMgr.dll's file version, "major.minor.build.revision", from the copy BITS uses (the
  // higher of %windir%\System32 and %windir%\System32\Bits).
  virtual Outcome<std::string> BitsFileVersion() = 0;
};

// Thread tokens other than the principal's own impersonation token.
class TokenShapeControl {
 public:
  static constexpr Feature kFeature{"token-shapes"};
  virtual ~TokenShapeControl() = default;
  // Like Caller::Impersonate on `caller`, with a thread token shaped by `shape`.
  virtual HResult ImpersonateWith(Caller& caller, const Principal& principal, TokenShape shape) = 0;
};

// A second CoInitializeSecurity in a caller's process.
class SecurityControl {
 public:
  static constexpr Feature kFeature{"security-reinit"};
  virtual ~SecurityControl() = default;
  // Calls CoInitializeSecurity again in `caller`'s process, which already called it once (at
  // LogOn, or at startup for the runner); returns its HRESULT, which is the control's finding.
  virtual HResult InitializeSecurityAgain(Caller& caller, CallerSettings settings) = 0;
};

// Callers in a single-threaded apartment (LogOn with Apartment::kSingleThreaded).
class ApartmentControl {
 public:
  static constexpr Feature kFeature{"apartments"};
  virtual ~ApartmentControl() = default;
  // Runs `caller`'s thread's message loop until its queue is empty, dispatching the COM calls
  // waiting for its single-threaded apartment; outside it no call into such a caller is
  // delivered. A multithreaded caller has nothing to dispatch.
  virtual HResult PumpMessages(Caller& caller) = 0;
};

// A list of control classes.
template <typename... Controls>
struct ControlList {
  // Returns each control's Feature, in list order.
  static std::vector<Feature> Features() { return {Controls::kFeature...}; }
};

// Every control a target may offer or withhold.
using AllControls =
    ControlList<FolderControl, ShareControl, TimeControl, NetworkControl, ServiceControl,
                LogonControl, AuthorityControl, ClientCertificateControl, UserProxyControl,
                FileVersionControl, TokenShapeControl, SecurityControl, ApartmentControl>;

// The controls a target offers, and for each one it does not, why.
class ControlSet {
 public:
  // Offers `control`, which must outlive the set.
  template <typename Control>
  ControlSet& Offer(Control& control) {
    entries_[Control::kFeature] = Entry{&control, {}};
    return *this;
  }
  // Says the target cannot offer the control of `feature`, and why (one line, read by users).
  ControlSet& Withhold(Feature feature, std::string reason);

  // Returns the offered control of type `Control`, or null.
  template <typename Control>
  Control* Find() const {
    const auto found = entries_.find(Control::kFeature);
    if (found == entries_.end() || found->second.control == nullptr) return nullptr;
    return static_cast<Control*>(found->second.control);
  }
  // Returns nullopt when the control of `feature` is offered, else why not ("not offered by this
  // target" for a control the target never named).
  std::optional<std::string> Missing(Feature feature) const;
  // Returns the Feature of every control in AllControls.
  static std::vector<Feature> ControlFeatures() { return AllControls::Features(); }
  // Records, for every control feature, whether it is offered and the reason if not.
  void Declare(Capabilities& capabilities) const;
  // Returns a copy of the set that withholds `features` too, each with `reason`.
  ControlSet Without(const std::vector<Feature>& features, const std::string& reason) const;

 private:
  struct Entry {
    void* control = nullptr;
    std::string reason;
  };
  std::map<Feature, Entry> entries_;
};

}  // namespace bitscts
