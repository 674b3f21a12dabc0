// The fakeserver: an HTTP/1.1 file server on loopback that every transfer of the suite goes
// through, and the witness of what each request asked for and which identity it presented.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bitscts::fakeserver {

// One request as the server saw and answered it.
struct RequestRecord {
  std::string method;
  std::string path;
  std::string range;     // the Range header as received, empty if none
  int status = 0;        // the status code sent
  std::uint64_t bytes = 0;  // body bytes announced for the response (Content-Length)
  std::string identity;  // the authenticated identity, empty for an anonymous request
};

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback unless explicitly told otherwise
  int port = 0;                    // 0: an ephemeral port chosen by the system
};

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on a background thread; returns an empty string on success or a
  // one-line reason on failure. The server is ready for requests when Start returns.
  std::string Start();
  // Stops serving and joins the background thread; safe to call more than once.
  void Stop();
  // Returns the bound port (0 before a successful Start).
  int port() const;
  // Returns the absolute URL of `path` on this server ("http://127.0.0.1:PORT/path").
  std::string Url(std::string_view path) const;
  // Returns a copy of the request log, oldest first.
  std::vector<RequestRecord> Log() const;
  // Empties the request log.
  void ClearLog();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bitscts::fakeserver
