#include "certificate_api.h"

#include <algorithm>

#include "bitscts/com/secret.h"
#include "bitscts/text.h"
#include "pem.h"
#include "text.h"

namespace bitscts::com_model {
namespace {

constexpr std::string_view kLocalSystemSid = "S-1-5-18";

// Returns `text` with its ASCII letters in upper case, as registry key names compare.
std::wstring UpperCase(std::wstring_view text) {
  std::wstring upper(text);
  for (wchar_t& c : upper) {
    if (c >= L'a' && c <= L'z') c = static_cast<wchar_t>(c - L'a' + L'A');
  }
  return upper;
}

bool IsMachineRoot(const std::pair<std::wstring, std::wstring>& store) {
  return store.first.empty() && store.second == L"ROOT";
}

}  // namespace

CertificateApi::KeyText::~KeyText() { com::ScrubMemory(pem.data(), pem.size()); }

CertificateApi::StoreKey CertificateApi::KeyOf(const com::CertificateStoreName& store) {
  return {UpperCase(store.user_sid), UpperCase(store.name)};
}

std::pair<CertStoreLocation, std::string> CertificateApi::ModelStoreOf(const StoreKey& store) {
  if (store.first.empty()) return {CertStoreLocation::kLocalMachine, std::string()};
  return {CertStoreLocation::kCurrentUser, com::Narrow(store.first)};
}

DWORD CertificateApi::AddCertificate(const com::CertificateStoreName& store, bool hive_loaded,
                                     std::span<const std::uint8_t> der,
                                     const std::wstring& friendly_name,
                                     const std::wstring& key_container) {
  // The store's registry key is created below HKEY_USERS\<sid>: not below an unloaded hive.
  if (!store.user_sid.empty() && !hive_loaded) return com::win32::kErrorAccessDenied;
  if (der.empty()) return com::win32::kCryptEAsn1Eod;
  const StoreKey key = KeyOf(store);
  StoredCertificate added{com::Thumbprint(std::vector<std::uint8_t>(der.begin(), der.end())),
                          friendly_name, com::PemText(der, "CERTIFICATE"),
                          UpperCase(key_container)};
  std::vector<StoredCertificate>& certificates = stores_[key];
  // CERT_STORE_ADD_REPLACE_EXISTING: a certificate of the same thumbprint is replaced.
  const auto same =
      std::find_if(certificates.begin(), certificates.end(), [&](const StoredCertificate& stored) {
        return stored.thumbprint == added.thumbprint;
      });
  StoredCertificate* placed = nullptr;
  if (same != certificates.end()) {
    Uninstall(key, *same);
    *same = std::move(added);
    placed = &*same;
  } else {
    placed = &certificates.emplace_back(std::move(added));
  }
  if (IsMachineRoot(key)) model_.Trust(placed->pem);
  Install(key, *placed);
  return 0;
}

DWORD CertificateApi::ListCertificates(const com::CertificateStoreName& store, bool hive_loaded,
                                       std::vector<com::StoreEntry>* entries) const {
  if (!store.user_sid.empty() && !hive_loaded) return 0;  // an unloaded hive: an empty store
  const auto found = stores_.find(KeyOf(store));
  if (found == stores_.end()) return 0;
  for (const StoredCertificate& stored : found->second)
    entries->push_back({stored.thumbprint, stored.friendly_name});
  return 0;
}

DWORD CertificateApi::DeleteCertificate(const com::CertificateStoreName& store, bool hive_loaded,
                                        const std::string& thumbprint) {
  if (model::CheckThumbprint(thumbprint).Failed()) return com::win32::kErrorInvalidParameter;
  if (!store.user_sid.empty() && !hive_loaded) return com::win32::kCryptENotFound;
  const StoreKey key = KeyOf(store);
  const auto found = stores_.find(key);
  if (found == stores_.end()) return com::win32::kCryptENotFound;
  const std::string wanted = Lower(thumbprint);
  std::vector<StoredCertificate>& certificates = found->second;
  const auto stored =
      std::find_if(certificates.begin(), certificates.end(),
                   [&](const StoredCertificate& each) { return each.thumbprint == wanted; });
  if (stored == certificates.end()) return com::win32::kCryptENotFound;
  Uninstall(key, *stored);
  if (IsMachineRoot(key)) model_.Untrust(stored->pem);
  certificates.erase(stored);
  return 0;
}

DWORD CertificateApi::ImportMachineKey(const std::wstring& container, com::PrivateKeyBytes key,
                                       const std::vector<std::wstring>& user_sids,
                                       const std::wstring&, com::MachineKey* imported) {
  if (container.empty() || key.pkcs8.empty()) return com::win32::kNteInvalidParameter;
  const std::wstring name = UpperCase(container);
  if (keys_.contains(name)) return com::win32::kNteExists;
  std::string user_sid;
  for (const std::wstring& sid : user_sids) {
    if (user_sid.empty() || user_sid == kLocalSystemSid) user_sid = com::Narrow(UpperCase(sid));
  }
  keys_.emplace(name,
                MachineKey{container, KeyText(com::PemText(key.pkcs8, "PRIVATE KEY")), user_sid});
  next_handle_ += 4;
  handles_.emplace(next_handle_, name);
  imported->handle = next_handle_;
  // A certificate added before its key is usable from now on.
  for (auto& [store, certificates] : stores_) {
    for (StoredCertificate& certificate : certificates) Install(store, certificate);
  }
  return 0;
}

DWORD CertificateApi::DeleteImportedKey(com::MachineKey key) {
  const auto handle = handles_.find(key.handle);
  if (handle == handles_.end()) return com::win32::kNteInvalidHandle;
  const std::wstring container = handle->second;
  handles_.erase(handle);  // NCryptDeleteKey frees the handle whatever it answers
  if (!keys_.contains(container)) return com::win32::kNteBadKeyset;
  DropKey(container);
  return 0;
}

DWORD CertificateApi::DeleteMachineKey(const std::wstring& container) {
  const std::wstring name = UpperCase(container);
  if (!keys_.contains(name)) return com::win32::kNteBadKeyset;
  DropKey(name);
  return 0;
}

DWORD CertificateApi::ListMachineKeys(std::vector<std::wstring>* containers) const {
  for (const auto& [name, key] : keys_) containers->push_back(key.name);
  return 0;
}

void CertificateApi::Install(const StoreKey& store, StoredCertificate& certificate) {
  if (certificate.installed || certificate.key_container.empty() || store.second != L"MY") return;
  const auto key = keys_.find(certificate.key_container);
  if (key == keys_.end()) return;
  auto [location, user] = ModelStoreOf(store);
  if (location == CertStoreLocation::kLocalMachine) user = key->second.user_sid;
  certificate.installed =
      model_
          .Install(location, user,
                   ClientCertificate{certificate.pem, key->second.key.pem, certificate.thumbprint})
          .Succeeded();
}

void CertificateApi::Uninstall(const StoreKey& store, StoredCertificate& certificate) {
  if (!certificate.installed) return;
  const auto [location, user] = ModelStoreOf(store);
  model_.Uninstall(location, user, certificate.thumbprint);
  certificate.installed = false;
}

void CertificateApi::DropKey(const std::wstring& container) {
  for (auto& [store, certificates] : stores_) {
    for (StoredCertificate& certificate : certificates) {
      if (certificate.key_container == container) Uninstall(store, certificate);
    }
  }
  keys_.erase(container);
}

}  // namespace bitscts::com_model
