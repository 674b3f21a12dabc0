#include "net/socket.h"

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cerrno>
#include <climits>
#include <utility>

namespace bitscts::fakeserver::internal {
namespace {

#ifdef _WIN32
using IoLength = int;
constexpr int kShutBoth = SD_BOTH;
constexpr int kShutSend = SD_SEND;
constexpr int kNoSignal = 0;
constexpr int kMoreToFollow = 0;
SOCKET Raw(NativeSocket handle) { return static_cast<SOCKET>(handle); }
int PollFor(NativeSocket handle, int timeout_ms) {
  WSAPOLLFD entry{Raw(handle), POLLRDNORM, 0};
  return WSAPoll(&entry, 1, timeout_ms);
}
#else
using IoLength = std::size_t;
constexpr int kShutBoth = SHUT_RDWR;
constexpr int kShutSend = SHUT_WR;
constexpr int kNoSignal = MSG_NOSIGNAL;
#ifdef MSG_MORE
constexpr int kMoreToFollow = MSG_MORE;
#else
constexpr int kMoreToFollow = 0;
#endif
int Raw(NativeSocket handle) { return handle; }
int PollFor(NativeSocket handle, int timeout_ms) {
  pollfd entry{handle, POLLIN, 0};
  return poll(&entry, 1, timeout_ms);
}
#endif

IoLength ClampLength(std::size_t length) {
  return static_cast<IoLength>(std::min<std::size_t>(length, INT_MAX));
}

bool SendAllWithFlags(NativeSocket handle, std::string_view data, int flags) {
  while (!data.empty()) {
    const auto sent = send(Raw(handle), data.data(), ClampLength(data.size()), flags | kNoSignal);
    if (sent <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

}  // namespace

Socket::~Socket() {
  if (!valid()) return;
#ifdef _WIN32
  closesocket(Raw(handle_));
#else
  close(handle_);
#endif
}

Socket::Socket(Socket&& other) noexcept
    : handle_(std::exchange(other.handle_, kInvalid)),
      shut_down_(other.shut_down_.exchange(false)) {}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    Socket discarded(std::exchange(handle_, std::exchange(other.handle_, kInvalid)));
    shut_down_ = other.shut_down_.exchange(false);
  }
  return *this;
}

bool Socket::valid() const { return handle_ != kInvalid; }

void Socket::ShutdownBoth() const {
  if (!valid()) return;
  shut_down_ = true;
  shutdown(Raw(handle_), kShutBoth);
}

void Socket::ShutdownSend() const {
  if (valid()) shutdown(Raw(handle_), kShutSend);
}

std::ptrdiff_t Socket::ReceiveBefore(char* buffer, std::size_t capacity,
                                     Clock::time_point deadline) const {
#ifdef _WIN32
  constexpr long long kLongestWait = kShutdownNoticeMs;
#else
  constexpr long long kLongestWait = INT_MAX;  // shutdown() wakes poll()
#endif
  while (true) {
    if (shut_down_) return 0;
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (remaining <= 0) return -1;
    const int ready =
        PollFor(handle_, static_cast<int>(std::min<long long>(remaining, kLongestWait)));
    if (ready < 0) return -1;
    if (ready > 0) break;
  }
  const auto received = recv(Raw(handle_), buffer, ClampLength(capacity), 0);
  return received < 0 ? -1 : static_cast<std::ptrdiff_t>(received);
}

std::ptrdiff_t Socket::ReceiveAvailable(char* buffer, std::size_t capacity) const {
#ifdef _WIN32
  const int ready = PollFor(handle_, 0);
  if (ready == 0) return kWouldWait;
  if (ready < 0) return -1;
  const auto received = recv(Raw(handle_), buffer, ClampLength(capacity), 0);
  return received < 0 ? -1 : static_cast<std::ptrdiff_t>(received);
#else
  const auto received = recv(handle_, buffer, capacity, MSG_DONTWAIT);
  if (received >= 0) return static_cast<std::ptrdiff_t>(received);
  return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? kWouldWait : -1;
#endif
}

bool Socket::SendAll(std::string_view data) const { return SendAllWithFlags(handle_, data, 0); }

bool Socket::SendAllWithMoreToFollow(std::string_view data) const {
  return SendAllWithFlags(handle_, data, kMoreToFollow);
}

SocketLibrary::SocketLibrary() {
#ifdef _WIN32
  WSADATA data;
  WSAStartup(MAKEWORD(2, 2), &data);
#endif
}

SocketLibrary::~SocketLibrary() {
#ifdef _WIN32
  WSACleanup();
#endif
}

Socket Listen(const std::string& host, int port, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0 || found == nullptr) {
    error = "cannot resolve host '" + host + "'";
    return {};
  }
  Socket listener;
  for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
    Socket candidate(static_cast<NativeSocket>(
        socket(address->ai_family, address->ai_socktype, address->ai_protocol)));
    if (!candidate.valid()) continue;
#ifdef _WIN32
    const BOOL exclusive = TRUE;
    setsockopt(Raw(candidate.handle()), SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
               reinterpret_cast<const char*>(&exclusive), sizeof exclusive);
#else
    const int reuse = 1;
    setsockopt(candidate.handle(), SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
#endif
    if (bind(Raw(candidate.handle()), address->ai_addr,
             static_cast<socklen_t>(address->ai_addrlen)) == 0 &&
        listen(Raw(candidate.handle()), 1024) == 0) {
      listener = std::move(candidate);
      break;
    }
  }
  freeaddrinfo(found);
  if (!listener.valid()) error = "cannot listen on " + host + ":" + std::to_string(port);
  return listener;
}

Socket Connect(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return {};
  Socket connection;
  for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
    Socket candidate(static_cast<NativeSocket>(
        socket(address->ai_family, address->ai_socktype, address->ai_protocol)));
    if (candidate.valid() && connect(Raw(candidate.handle()), address->ai_addr,
                                     static_cast<socklen_t>(address->ai_addrlen)) == 0) {
      connection = std::move(candidate);
      break;
    }
  }
  freeaddrinfo(found);
  return connection;
}

int LocalPort(const Socket& socket) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getsockname(Raw(socket.handle()), reinterpret_cast<sockaddr*>(&address), &length) != 0)
    return 0;
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
  }
  return 0;
}

Socket Accept(NativeSocket listener) {
  while (true) {
    const auto accepted = accept(Raw(listener), nullptr, nullptr);
    Socket connection(static_cast<NativeSocket>(accepted));
    if (connection.valid()) return connection;
#ifdef _WIN32
    if (WSAGetLastError() != WSAECONNRESET) return {};
#else
    if (errno != EINTR && errno != ECONNABORTED) return {};
#endif
  }
}

void TuneConnection(const Socket& connection, std::chrono::milliseconds send_timeout) {
  const int no_delay = 1;
  setsockopt(Raw(connection.handle()), IPPROTO_TCP, TCP_NODELAY,
             reinterpret_cast<const char*>(&no_delay), sizeof no_delay);
#ifdef _WIN32
  const DWORD timeout = static_cast<DWORD>(send_timeout.count());
  setsockopt(Raw(connection.handle()), SOL_SOCKET, SO_SNDTIMEO,
             reinterpret_cast<const char*>(&timeout), sizeof timeout);
#else
  timeval timeout{};
  timeout.tv_sec = static_cast<time_t>(send_timeout.count() / 1000);
  timeout.tv_usec = static_cast<suseconds_t>(send_timeout.count() % 1000 * 1000);
  setsockopt(connection.handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
#endif
}

}  // namespace bitscts::fakeserver::internal
