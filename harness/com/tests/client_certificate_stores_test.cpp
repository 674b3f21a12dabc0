// Client certificates in a "MY" store: the owner's own (its hive loaded for the installation) or
// the machine's, with a machine key only the owner and LocalSystem may use, removed at the end;
// a crashed run's marked keys and certificates removed before the first installation; the
// private key never in the calls' record.
#include "client_certificate_stores.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "mocks/mock_system_api.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::_;
using ::testing::DoAll;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Return;
using ::testing::SaveArg;
using ::testing::SetArgPointee;
using ::testing::StartsWith;

// "abc" as a certificate (thumbprint SHA-1("abc")) and "secret-key-bytes" as its key.
const ClientCertificate kCertificate{
    "-----BEGIN CERTIFICATE-----\nYWJj\n-----END CERTIFICATE-----\n",
    "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n",
    "A9993E364706816ABA3E25717850C26C9CD0D89D"};
const std::string kThumbprint = "a9993e364706816aba3e25717850c26c9cd0d89d";
const Principal kOwner{"bitscts-owner0001", "S-1-5-21-1-2-3-1001", PrincipalKind::kStandardUser};
const Principal kSystem{"LocalSystem", "S-1-5-18", PrincipalKind::kLocalSystem};
const CertificateStoreName kOwnersStore{L"S-1-5-21-1-2-3-1001", L"MY"};
const CertificateStoreName kMachineStore{L"", L"MY"};

MATCHER_P(BytesAre, text, "") { return std::string(arg.begin(), arg.end()) == text; }
MATCHER_P(KeyIs, text, "") { return std::string(arg.pkcs8.begin(), arg.pkcs8.end()) == text; }

class ClientCertificateStoresTest : public ::testing::Test {
 protected:
  ClientCertificateStores MakeStores() {
    return ClientCertificateStores(system_, [this](const std::string& account) -> const Secret* {
      const auto found = passwords_.find(account);
      return found == passwords_.end() ? nullptr : &found->second;
    });
  }

  NiceMock<MockSystemApi> system_;
  std::map<std::string, Secret> passwords_;
};

TEST_F(ClientCertificateStoresTest, AUsersCertificateGoesIntoItsOwnStoreWithItsHiveLoaded) {
  passwords_.emplace(kOwner.name, Secret(L"not-the-password"));
  std::wstring container;
  {
    ::testing::InSequence order;
    EXPECT_CALL(system_, ImportMachineKey(StartsWith(std::wstring(kMachineKeyMark)),
                                          KeyIs("secret-key-bytes"),
                                          ElementsAre(L"S-1-5-21-1-2-3-1001", L"S-1-5-18"),
                                          std::wstring(MockSystemApi::kProcessSid), _))
        .WillOnce(DoAll(SaveArg<0>(&container), SetArgPointee<4>(MockSystemApi::kMachineKey),
                        Return(DWORD{0})));
    EXPECT_CALL(system_, LoadUserHive(std::wstring(L"bitscts-owner0001"), _, _));
    EXPECT_CALL(system_, AddCertificate(kOwnersStore, BytesAre("abc"),
                                        StartsWith(std::wstring(kClientCertificateMark)),
                                        EndsWith(L"-" + std::wstring(kThumbprint.begin(),
                                                                     kThumbprint.end()))));
    EXPECT_CALL(system_, UnloadUserHive(_));
  }
  ClientCertificateStores stores = MakeStores();
  EXPECT_EQ(stores.InstallClientCertificate(kOwner, CertStoreLocation::kCurrentUser, kCertificate),
            hr::kOk);
  EXPECT_THAT(container, EndsWith(std::wstring(kThumbprint.begin(), kThumbprint.end())));
  EXPECT_THAT(stores.last_calls().ToString(), Not(HasSubstr("c2VjcmV0")));
  EXPECT_THAT(stores.last_calls().ToString(), Not(HasSubstr("secret-key")));
  ::testing::Mock::VerifyAndClearExpectations(&system_);  // before the removal at the end
}

TEST_F(ClientCertificateStoresTest, AMachineCertificateNeedsNoHive) {
  EXPECT_CALL(system_, LoadUserHive).Times(0);
  EXPECT_CALL(system_, ImportMachineKey(_, _, ElementsAre(L"S-1-5-18"), _, _));
  EXPECT_CALL(system_, AddCertificate(kMachineStore, _, _, _));
  ClientCertificateStores stores = MakeStores();
  EXPECT_EQ(stores.InstallClientCertificate(kSystem, CertStoreLocation::kLocalMachine,
                                            kCertificate),
            hr::kOk);
}

TEST_F(ClientCertificateStoresTest, AServiceAccountsStoreIsUsedWithoutLoadingAHive) {
  EXPECT_CALL(system_, LoadUserHive).Times(0);
  EXPECT_CALL(system_, AddCertificate(CertificateStoreName{L"S-1-5-18", L"MY"}, _, _, _));
  ClientCertificateStores stores = MakeStores();
  EXPECT_EQ(stores.InstallClientCertificate(kSystem, CertStoreLocation::kCurrentUser, kCertificate),
            hr::kOk);
}

TEST_F(ClientCertificateStoresTest, OtherLocationsAndBadInputAreInvalidArgumentsWithoutCalls) {
  EXPECT_CALL(system_, ImportMachineKey).Times(0);
  EXPECT_CALL(system_, AddCertificate).Times(0);
  ClientCertificateStores stores = MakeStores();
  EXPECT_EQ(stores.InstallClientCertificate(kOwner, CertStoreLocation::kServices, kCertificate),
            hr::kInvalidArg);
  ClientCertificate no_key = kCertificate;
  no_key.private_key_pem = "no key";
  EXPECT_EQ(stores.InstallClientCertificate(kOwner, CertStoreLocation::kLocalMachine, no_key),
            hr::kInvalidArg);
  ClientCertificate other = kCertificate;
  other.thumbprint = "0000000000000000000000000000000000000000";
  EXPECT_EQ(stores.InstallClientCertificate(kOwner, CertStoreLocation::kLocalMachine, other),
            hr::kInvalidArg);
}

TEST_F(ClientCertificateStoresTest, ARefusedCertificateTakesItsKeyAlong) {
  EXPECT_CALL(system_, AddCertificate).WillOnce(Return(win32::kErrorAccessDenied));
  EXPECT_CALL(system_, DeleteImportedKey(MockSystemApi::kMachineKey));
  ClientCertificateStores stores = MakeStores();
  EXPECT_EQ(stores.InstallClientCertificate(kOwner, CertStoreLocation::kLocalMachine, kCertificate),
            hr::kAccessDenied);
  ::testing::Mock::VerifyAndClearExpectations(&system_);
  EXPECT_CALL(system_, DeleteCertificate).Times(0);
  EXPECT_CALL(system_, DeleteImportedKey).Times(0);
  EXPECT_TRUE(stores.RemoveAll().Succeeded()) << "nothing was installed";
}

TEST_F(ClientCertificateStoresTest, TheRunRemovesItsCertificatesAndKeysAtItsEnd) {
  passwords_.emplace(kOwner.name, Secret(L"not-the-password"));
  ClientCertificateStores stores = MakeStores();
  ASSERT_EQ(stores.InstallClientCertificate(kOwner, CertStoreLocation::kCurrentUser, kCertificate),
            hr::kOk);
  ::testing::InSequence order;
  EXPECT_CALL(system_, LoadUserHive(std::wstring(L"bitscts-owner0001"), _, _));
  EXPECT_CALL(system_, DeleteCertificate(kOwnersStore, kThumbprint));
  EXPECT_CALL(system_, UnloadUserHive(_));
  EXPECT_CALL(system_, DeleteImportedKey(MockSystemApi::kMachineKey))
      .WillOnce(Return(win32::kNteBadKeyset));
  const CallLog removal = stores.RemoveAll();
  EXPECT_TRUE(removal.Succeeded()) << removal << ": a key already gone is no failure";
  EXPECT_CALL(system_, DeleteImportedKey).Times(0);
}

TEST_F(ClientCertificateStoresTest, EarlierRunsMarkedKeysAndCertificatesAreRemovedFirst) {
  const std::wstring old_key =
      std::wstring(kMachineKeyMark) + L"oldrun01-" + L"1111111111111111111111111111111111111111";
  EXPECT_CALL(system_, ListMachineKeys(_))
      .WillOnce(DoAll(SetArgPointee<0>(std::vector<std::wstring>{old_key, L"someone-elses-key"}),
                      Return(DWORD{0})));
  EXPECT_CALL(system_, ListCertificates(_, _)).Times(3);
  EXPECT_CALL(system_, ListCertificates(CertificateStoreName{L"S-1-5-18", L"MY"}, _))
      .WillOnce(DoAll(SetArgPointee<1>(std::vector<StoreEntry>{
                          {"1111111111111111111111111111111111111111",
                           std::wstring(kClientCertificateMark) + L"oldrun01"},
                          {"2222222222222222222222222222222222222222", L"a real one"}}),
                      Return(DWORD{0})));
  EXPECT_CALL(system_, DeleteMachineKey(old_key));
  EXPECT_CALL(system_, DeleteMachineKey(std::wstring(L"someone-elses-key"))).Times(0);
  EXPECT_CALL(system_, DeleteCertificate(CertificateStoreName{L"S-1-5-18", L"MY"},
                                         "1111111111111111111111111111111111111111"));
  EXPECT_CALL(system_, DeleteCertificate(_, "2222222222222222222222222222222222222222")).Times(0);
  ClientCertificateStores stores = MakeStores();
  EXPECT_EQ(stores.InstallClientCertificate(kSystem, CertStoreLocation::kLocalMachine,
                                            kCertificate),
            hr::kOk);
  ::testing::Mock::VerifyAndClearExpectations(&system_);
}

TEST_F(ClientCertificateStoresTest, ALaterSweepKeepsThisRunsKeys) {
  std::wstring container;
  ON_CALL(system_, ImportMachineKey)
      .WillByDefault(DoAll(SaveArg<0>(&container), SetArgPointee<4>(MockSystemApi::kMachineKey),
                           Return(DWORD{0})));
  ClientCertificateStores stores = MakeStores();
  ASSERT_EQ(stores.InstallClientCertificate(kSystem, CertStoreLocation::kLocalMachine,
                                            kCertificate),
            hr::kOk);
  EXPECT_CALL(system_, ListMachineKeys(_))
      .WillOnce(DoAll(SetArgPointee<0>(std::vector<std::wstring>{container}), Return(DWORD{0})));
  EXPECT_CALL(system_, DeleteMachineKey).Times(0);
  EXPECT_TRUE(stores.RemoveLeftovers().Succeeded());
  ::testing::Mock::VerifyAndClearExpectations(&system_);
}

}  // namespace
}  // namespace bitscts::com
