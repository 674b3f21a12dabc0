#include "certificates.h"

#include <gtest/gtest.h>

#include "bitscts/fakeserver/tls.h"
#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;

constexpr const char* kThumbprint = "00112233445566778899aabbccddeeff00112233";

ClientCertificate Fake(const std::string& thumbprint) {
  return ClientCertificate{"-----BEGIN CERTIFICATE-----", "-----BEGIN PRIVATE KEY-----",
                           thumbprint};
}

TEST(CertificateStoresTest, LooksUpByLocationStoreAndUser) {
  CertificateStores stores;
  ASSERT_EQ(stores.Install(CertStoreLocation::kCurrentUser, "S-1-5-21-1-1001", Fake(kThumbprint)),
            hr::kOk);
  const StoredCertificate* found = nullptr;
  const std::string upper = "00112233445566778899AABBCCDDEEFF00112233";
  EXPECT_EQ(stores.Find(CertStoreLocation::kCurrentUser, "my", "S-1-5-21-1-1001", upper, &found),
            hr::kOk)
      << "store names and thumbprints ignore case";
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->key_user_sid, "S-1-5-21-1-1001");
  EXPECT_EQ(stores.Find(CertStoreLocation::kCurrentUser, "MY", "S-1-5-21-1-1002", kThumbprint,
                        &found),
            hr::kCryptNotFound)
      << "another user's store";
  EXPECT_EQ(found, nullptr);
  EXPECT_EQ(stores.Find(CertStoreLocation::kLocalMachine, "MY", "S-1-5-21-1-1001", kThumbprint,
                        &found),
            hr::kCryptNotFound);
  EXPECT_EQ(stores.Find(CertStoreLocation::kCurrentUser, "ROOT", "S-1-5-21-1-1001", kThumbprint,
                        &found),
            hr::kCryptNotFound);
  EXPECT_EQ(stores.Find(CertStoreLocation::kCurrentUser, "NoSuchStore", "S-1-5-21-1-1001",
                        kThumbprint, &found),
            hr::kFileNotFound);
  EXPECT_EQ(stores.Find(static_cast<CertStoreLocation>(8), "MY", "S-1-5-21-1-1001", kThumbprint,
                        &found),
            hr::kNotImpl);
  EXPECT_EQ(stores.Install(CertStoreLocation::kServices, "S-1-5-18", Fake(kThumbprint)),
            hr::kNotImpl);
}

TEST(CertificateStoresTest, UninstallRemovesOnlyThatStoresCertificate) {
  CertificateStores stores;
  const std::string user = "S-1-5-21-1-1001";
  ASSERT_EQ(stores.Install(CertStoreLocation::kCurrentUser, user, Fake(kThumbprint)), hr::kOk);
  ASSERT_EQ(stores.Install(CertStoreLocation::kLocalMachine, user, Fake(kThumbprint)), hr::kOk);
  EXPECT_EQ(stores.Uninstall(CertStoreLocation::kCurrentUser, "S-1-5-21-1-1002", kThumbprint),
            hr::kCryptNotFound)
      << "another user's store";
  EXPECT_EQ(stores.Uninstall(CertStoreLocation::kCurrentUser, user,
                             "00112233445566778899AABBCCDDEEFF00112233"),
            hr::kOk)
      << "thumbprints ignore case";
  const StoredCertificate* found = nullptr;
  EXPECT_EQ(stores.Find(CertStoreLocation::kCurrentUser, "MY", user, kThumbprint, &found),
            hr::kCryptNotFound);
  EXPECT_EQ(stores.Find(CertStoreLocation::kLocalMachine, "MY", user, kThumbprint, &found),
            hr::kOk);
  EXPECT_EQ(stores.Uninstall(CertStoreLocation::kCurrentUser, user, kThumbprint),
            hr::kCryptNotFound);
}

TEST(CertificateStoresTest, UntrustForgetsTheAuthority) {
  CertificateStores stores;
  stores.Trust("first");
  stores.Trust("second");
  stores.Untrust("first");
  stores.Untrust("never trusted");
  EXPECT_EQ(stores.trusted(), std::vector<std::string>{"second"});
}

TEST(CertificateStoresTest, ThumbprintsAreFortyHexDigits) {
  EXPECT_EQ(CheckThumbprint(kThumbprint), hr::kOk);
  EXPECT_EQ(CheckThumbprint("0011"), hr::kBadStubData);
  EXPECT_EQ(CheckThumbprint("zz112233445566778899aabbccddeeff00112233"), hr::kBadStubData);
}

TEST_F(ModelTest, SetClientCertificateChecksItsArgumentsAndTheOwnersStore) {
  Make();
  const Principal owner = Provision(PrincipalKind::kStandardUser);
  const Principal other = Provision(PrincipalKind::kStandardUser);
  const Principal admin = Provision(PrincipalKind::kAdministrator);
  ASSERT_EQ(Control<ClientCertificateControl>().InstallClientCertificate(
                owner, CertStoreLocation::kCurrentUser, Fake(kThumbprint)),
            hr::kOk);
  ASSERT_EQ(Control<ClientCertificateControl>().InstallClientCertificate(
                admin, CertStoreLocation::kCurrentUser, Fake(kThumbprint)),
            hr::kOk);
  EXPECT_EQ(Control<ClientCertificateControl>().InstallClientCertificate(
                owner, CertStoreLocation::kCurrentUser, Fake("12")),
            hr::kInvalidArg);
  auto session = LogOn(owner);
  auto job = CreateJob(*session);
  EXPECT_EQ(job->SetClientCertificate(CertStoreLocation::kCurrentUser, "", kThumbprint),
            hr::kNullRefPointer);
  EXPECT_EQ(job->SetClientCertificate(CertStoreLocation::kCurrentUser, std::string(256, 'M'),
                                      kThumbprint),
            hr::kStringTooLong);
  EXPECT_EQ(job->SetClientCertificate(CertStoreLocation::kCurrentUser, "MY", "0011"),
            hr::kBadStubData);
  EXPECT_EQ(job->SetClientCertificate(static_cast<CertStoreLocation>(9), "MY", kThumbprint),
            hr::kNotImpl);
  EXPECT_EQ(job->SetClientCertificate(CertStoreLocation::kCurrentUser, "MY", kThumbprint), hr::kOk);

  auto stranger = LogOn(other);
  EXPECT_EQ(stranger->OpenJob(job->Id()).hr, hr::kAccessDenied)
      << "a standard user cannot open another's job";
  auto administrator = LogOn(admin);
  auto opened = administrator->OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk) << "an administrator opens any job";
  EXPECT_EQ(opened.value->SetClientCertificate(CertStoreLocation::kCurrentUser, "MY", kThumbprint),
            hr::kAccessDenied)
      << "only the owner names the certificate, administrators included";
  ASSERT_EQ(job->Cancel(), hr::kOk);
  EXPECT_EQ(job->SetClientCertificate(CertStoreLocation::kCurrentUser, "MY", kThumbprint),
            hr::kInvalidState);
}

#if BITSCTS_HAVE_TLS

TEST_F(ModelTest, TakeOwnershipDropsTheClientCertificate) {
  Make();
  const Principal owner = Provision(PrincipalKind::kStandardUser);
  const Principal admin = Provision(PrincipalKind::kAdministrator);
  fakeserver::TestAuthority& authority = *server_.authority();
  ASSERT_EQ(Control<AuthorityControl>().TrustAuthority(authority.certificate_pem()), hr::kOk);
  const fakeserver::IssuedCertificate issued = authority.IssueClient(owner.name);
  ASSERT_EQ(Control<ClientCertificateControl>().InstallClientCertificate(
                owner, CertStoreLocation::kCurrentUser,
                ClientCertificate{issued.certificate_pem, issued.private_key_pem,
                                  issued.thumbprint}),
            hr::kOk);
  const std::string path = fakeserver::ContentPath(60, 10);
  auto session = LogOn(owner);
  auto job = CreateJob(*session);
  ASSERT_EQ(job->AddFile(server_.HttpsUrl(path, fakeserver::ClientCertificates::kRequested),
                         OpenFolder() + "/taken-over.bin"),
            hr::kOk);
  ASSERT_EQ(job->SetClientCertificate(CertStoreLocation::kCurrentUser, "MY", issued.thumbprint),
            hr::kOk);
  auto administrator = LogOn(admin);
  auto taken = administrator->OpenJob(job->Id());
  ASSERT_EQ(taken.hr, hr::kOk);
  ASSERT_EQ(taken.value->TakeOwnership(), hr::kOk);
  ASSERT_EQ(taken.value->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(taken.value->Resume(), hr::kOk);
  ASSERT_TRUE(WaitFinished(*taken.value).reached);
  EXPECT_EQ(taken.value->Error().value.code, hr::kClientAuthCertNeeded)
      << "the certificate left with the owner";
}

TEST_F(ModelTest, HttpsNeedsATrustedServerCertificate) {
  Caller& runner = Make().CurrentCaller();
  const std::string url =
      server_.HttpsUrl(fakeserver::ContentPath(61, 10), fakeserver::ClientCertificates::kIgnored);
  auto untrusted = CreateJob(runner);
  ASSERT_EQ(untrusted->AddFile(url, OpenFolder() + "/untrusted.bin"), hr::kOk);
  ASSERT_EQ(untrusted->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(untrusted->Resume(), hr::kOk);
  ASSERT_TRUE(WaitFinished(*untrusted).reached);
  EXPECT_EQ(untrusted->Error().value.code, hr::kSecureFailure);

  ASSERT_EQ(Control<AuthorityControl>().TrustAuthority(server_.authority()->certificate_pem()),
            hr::kOk);
  auto trusted = CreateJob(runner);
  ASSERT_EQ(trusted->AddFile(url, OpenFolder() + "/trusted.bin"), hr::kOk);
  ASSERT_EQ(trusted->Resume(), hr::kOk);
  ASSERT_TRUE(WaitFinished(*trusted).reached);
  EXPECT_EQ(trusted->State().value, JobState::kTransferred);
  EXPECT_EQ(Control<AuthorityControl>().TrustAuthority(""), hr::kInvalidArg);
}

#else  // no TLS in this build

TEST_F(ModelTest, WithoutTlsHttpsUrlsAreRefused) {
  auto job = CreateJob(Make().CurrentCaller());
  EXPECT_EQ(job->AddFile("https://127.0.0.1:1/content/1/10", OpenFolder() + "/refused.bin"),
            hr::kInvalidArg);
}

#endif

}  // namespace
}  // namespace bitscts::model
