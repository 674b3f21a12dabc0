#include "content/resource.h"

#include <algorithm>
#include <memory>
#include <string_view>

namespace bitscts::fakeserver::internal {

std::uint64_t Resource::Send(const Socket& socket, std::uint64_t offset,
                             std::uint64_t length) const {
  // 64 KiB chunks stay in the CPU cache between the read and the send; for a long stream to
  // curl over loopback on the 2-core benchmark machine this measured about 3 GB/s against
  // under 1.3 GB/s with sendfile, and 128 KiB chunks or MSG_MORE on every chunk were slower.
  constexpr std::size_t kChunk = 64 * 1024;
  const auto buffer = std::make_unique<char[]>(kChunk);
  std::uint64_t sent = 0;
  while (sent < length) {
    const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, length - sent));
    if (!Read(offset + sent, chunk, buffer.get())) break;
    if (!socket.SendAll(std::string_view(buffer.get(), chunk))) break;
    sent += chunk;
  }
  return sent;
}

}  // namespace bitscts::fakeserver::internal
