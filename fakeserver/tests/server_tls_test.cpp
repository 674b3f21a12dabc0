// The HTTPS listeners and the test authority behind them; in a build without TLS, that both say
// so instead of failing in some other way.
#include <httplib.h>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/server.h"
#include "bitscts/fakeserver/tls.h"

#if BITSCTS_HAVE_TLS
#include <openssl/pem.h>
#include <openssl/x509.h>
#endif

namespace bitscts::fakeserver {
namespace {

#if BITSCTS_HAVE_TLS

using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;
using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Certificate ParseCertificate(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(),
                                                                static_cast<int>(pem.size())),
                                                &BIO_free);
  return Certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
}

Key ParseKey(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(),
                                                                static_cast<int>(pem.size())),
                                                &BIO_free);
  return Key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
}

class ServerTlsTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(server_.Start(), ""); }

  // Returns a client for the HTTPS listener of `mode` that trusts `authority_pem`, showing
  // `certificate` if it has one.
  std::unique_ptr<httplib::SSLClient> ClientFor(ClientCertificates mode,
                                                const std::string& authority_pem,
                                                const IssuedCertificate* certificate = nullptr) {
    const std::string url = server_.HttpsUrl("/", mode);
    const int port = std::stoi(url.substr(url.rfind(':') + 1));
    Certificate shown = certificate ? ParseCertificate(certificate->certificate_pem)
                                    : Certificate(nullptr, &X509_free);
    Key key = certificate ? ParseKey(certificate->private_key_pem) : Key(nullptr, &EVP_PKEY_free);
    auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", port, shown.get(), key.get());
    X509_STORE* store = X509_STORE_new();
    X509_STORE_add_cert(store, ParseCertificate(authority_pem).get());
    client->set_ca_cert_store(store);
    client->enable_server_certificate_verification(true);
    client->set_connection_timeout(5, 0);
    return client;
  }

  // Returns the last log record, or an empty one.
  RequestRecord LastRecord() const {
    const auto log = server_.Log();
    return log.empty() ? RequestRecord{} : log.back();
  }

  Server server_;
};

TEST(TestAuthorityTest, IssuesCertificatesThatChainToIt) {
  ASSERT_TRUE(HasTls());
  std::string error;
  auto authority = TestAuthority::Create(&error);
  ASSERT_TRUE(authority) << error;
  const IssuedCertificate client = authority->IssueClient("bitscts-std-0001");
  const IssuedCertificate server = authority->IssueServer("127.0.0.1");
  for (const IssuedCertificate* issued : {&client, &server}) {
    ASSERT_FALSE(issued->certificate_pem.empty());
    EXPECT_NE(issued->private_key_pem.find("PRIVATE KEY"), std::string::npos);
    EXPECT_EQ(issued->thumbprint.size(), 40u);
    EXPECT_EQ(issued->thumbprint.find_first_not_of("0123456789abcdef"), std::string::npos);
    Certificate parsed = ParseCertificate(issued->certificate_pem);
    ASSERT_TRUE(parsed);
    Certificate root = ParseCertificate(authority->certificate_pem());
    EXPECT_EQ(X509_verify(parsed.get(), X509_get0_pubkey(root.get())), 1)
        << "signed by the authority";
  }
  EXPECT_EQ(client.common_name, "bitscts-std-0001");
  EXPECT_NE(client.thumbprint, server.thumbprint);
  EXPECT_NE(authority->IssueClient("bitscts-std-0001").thumbprint, client.thumbprint)
      << "a new certificate each time";
}

TEST_F(ServerTlsTest, EachModeHasItsOwnListener) {
  ASSERT_NE(server_.authority(), nullptr);
  const std::string ignored = server_.HttpsUrl("/content/1/10", ClientCertificates::kIgnored);
  const std::string requested = server_.HttpsUrl("/content/1/10", ClientCertificates::kRequested);
  const std::string required = server_.HttpsUrl("/content/1/10", ClientCertificates::kRequired);
  EXPECT_TRUE(ignored.starts_with("https://127.0.0.1:")) << ignored;
  EXPECT_NE(ignored, requested);
  EXPECT_NE(requested, required);
  EXPECT_TRUE(required.ends_with("/content/1/10"));
}

TEST_F(ServerTlsTest, ServesTheSiteWithoutAskingForACertificate) {
  auto client = ClientFor(ClientCertificates::kIgnored, server_.authority()->certificate_pem());
  const auto response = client->Get(ContentPath(7, 100));
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body.size(), 100u);
  EXPECT_FALSE(FirstMismatch(7, 0, response->body).has_value())
      << "the body is the content of seed 7";
  const RequestRecord record = LastRecord();
  EXPECT_EQ(record.path, ContentPath(7, 100));
  EXPECT_EQ(record.status, 200);
  EXPECT_EQ(record.bytes, 100u);
  EXPECT_TRUE(record.finished);
  EXPECT_EQ(record.client_certificate, "");
}

TEST_F(ServerTlsTest, ARangeIsCutOnce) {
  auto client = ClientFor(ClientCertificates::kIgnored, server_.authority()->certificate_pem());
  const auto response = client->Get(ContentPath(12, 100), {{"Range", "bytes=90-99"}});
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 206);
  EXPECT_EQ(response->get_header_value("Content-Range"), "bytes 90-99/100");
  ASSERT_EQ(response->body.size(), 10u);
  EXPECT_FALSE(FirstMismatch(12, 90, response->body).has_value())
      << "bytes 90 to 99 of the content";
  EXPECT_EQ(LastRecord().range, "bytes=90-99");
  EXPECT_EQ(LastRecord().status, 206);
}

TEST_F(ServerTlsTest, StopIsPromptWithAnIdleClient) {
  auto client = ClientFor(ClientCertificates::kIgnored, server_.authority()->certificate_pem());
  client->set_keep_alive(true);
  ASSERT_TRUE(client->Get(ContentPath(13, 10)));
  const auto started = std::chrono::steady_clock::now();
  server_.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST_F(ServerTlsTest, AnUntrustedServerCertificateIsRefusedByTheClient) {
  std::string error;
  auto stranger = TestAuthority::Create(&error);
  ASSERT_TRUE(stranger) << error;
  auto client = ClientFor(ClientCertificates::kIgnored, stranger->certificate_pem());
  EXPECT_FALSE(client->Get(ContentPath(7, 10)));
}

TEST_F(ServerTlsTest, ARequestedCertificateIsOptionalAndWitnessed) {
  const std::string& authority = server_.authority()->certificate_pem();
  auto anonymous = ClientFor(ClientCertificates::kRequested, authority);
  const auto without = anonymous->Get(ContentPath(8, 10));
  ASSERT_TRUE(without) << httplib::to_string(without.error());
  EXPECT_EQ(without->status, 200);
  EXPECT_EQ(LastRecord().client_certificate, "");

  const IssuedCertificate alice = server_.authority()->IssueClient("alice");
  auto shown = ClientFor(ClientCertificates::kRequested, authority, &alice);
  const auto with = shown->Get(ContentPath(8, 10));
  ASSERT_TRUE(with) << httplib::to_string(with.error());
  EXPECT_EQ(LastRecord().client_certificate, "alice");
}

TEST_F(ServerTlsTest, ARequiredCertificateMustComeFromTheAuthority) {
  const std::string& authority = server_.authority()->certificate_pem();
  EXPECT_FALSE(ClientFor(ClientCertificates::kRequired, authority)->Get(ContentPath(9, 10)))
      << "no certificate";

  std::string error;
  auto stranger = TestAuthority::Create(&error);
  ASSERT_TRUE(stranger) << error;
  const IssuedCertificate forged = stranger->IssueClient("mallory");
  EXPECT_FALSE(
      ClientFor(ClientCertificates::kRequired, authority, &forged)->Get(ContentPath(9, 10)));
  EXPECT_FALSE(
      ClientFor(ClientCertificates::kRequested, authority, &forged)->Get(ContentPath(9, 10)))
      << "a certificate that is shown must be valid even where it is optional";
  EXPECT_TRUE(server_.Log().empty()) << "refused handshakes make no requests";

  const IssuedCertificate bob = server_.authority()->IssueClient("bob");
  const auto response =
      ClientFor(ClientCertificates::kRequired, authority, &bob)->Get(ContentPath(9, 10));
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(LastRecord().client_certificate, "bob");
}

TEST_F(ServerTlsTest, AccessRulesApplyOverTls) {
  server_.AddUser("carol", "carol-password-1");
  server_.Allow("/content/10/", {"carol"});
  auto client = ClientFor(ClientCertificates::kIgnored, server_.authority()->certificate_pem());
  const auto anonymous = client->Get(ContentPath(10, 10));
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_TRUE(anonymous->has_header("WWW-Authenticate"));
  client->set_basic_auth("carol", "carol-password-1");
  const auto authorised = client->Get(ContentPath(10, 10));
  ASSERT_TRUE(authorised);
  EXPECT_EQ(authorised->status, 200);
  EXPECT_EQ(LastRecord().identity, "carol");
}

TEST_F(ServerTlsTest, TheListenersStopAndRestartWithTheServer) {
  const auto started = std::chrono::steady_clock::now();
  server_.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(server_.HttpsUrl("/", ClientCertificates::kIgnored), "");
  ASSERT_EQ(server_.Start(), "");
  auto client = ClientFor(ClientCertificates::kIgnored, server_.authority()->certificate_pem());
  const auto response = client->Get(ContentPath(11, 10));
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
}

#else  // no TLS in this build

TEST(ServerTlsTest, ABuildWithoutTlsSaysSo) {
  EXPECT_FALSE(HasTls());
  std::string error;
  EXPECT_EQ(TestAuthority::Create(&error), nullptr);
  EXPECT_NE(error.find("no TLS"), std::string::npos) << error;
  Server server;
  ASSERT_EQ(server.Start(), "");
  EXPECT_EQ(server.HttpsUrl("/", ClientCertificates::kRequired), "");
  EXPECT_EQ(server.authority(), nullptr);
}

#endif

}  // namespace
}  // namespace bitscts::fakeserver
