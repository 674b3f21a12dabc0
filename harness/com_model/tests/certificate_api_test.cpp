// The certificate stores, machine keys and user hives of the model-served SystemApi, driven
// through the com client's own AuthorityTrust and ClientCertificateStores as the com-model target
// runs them: what they add is what the model trusts and installs, and what they remove or sweep
// is gone from the model too.
#include "certificate_api.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "authority_trust.h"
#include "bitscts/com/accounts.h"
#include "client_certificate_stores.h"
#include "emulated_machine.h"
#include "pem.h"
#include "text.h"

namespace bitscts::com_model {
namespace {

using com::AccountKind;
using com::CertificateStoreName;
using com::Secret;
using com::StoreEntry;
using com::TestAccount;
using com::Widen;

constexpr std::string_view kLocalSystemSid = "S-1-5-18";
const CertificateStoreName kMachineRoot{L"", L"ROOT"};
const CertificateStoreName kMachineMy{L"", L"MY"};

// Returns the bytes of `text`: they stand for a DER certificate or a PKCS#8 key, which the stores
// and the model carry without reading.
std::vector<std::uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

// Returns a certificate for `subject` and its private key, as the runner hands them to a target.
ClientCertificate CertificateFor(const std::string& subject) {
  const std::vector<std::uint8_t> der = Bytes("certificate of " + subject);
  return ClientCertificate{com::PemText(der, "CERTIFICATE"),
                           com::PemText(Bytes("private key of " + subject), "PRIVATE KEY"),
                           com::Thumbprint(der)};
}

std::vector<StoreEntry> Listed(com::SystemApi& api, const CertificateStoreName& store) {
  std::vector<StoreEntry> entries;
  EXPECT_EQ(api.ListCertificates(store, &entries), 0u);
  return entries;
}

std::vector<std::wstring> MachineKeys(com::SystemApi& api) {
  std::vector<std::wstring> containers;
  EXPECT_EQ(api.ListMachineKeys(&containers), 0u);
  return containers;
}

// What the model's stores hold for a thumbprint, as a job of a user would find it.
struct ModelLookup {
  HResult hr = hr::kFail;
  std::string key_user_sid;
  std::string private_key_pem;  // compared, never printed
};

ModelLookup FindInModel(EmulatedMachine& emulated, CertStoreLocation location,
                        const std::string& user_sid, const std::string& thumbprint) {
  const auto lock = emulated.bits->Lock();
  const model::StoredCertificate* found = nullptr;
  ModelLookup lookup;
  lookup.hr =
      emulated.bits->service().certificates().Find(location, "MY", user_sid, thumbprint, &found);
  if (found != nullptr) {
    lookup.key_user_sid = found->key_user_sid;
    lookup.private_key_pem = found->certificate.private_key_pem;
  }
  return lookup;
}

std::vector<std::string> TrustedInModel(EmulatedMachine& emulated) {
  const auto lock = emulated.bits->Lock();
  return emulated.bits->service().certificates().trusted();
}

int HiveLoads(EmulatedMachine& emulated, const std::string& sid) {
  const auto lock = emulated.bits->Lock();
  const auto loads = emulated.machine->hive_loads.find(sid);
  return loads == emulated.machine->hive_loads.end() ? 0 : loads->second;
}

// The com target's client certificate stores, which know the passwords of `accounts`.
com::ClientCertificateStores StoresKnowing(com::SystemApi& api,
                                           std::vector<const TestAccount*> accounts) {
  return com::ClientCertificateStores(api, [accounts](const std::string& name) -> const Secret* {
    for (const TestAccount* account : accounts) {
      if (account->name == name) return &account->password;
    }
    return nullptr;
  });
}

TEST(CertificateApiTest, TrustedAuthorityIsTheModelsUntilTheRunRemovesIt) {
  EmulatedMachine emulated;
  const std::vector<std::uint8_t> der = Bytes("the test authority");
  const std::string authority = com::PemText(der, "CERTIFICATE");
  {
    com::AuthorityTrust trust(*emulated.api);
    ASSERT_EQ(trust.TrustAuthority(authority), hr::kOk) << trust.last_calls();
    EXPECT_EQ(trust.TrustAuthority(authority), hr::kOk) << "a second trust changes nothing";
    EXPECT_EQ(TrustedInModel(emulated), std::vector<std::string>{authority});
    const std::vector<StoreEntry> root = Listed(*emulated.api, kMachineRoot);
    ASSERT_EQ(root.size(), 1u);
    EXPECT_EQ(root[0].thumbprint, com::Thumbprint(der));
    EXPECT_TRUE(root[0].friendly_name.starts_with(com::kAuthorityMark));

    const com::CallLog removed = trust.RemoveAll();
    EXPECT_TRUE(removed.Succeeded()) << removed;
    EXPECT_TRUE(TrustedInModel(emulated).empty());
    EXPECT_TRUE(Listed(*emulated.api, kMachineRoot).empty());
    ASSERT_EQ(trust.TrustAuthority(authority), hr::kOk) << trust.last_calls();
  }
  EXPECT_TRUE(TrustedInModel(emulated).empty()) << "the run's end removes the authority";
}

TEST(CertificateApiTest, UserCertificateIsInstalledForItsOwnerUntilTheRunRemovesIt) {
  EmulatedMachine emulated;
  com::AccountStore accounts(*emulated.api);
  const com::AccountCreation owner_account = accounts.Create(AccountKind::kStandard);
  const com::AccountCreation other_account = accounts.Create(AccountKind::kStandard);
  ASSERT_NE(owner_account.account, nullptr) << owner_account.calls;
  ASSERT_NE(other_account.account, nullptr) << other_account.calls;
  const TestAccount& owner = *owner_account.account;
  const ClientCertificate certificate = CertificateFor(owner.name);
  const CertificateStoreName owners_store{Widen(owner.sid), L"MY"};
  com::ClientCertificateStores stores = StoresKnowing(*emulated.api, {&owner});

  ASSERT_EQ(stores.InstallClientCertificate({owner.name, owner.sid, PrincipalKind::kStandardUser},
                                            CertStoreLocation::kCurrentUser, certificate),
            hr::kOk)
      << stores.last_calls();
  const ModelLookup found =
      FindInModel(emulated, CertStoreLocation::kCurrentUser, owner.sid, certificate.thumbprint);
  ASSERT_EQ(found.hr, hr::kOk);
  EXPECT_EQ(found.key_user_sid, owner.sid);
  EXPECT_TRUE(com::PemBlock(found.private_key_pem, "PRIVATE KEY") ==
              com::PemBlock(certificate.private_key_pem, "PRIVATE KEY"))
      << "the model holds another private key (not shown)";
  EXPECT_EQ(FindInModel(emulated, CertStoreLocation::kCurrentUser, other_account.account->sid,
                        certificate.thumbprint)
                .hr,
            hr::kCryptNotFound)
      << "another user's store";
  EXPECT_EQ(
      FindInModel(emulated, CertStoreLocation::kLocalMachine, owner.sid, certificate.thumbprint).hr,
      hr::kCryptNotFound);
  EXPECT_EQ(HiveLoads(emulated, owner.sid), 0) << "the owner's hive was unloaded again";
  EXPECT_TRUE(Listed(*emulated.api, owners_store).empty()) << "the store of an unloaded hive";
  const std::vector<std::wstring> keys = MachineKeys(*emulated.api);
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_TRUE(keys[0].starts_with(com::kMachineKeyMark));
  EXPECT_TRUE(keys[0].ends_with(Widen(certificate.thumbprint)));

  com::UserHive hive;
  ASSERT_EQ(emulated.api->LoadUserHive(Widen(owner.name), owner.password, &hive), 0u);
  const std::vector<StoreEntry> listed = Listed(*emulated.api, owners_store);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].thumbprint, certificate.thumbprint);
  EXPECT_TRUE(listed[0].friendly_name.starts_with(com::kClientCertificateMark));
  ASSERT_EQ(emulated.api->UnloadUserHive(hive), 0u);

  const com::CallLog removed = stores.RemoveAll();
  EXPECT_TRUE(removed.Succeeded()) << removed;
  EXPECT_EQ(
      FindInModel(emulated, CertStoreLocation::kCurrentUser, owner.sid, certificate.thumbprint).hr,
      hr::kCryptNotFound);
  EXPECT_TRUE(MachineKeys(*emulated.api).empty());
  EXPECT_EQ(HiveLoads(emulated, owner.sid), 0);
}

TEST(CertificateApiTest, MachineCertificateIsInstalledForLocalSystem) {
  EmulatedMachine emulated;
  const Principal system{"SYSTEM", std::string(kLocalSystemSid), PrincipalKind::kLocalSystem};
  const ClientCertificate certificate = CertificateFor("the machine");
  com::ClientCertificateStores stores = StoresKnowing(*emulated.api, {});
  ASSERT_EQ(stores.InstallClientCertificate(system, CertStoreLocation::kLocalMachine, certificate),
            hr::kOk)
      << stores.last_calls();
  const ModelLookup found = FindInModel(emulated, CertStoreLocation::kLocalMachine,
                                        "S-1-5-21-1-1001", certificate.thumbprint);
  ASSERT_EQ(found.hr, hr::kOk) << "any user finds a machine store's certificate";
  EXPECT_EQ(found.key_user_sid, kLocalSystemSid);
  ASSERT_EQ(Listed(*emulated.api, kMachineMy).size(), 1u);

  EXPECT_TRUE(stores.RemoveAll().Succeeded());
  EXPECT_EQ(FindInModel(emulated, CertStoreLocation::kLocalMachine, "S-1-5-21-1-1001",
                        certificate.thumbprint)
                .hr,
            hr::kCryptNotFound);
  EXPECT_TRUE(Listed(*emulated.api, kMachineMy).empty());
}

TEST(CertificateApiTest, LeftoversOfACrashedRunAreListedAndDeleted) {
  EmulatedMachine emulated;
  com::SystemApi& api = *emulated.api;
  std::wstring runner;
  ASSERT_EQ(api.CurrentProcessSid(&runner), 0u);
  // What a crashed run "oldrun01" left, beside what is not the suite's.
  const std::vector<std::uint8_t> machine_der = Bytes("old machine certificate");
  const std::vector<std::uint8_t> service_der = Bytes("old LocalService certificate");
  const std::vector<std::uint8_t> authority_der = Bytes("old authority");
  const std::vector<std::uint8_t> foreign_der = Bytes("someone else's certificate");
  const std::vector<std::uint8_t> key = Bytes("old private key");
  const std::wstring old_container = L"bitscts-oldrun01-" + Widen(com::Thumbprint(machine_der));
  com::MachineKey old_key;
  ASSERT_EQ(api.ImportMachineKey(old_container, com::PrivateKeyBytes{key},
                                 {std::wstring(L"S-1-5-18")}, runner, &old_key),
            0u);
  ASSERT_EQ(api.ImportMachineKey(L"someone else's key", com::PrivateKeyBytes{key},
                                 {std::wstring(L"S-1-5-18")}, runner, &old_key),
            0u);
  const std::wstring old_certificate_mark = std::wstring(com::kClientCertificateMark) + L"oldrun01";
  ASSERT_EQ(api.AddCertificate(kMachineMy, machine_der, old_certificate_mark, old_container), 0u);
  ASSERT_EQ(api.AddCertificate({L"S-1-5-19", L"MY"}, service_der, old_certificate_mark, L""), 0u);
  ASSERT_EQ(api.AddCertificate(kMachineMy, foreign_der, L"", L""), 0u);
  ASSERT_EQ(api.AddCertificate(kMachineRoot, authority_der,
                               std::wstring(com::kAuthorityMark) + L"oldrun01", L""),
            0u);
  ASSERT_EQ(FindInModel(emulated, CertStoreLocation::kLocalMachine, "S-1-5-18",
                        com::Thumbprint(machine_der))
                .hr,
            hr::kOk);
  ASSERT_EQ(TrustedInModel(emulated).size(), 1u);

  com::ClientCertificateStores stores = StoresKnowing(api, {});
  const com::CallLog swept_certificates = stores.RemoveLeftovers();
  EXPECT_TRUE(swept_certificates.Succeeded()) << swept_certificates;
  com::AuthorityTrust trust(api);
  const com::CallLog swept_authorities = trust.RemoveLeftovers();
  EXPECT_TRUE(swept_authorities.Succeeded()) << swept_authorities;

  EXPECT_EQ(MachineKeys(api), std::vector<std::wstring>{L"someone else's key"});
  const std::vector<StoreEntry> machine_my = Listed(api, kMachineMy);
  ASSERT_EQ(machine_my.size(), 1u);
  EXPECT_EQ(machine_my[0].thumbprint, com::Thumbprint(foreign_der));
  EXPECT_TRUE(Listed(api, {L"S-1-5-19", L"MY"}).empty());
  EXPECT_TRUE(Listed(api, kMachineRoot).empty());
  EXPECT_EQ(FindInModel(emulated, CertStoreLocation::kLocalMachine, "S-1-5-18",
                        com::Thumbprint(machine_der))
                .hr,
            hr::kCryptNotFound);
  EXPECT_TRUE(TrustedInModel(emulated).empty());
}

TEST(CertificateApiTest, UserStoreNeedsItsHiveWhichLoadsPerSid) {
  EmulatedMachine emulated;
  com::SystemApi& api = *emulated.api;
  com::AccountStore accounts(api);
  const com::AccountCreation created = accounts.Create(AccountKind::kStandard);
  ASSERT_NE(created.account, nullptr) << created.calls;
  const TestAccount& user = *created.account;
  const CertificateStoreName store{Widen(user.sid), L"MY"};
  const std::vector<std::uint8_t> der = Bytes("a user certificate");
  const std::string thumbprint = com::Thumbprint(der);

  EXPECT_EQ(api.AddCertificate(store, der, L"", L""), com::win32::kErrorAccessDenied)
      << "hive not loaded";
  EXPECT_EQ(api.DeleteCertificate(store, thumbprint), com::win32::kCryptENotFound);
  com::UserHive hive;
  EXPECT_EQ(api.LoadUserHive(Widen(user.name), Secret(L"not-the-password"), &hive),
            com::win32::kErrorLogonFailure);
  com::UserHive first;
  com::UserHive second;
  ASSERT_EQ(api.LoadUserHive(Widen(user.name), user.password, &first), 0u);
  ASSERT_EQ(api.LoadUserHive(Widen(user.name), user.password, &second), 0u);
  ASSERT_EQ(api.UnloadUserHive(first), 0u);
  EXPECT_EQ(HiveLoads(emulated, user.sid), 1) << "loads are counted";
  EXPECT_EQ(api.AddCertificate(store, der, L"", L""), 0u);
  EXPECT_EQ(api.DeleteCertificate(store, "0011"), com::win32::kErrorInvalidParameter);
  EXPECT_EQ(api.DeleteCertificate(store, thumbprint), 0u);
  EXPECT_EQ(api.DeleteCertificate(store, thumbprint), com::win32::kCryptENotFound);
  ASSERT_EQ(api.UnloadUserHive(second), 0u);
  EXPECT_EQ(api.AddCertificate(store, der, L"", L""), com::win32::kErrorAccessDenied);
}

TEST(CertificateApiTest, CertificateIsUsableOnlyWhileItsKeyExists) {
  EmulatedMachine emulated;
  com::SystemApi& api = *emulated.api;
  const std::vector<std::uint8_t> der = Bytes("a machine certificate");
  const std::string thumbprint = com::Thumbprint(der);
  const std::vector<std::uint8_t> key = Bytes("its private key");
  const auto usable = [&] {
    return FindInModel(emulated, CertStoreLocation::kLocalMachine, "S-1-5-18", thumbprint).hr;
  };

  ASSERT_EQ(api.AddCertificate(kMachineMy, der, L"", L"The-Key"), 0u);
  EXPECT_EQ(usable(), hr::kCryptNotFound) << "its key does not exist yet";
  com::MachineKey imported;
  ASSERT_EQ(api.ImportMachineKey(L"the-key", com::PrivateKeyBytes{key}, {std::wstring(L"S-1-5-18")},
                                 L"S-1-5-32-544", &imported),
            0u);
  EXPECT_EQ(usable(), hr::kOk) << "key names ignore case";
  com::MachineKey again;
  EXPECT_EQ(api.ImportMachineKey(L"THE-KEY", com::PrivateKeyBytes{key}, {std::wstring(L"S-1-5-18")},
                                 L"S-1-5-32-544", &again),
            com::win32::kNteExists);
  ASSERT_EQ(api.DeleteMachineKey(L"the-key"), 0u);
  EXPECT_EQ(usable(), hr::kCryptNotFound) << "its key was deleted";
  EXPECT_EQ(api.DeleteImportedKey(imported), com::win32::kNteBadKeyset);
  EXPECT_EQ(api.DeleteImportedKey(imported), com::win32::kNteInvalidHandle)
      << "the handle was freed";
  EXPECT_EQ(api.DeleteMachineKey(L"the-key"), com::win32::kNteBadKeyset);
  EXPECT_EQ(Listed(api, kMachineMy).size(), 1u) << "the certificate stays in its store";
}

}  // namespace
}  // namespace bitscts::com_model
