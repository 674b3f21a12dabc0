#include "certificates.h"

#include <algorithm>
#include <cctype>

#include "bitscts/text.h"

namespace bitscts::model {
namespace {

constexpr std::uint32_t kLastLocation =
    static_cast<std::uint32_t>(CertStoreLocation::kLocalMachineEnterprise);

}  // namespace

void CertificateStores::Trust(std::string authority_pem) {
  if (std::find(trusted_.begin(), trusted_.end(), authority_pem) == trusted_.end()) {
    trusted_.push_back(std::move(authority_pem));
  }
}

void CertificateStores::Untrust(const std::string& authority_pem) {
  std::erase(trusted_, authority_pem);
}

CertificateStores::StoreKey CertificateStores::KeyOf(CertStoreLocation location,
                                                     const std::string& user_sid) {
  return {location, location == CertStoreLocation::kCurrentUser ? user_sid : std::string()};
}

HResult CertificateStores::Install(CertStoreLocation location, const std::string& owner_sid,
                                   ClientCertificate certificate) {
  if (location != CertStoreLocation::kCurrentUser && location != CertStoreLocation::kLocalMachine) {
    return hr::kNotImpl;
  }
  certificate.thumbprint = Lower(certificate.thumbprint);
  my_stores_[KeyOf(location, owner_sid)].push_back(
      StoredCertificate{std::move(certificate), owner_sid});
  return hr::kOk;
}

HResult CertificateStores::Uninstall(CertStoreLocation location, const std::string& owner_sid,
                                     const std::string& thumbprint) {
  const auto store = my_stores_.find(KeyOf(location, owner_sid));
  if (store == my_stores_.end()) return hr::kCryptNotFound;
  const std::string wanted = Lower(thumbprint);
  const auto found =
      std::find_if(store->second.begin(), store->second.end(),
                   [&](const StoredCertificate& s) { return s.certificate.thumbprint == wanted; });
  if (found == store->second.end()) return hr::kCryptNotFound;
  store->second.erase(found);
  return hr::kOk;
}

HResult CertificateStores::Find(CertStoreLocation location, const std::string& store_name,
                                const std::string& user_sid, const std::string& thumbprint,
                                const StoredCertificate** found) const {
  *found = nullptr;
  if (static_cast<std::uint32_t>(location) > kLastLocation) return hr::kNotImpl;
  // The system stores exist everywhere; the model keeps certificates only in MY.
  const std::string name = Upper(store_name);
  if (name != "MY" && name != "CA" && name != "ROOT" && name != "SPC") return hr::kFileNotFound;
  if (name != "MY") return hr::kCryptNotFound;
  const auto store = my_stores_.find(KeyOf(location, user_sid));
  if (store == my_stores_.end()) return hr::kCryptNotFound;
  const std::string wanted = Lower(thumbprint);
  for (const StoredCertificate& stored : store->second) {
    if (stored.certificate.thumbprint == wanted) {
      *found = &stored;
      return hr::kOk;
    }
  }
  return hr::kCryptNotFound;
}

HResult CheckThumbprint(const std::string& thumbprint) {
  const bool hex = std::all_of(thumbprint.begin(), thumbprint.end(),
                               [](unsigned char c) { return std::isxdigit(c) != 0; });
  return thumbprint.size() == 40 && hex ? hr::kOk : hr::kBadStubData;
}

}  // namespace bitscts::model
