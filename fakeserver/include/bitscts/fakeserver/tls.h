// Certificates for the fakeserver's HTTPS listeners and for the clients that present TLS client
// certificates to them: a certificate authority per Server (made at its first Start), kept in
// memory, never on disk.
#pragma once

#include <memory>
#include <string>

namespace bitscts::fakeserver {

// Returns true if and only if this build has TLS (OpenSSL): HTTPS listeners, client
// certificates and TestAuthority.
bool HasTls();

// A certificate with its private key, PEM-encoded.
struct IssuedCertificate {
  std::string common_name;  // the subject's CN
  std::string certificate_pem;
  std::string private_key_pem;  // a secret of the run: never printed or logged
  std::string thumbprint;       // SHA-1 of the DER certificate: 40 lowercase hex digits
};

// A certificate authority that exists for one run. Thread-safe.
class TestAuthority {
 public:
  // Creates an authority with a fresh key; returns null and a one-line reason in `*error` when
  // the build has no TLS or OpenSSL fails.
  static std::unique_ptr<TestAuthority> Create(std::string* error);
  ~TestAuthority();
  TestAuthority(const TestAuthority&) = delete;
  TestAuthority& operator=(const TestAuthority&) = delete;

  // Returns the authority's own certificate, the trust anchor of servers and clients.
  const std::string& certificate_pem() const;
  // Issues a TLS server certificate for `host`, an IP address or a DNS name (subjectAltName),
  // valid for a day; an empty certificate_pem means OpenSSL failed.
  IssuedCertificate IssueServer(const std::string& host);
  // Issues a TLS client certificate (extended key usage clientAuth) for subject CN
  // `common_name`, valid for a day; an empty certificate_pem means OpenSSL failed.
  IssuedCertificate IssueClient(const std::string& common_name);

 private:
  class Impl;
  explicit TestAuthority(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bitscts::fakeserver
