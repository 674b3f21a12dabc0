// Internal to the fakeserver: reading request heads off a connection, with bounds on their
// size and on how long a client may take to send them. Not part of the public API.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "net/socket.h"

namespace bitscts::fakeserver::internal {

class RequestReader {
 public:
  explicit RequestReader(const Socket& socket) : socket_(socket) {}

  enum class Outcome {
    kHead,      // `head` holds one request head, up to and including its empty line
    kClosed,    // the client closed the connection (or it broke) between requests
    kTimedOut,  // nothing arrived before the idle deadline, or the head arrived too slowly
    kTooLarge,  // the head exceeds kMaxHeadBytes
  };
  struct Result {
    Outcome outcome = Outcome::kClosed;
    std::string head;
  };

  // Waits for the next request head: its first byte before `idle_deadline`, and all of it within
  // `head_timeout` of the first byte. Empty lines before a request line are skipped. Bytes past
  // the head (a pipelined request) are kept for the next call.
  Result Next(Clock::time_point idle_deadline, std::chrono::milliseconds head_timeout);

  // Returns the next request head if it has been received in full already, without waiting
  // (empty lines before it are skipped); nullopt if more bytes are needed.
  std::optional<Result> TakeReceivedHead();
  // Appends what has arrived on the socket without waiting. Returns the count added, 0 at the
  // peer's end of stream, Socket::kWouldWait if nothing was there, -1 on error.
  std::ptrdiff_t ReceiveAvailable();
  // Returns true if and only if bytes of an unfinished request head are held.
  bool HoldsPartialHead() const { return !buffer_.empty(); }
  // Returns true if and only if the unfinished head held is already too large to be accepted.
  bool OverHeadLimit() const;

 private:
  const Socket& socket_;
  std::string buffer_;
};

}  // namespace bitscts::fakeserver::internal
