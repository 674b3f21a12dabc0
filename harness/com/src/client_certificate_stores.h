// Internal: the com target's ClientCertificateControl. A certificate goes into a "MY" store: the
// machine's (kLocalMachine), or the owner's own in the owner's hive (kCurrentUser; a test
// account's hive is loaded for it with LoadUserProfileW). Its private key is a machine key of the
// Microsoft Software Key Storage Provider whose DACL lets only the owner and LocalSystem use it
// (and the runner delete it: the run keeps its handle open until then), named in the
// certificate's key provider information. Certificates
// carry the friendly name "bitscts client certificate <run tag>" and keys the name
// "bitscts-<run tag>-<thumbprint>": the run removes its own at its end, and its first use removes
// what a crashed run left in the machine's key storage and in the "MY" stores it can reach
// without a password (the machine's, LocalSystem's, LocalService's and NetworkService's).
// The private key is never in a log, evidence or message: only the certificate's thumbprint is.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bitscts/com/call_log.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"
#include "bitscts/controls.h"

namespace bitscts::com {

// The friendly name prefix of a run's client certificates; the run's tag follows it.
inline constexpr std::wstring_view kClientCertificateMark = L"bitscts client certificate ";
// The name prefix of a run's machine keys; the run's tag, a hyphen and the thumbprint follow it.
inline constexpr std::wstring_view kMachineKeyMark = L"bitscts-";

class ClientCertificateStores final : public ClientCertificateControl {
 public:
  // Returns the password of the run's test account `account`, or null for a principal that has
  // none (a service account, whose hive Windows keeps loaded).
  using PasswordOf = std::function<const Secret*(const std::string& account)>;

  ClientCertificateStores(SystemApi& system, PasswordOf password_of)
      : system_(system), password_of_(std::move(password_of)) {}
  // Removes what the run installed (RemoveAll).
  ~ClientCertificateStores() override;
  ClientCertificateStores(const ClientCertificateStores&) = delete;
  ClientCertificateStores& operator=(const ClientCertificateStores&) = delete;

  // kCurrentUser and kLocalMachine only (E_INVALIDARG for other locations, for PEM that holds
  // no certificate or no "PRIVATE KEY", and for a thumbprint that is not the certificate's).
  HResult InstallClientCertificate(const Principal& owner, CertStoreLocation location,
                                   const ClientCertificate& certificate) override;

  // Removes every key and certificate an earlier run marked where it can reach them; the calls
  // it made. Done once, before the first installation, and again on a later call.
  CallLog RemoveLeftovers();
  // Removes every certificate and key this run installed; the calls it made. Needs the owners'
  // passwords for their stores: call it before the run's test accounts are deleted.
  CallLog RemoveAll();
  // Returns the calls of the last InstallClientCertificate that touched a store.
  const CallLog& last_calls() const { return last_calls_; }

 private:
  struct Installed {
    std::string owner;  // the account whose hive holds `store`, for a user's store
    CertificateStoreName store;
    std::string thumbprint;
    std::wstring container;
    MachineKey key;
  };

  // Runs `use` on `store`, with `owner`'s hive loaded for it when `store` is a test account's.
  template <typename Use>
  HResult InStore(const std::string& owner, const CertificateStoreName& store, CallLog& log,
                  Use use);
  // Draws the run's tag at the first call; false if it cannot.
  bool EnsureTag(CallLog& log);

  SystemApi& system_;
  PasswordOf password_of_;
  std::string tag_;
  bool swept_ = false;
  std::vector<Installed> installed_;
  CallLog last_calls_;
};

}  // namespace bitscts::com
