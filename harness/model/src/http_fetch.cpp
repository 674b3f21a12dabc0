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

// Returns true if `url` starts with `scheme`, ignoring case, and goes on after it.
bool HasScheme(const std::string& url, std::string_view scheme) {
  return url.size() > scheme.size() && StartsWithIgnoringCase(url, scheme);
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
  auto client =
      std::make_unique<httplib::SSLClient>(parsed.host, parsed.port, certificate.get(), key.get());
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

// Returns true if a server asked this thread's TLS client for a certificate since the last reset.
bool CertificateRequested() { return t_certificate_requested; }
void ResetCertificateRequest() { t_certificate_requested = false; }
#else
std::unique_ptr<httplib::ClientImpl> SecureClient(const ParsedUrl&, const TlsClient&) {
  return nullptr;
}
bool CertificateRequested() { return false; }
void ResetCertificateRequest() {}
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

namespace {

// Returns the challenge of a 401 or 407 answer whose WWW- or Proxy-Authenticate values are
// `fields`.
Challenge ChallengeOf(const std::vector<std::string>& fields) {
  return ChallengesForLogonCredentials(fields) ? Challenge::kLogon : Challenge::kOther;
}

// What the requests of one download ended with.
struct Exchange {
  httplib::Result result{nullptr, httplib::Error::Unknown};  // of the last request
  int status = 0;                                            // of the last answer; 0 without one
  bool has_length = false;                                   // the last answer had a Content-Length
  bool written = false;            // its body reached the destination file whole
  bool certificate_asked = false;  // the server asked for a client certificate the job lacks
  bool to_server = false;          // the server's presentation went with the last request
  bool to_proxy = false;           // the proxy's presentation went with the last request
};

// Sends GET `path` with `client`, again each time a presentation not yet made answers the
// challenge of the answer (Presents); writes a 200 answer with a Content-Length into `destination`.
Exchange Get(httplib::ClientImpl& client, const std::string& path,
             const std::optional<Presentation>& server, const std::optional<ProxyHop>& proxy,
             bool certificate_missing, const std::filesystem::path& destination) {
  Exchange exchange;
  const Presentation* to_proxy = proxy && proxy->presentation ? &*proxy->presentation : nullptr;
  // Explicit credentials go with the first request; implicit ones wait for their challenge.
  exchange.to_server = server && Presents(server->kind, Challenge::kNone);
  exchange.to_proxy = to_proxy != nullptr && Presents(to_proxy->kind, Challenge::kNone);
  std::ofstream out;
  // Each attempt after the first presents one more identity, so there are at most three.
  for (bool answer_challenge = true; answer_challenge;) {
    answer_challenge = false;
    if (exchange.to_server) client.set_basic_auth(server->identity.name, server->identity.secret);
    if (exchange.to_proxy)
      client.set_proxy_basic_auth(to_proxy->identity.name, to_proxy->identity.secret);
    exchange.status = 0;
    exchange.has_length = false;
    const auto on_answer = [&](const httplib::Response& response) {
      exchange.certificate_asked = certificate_missing && CertificateRequested();
      if (exchange.certificate_asked) return false;  // WinHTTP stops before the answer
      exchange.status = response.status;
      exchange.has_length = response.has_header("Content-Length");
      if (exchange.status == 401 && server && !exchange.to_server &&
          Presents(server->kind, ChallengeOf(FieldValues(response, "WWW-Authenticate")))) {
        exchange.to_server = answer_challenge = true;
        return false;
      }
      if (exchange.status == 407 && to_proxy != nullptr && !exchange.to_proxy &&
          Presents(to_proxy->kind, ChallengeOf(FieldValues(response, "Proxy-Authenticate")))) {
        exchange.to_proxy = answer_challenge = true;
        return false;
      }
      if (exchange.status != 200 || !exchange.has_length) return false;
      out.open(destination, std::ios::binary | std::ios::trunc);
      return out.is_open();
    };
    const auto on_data = [&out](const char* data, std::size_t length) {
      out.write(data, static_cast<std::streamsize>(length));
      return out.good();
    };
    exchange.result = client.Get(path, on_answer, on_data);
  }
  exchange.certificate_asked = certificate_missing && CertificateRequested();
  exchange.written = out.is_open() && out.good();
  return exchange;
}

// Returns " through proxy host:port as <name>" (or "anonymously"), or "" without a proxy.
std::string RouteOf(const std::optional<ProxyHop>& proxy, bool presented) {
  if (!proxy) return "";
  return " through proxy " + proxy->address.host + ":" + std::to_string(proxy->address.port) +
         (presented ? " as " + proxy->presentation->identity.name : " anonymously");
}

// Classifies what the requests for `url` ended with, as FetchToFile says.
FetchOutcome OutcomeOf(const std::string& url, bool secure, const Exchange& exchange,
                       const std::string& who, const std::string& route,
                       const std::filesystem::path& destination) {
  if (exchange.certificate_asked) {
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kClientAuthCertNeeded,
                   "GET " + url +
                       ": the server asked for a client certificate and the job has none");
  }
  const int status = exchange.status;
  if (status == 200 && !exchange.has_length) {
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kMissingFileSize,
                   "GET " + url + " answered 200 without Content-Length");
  }
  if (status != 0 && status != 200) {
    const auto kind =
        status >= 500 ? FetchOutcome::Kind::kTransientError : FetchOutcome::Kind::kPermanentError;
    return Failure(kind, HttpStatusResult(status),
                   "GET " + url + " " + who + route + " answered HTTP " + std::to_string(status));
  }
  if (status == 200 && !exchange.written) {
    FetchOutcome outcome;
    outcome.kind = FetchOutcome::Kind::kPermanentError;
    outcome.error = JobError{hr::kAccessDenied, ErrorContext::kLocalFile,
                             "cannot write the temporary file " + destination.string()};
    return outcome;
  }
  const httplib::Error error = exchange.result.error();
  const bool tls_failed = error == httplib::Error::SSLConnection ||
                          error == httplib::Error::SSLServerVerification ||
                          error == httplib::Error::SSLLoadingCerts;
  if (!exchange.result && secure && tls_failed) {
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kSecureFailure,
                   "GET " + url + route + " failed in TLS: " + httplib::to_string(error));
  }
  if (!exchange.result) {
    return Failure(FetchOutcome::Kind::kTransientError, model_hr::kCannotConnect,
                   "GET " + url + route + " failed: " + httplib::to_string(error));
  }
  return {};
}

}  // namespace

FetchOutcome FetchToFile(const std::string& url, const std::optional<Presentation>& server,
                         const std::optional<ProxyHop>& proxy, const TlsClient& tls,
                         const std::filesystem::path& destination) {
  const auto parsed = ParseHttpUrl(url);
  if (!parsed) {
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kInvalidArg,
                   "the model transfers only http:// URLs (and https:// with TLS): " + url);
  }
  std::unique_ptr<httplib::ClientImpl> client =
      parsed->secure ? SecureClient(*parsed, tls)
                     : std::make_unique<httplib::ClientImpl>(parsed->host, parsed->port);
  if (!client) {
    return Failure(FetchOutcome::Kind::kPermanentError, hr::kSecureFailure,
                   "the TLS client for " + url +
                       " cannot be set up (certificates that do not parse)");
  }
  ResetCertificateRequest();
  client->set_connection_timeout(5, 0);
  client->set_read_timeout(30, 0);
  client->set_keep_alive(false);
  if (proxy) client->set_proxy(proxy->address.host, proxy->address.port);
  const bool certificate_missing = parsed->secure && !tls.certificate;
  const Exchange exchange =
      Get(*client, parsed->path, server, proxy, certificate_missing, destination);
  const std::string route = RouteOf(proxy, exchange.to_proxy);
  const std::string who = exchange.to_server ? "as " + server->identity.name : "anonymously";
  FetchOutcome outcome = OutcomeOf(url, parsed->secure, exchange, who, route, destination);
  if (outcome.kind != FetchOutcome::Kind::kDone) {  // a failed download leaves no file
    std::error_code ignored;
    std::filesystem::remove(destination, ignored);
  }
  return outcome;
}

namespace {

// The threads of every BackgroundFetch, joined by JoinBackgroundFetches.
struct FetchThreads {
  std::mutex mutex;
  std::vector<std::thread> threads;
};

// Returns the one FetchThreads, never destroyed: a service still alive when the process exits
// (its last holder a thread ending with it) leaves its fetches to end with the process, where a
// destroyed vector of joinable threads would abort it.
FetchThreads& TheFetchThreads() {
  static FetchThreads* const fetch_threads = new FetchThreads;
  return *fetch_threads;
}

}  // namespace

void JoinBackgroundFetches() {
  std::vector<std::thread> threads;
  {
    FetchThreads& all = TheFetchThreads();
    const std::lock_guard lock(all.mutex);
    threads.swap(all.threads);
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
                                 std::optional<ProxyHop> proxy, TlsClient tls,
                                 std::filesystem::path destination)
    : shared_(std::make_shared<Shared>()), destination_(std::move(destination)) {
  // An abandoned download may still be writing when the next attempt at the same file starts,
  // so each one stages into a file of its own.
  static std::atomic<std::uint64_t> next_serial{1};
  shared_->staging = destination_;
  shared_->staging += "." + std::to_string(next_serial++) + ".part";
  std::thread thread([shared = shared_, url = std::move(url), server = std::move(server),
                      proxy = std::move(proxy), tls = std::move(tls)] {
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
  FetchThreads& all = TheFetchThreads();
  const std::lock_guard lock(all.mutex);
  all.threads.push_back(std::move(thread));
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
  if (!shared_->ended.wait_for(lock, patience, [this] { return shared_->outcome.has_value(); }))
    return std::nullopt;
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
