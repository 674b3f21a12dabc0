#include "bitscts/fakeserver/tls.h"

#include <cstdint>
#include <mutex>
#include <random>
#include <utility>
#include <vector>

#if BITSCTS_HAVE_TLS
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#endif

namespace bitscts::fakeserver {

#if BITSCTS_HAVE_TLS

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;
using Extensions = std::vector<std::pair<int, std::string>>;  // NID and configuration value

Key NewKey() { return Key(EVP_EC_gen("P-256"), &EVP_PKEY_free); }

// Returns what `write` puts into a memory BIO.
template <typename Write>
std::string ToPem(Write write) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio || write(bio.get()) != 1) return {};
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

std::string CertificatePem(X509* certificate) {
  return ToPem([certificate](BIO* bio) { return PEM_write_bio_X509(bio, certificate); });
}

std::string KeyPem(EVP_PKEY* key) {
  return ToPem([key](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  });
}

std::string Thumbprint(X509* certificate) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(certificate, EVP_sha1(), digest, &length) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += kHex[digest[i] >> 4];
    text += kHex[digest[i] & 0xF];
  }
  return text;
}

// Makes a certificate of `key` for CN `common_name`, signed by `issuer_key` as `issuer` (itself
// when `issuer` is null), valid from an hour ago for a day; null if OpenSSL fails.
Certificate MakeCertificate(EVP_PKEY* key, const std::string& common_name, X509* issuer,
                            EVP_PKEY* issuer_key, std::uint64_t serial,
                            const Extensions& extensions) {
  Certificate certificate(X509_new(), &X509_free);
  if (!certificate) return certificate;
  X509* cert = certificate.get();
  bool ok = X509_set_version(cert, 2) == 1 &&
            ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial) == 1 &&
            X509_gmtime_adj(X509_getm_notBefore(cert), -3600) != nullptr &&
            X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600) != nullptr &&
            X509_set_pubkey(cert, key) == 1;
  X509_NAME* subject = X509_get_subject_name(cert);
  ok = ok && X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                        reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                        -1, -1, 0) == 1;
  ok = ok &&
       X509_set_issuer_name(cert, issuer != nullptr ? X509_get_subject_name(issuer) : subject) == 1;
  for (const auto& [nid, value] : extensions) {
    if (!ok) break;
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer != nullptr ? issuer : cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    ok = extension != nullptr && X509_add_ext(cert, extension, -1) == 1;
    X509_EXTENSION_free(extension);
  }
  ok = ok && X509_sign(cert, issuer_key, EVP_sha256()) > 0;
  if (!ok) certificate.reset();
  return certificate;
}

}  // namespace

class TestAuthority::Impl {
 public:
  Impl() : key_(NewKey()), certificate_(nullptr, &X509_free), next_serial_(std::random_device{}()) {
    next_serial_ <<= 24;
    if (!key_) return;
    certificate_ =
        MakeCertificate(key_.get(), "bitscts test authority", nullptr, key_.get(), next_serial_++,
                        {{NID_basic_constraints, "critical,CA:TRUE"},
                         {NID_key_usage, "critical,keyCertSign,cRLSign"},
                         {NID_subject_key_identifier, "hash"}});
    if (certificate_) pem_ = CertificatePem(certificate_.get());
  }

  bool valid() const { return !pem_.empty(); }
  const std::string& pem() const { return pem_; }

  IssuedCertificate Issue(const std::string& common_name, Extensions extensions) {
    extensions.emplace_back(NID_basic_constraints, "critical,CA:FALSE");
    extensions.emplace_back(NID_authority_key_identifier, "keyid");
    Key key = NewKey();
    IssuedCertificate issued;
    issued.common_name = common_name;
    if (!key) return issued;
    std::lock_guard lock(mutex_);
    Certificate certificate = MakeCertificate(key.get(), common_name, certificate_.get(),
                                              key_.get(), next_serial_++, extensions);
    if (!certificate) return issued;
    issued.certificate_pem = CertificatePem(certificate.get());
    issued.private_key_pem = KeyPem(key.get());
    issued.thumbprint = Thumbprint(certificate.get());
    return issued;
  }

 private:
  Key key_;
  Certificate certificate_;
  std::string pem_;
  std::mutex mutex_;
  std::uint64_t next_serial_;
};

bool HasTls() { return true; }

std::unique_ptr<TestAuthority> TestAuthority::Create(std::string* error) {
  auto impl = std::make_unique<Impl>();
  if (!impl->valid()) {
    if (error != nullptr) *error = "OpenSSL could not make the test certificate authority";
    return nullptr;
  }
  return std::unique_ptr<TestAuthority>(new TestAuthority(std::move(impl)));
}

const std::string& TestAuthority::certificate_pem() const { return impl_->pem(); }

IssuedCertificate TestAuthority::IssueServer(const std::string& host) {
  // An IPv4 address has only digits and dots; an IPv6 one has colons, which no DNS name has.
  const bool address = host.find_first_not_of("0123456789.") == std::string::npos ||
                       host.find(':') != std::string::npos;
  return impl_->Issue(host, {{NID_subject_alt_name, (address ? "IP:" : "DNS:") + host},
                             {NID_key_usage, "critical,digitalSignature"},
                             {NID_ext_key_usage, "serverAuth"}});
}

IssuedCertificate TestAuthority::IssueClient(const std::string& common_name) {
  return impl_->Issue(common_name, {{NID_key_usage, "critical,digitalSignature"},
                                    {NID_ext_key_usage, "clientAuth"}});
}

#else  // no TLS in this build

class TestAuthority::Impl {};

bool HasTls() { return false; }

std::unique_ptr<TestAuthority> TestAuthority::Create(std::string* error) {
  if (error != nullptr) *error = "this build of the fakeserver has no TLS (built without OpenSSL)";
  return nullptr;
}

const std::string& TestAuthority::certificate_pem() const {
  static const std::string kNone;
  return kNone;
}

IssuedCertificate TestAuthority::IssueServer(const std::string& host) {
  return IssuedCertificate{host, {}, {}, {}};
}

IssuedCertificate TestAuthority::IssueClient(const std::string& common_name) {
  return IssuedCertificate{common_name, {}, {}, {}};
}

#endif

TestAuthority::TestAuthority(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TestAuthority::~TestAuthority() = default;

}  // namespace bitscts::fakeserver
