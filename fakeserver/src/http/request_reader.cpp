#include "http/request_reader.h"

#include <algorithm>
#include <optional>

#include "http/request_head.h"

namespace bitscts::fakeserver::internal {
namespace {

void SkipLeadingEmptyLines(std::string& buffer) {
  std::size_t skip = 0;
  while (buffer.compare(skip, 2, "\r\n") == 0) skip += 2;
  buffer.erase(0, skip);
}

}  // namespace

RequestReader::Result RequestReader::Next(Clock::time_point idle_deadline,
                                          std::chrono::milliseconds head_timeout) {
  std::optional<Clock::time_point> head_deadline;
  std::size_t searched = 0;
  char chunk[16 * 1024];
  while (true) {
    SkipLeadingEmptyLines(buffer_);
    if (!buffer_.empty() && !head_deadline) head_deadline = Clock::now() + head_timeout;
    const std::size_t end = buffer_.find("\r\n\r\n", searched);
    if (end != std::string::npos) {
      Result result{Outcome::kHead, buffer_.substr(0, end + 4)};
      buffer_.erase(0, end + 4);
      return result;
    }
    if (buffer_.size() > kMaxHeadBytes) return {Outcome::kTooLarge, {}};
    searched = buffer_.size() < 3 ? 0 : buffer_.size() - 3;
    const auto received =
        socket_.ReceiveBefore(chunk, sizeof chunk, head_deadline.value_or(idle_deadline));
    if (received == 0) return {Outcome::kClosed, {}};
    if (received < 0) return {buffer_.empty() ? Outcome::kClosed : Outcome::kTimedOut, {}};
    buffer_.append(chunk, static_cast<std::size_t>(received));
  }
}

std::optional<RequestReader::Result> RequestReader::TakeReceivedHead() {
  SkipLeadingEmptyLines(buffer_);
  const std::size_t end = buffer_.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  Result result{Outcome::kHead, buffer_.substr(0, end + 4)};
  buffer_.erase(0, end + 4);
  return result;
}

bool RequestReader::OverHeadLimit() const { return buffer_.size() > kMaxHeadBytes; }

std::ptrdiff_t RequestReader::ReceiveAvailable() {
  char chunk[16 * 1024];
  const auto received = socket_.ReceiveAvailable(chunk, sizeof chunk);
  if (received > 0) buffer_.append(chunk, static_cast<std::size_t>(received));
  return received;
}

}  // namespace bitscts::fakeserver::internal
