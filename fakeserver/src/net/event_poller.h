// Internal to the fakeserver: readiness reports for idle keep-alive connections, so that a few
// worker threads answer quick requests of many connections (epoll on Linux). Where the OS has
// no such facility here, valid() is false and every connection keeps a thread of its own.
#pragma once

#include <chrono>
#include <cstdint>

#include "net/socket.h"

namespace bitscts::fakeserver::internal {

class EventPoller {
 public:
  // Returned by Wait when nothing was reported in time.
  static constexpr std::uint64_t kNothing = 0;
  // Returned by Wait, now and from then on, once Wake has been called.
  static constexpr std::uint64_t kWoken = ~std::uint64_t{0};

  // Opens the poller; valid() tells whether that worked.
  EventPoller();
  ~EventPoller();
  EventPoller(const EventPoller&) = delete;
  EventPoller& operator=(const EventPoller&) = delete;

  // Returns true if and only if the poller can be used.
  bool valid() const;
  // Reports `id` (neither kNothing nor kWoken) once `socket` has input or the peer hangs up;
  // one report per call. Returns false if the socket cannot be watched.
  bool WatchOnce(const Socket& socket, std::uint64_t id);
  // Stops watching `socket` before it is handed to a thread or closed.
  void Forget(const Socket& socket);
  // Waits at most `timeout` for one report; returns its id, kNothing or kWoken.
  std::uint64_t Wait(std::chrono::milliseconds timeout);
  // Makes every Wait return kWoken at once, from now on.
  void Wake();

 private:
  int poll_ = -1;  // the epoll set (Linux)
  int wake_ = -1;  // an eventfd in the set that Wake makes readable for good (Linux)
};

}  // namespace bitscts::fakeserver::internal
