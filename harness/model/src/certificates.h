// The model's certificate stores: the certificate authorities the machine trusts for servers,
// and the "MY" stores of client certificates, one per user (CURRENT_USER) and the machine's
// (LOCAL_MACHINE), each certificate's private key usable by its owner and LocalSystem.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bitscts/target.h"

namespace bitscts::model {

struct StoredCertificate {
  ClientCertificate certificate;
  std::string key_user_sid;  // the user whose private key it is
};

class CertificateStores {
 public:
  // Makes server certificates that `authority_pem` issued trusted.
  void Trust(std::string authority_pem);
  // Makes server certificates that `authority_pem` issued untrusted again (a no-op if it was not
  // trusted).
  void Untrust(const std::string& authority_pem);
  // Returns the trusted authorities, PEM-encoded.
  const std::vector<std::string>& trusted() const { return trusted_; }
  // Installs `certificate` in the MY store at `location` (CURRENT_USER: `owner_sid`'s store);
  // E_NOTIMPL for a location the model has no store for.
  HResult Install(CertStoreLocation location, const std::string& owner_sid,
                  ClientCertificate certificate);
  // Removes the certificate of `thumbprint` Install put in the MY store at `location`
  // (CURRENT_USER: `owner_sid`'s store): S_OK, or CRYPT_E_NOT_FOUND if it is not there.
  HResult Uninstall(CertStoreLocation location, const std::string& owner_sid,
                    const std::string& thumbprint);
  // Looks `thumbprint` up in store `store_name` at `location` as `user_sid` sees it: S_OK and the
  // certificate, HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) for a store that does not exist,
  // CRYPT_E_NOT_FOUND for a certificate that is not in it, E_NOTIMPL for an undefined location.
  HResult Find(CertStoreLocation location, const std::string& store_name,
               const std::string& user_sid, const std::string& thumbprint,
               const StoredCertificate** found) const;

 private:
  // A store's key: its location and, for CURRENT_USER, the user's SID.
  using StoreKey = std::pair<CertStoreLocation, std::string>;
  static StoreKey KeyOf(CertStoreLocation location, const std::string& user_sid);

  std::vector<std::string> trusted_;
  std::map<StoreKey, std::vector<StoredCertificate>> my_stores_;
};

// Returns S_OK if `thumbprint` is a SHA-1 hash in hex (40 digits), else RPC_X_BAD_STUB_DATA, the
// answer to a hash blob of another size.
HResult CheckThumbprint(const std::string& thumbprint);

}  // namespace bitscts::model
