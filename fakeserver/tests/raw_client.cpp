#include "raw_client.h"

#include <charconv>

namespace bitscts::fakeserver::testing_support {

RawClient::RawClient(int port) : socket_(internal::Connect("127.0.0.1", port)) {}

bool RawClient::Send(std::string_view bytes) { return socket_.SendAll(bytes); }

std::string RawClient::ReceiveUntilClosed(std::chrono::milliseconds limit) {
  const auto deadline = internal::Clock::now() + limit;
  std::string received;
  char buffer[65536];
  while (true) {
    const auto count = socket_.ReceiveBefore(buffer, sizeof buffer, deadline);
    if (count <= 0) {
      closed_ = count == 0 || internal::Clock::now() < deadline;  // an end or a reset
      return received;
    }
    received.append(buffer, static_cast<std::size_t>(count));
  }
}

std::string RawClient::ReceiveAtLeast(std::size_t count, std::chrono::milliseconds limit) {
  const auto deadline = internal::Clock::now() + limit;
  std::string received;
  char buffer[4096];
  while (received.size() < count) {
    const auto got = socket_.ReceiveBefore(buffer, sizeof buffer, deadline);
    if (got <= 0) break;
    received.append(buffer, static_cast<std::size_t>(got));
  }
  return received;
}

bool RawClient::ClosedWithin(std::chrono::milliseconds limit) {
  ReceiveUntilClosed(limit);
  return closed_;
}

int StatusOf(std::string_view response) {
  if (response.size() < 12 || response.substr(0, 5) != "HTTP/") return 0;
  int status = 0;
  std::from_chars(response.data() + 9, response.data() + 12, status);
  return status;
}

std::string Exchange(int port, std::string_view request) {
  RawClient client(port);
  if (!client.Send(request)) return {};
  return client.ReceiveUntilClosed();
}

}  // namespace bitscts::fakeserver::testing_support
