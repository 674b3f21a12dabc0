// The fakeserver: an HTTP/1.1 file server on loopback that every transfer of the suite goes
// through, and the witness of what each request asked for and which identity it presented.
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
  std::string range;     // the Range header as received, empty if none
  int status = 0;        // the status code sent
  // Body bytes written to the socket: fewer than announced when the client left early or a
  // fault cut the answer. Until `finished`, the bytes the server means to write.
  std::uint64_t bytes = 0;
  bool finished = false;  // the answer is complete or was cut off: `bytes` is final
  std::string identity;  // the authenticated identity, empty for an anonymous request
  std::string fault;     // the injected fault that shaped the answer ("status=503"), empty if none
};

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback unless explicitly told otherwise
  int port = 0;                    // 0: an ephemeral port chosen by the system
  std::filesystem::path folder;    // served read-only under kFilesPrefix; empty: none
  int max_connections = 256;       // connections beyond this are answered 503 and closed
  std::chrono::milliseconds keep_alive_timeout{2'000};  // an idle connection is closed after this
  int max_requests_per_connection = 1'000;  // a connection is closed after this many requests
  std::chrono::milliseconds io_timeout{10'000};  // bound on receiving a head and on each send
};

// The path prefix under which ServerOptions::folder is served.
inline constexpr std::string_view kFilesPrefix = "/files/";

// The realm named in Basic challenges.
inline constexpr std::string_view kRealm = "bitscts";

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on a background thread; returns an empty string on success or a
  // one-line reason on failure. The server is ready for requests when Start returns.
  std::string Start();
  // Stops serving and joins the background thread; safe to call more than once. Returns
  // promptly even while clients hold connections open or requests are delayed by a fault.
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
  // decides; paths under no rule are readable anonymously): 401 with a challenge without a
  // valid identity, 403 for a valid one not listed. Names compare ignoring ASCII case, and on
  // Windows a Negotiate/NTLM identity is named "DOMAIN\user". Safe while serving.
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

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bitscts::fakeserver
