// httplib.h must come before any Windows header it would otherwise conflict with.
#include <httplib.h>

#include "bitscts/fakeserver/server.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "bitscts/fakeserver/content.h"

namespace bitscts::fakeserver {

class Server::Impl {
 public:
  explicit Impl(ServerOptions options) : options_(std::move(options)) {
    // BITS clients keep connections alive; one request per connection keeps Stop prompt.
    http_.set_keep_alive_max_count(1);
    http_.Get(R"(/content/.*)", [this](const httplib::Request& request, httplib::Response& response) {
      ServeContent(request, response);
    });
    // Recorded after routing and before the response is written, so that a client that has its
    // response also finds its request in the log.
    http_.set_post_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
      Record(request, response);
    });
  }

  std::string Start() {
    port_ = options_.port == 0 ? http_.bind_to_any_port(options_.host)
                               : (http_.bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port_ <= 0) {
      port_ = 0;
      return "cannot bind " + options_.host + ":" + std::to_string(options_.port);
    }
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    // httplib ignores stop() until its accept loop runs, so Start returns only once it does.
    // The loop starts within microseconds; the deadline only guards against a broken socket.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!http_.is_running()) {
      if (std::chrono::steady_clock::now() > deadline) {
        Stop();
        return "the accept loop did not start within 10 s";
      }
      std::this_thread::yield();
    }
    return {};
  }

  void Stop() {
    if (thread_.joinable()) {
      http_.stop();
      thread_.join();
    }
  }

  int port() const { return port_; }
  const ServerOptions& options() const { return options_; }

  std::vector<RequestRecord> Log() const {
    std::lock_guard lock(log_mutex_);
    return log_;
  }

  void ClearLog() {
    std::lock_guard lock(log_mutex_);
    log_.clear();
  }

 private:
  // Returns true if and only if every requested range starts inside a file of `size` bytes
  // (a suffix range "-N" with N > 0 always does, for a non-empty file).
  static bool RangesSatisfiable(const httplib::Request& request, std::uint64_t size) {
    for (const auto& [first, last] : request.ranges) {
      if (first >= 0 && static_cast<std::uint64_t>(first) >= size) return false;
      if (first < 0 && (last <= 0 || size == 0)) return false;
    }
    return true;
  }

  static void ServeContent(const httplib::Request& request, httplib::Response& response) {
    const auto name = ParseContentPath(request.path);
    if (!name) {
      response.status = 404;
      return;
    }
    response.set_header("Accept-Ranges", "bytes");
    if (!RangesSatisfiable(request, name->size)) {
      response.status = 416;
      response.set_header("Content-Range", "bytes */" + std::to_string(name->size));
      return;
    }
    const std::uint64_t seed = name->seed;
    response.set_content_provider(
        static_cast<std::size_t>(name->size), "application/octet-stream",
        [seed](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
          std::uint8_t buffer[16384];
          while (length > 0) {
            const std::size_t chunk = std::min(length, sizeof buffer);
            FillContent(seed, offset, buffer, chunk);
            if (!sink.write(reinterpret_cast<const char*>(buffer), chunk)) return false;
            offset += chunk;
            length -= chunk;
          }
          return true;
        });
  }

  void Record(const httplib::Request& request, const httplib::Response& response) {
    RequestRecord record;
    record.method = request.method;
    record.path = request.path;
    record.range = request.get_header_value("Range");
    record.status = response.status;
    record.bytes = response.content_length_ != 0 ? response.content_length_ : response.body.size();
    std::lock_guard lock(log_mutex_);
    log_.push_back(std::move(record));
  }

  ServerOptions options_;
  httplib::Server http_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex log_mutex_;
  std::vector<RequestRecord> log_;
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() { Stop(); }

std::string Server::Start() { return impl_->Start(); }

void Server::Stop() { impl_->Stop(); }

int Server::port() const { return impl_->port(); }

std::string Server::Url(std::string_view path) const {
  return "http://" + impl_->options().host + ":" + std::to_string(impl_->port()) + std::string(path);
}

std::vector<RequestRecord> Server::Log() const { return impl_->Log(); }

void Server::ClearLog() { impl_->ClearLog(); }

}  // namespace bitscts::fakeserver
