// A raw HTTP client for the fakeserver's tests: sends bytes exactly as given, so that malformed
// and hostile requests can be tried.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "net/socket.h"

namespace bitscts::fakeserver::testing_support {

// A connection to the server under test.
class RawClient {
 public:
  // Connects to 127.0.0.1:`port`; connected() tells whether it worked.
  explicit RawClient(int port);

  bool connected() const { return socket_.valid(); }
  // Sends `bytes`; returns true if they all went.
  bool Send(std::string_view bytes);
  // Returns everything received until the server closes the connection or `limit` passes.
  std::string ReceiveUntilClosed(std::chrono::milliseconds limit = std::chrono::seconds(10));
  // Returns what arrived once at least `count` bytes have (fewer if the server closes the
  // connection or `limit` passes first).
  std::string ReceiveAtLeast(std::size_t count,
                             std::chrono::milliseconds limit = std::chrono::seconds(10));
  // Returns true if and only if the server closes the connection within `limit`.
  bool ClosedWithin(std::chrono::milliseconds limit);

 private:
  internal::SocketLibrary library_;
  internal::Socket socket_;
  bool closed_ = false;
};

// Returns the status code at the start of `response` ("HTTP/1.1 404 ..."), 0 if there is none.
int StatusOf(std::string_view response);

// Sends `request` on a new connection and returns the whole answer (until the server closes).
std::string Exchange(int port, std::string_view request);

}  // namespace bitscts::fakeserver::testing_support
