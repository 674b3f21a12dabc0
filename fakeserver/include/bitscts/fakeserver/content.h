// Deterministic file content named by a seed and a size: any byte can be produced (and so
// verified) from its offset alone, so files of any size are served without being stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bitscts::fakeserver {

// Returns the byte at `offset` of the content named by `seed`.
std::uint8_t ContentByte(std::uint64_t seed, std::uint64_t offset);

// Writes `length` bytes of the content named by `seed`, starting at `offset`, to `out`.
void FillContent(std::uint64_t seed, std::uint64_t offset, std::uint8_t* out, std::size_t length);

// Returns the offset of the first byte of `data` that differs from the content named by `seed`
// starting at `offset`, or nullopt if every byte matches.
std::optional<std::uint64_t> FirstMismatch(std::uint64_t seed, std::uint64_t offset,
                                           std::string_view data);

// Returns the server path that serves `size` bytes of the content named by `seed`.
std::string ContentPath(std::uint64_t seed, std::uint64_t size);

// The seed and size named by a content path; nullopt if `path` is not a content path.
struct ContentName {
  std::uint64_t seed = 0;
  std::uint64_t size = 0;
};
std::optional<ContentName> ParseContentPath(std::string_view path);

}  // namespace bitscts::fakeserver
