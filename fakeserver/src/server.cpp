#include "bitscts/fakeserver/server.h"

#include <atomic>
#include <condition_variable>
#include <list>
#include <mutex>
#include <system_error>
#include <thread>

#include "connection_authenticator.h"
#include "request_head.h"
#include "request_reader.h"
#include "site.h"
#include "socket.h"

namespace bitscts::fakeserver {

using internal::Clock;

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
    port_ = internal::LocalPort(listener_);
    stopping_ = false;
    // The socket listens already, so connections made after Start returns are queued.
    accept_thread_ = std::thread([this, listener = listener_.handle()] { AcceptLoop(listener); });
    return {};
  }

  void Stop() {
    if (!accept_thread_.joinable()) return;
    {
      std::lock_guard lock(connections_mutex_);
      stopping_ = true;
      listener_.ShutdownBoth();
      for (Connection& connection : connections_) connection.socket.ShutdownBoth();
    }
    stop_signal_.notify_all();
#ifdef _WIN32
    listener_ = internal::Socket();  // only closing the socket wakes accept() on Windows
#endif
    accept_thread_.join();
    listener_ = internal::Socket();
    std::list<Connection> finished;
    {
      std::lock_guard lock(connections_mutex_);
      finished.splice(finished.end(), connections_);
    }
    for (Connection& connection : finished) connection.thread.join();
  }

  int port() const { return port_; }
  const ServerOptions& options() const { return options_; }
  internal::Site& site() { return site_; }
  const internal::Site& site() const { return site_; }

 private:
  struct Connection {
    internal::Socket socket;
    std::thread thread;
    std::atomic<bool> done{false};
  };

  void AcceptLoop(internal::NativeSocket listener) {
    while (true) {
      internal::Socket accepted = internal::Accept(listener);
      std::lock_guard lock(connections_mutex_);
      if (stopping_ || !accepted.valid()) return;
      ReapFinishedConnections();
      if (connections_.size() >= static_cast<std::size_t>(options_.max_connections)) {
        accepted.SendAll("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        continue;
      }
      internal::TuneConnection(accepted, options_.io_timeout);
      Connection& connection = connections_.emplace_back();
      connection.socket = std::move(accepted);
      connection.thread = std::thread([this, &connection] {
        Serve(connection.socket);
        connection.socket.ShutdownBoth();  // the handle is closed by the reaper, never reused early
        connection.done = true;
      });
    }
  }

  // Joins and closes connections whose thread has finished. Needs connections_mutex_.
  void ReapFinishedConnections() {
    for (auto connection = connections_.begin(); connection != connections_.end();) {
      if (connection->done) {
        connection->thread.join();
        connection = connections_.erase(connection);
      } else {
        ++connection;
      }
    }
  }

  // Answers the requests of one connection until it closes, breaks, idles out or the server stops.
  void Serve(const internal::Socket& socket) {
    internal::RequestReader reader(socket);
    internal::ConnectionAuthenticator authenticator;
    for (int served = 0; served < options_.max_requests_per_connection && !stopping_; ++served) {
      const auto idle_limit = served == 0 ? options_.io_timeout : options_.keep_alive_timeout;
      const auto next = reader.Next(Clock::now() + idle_limit, options_.io_timeout);
      using Outcome = internal::RequestReader::Outcome;
      if (next.outcome == Outcome::kClosed) return;
      if (next.outcome != Outcome::kHead) {
        const bool too_large = next.outcome == Outcome::kTooLarge;
        const internal::Answer refusal = internal::Site::Refuse(
            too_large ? 431 : 408, too_large ? "request head too large" : "request head too slow");
        site_.Record(refusal.record);
        Send(socket, refusal, false);
        return;
      }
      const internal::ParsedHead parsed = internal::ParseRequestHead(next.head);
      internal::Answer answer = parsed.error_status != 0
                                    ? internal::Site::Refuse(parsed.error_status, parsed.error)
                                    : site_.Respond(parsed.head, authenticator);
      if (parsed.error_status != 0) {
        answer.record.method = parsed.head.method;
        answer.record.path = parsed.head.target;
      }
      const bool last = answer.close_connection || served + 1 == options_.max_requests_per_connection;
      if (!WaitOutDelay(answer.delay)) return;
      site_.Record(answer.record);
      if (!Send(socket, answer, !last) || last) return;
    }
  }

  // Waits `delay` unless the server stops first; returns false if it stopped.
  bool WaitOutDelay(std::chrono::milliseconds delay) {
    if (delay.count() <= 0) return !stopping_;
    std::unique_lock lock(connections_mutex_);
    return !stop_signal_.wait_for(lock, delay, [this] { return stopping_.load(); });
  }

  bool Send(const internal::Socket& socket, const internal::Answer& answer, bool keep_alive) {
    const bool sent = internal::WriteResponse(socket, answer.response, answer.head_only, keep_alive,
                                              answer.body_budget);
    if (!keep_alive) LingerBeforeClose(socket);
    return sent;
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
  int port_ = 0;
  internal::Site site_;

  std::thread accept_thread_;
  std::mutex connections_mutex_;
  std::condition_variable stop_signal_;
  std::atomic<bool> stopping_{false};
  std::list<Connection> connections_;
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { Stop(); }

std::string Server::Start() { return impl_->Start(); }

void Server::Stop() { impl_->Stop(); }

int Server::port() const { return impl_->port(); }

std::string Server::Url(std::string_view path) const {
  const std::string& host = impl_->options().host;
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(impl_->port()) +
         std::string(path);
}

std::vector<RequestRecord> Server::Log() const { return impl_->site().Log(); }

void Server::ClearLog() { impl_->site().ClearLog(); }

void Server::AddUser(std::string name, std::string password) {
  impl_->site().AddUser(std::move(name), std::move(password));
}

void Server::Allow(std::string path_prefix, std::vector<std::string> identities) {
  impl_->site().Allow(std::move(path_prefix), std::move(identities));
}

void Server::InjectFault(std::string path_prefix, Fault fault) {
  impl_->site().InjectFault(std::move(path_prefix), fault);
}

void Server::ClearFaults() { impl_->site().ClearFaults(); }

}  // namespace bitscts::fakeserver
