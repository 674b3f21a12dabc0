#include "bitscts/fakeserver/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#include "access/connection_authenticator.h"
#include "bitscts/fakeserver/tls.h"
#include "http/request_head.h"
#include "http/request_reader.h"
#include "net/event_poller.h"
#include "net/socket.h"
#include "net/tls_listener.h"
#include "site.h"

namespace bitscts::fakeserver {

using internal::Clock;

namespace {

// A worker thread writes an answer itself only if its body is at most this long (it fits the
// socket buffers, so a client that stops reading cannot stall the worker); a longer body, a
// hold, a delay or a closing answer moves the connection to a thread of its own.
constexpr std::uint64_t kQuickBody = 64 * 1024;

// Returns how many worker threads answer quick requests: one per core, at least two.
unsigned WorkerCount() { return std::clamp(std::thread::hardware_concurrency(), 2u, 8u); }

}  // namespace

// Connections are served in one of two ways. Where the OS reports readiness (epoll), an idle
// keep-alive connection is parked in the poller and a few worker threads answer its quick
// requests (few context switches under many connections); any request that may take time
// (long bodies, holds, delays, closing answers, heads arriving in pieces) moves the connection
// to a thread of its own for good, which serves it with blocking reads and writes bounded by
// the options' timeouts. Without a poller every connection gets its own thread at once. The
// origin and proxy listeners each have an accept thread; their connections are served alike,
// each remembering which listener accepted it.
class Server::Impl {
 public:
  explicit Impl(ServerOptions options) : options_(std::move(options)) {}

  std::string Start() {
    if (listener_.valid()) return "the server is already started";
    std::filesystem::path folder;
    if (!options_.folder.empty()) {
      std::error_code error;
      folder = std::filesystem::canonical(options_.folder, error);
      if (error || !std::filesystem::is_directory(folder, error)) {
        return "the served folder '" + options_.folder.string() + "' is not a readable directory";
      }
    }
    site_.SetFolder(std::move(folder));

    std::string error;
    listener_ = internal::Listen(options_.host, options_.port, error);
    if (!listener_.valid()) return error;
    proxy_listener_ = internal::Listen(options_.host, 0, error);
    if (!proxy_listener_.valid()) {
      listener_ = internal::Socket();
      return error;
    }
    port_ = internal::LocalPort(listener_);
    proxy_port_ = internal::LocalPort(proxy_listener_);
    site_.SetOrigin(options_.host, port_);
    if (std::string tls = StartTls(); !tls.empty()) {
      for (internal::TlsListener& listener : tls_) listener.Stop();
      listener_ = internal::Socket();
      proxy_listener_ = internal::Socket();
      return tls;
    }
    stopping_ = false;
    poller_ = std::make_unique<internal::EventPoller>();
    if (poller_->valid()) {
      const auto shortest = std::min(options_.keep_alive_timeout, options_.io_timeout);
      sweep_interval_ =
          std::clamp<std::chrono::milliseconds>(shortest / 8, std::chrono::milliseconds(5),
                                                std::chrono::milliseconds(250));
      for (unsigned i = 0; i < WorkerCount(); ++i) workers_.emplace_back([this] { WorkLoop(); });
    }
    // The sockets listen already, so connections made after Start returns are queued.
    accept_thread_ =
        std::thread([this, listener = listener_.handle()] { AcceptLoop(listener, false); });
    proxy_accept_thread_ =
        std::thread([this, listener = proxy_listener_.handle()] { AcceptLoop(listener, true); });
    return {};
  }

  void Stop() {
    // The HTTPS listeners are all told to stop before any is waited for.
    for (internal::TlsListener& listener : tls_) listener.RequestStop();
    for (internal::TlsListener& listener : tls_) listener.Stop();
    if (!accept_thread_.joinable()) return;
    {
      std::lock_guard lock(connections_mutex_);
      stopping_ = true;
      listener_.ShutdownBoth();
      proxy_listener_.ShutdownBoth();
      for (const auto& [id, connection] : connections_) connection->socket.ShutdownBoth();
    }
    {
      std::lock_guard lock(signal_mutex_);  // a waiter is either before its check or waiting
    }
    signal_.notify_all();
    poller_->Wake();
    for (std::thread& worker : workers_) worker.join();
    workers_.clear();
#ifdef _WIN32
    listener_ = internal::Socket();  // only closing the socket wakes accept() on Windows
    proxy_listener_ = internal::Socket();
#endif
    accept_thread_.join();
    proxy_accept_thread_.join();
    listener_ = internal::Socket();
    proxy_listener_ = internal::Socket();
    std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> remaining;
    {
      std::lock_guard lock(connections_mutex_);
      remaining.swap(connections_);
    }
    for (const auto& [id, connection] : remaining) {
      if (connection->thread.joinable()) connection->thread.join();
    }
  }

  // Starts the HTTPS listeners where the build has TLS; returns an empty string or a reason.
  std::string StartTls() {
    if (!HasTls()) return {};
    std::string error;
    if (!authority_) authority_ = TestAuthority::Create(&error);
    if (!authority_) return error;
    const IssuedCertificate certificate = authority_->IssueServer(options_.host);
    if (certificate.certificate_pem.empty())
      return "OpenSSL could not issue the HTTPS listeners' certificate";
    const ClientCertificates modes[] = {ClientCertificates::kIgnored,
                                        ClientCertificates::kRequested,
                                        ClientCertificates::kRequired};
    for (const ClientCertificates mode : modes) {
      error = tls_[static_cast<std::size_t>(mode)].Start(site_, options_.host, certificate,
                                                         authority_->certificate_pem(), mode);
      if (!error.empty()) return error;
    }
    return {};
  }

  // Returns the port of the HTTPS listener for `mode`, 0 without TLS.
  int tls_port(ClientCertificates mode) const {
    return tls_[static_cast<std::size_t>(mode)].port();
  }
  TestAuthority* authority() const { return authority_.get(); }

  // Answers every request held now, and later ones until Rearm.
  void ReleaseHeld() {
    {
      std::lock_guard lock(signal_mutex_);
      released_ = true;
      ++release_generation_;
    }
    signal_.notify_all();
  }

  // Makes Fault::hold hold requests again after ReleaseHeld.
  void Rearm() {
    std::lock_guard lock(signal_mutex_);
    released_ = false;
  }

  // Returns true once `count` requests are held; false on timeout or when the server stops.
  bool WaitForHeld(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(signal_mutex_);
    signal_.wait_for(lock, timeout, [&] { return held_ >= count || stopping_; });
    return held_ >= count && !stopping_;
  }

  int port() const { return port_; }
  int proxy_port() const { return proxy_port_; }
  const ServerOptions& options() const { return options_; }
  internal::Site& site() { return site_; }
  const internal::Site& site() const { return site_; }

 private:
  // An answer a worker thread leaves to the connection's own thread.
  struct Pending {
    internal::Answer answer;
    bool last = false;             // the connection closes after it
    std::uint64_t generation = 0;  // the release generation when the request arrived
  };

  // One accepted connection and the state its requests share.
  struct Connection {
    Connection(internal::Socket accepted, bool proxy)
        : socket(std::move(accepted)), reader(socket), via_proxy(proxy) {}
    enum class Mode { kParked, kBusy, kThreaded };

    internal::Socket socket;
    internal::RequestReader reader;
    const bool via_proxy;                                   // the proxy listener accepted it
    internal::ConnectionAuthenticator authenticator;        // its handshake with the origin
    internal::ConnectionAuthenticator proxy_authenticator;  // its handshake with the proxy
    int served = 0;                                         // requests answered so far
    std::optional<Pending> pending;   // handed over by a worker with the connection
    Mode mode = Mode::kBusy;          // guarded by connections_mutex_
    Clock::time_point idle_deadline;  // when a parked connection is closed; guarded likewise
    std::thread thread;               // its own thread (kThreaded); guarded likewise
    std::atomic<bool> done{false};    // its own thread has finished
  };

  // What becomes of a connection after a request.
  enum class Next { kAnother, kClose, kOwnThread };

  // Accepts the connections of `listener`, the proxy listener if `via_proxy`, until the server
  // stops.
  void AcceptLoop(internal::NativeSocket listener, bool via_proxy) {
    while (true) {
      internal::Socket accepted = internal::Accept(listener);
      std::lock_guard lock(connections_mutex_);
      if (stopping_ || !accepted.valid()) return;
      ReapFinishedThreads();
      if (connections_.size() >= static_cast<std::size_t>(options_.max_connections)) {
        accepted.SendAll(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        continue;
      }
      internal::TuneConnection(accepted, options_.io_timeout);
      const std::uint64_t id = next_id_++;
      Connection& connection =
          *connections_.emplace(id, std::make_shared<Connection>(std::move(accepted), via_proxy))
               .first->second;
      if (poller_->valid()) {
        connection.mode = Connection::Mode::kParked;
        connection.idle_deadline = Clock::now() + options_.io_timeout;
        if (poller_->WatchOnce(connection.socket, id)) continue;
      }
      StartOwnThread(connection);
    }
  }

  // Gives `connection` a thread of its own that serves it to the end. Needs connections_mutex_.
  void StartOwnThread(Connection& connection) {
    connection.mode = Connection::Mode::kThreaded;
    connection.thread = std::thread([this, &connection] {
      Serve(connection);
      connection.socket.ShutdownBoth();  // the handle is closed by the reaper, never reused early
      connection.done = true;
    });
  }

  // Joins and forgets connections whose own thread has finished. Needs connections_mutex_.
  void ReapFinishedThreads() {
    for (auto entry = connections_.begin(); entry != connections_.end();) {
      Connection& connection = *entry->second;
      if (connection.mode == Connection::Mode::kThreaded && connection.done) {
        connection.thread.join();
        entry = connections_.erase(entry);
      } else {
        ++entry;
      }
    }
  }

  // A worker thread: answers the parked connections that have input, until the server stops.
  void WorkLoop() {
    while (true) {
      const std::uint64_t id = poller_->Wait(sweep_interval_);
      if (id == internal::EventPoller::kWoken || stopping_) return;
      if (id != internal::EventPoller::kNothing) {
        if (const std::shared_ptr<Connection> connection = TakeParked(id)) Pump(id, *connection);
      }
      CloseIdleIfDue();
    }
  }

  // Returns the parked connection `id`, now busy, or null if it is gone or not parked.
  std::shared_ptr<Connection> TakeParked(std::uint64_t id) {
    std::lock_guard lock(connections_mutex_);
    const auto entry = connections_.find(id);
    if (entry == connections_.end() || entry->second->mode != Connection::Mode::kParked)
      return nullptr;
    entry->second->mode = Connection::Mode::kBusy;
    return entry->second;
  }

  // Answers the requests `connection` has sent as long as each is quick, then parks it again,
  // gives it its own thread or closes it.
  void Pump(std::uint64_t id, Connection& connection) {
    while (!stopping_) {
      if (const auto head = connection.reader.TakeReceivedHead()) {
        switch (Answer(connection, head->head, false)) {
          case Next::kAnother: continue;
          case Next::kClose: return Close(id, connection);
          case Next::kOwnThread: return HandOver(id, connection);
        }
      }
      if (connection.reader.OverHeadLimit())
        return HandOver(id, connection);  // its thread says 431
      const auto received = connection.reader.ReceiveAvailable();
      if (received > 0) continue;
      if (received != internal::Socket::kWouldWait) return Close(id, connection);  // ended or broke
      // A head arriving in pieces is read with its deadlines by the connection's own thread.
      return connection.reader.HoldsPartialHead() ? HandOver(id, connection) : Park(id, connection);
    }
    Close(id, connection);
  }

  // Parks a busy connection in the poller until its next request or its idle deadline.
  void Park(std::uint64_t id, Connection& connection) {
    {
      std::lock_guard lock(connections_mutex_);
      connection.mode = Connection::Mode::kParked;
      connection.idle_deadline =
          Clock::now() +
          (connection.served == 0 ? options_.io_timeout : options_.keep_alive_timeout);
    }
    // Input that arrived meanwhile is reported at once. A socket that cannot be watched stays
    // parked until its deadline closes it.
    poller_->WatchOnce(connection.socket, id);
  }

  // Moves a busy connection to a thread of its own.
  void HandOver(std::uint64_t id, Connection& connection) {
    poller_->Forget(connection.socket);
    std::lock_guard lock(connections_mutex_);
    if (stopping_) {
      connections_.erase(id);
      return;
    }
    StartOwnThread(connection);
  }

  // Forgets a busy connection; its socket closes once the last reference goes.
  void Close(std::uint64_t id, Connection& connection) {
    poller_->Forget(connection.socket);
    std::lock_guard lock(connections_mutex_);
    connections_.erase(id);
  }

  // Closes the parked connections whose idle deadline has passed, at most once per interval.
  void CloseIdleIfDue() {
    const auto now = Clock::now();
    auto due = next_sweep_.load();
    if (now.time_since_epoch().count() < due ||
        !next_sweep_.compare_exchange_strong(due,
                                             (now + sweep_interval_).time_since_epoch().count())) {
      return;
    }
    std::vector<std::shared_ptr<Connection>> expired;  // closed after the lock is released
    std::lock_guard lock(connections_mutex_);
    for (auto entry = connections_.begin(); entry != connections_.end();) {
      Connection& connection = *entry->second;
      if (connection.mode == Connection::Mode::kParked && connection.idle_deadline <= now) {
        poller_->Forget(connection.socket);
        expired.push_back(std::move(entry->second));
        entry = connections_.erase(entry);
      } else {
        ++entry;
      }
    }
  }

  // Answers the requests of a connection on its own thread until it closes, breaks, idles out
  // or the server stops, starting with an answer a worker left to it.
  void Serve(Connection& connection) {
    if (connection.pending) {
      Pending pending = std::move(*connection.pending);
      connection.pending.reset();
      if (Deliver(connection, pending.answer, pending.last, pending.generation) != Next::kAnother)
        return;
    }
    while (connection.served < options_.max_requests_per_connection && !stopping_) {
      const auto idle_limit =
          connection.served == 0 ? options_.io_timeout : options_.keep_alive_timeout;
      const auto next = connection.reader.Next(Clock::now() + idle_limit, options_.io_timeout);
      using Outcome = internal::RequestReader::Outcome;
      if (next.outcome == Outcome::kClosed) return;
      if (next.outcome != Outcome::kHead) {
        const bool too_large = next.outcome == Outcome::kTooLarge;
        internal::Answer refusal =
            internal::Site::Refuse(too_large ? 431 : 408,
                                   too_large ? "request head too large" : "request head too slow");
        Send(connection, refusal, false);
        return;
      }
      if (Answer(connection, next.head, true) != Next::kAnother) return;
    }
  }

  // Answers one request head. A worker thread (`may_wait` false) leaves an answer that may
  // take time to the connection's own thread (kOwnThread).
  Next Answer(Connection& connection, const std::string& head, bool may_wait) {
    const std::uint64_t generation = release_generation_.load();
    const internal::ParsedHead parsed = internal::ParseRequestHead(head);
    internal::Answer answer;
    if (parsed.error_status != 0) {
      answer = internal::Site::Refuse(parsed.error_status, parsed.error);
      answer.record.method = parsed.head.method;
      answer.record.path = parsed.head.target;
    } else if (connection.via_proxy) {
      answer = site_.RespondAsProxy(parsed.head, connection.authenticator,
                                    connection.proxy_authenticator);
    } else {
      answer = site_.Respond(parsed.head, connection.authenticator);
    }
    ++connection.served;
    const bool last =
        answer.close_connection || connection.served >= options_.max_requests_per_connection;
    if (!may_wait && (last || answer.hold || answer.delay.count() > 0 ||
                      PlannedBodyBytes(answer) > kQuickBody)) {
      connection.pending = Pending{std::move(answer), last, generation};
      return Next::kOwnThread;
    }
    return Deliver(connection, answer, last, generation);
  }

  // Holds and delays `answer` as its fault says, then sends it.
  Next Deliver(Connection& connection, internal::Answer& answer, bool last,
               std::uint64_t generation) {
    if (answer.hold && !WaitOutHold(generation)) return Next::kClose;
    if (!WaitOutDelay(answer.delay)) return Next::kClose;
    if (!Send(connection, answer, !last) || last) return Next::kClose;
    return Next::kAnother;
  }

  // Waits until held requests are released (see ReleaseHeld) or the server stops; `generation`
  // is the release generation seen when the request arrived. Returns false if it stopped.
  bool WaitOutHold(std::uint64_t generation) {
    std::unique_lock lock(signal_mutex_);
    ++held_;
    signal_.notify_all();
    signal_.wait(lock, [&] { return stopping_ || released_ || release_generation_ != generation; });
    --held_;
    return !stopping_;
  }

  // Waits `delay` unless the server stops first; returns false if it stopped.
  bool WaitOutDelay(std::chrono::milliseconds delay) {
    if (delay.count() <= 0) return !stopping_;
    std::unique_lock lock(signal_mutex_);
    return !signal_.wait_for(lock, delay, [this] { return stopping_.load(); });
  }

  // Logs `answer`, writes it to `connection` and records the body bytes written; true if it
  // all went out.
  bool Send(const Connection& connection, internal::Answer& answer, bool keep_alive) {
    const internal::Socket& socket = connection.socket;
    answer.record.bytes = PlannedBodyBytes(answer);
    answer.record.via_proxy = connection.via_proxy;
    const std::uint64_t number = site_.Record(std::move(answer.record));
    const internal::Written written =
        internal::WriteResponse(socket, answer.response, answer.head_only, keep_alive,
                                answer.body_budget);
    site_.Finish(number, written.body_bytes);
    if (!keep_alive) LingerBeforeClose(socket);
    return written.complete;
  }

  // Returns how many body bytes `answer` means to write.
  static std::uint64_t PlannedBodyBytes(const internal::Answer& answer) {
    if (answer.head_only) return 0;
    const std::uint64_t length = answer.response.body_length();
    return answer.body_budget ? std::min(length, *answer.body_budget) : length;
  }

  // Half-closes and drains what the client still sends for a moment, so that closing with
  // unread input does not reset the connection before the client has read the answer.
  void LingerBeforeClose(const internal::Socket& socket) {
    socket.ShutdownSend();
    const auto deadline = Clock::now() + std::chrono::milliseconds(500);
    char discard[4096];
    for (int reads = 0; reads < 64 && !stopping_; ++reads) {
      if (socket.ReceiveBefore(discard, sizeof discard, deadline) <= 0) return;
    }
  }

  ServerOptions options_;
  internal::SocketLibrary socket_library_;
  internal::Socket listener_;
  internal::Socket proxy_listener_;
  std::unique_ptr<TestAuthority> authority_;  // made at the first Start, kept across restarts
  std::array<internal::TlsListener, 3> tls_;  // by ClientCertificates
  int port_ = 0;
  int proxy_port_ = 0;
  internal::Site site_;

  std::thread accept_thread_;
  std::thread proxy_accept_thread_;
  std::mutex connections_mutex_;
  std::atomic<bool> stopping_{false};
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections_;  // by id
  std::uint64_t next_id_ = 1;  // ids 0 and ~0 mean something else to the poller

  std::unique_ptr<internal::EventPoller> poller_;
  std::vector<std::thread> workers_;
  std::chrono::milliseconds sweep_interval_{250};  // how often idle parked connections are closed
  std::atomic<Clock::rep> next_sweep_{0};          // when the next sweep is due

  // Waits for delays, holds and stopping share one signal.
  std::mutex signal_mutex_;
  std::condition_variable signal_;
  std::size_t held_ = 0;                              // requests waiting in WaitOutHold
  bool released_ = false;                             // ReleaseHeld called since the last Rearm
  std::atomic<std::uint64_t> release_generation_{0};  // counts ReleaseHeld calls
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { Stop(); }

std::string Server::Start() { return impl_->Start(); }

void Server::Stop() { impl_->Stop(); }

int Server::port() const { return impl_->port(); }

namespace {

// Returns "host:port", an IPv6 host in brackets.
std::string HostAndPort(const std::string& host, int port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

std::string Server::Url(std::string_view path) const {
  return "http://" + HostAndPort(impl_->options().host, impl_->port()) + std::string(path);
}

int Server::proxy_port() const { return impl_->proxy_port(); }

std::string Server::ProxyAddress() const {
  return HostAndPort(impl_->options().host, impl_->proxy_port());
}

std::string Server::HttpsUrl(std::string_view path, ClientCertificates mode) const {
  const int port = impl_->tls_port(mode);
  if (port == 0) return {};
  return "https://" + HostAndPort(impl_->options().host, port) + std::string(path);
}

TestAuthority* Server::authority() const { return impl_->authority(); }

std::vector<RequestRecord> Server::Log() const { return impl_->site().Log(); }

void Server::ClearLog() { impl_->site().ClearLog(); }

bool Server::WaitForFinished(std::chrono::milliseconds timeout) const {
  return impl_->site().WaitForFinished(timeout);
}

void Server::AddUser(std::string name, std::string password) {
  impl_->site().AddUser(std::move(name), std::move(password));
}

void Server::Allow(std::string path_prefix, std::vector<std::string> identities) {
  impl_->site().Allow(std::move(path_prefix), std::move(identities));
}

void Server::RequireProxyUsers(std::vector<std::string> identities) {
  impl_->site().RequireProxyUsers(std::move(identities));
}

void Server::InjectFault(std::string path_prefix, Fault fault) {
  impl_->Rearm();
  impl_->site().InjectFault(std::move(path_prefix), fault);
}

void Server::ClearFaults() {
  impl_->Rearm();
  impl_->site().ClearFaults();
}

void Server::ReleaseHeld() { impl_->ReleaseHeld(); }

bool Server::WaitForHeld(std::size_t count, std::chrono::milliseconds timeout) {
  return impl_->WaitForHeld(count, timeout);
}

}  // namespace bitscts::fakeserver
