#include "net/tls_listener.h"

#if BITSCTS_HAVE_TLS
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#endif

#include <atomic>
#include <thread>
#include <utility>

#include "http/request_head.h"

namespace bitscts::fakeserver::internal {

#if BITSCTS_HAVE_TLS

namespace {

// Worker threads per HTTPS listener: the suite's clients make few concurrent requests.
constexpr std::size_t kWorkers = 2;

std::unique_ptr<BIO, decltype(&BIO_free)> ReadOnlyBio(const std::string& pem) {
  return {BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free};
}

// Returns the subject CN of the client certificate the TLS peer of `ssl` presented, if any.
std::string PeerCommonName(const SSL* ssl) {
  if (ssl == nullptr) return {};
  X509* peer = SSL_get0_peer_certificate(ssl);
  if (peer == nullptr) return {};
  char name[256] = {};
  const int length =
      X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, name, sizeof name);
  return length > 0 ? std::string(name, static_cast<std::size_t>(length)) : std::string();
}

// Returns the request as the Site reads it.
RequestHead HeadOf(const httplib::Request& request) {
  RequestHead head;
  head.method = request.method;
  head.target = request.target;
  head.minor_version = request.version == "HTTP/1.0" ? 0 : 1;
  for (const auto& [name, value] : request.headers) {
    // cpp-httplib adds these itself; they are not what the client sent.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT")
      continue;
    head.fields.emplace_back(name, value);
  }
  return head;
}

// Copies the body `answer` plans into a string; false if its resource cannot be read.
bool BodyOf(const Answer& answer, std::string* body) {
  for (const BodySegment& segment : answer.response.body) {
    if (!segment.from_resource) {
      *body += segment.literal;
      continue;
    }
    const std::size_t start = body->size();
    body->resize(start + static_cast<std::size_t>(segment.length));
    const Resource* resource = answer.response.resource;
    if (resource == nullptr ||
        !resource->Read(segment.offset, static_cast<std::size_t>(segment.length),
                        body->data() + start)) {
      return false;
    }
  }
  return true;
}

}  // namespace

class TlsListener::Impl {
 public:
  std::string Start(Site& site, const std::string& host, const IssuedCertificate& certificate,
                    const std::string& authority_pem, ClientCertificates mode) {
    auto certificate_bio = ReadOnlyBio(certificate.certificate_pem);
    auto key_bio = ReadOnlyBio(certificate.private_key_pem);
    auto authority_bio = ReadOnlyBio(authority_pem);
    std::unique_ptr<X509, decltype(&X509_free)> server_certificate(
        PEM_read_bio_X509(certificate_bio.get(), nullptr, nullptr, nullptr), &X509_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> authority(
        PEM_read_bio_X509(authority_bio.get(), nullptr, nullptr, nullptr), &X509_free);
    if (!server_certificate || !key || !authority)
      return "the HTTPS listener's certificates do not parse";
    X509_STORE* trusted = nullptr;
    if (mode != ClientCertificates::kIgnored) {
      trusted = X509_STORE_new();  // the server's SSL_CTX takes ownership
      if (trusted == nullptr || X509_STORE_add_cert(trusted, authority.get()) != 1) {
        X509_STORE_free(trusted);
        return "cannot make the HTTPS listener's trust store";
      }
    }
    server_ = std::make_unique<httplib::SSLServer>(server_certificate.get(), key.get(), trusted);
    if (!server_->is_valid()) return "OpenSSL rejected the HTTPS listener's settings";
    // A requested certificate is checked when one comes, and its absence is no error.
    if (mode == ClientCertificates::kRequested)
      SSL_CTX_set_verify(server_->ssl_context(), SSL_VERIFY_PEER, nullptr);
    server_->new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
    server_->set_keep_alive_max_count(1000);
    server_->set_keep_alive_timeout(
        1);  // an idle client holds a worker, and Stop, this long at most
    server_->Get(".*", [&site](const httplib::Request& request, httplib::Response& response) {
      Respond(site, request, response);
    });
    port_ = server_->bind_to_any_port(host);
    if (port_ <= 0) return "the HTTPS listener cannot bind to " + host;
    listening_done_ = false;
    stop_requested_ = false;
    thread_ = std::thread([this] {
      server_->listen_after_bind();
      listening_done_ = true;
    });
    return {};
  }

  // Asks the listening loop to end; only the first call after Start does anything, since
  // cpp-httplib's stop() must not run twice on one loop (its socket is gone after the first).
  void RequestStop() {
    if (!thread_.joinable() || stop_requested_) return;
    stop_requested_ = true;
    // cpp-httplib's stop() does nothing before its loop has started: a bounded wait for the
    // moments the new thread takes to get there.
    while (!server_->is_running() && !listening_done_) std::this_thread::yield();
    server_->stop();
  }

  void Stop() {
    if (!thread_.joinable()) return;
    RequestStop();
    thread_.join();
    port_ = 0;
  }

  int port() const { return port_; }

 private:
  static void Respond(Site& site, const httplib::Request& request, httplib::Response& response) {
    ConnectionAuthenticator authenticator;  // Basic only: connection-bound schemes need Windows
    Answer answer = site.Respond(HeadOf(request), authenticator);
    answer.record.client_certificate = PeerCommonName(request.ssl);
    // cpp-httplib would cut the body to the Range again after the Site has; the request object
    // is cpp-httplib's own, not a const one, and its parsed ranges are read only after this.
    const_cast<httplib::Request&>(request).ranges.clear();
    std::string body;
    if (!BodyOf(answer, &body)) {
      answer.response = TextResponse(500, "the resource could not be read");
      body = answer.response.body.empty() ? std::string() : answer.response.body.front().literal;
      answer.record.status = 500;
    }
    response.status = answer.response.status;
    std::string content_type = "application/octet-stream";
    for (const auto& [name, value] : answer.response.fields) {
      if (name == "Content-Type") {
        content_type = value;
      } else if (name != "Content-Length") {
        response.set_header(name, value);
      }
    }
    answer.record.bytes = request.method == "HEAD" ? 0 : body.size();
    const std::uint64_t written = answer.record.bytes;
    const std::uint64_t number = site.Record(std::move(answer.record));
    response.set_content(std::move(body), content_type);
    site.Finish(number, written);
  }

  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  std::atomic<bool> listening_done_{false};
  bool stop_requested_ = false;
  int port_ = 0;
};

#else  // no TLS in this build

class TlsListener::Impl {
 public:
  std::string Start(Site&, const std::string&, const IssuedCertificate&, const std::string&,
                    ClientCertificates) {
    return "this build of the fakeserver has no TLS (built without OpenSSL)";
  }
  void RequestStop() {}
  void Stop() {}
  int port() const { return 0; }
};

#endif

TlsListener::TlsListener() : impl_(std::make_unique<Impl>()) {}
TlsListener::~TlsListener() { impl_->Stop(); }

std::string TlsListener::Start(Site& site, const std::string& host,
                               const IssuedCertificate& certificate,
                               const std::string& authority_pem, ClientCertificates mode) {
  return impl_->Start(site, host, certificate, authority_pem, mode);
}

void TlsListener::RequestStop() { impl_->RequestStop(); }

void TlsListener::Stop() { impl_->Stop(); }

int TlsListener::port() const { return impl_->port(); }

}  // namespace bitscts::fakeserver::internal
