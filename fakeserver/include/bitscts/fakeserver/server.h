// The fakeserver: an HTTP/1.1 file server on loopback that every transfer of the suite goes
// through, and the witness of what each request asked for and which identity it presented.
// Besides its origin listener it listens as a forward proxy whose only origin is itself, so
// that the witness also tells whether a request came through a proxy and as whom.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/fakeserver/fault.h"

namespace bitscts::fakeserver {

// One request as the server saw and answered it.
struct RequestRecord {
  std::string method;
  std::string path;
  std::string range;  // the Range header as received, empty if none
  int status = 0;     // the status code sent
  // Body bytes written to the socket: fewer than announced when the client left early or a
  // fault cut the answer. Until `finished`, the bytes the server means to write.
  std::uint64_t bytes = 0;
  bool finished = false;  // the answer is complete or was cut off: `bytes` is final
  std::string identity;   // the authenticated identity, empty for an anonymous request
  std::string fault;      // the injected fault that shaped the answer ("status=503"), empty if none
  bool via_proxy = false;      // the request arrived on the proxy listener
  std::string proxy_identity;  // the identity authenticated by Proxy-Authorization, empty if none
  std::string client_certificate;  // subject CN of the TLS client certificate shown, empty if none
};

// How an HTTPS listener treats TLS client certificates.
enum class ClientCertificates {
  kIgnored,    // never asks for one
  kRequested,  // asks, accepts a connection without one, refuses one its authority did not issue
  kRequired,   // refuses a connection without one of its authority
};

class TestAuthority;

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback unless explicitly told otherwise
  int port = 0;                    // 0: an ephemeral port chosen by the system
  std::filesystem::path folder;    // served read-only under kFilesPrefix; empty: none
  int max_connections = 256;       // connections beyond this are answered 503 and closed
  std::chrono::milliseconds keep_alive_timeout{2'000};  // an idle connection is closed after this
  int max_requests_per_connection = 1'000;       // a connection is closed after this many requests
  std::chrono::milliseconds io_timeout{10'000};  // bound on receiving a head and on each send
};

// The path prefix under which ServerOptions::folder is served.
inline constexpr std::string_view kFilesPrefix = "/files/";

// The realm named in Basic challenges.
inline constexpr std::string_view kRealm = "bitscts";

// The realm named in the proxy's Basic challenges (Proxy-Authenticate).
inline constexpr std::string_view kProxyRealm = "bitscts-proxy";

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the origin listener, the proxy listener and, with TLS, the HTTPS listeners (on the
  // same host, ephemeral ports but the origin's) and starts serving on background threads;
  // returns an empty string on success or a one-line reason on failure. The server is ready for
  // requests on all of them when Start returns.
  std::string Start();
  // Stops serving on every listener and joins the background threads; safe to call more than
  // once. Returns promptly even while clients hold connections open or requests are delayed by
  // a fault (an idle HTTPS client delays it by a second at most).
  void Stop();
  // Returns the bound port (0 before a successful Start).
  int port() const;
  // Returns the absolute URL of `path` on this server ("http://127.0.0.1:PORT/path").
  std::string Url(std::string_view path) const;

  // Returns a copy of the request log, oldest first. A request whose response a client has
  // received (even in part) is already in the log; a held request enters it once released.
  std::vector<RequestRecord> Log() const;
  // Empties the request log.
  void ClearLog();
  // Returns true once every request in the log is `finished`, false if `timeout` passes first.
  bool WaitForFinished(std::chrono::milliseconds timeout) const;

  // Makes `name`:`password` valid Basic credentials; `name` becomes the logged identity of
  // requests presenting them. Passwords are never logged or printed. Safe while serving.
  void AddUser(std::string name, std::string password);
  // Lets only `identities` read paths starting with `path_prefix` (the longest matching prefix
  // decides; paths under no rule are readable anonymously): 401 without a valid identity, its
  // challenge naming Negotiate, NTLM and Basic (realm kRealm) on every build (Negotiate and NTLM
  // are accepted only where SSPI exists, on Windows), 403 for a valid one not listed. A logged
  // identity is allowed when it names a listed account by NamesAccount (identity.h): ASCII case
  // and a "DOMAIN\" part aside, as an SSPI identity is named "DOMAIN\user". Safe while serving.
  void Allow(std::string path_prefix, std::vector<std::string> identities);
  // Applies `fault` to authorised requests for paths starting with `path_prefix` (the longest
  // matching prefix decides; faults named in a /fault/ path take precedence). Safe while serving.
  void InjectFault(std::string path_prefix, Fault fault);
  // Removes every fault injected with InjectFault and resets the /fault/ path counters.
  void ClearFaults();

  // Holding (Fault::hold): a held request gets no answer until released, and counts as held
  // even if its client has gone. Holding is armed from the start and again by every
  // InjectFault and ClearFaults; Stop closes every held request's connection at once.
  // Answers every request held now, and any later one at once until holding is armed again.
  void ReleaseHeld();
  // Returns true once at least `count` requests are being held, false if `timeout` passes
  // first or the server stops.
  bool WaitForHeld(std::size_t count, std::chrono::milliseconds timeout);

  // Proxying: the proxy listener takes requests in absolute form naming this server's origin
  // ("GET http://127.0.0.1:PORT/path HTTP/1.1", the host compared ignoring case) and answers
  // each exactly as the origin listener answers the same request in origin-form: routing,
  // Authorization, access rules, ranges, faults, holds and keep-alive all apply, and the log
  // record has `via_proxy` and `proxy_identity` set and `path` decoded as for a direct request.
  // The proxy itself refuses, in this order: a target in any other form (origin-form "/path",
  // "*", CONNECT's authority-form) with 400; a malformed Proxy-Authorization with 400 and the
  // requests RequireProxyUsers keeps out with 407 or 403; a URL of another scheme or authority
  // with 502. These refusals are logged too, with `via_proxy` set (and `path` the target as
  // sent unless it named this origin). Proxy authentication is
  // Basic, or on Windows Negotiate/NTLM through SSPI with a handshake of its own per connection;
  // the proxy's challenges name all three on every build. The
  // Proxy-Authorization and Authorization fields are independent: a request can present one
  // identity to the proxy and another to the origin.
  // Returns the bound port of the proxy listener (0 before a successful Start).
  int proxy_port() const;
  // Returns the proxy's address as a proxy list or WinHTTP proxy setting names it
  // ("127.0.0.1:PROXYPORT"; an IPv6 host in brackets).
  std::string ProxyAddress() const;
  // From now on lets through the proxy only requests whose Proxy-Authorization presents one of
  // `identities` (valid Basic credentials, see AddUser, or a completed Negotiate/NTLM handshake;
  // matched by NamesAccount): 407 with a challenge naming Negotiate, NTLM and Basic (realm
  // kProxyRealm) without them or with invalid ones, 403 for valid ones of an identity not listed.
  // An empty list turns proxy authentication off (the default); valid credentials presented anyway
  // are still witnessed, invalid ones still get 407. Safe while serving.
  void RequireProxyUsers(std::vector<std::string> identities);

  // HTTPS, in builds with TLS (HasTls() in tls.h): three more listeners serve the same site over
  // TLS with a certificate that authority() issued for the host, and differ only in how they
  // treat client certificates; the log records the subject of the certificate a client showed.
  // Faults that hold, delay or cut an answer, and connection-bound authentication, do not apply
  // over TLS; only GET and HEAD reach the site there, and answers are buffered whole.
  // Returns the https:// URL of `path` on the listener for `mode`; empty without TLS.
  std::string HttpsUrl(std::string_view path, ClientCertificates mode) const;
  // Returns the authority of the HTTPS listeners' certificates, which they also trust for client
  // certificates; null without TLS or before a successful Start.
  TestAuthority* authority() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bitscts::fakeserver
