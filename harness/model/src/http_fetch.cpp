// httplib.h must come before any Windows header it would otherwise conflict with.
#include <httplib.h>

#include "http_fetch.h"

#if BITSCTS_HAVE_TLS
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#endif

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdint>
#include <fstream>
#include <memory>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "bitscts/text.h"

namespace bitscts::model {
namespace {

#if BITSCTS_HAVE_TLS
constexpr bool kHaveTls = true;
#else
constexpr bool kHaveTls = false;
#endif

struct ParsedUrl {
  bool secure = false;  // https://
  std::string host;
  int port = 80;
  std::string path;
};

// Returns true if `url` starts with `scheme`, ignoring case.
bool HasScheme(const std::string& url, std::string_view scheme) {
  if (url.size() <= scheme.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) return false;
  }
  return true;
}

std::optional<ParsedUrl> ParseHttpUrl(const std::string& url) {
  ParsedUrl parsed;
  parsed.secure = HasScheme(url, "https://");
  if (!parsed.secure && !HasScheme(url, "http://")) return std::nullopt;
  if (parsed.secure && !kHaveTls) return std::nullopt;
  if (parsed.secure) parsed.port = 443;
  const std::string rest = url.substr(parsed.secure ? 8 : 7);
  const std::size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  parsed.path = slash == std::string::npos ? "/" : rest.substr(slash);
  const std::size_t colon = authority.rfind(':');
  parsed.host = authority.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5) return std::nullopt;
    int value = 0;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      value = value * 10 + (c - '0');
    }
    if (value <= 0 || value > 65535) return std::nullopt;
    parsed.port = value;
  }
  if (parsed.host.empty()) return std::nullopt;
  return parsed;
}

#if BITSCTS_HAVE_TLS
// Set when a server asked the TLS client of this thread for a certificate it did not have.
thread_local bool t_certificate_requested = false;

int NoteCertificateRequest(SSL*, X509**, EVP_PKEY**) {
  t_certificate_requested = true;
  return 0;  // go on without a certificate; the server decides
}

std::unique_ptr<BIO, decltype(&BIO_free)> ReadOnlyBio(const std::string& pem) {
  return {BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free};
}

// Returns an HTTPS client for `parsed` that trusts `tls`'s authorities and presents its
// certificate, or null if the PEM does not parse.
std::unique_ptr<httplib::ClientImpl> SecureClient(const ParsedUrl& parsed, const TlsClient& tls) {
  std::unique_ptr<X509, decltype(&X509_free)> certificate(nullptr, &X509_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(nullptr, &EVP_PKEY_free);
  if (tls.certificate) {
    const auto certificate_bio = ReadOnlyBio(tls.certificate->certificate_pem);
    const auto key_bio = ReadOnlyBio(tls.certificate->private_key_pem);
    certificate.reset(PEM_read_bio_X509(certificate_bio.get(), nullptr, nullptr, nullptr));
    key.reset(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
    if (!certificate || !key) return nullptr;
  }
  auto client = std::make_unique<httplib::SSLClient>(parsed.host, parsed.port, certificate.get(), key.get());
  if (!client->is_valid()) return nullptr;
  X509_STORE* store = X509_STORE_new();  // the client's SSL_CTX takes ownership
  if (store == nullptr) return nullptr;
  for (const std::string& pem : tls.trusted_authorities) {
    std::unique_ptr<X509, decltype(&X509_free)> authority(
        PEM_read_bio_X509(ReadOnlyBio(pem).get(), nullptr, nullptr, nullptr), &X509_free);
    if (authority) X509_STORE_add_cert(store, authority.get());
  }
  client->set_ca_cert_store(store);
  client->enable_server_certificate_verification(true);
  SSL_CTX_set_client_cert_cb(client->ssl_context(), &NoteCertificateRequest);
  return client;
}
#else
std::unique_ptr<httplib::ClientImpl> SecureClient(const ParsedUrl&, const TlsClient&) { return nullptr; }
#endif

FetchOutcome Failure(FetchOutcome::Kind kind, HResult code, std::string description) {
  FetchOutcome outcome;
  outcome.kind = kind;
  outcome.error = JobError{code, ErrorContext::kRemoteFile, std::move(description)};
  return outcome;
}

// Returns the values of every `field` of `response`, in order.
std::vector<std::string> FieldValues(const httplib::Response& response, const char* field) {
  std::vector<std::string> values;
  for (std::size_t i = 0; i < response.get_header_value_count(field); ++i) {
    values.push_back(response.get_header_value(field, i));
  }
  return values;
}

// Maps an HTTP status to BG_E_HTTP_ERROR_<status> (0x80190000 + status), as BITS does.
HResult HttpStatusResult(int status) {
  return HResult{0x80190000u | static_cast<std::uint32_t>(status & 0xFFFF)};
}

}  // namespace

bool IsSupportedUrl(const std::string& url) { return ParseHttpUrl(url).has_value(); }

bool IsHttpsUrl(const std::string& url) { return HasScheme(url, "https://"); }

bool ChallengesForLogonCredentials(const std::vector<std::string>& challenges) {
  for (const std::string& challenge : challenges) {
    const std::string scheme = challenge.substr(0, challenge.find(' '));
    if (EqualsIgnoringCase(scheme, "Negotiate") || EqualsIgnoringCase(scheme, "NTLM")) return true;
  }
  return false;
}

FetchOutcome FetchToFile(const std::string& url, const std::optional<Presentation>& server,
                         const std::optional<ProxyHop>& proxy, const TlsClient& tls,
                         const std::filesystem::path& destination) {
  const auto parsed = ParseHttpUrl(url);
  if (!parsed) {
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kInvalidArg,
                   "the model transfers only http:// URLs (and https:// with TLS): " + url);
  }
  std::unique_ptr<httplib::ClientImpl> connection =
      parsed->secure ? SecureClient(*parsed, tls) : std::make_unique<httplib::ClientImpl>(parsed->host, parsed->port);
  if (!connection) {
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kSecureFailure,
                   "the TLS client for " + url + " cannot be set up (certificates that do not parse)");
  }
  httplib::ClientImpl& client = *connection;
  const bool certificate_missing = parsed->secure && !tls.certificate;
#if BITSCTS_HAVE_TLS
  t_certificate_requested = false;
  const auto asked = [] { return t_certificate_requested; };
#else
  const auto asked = [] { return false; };
#endif
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(30, 0);
  client.set_keep_alive(false);
  // Explicit credentials go with the first request; implicit ones wait for their challenge.
  bool to_server = server && !server->implicit;
  bool to_proxy = proxy && proxy->presentation && !proxy->presentation->implicit;
  if (proxy) client.set_proxy(proxy->address.host, proxy->address.port);

  std::ofstream out;
  int status = 0;
  bool has_length = false;
  httplib::Result result{nullptr, httplib::Error::Unknown};
  // Each attempt after the first presents one more identity, so there are at most three.
  for (bool answer_challenge = true; answer_challenge;) {
    answer_challenge = false;
    if (to_server) client.set_basic_auth(server->identity.name, server->identity.secret);
    if (to_proxy) client.set_proxy_basic_auth(proxy->presentation->identity.name, proxy->presentation->identity.secret);
    status = 0;
    has_length = false;
    result = client.Get(
        parsed->path,
        [&](const httplib::Response& response) {
          if (certificate_missing && asked()) return false;  // WinHTTP stops before the answer
          status = response.status;
          has_length = response.has_header("Content-Length");
          // HT-FLAG-3: implicit credentials answer a Negotiate or NTLM challenge.
          if (status == 401 && server && !to_server && ChallengesForLogonCredentials(FieldValues(response, "WWW-Authenticate"))) {
            to_server = answer_challenge = true;
            return false;
          }
          if (status == 407 && proxy && proxy->presentation && !to_proxy &&
              ChallengesForLogonCredentials(FieldValues(response, "Proxy-Authenticate"))) {
            to_proxy = answer_challenge = true;
            return false;
          }
          if (status != 200 || !has_length) return false;
          out.open(destination, std::ios::binary | std::ios::trunc);
          return out.is_open();
        },
        [&](const char* data, std::size_t length) {
          out.write(data, static_cast<std::streamsize>(length));
          return out.good();
        });
  }
  std::string route;
  if (proxy) {
    route = " through proxy " + proxy->address.host + ":" + std::to_string(proxy->address.port) +
            (to_proxy ? " as " + proxy->presentation->identity.name : " anonymously");
  }
  const bool written = out.is_open() && out.good();
  out.close();
  const std::string who = (to_server ? "as " + server->identity.name : "anonymously") + route;
  auto discard = [&destination] {
    std::error_code ignored;
    std::filesystem::remove(destination, ignored);
  };
  if (certificate_missing && asked()) {
    discard();
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kClientAuthCertNeeded,
                   "GET " + url + ": the server asked for a client certificate and the job has none");
  }
  if (status == 200 && !has_length) {
    discard();
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kMissingFileSize,
                   "GET " + url + " answered 200 without Content-Length");
  }
  if (status != 0 && status != 200) {
    discard();
    const auto kind = status >= 500 ? FetchOutcome::Kind::kTransientError
                                    : FetchOutcome::Kind::kPermanentError;
    return Failure(kind, HttpStatusResult(status),
                   "GET " + url + " " + who + " answered HTTP " + std::to_string(status));
  }
  if (status == 200 && !written) {
    discard();
    FetchOutcome outcome;
    outcome.kind = FetchOutcome::Kind::kPermanentError;
    outcome.error = JobError{hr::kAccessDenied, ErrorContext::kLocalFile,
                             "cannot write the temporary file " + destination.string()};
    return outcome;
  }
  const bool tls_failed = result.error() == httplib::Error::SSLConnection ||
                          result.error() == httplib::Error::SSLServerVerification ||
                          result.error() == httplib::Error::SSLLoadingCerts;
  if (!result && parsed->secure && tls_failed) {
    discard();
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kSecureFailure,
                   "GET " + url + route + " failed in TLS: " + httplib::to_string(result.error()));
  }
  if (!result) {
    discard();
    return Failure(FetchOutcome::Kind::kTransientError, model_hr::kCannotConnect,
                   "GET " + url + route + " failed: " + httplib::to_string(result.error()));
  }
  return {};
}

namespace {

// The threads of every BackgroundFetch, joined by JoinBackgroundFetches.
std::mutex fetch_threads_mutex;
std::vector<std::thread> fetch_threads;

}  // namespace

void JoinBackgroundFetches() {
  std::vector<std::thread> threads;
  {
    const std::lock_guard lock(fetch_threads_mutex);
    threads.swap(fetch_threads);
  }
  for (std::thread& thread : threads) thread.join();
}

// What the owner of a BackgroundFetch and its thread share.
struct BackgroundFetch::Shared {
  std::filesystem::path staging;  // the thread's own file; never the destination itself
  std::mutex mutex;
  std::condition_variable ended;
  std::optional<FetchOutcome> outcome;  // set when the download has ended
  bool abandoned = false;               // the owner is gone: nobody takes the outcome
};

BackgroundFetch::BackgroundFetch(std::string url, std::optional<Presentation> server,
                                 std::optional<ProxyHop> proxy, TlsClient tls, std::filesystem::path destination)
    : shared_(std::make_shared<Shared>()), destination_(std::move(destination)) {
  // An abandoned download may still be writing when the next attempt at the same file starts,
  // so each one stages into a file of its own.
  static std::atomic<std::uint64_t> next_serial{1};
  shared_->staging = destination_;
  shared_->staging += "." + std::to_string(next_serial++) + ".part";
  std::thread thread([shared = shared_, url = std::move(url), server = std::move(server), proxy = std::move(proxy),
                      tls = std::move(tls)] {
    FetchOutcome outcome = FetchToFile(url, server, proxy, tls, shared->staging);
    const std::lock_guard lock(shared->mutex);
    if (shared->abandoned) {
      std::error_code ignored;
      std::filesystem::remove(shared->staging, ignored);
      return;
    }
    shared->outcome = std::move(outcome);
    shared->ended.notify_all();
  });
  const std::lock_guard lock(fetch_threads_mutex);
  fetch_threads.push_back(std::move(thread));
}

BackgroundFetch::~BackgroundFetch() {
  const std::lock_guard lock(shared_->mutex);
  shared_->abandoned = true;
  if (shared_->outcome) {  // ended but never taken: its file is nobody's
    std::error_code ignored;
    std::filesystem::remove(shared_->staging, ignored);
  }
}

std::optional<FetchOutcome> BackgroundFetch::Wait(std::chrono::milliseconds patience) {
  std::unique_lock lock(shared_->mutex);
  if (!shared_->ended.wait_for(lock, patience, [this] { return shared_->outcome.has_value(); })) return std::nullopt;
  FetchOutcome outcome = std::move(*shared_->outcome);
  shared_->outcome.reset();
  if (outcome.kind != FetchOutcome::Kind::kDone) return outcome;  // FetchToFile left no file
  std::error_code error;
  std::filesystem::rename(shared_->staging, destination_, error);
  if (error) {
    std::filesystem::remove(shared_->staging, error);
    outcome.kind = FetchOutcome::Kind::kPermanentError;
    outcome.error = JobError{hr::kAccessDenied, ErrorContext::kLocalFile,
                             "cannot write the temporary file " + destination_.string()};
  }
  return outcome;
}

}  // namespace bitscts::model
