// Internal to the fakeserver: the few blocking TCP socket operations it needs, the same on
// POSIX and on Windows (Winsock). Not part of the public API.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bitscts::fakeserver::internal {

#ifdef _WIN32
using NativeSocket = std::uintptr_t;  // SOCKET
#else
using NativeSocket = int;
#endif

using Clock = std::chrono::steady_clock;

// An owned socket, closed on destruction. Move-only.
class Socket {
 public:
  Socket() = default;
  explicit Socket(NativeSocket handle) : handle_(handle) {}
  ~Socket();
  Socket(Socket&& other) noexcept;
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // Returns true if and only if the socket holds an open handle.
  bool valid() const;
  NativeSocket handle() const { return handle_; }

  // Stops both directions: a thread blocked on the socket returns at once (one waiting in
  // ReceiveBefore within kShutdownNoticeMs on Windows). The handle stays open.
  void ShutdownBoth() const;
  // Sends a FIN to the peer; receiving still works.
  void ShutdownSend() const;

  // Waits until data arrives or `deadline` passes, then receives up to `capacity` bytes.
  // Returns the count received, 0 at the peer's end of stream or after ShutdownBoth, -1 on
  // error or timeout.
  std::ptrdiff_t ReceiveBefore(char* buffer, std::size_t capacity,
                               Clock::time_point deadline) const;
  // Receives up to `capacity` bytes that have already arrived, without waiting. Returns the
  // count received, 0 at the peer's end of stream, kWouldWait if nothing is there yet, -1 on error.
  std::ptrdiff_t ReceiveAvailable(char* buffer, std::size_t capacity) const;
  static constexpr std::ptrdiff_t kWouldWait = -2;
  // Sends all of `data` (each send bounded by the send timeout); returns true if it all went.
  bool SendAll(std::string_view data) const;
  // Like SendAll, hinting that more data follows at once (fewer, fuller packets).
  bool SendAllWithMoreToFollow(std::string_view data) const;

 private:
  NativeSocket handle_ = kInvalid;
  mutable std::atomic<bool> shut_down_{false};  // ShutdownBoth has been called
#ifdef _WIN32
  static constexpr NativeSocket kInvalid = ~NativeSocket{0};
#else
  static constexpr NativeSocket kInvalid = -1;
#endif
};

#ifdef _WIN32
// How long a thread waiting in ReceiveBefore may take to notice ShutdownBoth on Windows, where
// shutdown() does not wake a WSAPoll under way everywhere (Wine), so waits are polled in slices.
inline constexpr int kShutdownNoticeMs = 50;
#endif

// Keeps the OS socket library initialised (WSAStartup on Windows) while an instance lives.
class SocketLibrary {
 public:
  SocketLibrary();
  ~SocketLibrary();
  SocketLibrary(const SocketLibrary&) = delete;
  SocketLibrary& operator=(const SocketLibrary&) = delete;
};

// Returns a socket listening on `host`:`port` (0: an ephemeral port), or an invalid socket and
// a one-line reason in `error`.
Socket Listen(const std::string& host, int port, std::string& error);

// Returns a socket connected to `host`:`port`, or an invalid socket.
Socket Connect(const std::string& host, int port);

// Returns the local port a socket is bound to, 0 if unknown.
int LocalPort(const Socket& socket);

// Accepts a connection; returns an invalid socket once the listener is shut down or fails.
Socket Accept(NativeSocket listener);

// Prepares an accepted connection: no Nagle delay, sends bounded by `send_timeout`.
void TuneConnection(const Socket& connection, std::chrono::milliseconds send_timeout);

}  // namespace bitscts::fakeserver::internal
