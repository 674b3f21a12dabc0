// The certificate stores and machine key storage of an emulated machine, as the certificate part
// of its SystemApi reaches them (the registry stores CERT_STORE_PROV_REG opens, and the machine
// keys of the Microsoft Software Key Storage Provider), mirrored into the model's
// CertificateStores: a certificate in the machine's ROOT store is a trusted authority, and a
// certificate added to a "MY" store naming an existing machine key is a client certificate
// installed for the key's user, as the model target's AuthorityControl and
// ClientCertificateControl install them. Private keys are kept only as long as their machine key
// exists, scrubbed when it is deleted, and never printed. Every method needs the machine's lock.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "bitscts/com/system_api.h"
#include "certificates.h"

namespace bitscts::com_model {

class CertificateApi {
 public:
  // Mirrors the stores into `model`, which must outlive this.
  explicit CertificateApi(model::CertificateStores& model) : model_(model) {}
  CertificateApi(const CertificateApi&) = delete;
  CertificateApi& operator=(const CertificateApi&) = delete;

  // `hive_loaded` says whether the user hive a user's `store` is in is loaded (the service
  // accounts' always are); a machine store ignores it. Answers are AddCertificate's,
  // ListCertificates' and DeleteCertificate's of system_api.h.
  DWORD AddCertificate(const com::CertificateStoreName& store, bool hive_loaded,
                       std::span<const std::uint8_t> der, const std::wstring& friendly_name,
                       const std::wstring& key_container);
  DWORD ListCertificates(const com::CertificateStoreName& store, bool hive_loaded,
                         std::vector<com::StoreEntry>* entries) const;
  DWORD DeleteCertificate(const com::CertificateStoreName& store, bool hive_loaded,
                          const std::string& thumbprint);

  // Answers are ImportMachineKey's, DeleteImportedKey's, DeleteMachineKey's and ListMachineKeys'.
  DWORD ImportMachineKey(const std::wstring& container, com::PrivateKeyBytes key,
                         const std::vector<std::wstring>& user_sids,
                         const std::wstring& deleter_sid, com::MachineKey* imported);
  DWORD DeleteImportedKey(com::MachineKey key);
  DWORD DeleteMachineKey(const std::wstring& container);
  DWORD ListMachineKeys(std::vector<std::wstring>* containers) const;

 private:
  // A store's key: the user's SID (empty for the machine's) and its name, both upper case, as
  // registry key names compare.
  using StoreKey = std::pair<std::wstring, std::wstring>;

  struct StoredCertificate {
    std::string thumbprint;
    std::wstring friendly_name;
    std::string pem;
    std::wstring key_container;  // upper case; empty: no key named
    bool installed = false;      // in the model's stores as a client certificate
  };

  // A private key's PEM text, scrubbed when it is destroyed.
  struct KeyText {
    explicit KeyText(std::string text) : pem(std::move(text)) {}
    KeyText(KeyText&&) noexcept = default;
    KeyText& operator=(KeyText&&) noexcept = delete;
    ~KeyText();
    std::string pem;
  };

  struct MachineKey {
    std::wstring name;  // as it was imported
    KeyText key;
    std::string user_sid;  // the user it is for: the first of its users other than LocalSystem
  };

  static StoreKey KeyOf(const com::CertificateStoreName& store);
  // Returns the model's location of the "MY" store `store`, and its user.
  static std::pair<CertStoreLocation, std::string> ModelStoreOf(const StoreKey& store);
  // Installs `certificate` of `store` in the model if its key exists and it is not yet there.
  void Install(const StoreKey& store, StoredCertificate& certificate);
  // Removes `certificate` of `store` from the model if it is there.
  void Uninstall(const StoreKey& store, StoredCertificate& certificate);
  // Drops the machine key `container` (upper case), and the installations that used it.
  void DropKey(const std::wstring& container);

  model::CertificateStores& model_;
  std::map<StoreKey, std::vector<StoredCertificate>> stores_;
  std::map<std::wstring, MachineKey> keys_;         // by container name, upper case
  std::map<std::uintptr_t, std::wstring> handles_;  // open imported keys: their container
  std::uintptr_t next_handle_ = 0x5000;
};

}  // namespace bitscts::com_model
