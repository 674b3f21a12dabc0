// One real HTTP or HTTPS GET of a job's remote file into a local file, presenting an identity
// with HTTP Basic authentication (and a TLS client certificate), with the result classified the
// way BITS reports transfer errors. Implicit credentials answer only a challenge (HT-FLAG-3).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bitscts/target.h"
#include "proxy_route.h"
#include "security.h"
#include "transfer_rules.h"

namespace bitscts::model {

// HRESULTs the model reports that the suite's table does not name.
namespace model_hr {
inline constexpr HResult kCannotConnect{0x80072EFDu};  // ERROR_WINHTTP_CANNOT_CONNECT
inline constexpr HResult kBadNetPath{0x80070035u};     // HRESULT_FROM_WIN32(ERROR_BAD_NETPATH)
inline constexpr HResult kPathNotFound{0x80070003u};   // HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND)
}  // namespace model_hr

struct FetchOutcome {
  enum class Kind { kDone, kPermanentError, kTransientError };
  Kind kind = Kind::kDone;
  JobError error;  // meaningful unless kDone
};

// Returns true if and only if `url` is an absolute http:// URL with a host, or an https:// one
// in a build with TLS.
bool IsSupportedUrl(const std::string& url);

// Returns true if and only if `url` starts with "https://" (any case).
bool IsHttpsUrl(const std::string& url);

// What an https:// transfer trusts and presents.
struct TlsClient {
  // PEM; a server certificate must chain to one of them (or to a root of the host's own store,
  // which cpp-httplib adds)
  std::vector<std::string> trusted_authorities;
  std::optional<ClientCertificate> certificate;  // presented when the server asks for one
};

// An identity a request presents to the server or to a proxy, and when (Presents). The model
// presents every identity as HTTP Basic: explicit credentials as given; implicit (logon)
// credentials with Basic and the principal's secret standing in for NTLM or Kerberos.
struct Presentation {
  NetworkIdentity identity;
  CredentialKind kind = CredentialKind::kExplicit;  // kExplicit or kImplicit
};

// A proxy a request goes through, and what is presented to it (anonymous if empty).
struct ProxyHop {
  ProxyAddress address;
  std::optional<Presentation> presentation;
};

// Returns true if and only if one of `challenges` (the values of WWW-Authenticate or
// Proxy-Authenticate fields) names Negotiate or NTLM, the schemes implicit credentials answer.
bool ChallengesForLogonCredentials(const std::vector<std::string>& challenges);

// Downloads `url` into `destination` (created or replaced), through `proxy` if set, presenting
// `server` to the server (anonymous if empty) as Presentation says, and over https:// with `tls`.
// A request answered with a challenge that a presentation not yet made answers (Presents) is sent
// again with it; the last answer counts. HTTP errors, the
// proxy's included, are REMOTE_FILE errors: 4xx final, 5xx and connection failures transient; a
// 200 without Content-Length is BG_E_MISSING_FILE_SIZE (JOB-ERR-8); a server that asks for a
// client certificate when `tls` has none fails with ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED
// (JOB-ERR-9), any other TLS failure with ERROR_WINHTTP_SECURE_FAILURE. A failed download leaves
// no destination file.
FetchOutcome FetchToFile(const std::string& url, const std::optional<Presentation>& server,
                         const std::optional<ProxyHop>& proxy, const TlsClient& tls,
                         const std::filesystem::path& destination);

// A FetchToFile on a thread of its own, so that a server which does not answer (a request the
// fakeserver holds) leaves the transfer in flight instead of stopping the scheduler. It downloads
// into a staging file beside the destination, which only Wait moves into place. Destroying it
// abandons the download: the thread runs to its end alone and discards what it fetched.
// Waits for the thread of every BackgroundFetch made so far, abandoned ones included, to end; a
// thread ends once its server answers or closes the connection.
void JoinBackgroundFetches();

class BackgroundFetch {
 public:
  BackgroundFetch(std::string url, std::optional<Presentation> server,
                  std::optional<ProxyHop> proxy, TlsClient tls, std::filesystem::path destination);
  ~BackgroundFetch();
  BackgroundFetch(const BackgroundFetch&) = delete;
  BackgroundFetch& operator=(const BackgroundFetch&) = delete;

  // Waits up to `patience` of real time for the download to end; returns its outcome, with the
  // destination written if it succeeded, or nullopt while the server has not finished answering.
  // Call it again only after a nullopt.
  std::optional<FetchOutcome> Wait(std::chrono::milliseconds patience);

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
  std::filesystem::path destination_;
};

}  // namespace bitscts::model
