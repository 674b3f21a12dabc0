#include "bitscts/fakeserver/content.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace bitscts::fakeserver {
namespace {

constexpr std::string_view kContentPrefix = "/content/";

// The 64-bit word at index `word` of the content: a SplitMix64 finaliser of seed and index.
std::uint64_t ContentWord(std::uint64_t seed, std::uint64_t word) {
  std::uint64_t z = seed + (word + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint8_t ByteOfWord(std::uint64_t word, unsigned index) {
  return static_cast<std::uint8_t>(word >> (8 * index));
}

std::optional<std::uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::uint8_t ContentByte(std::uint64_t seed, std::uint64_t offset) {
  return ByteOfWord(ContentWord(seed, offset / 8), static_cast<unsigned>(offset % 8));
}

void FillContent(std::uint64_t seed, std::uint64_t offset, std::uint8_t* out, std::size_t length) {
  std::size_t done = 0;
  while (done < length && (offset + done) % 8 != 0) {
    out[done] = ContentByte(seed, offset + done);
    ++done;
  }
  while (length - done >= 8) {
    const std::uint64_t word = ContentWord(seed, (offset + done) / 8);
    for (unsigned i = 0; i < 8; ++i) out[done + i] = ByteOfWord(word, i);
    done += 8;
  }
  while (done < length) {
    out[done] = ContentByte(seed, offset + done);
    ++done;
  }
}

std::optional<std::uint64_t> FirstMismatch(std::uint64_t seed, std::uint64_t offset,
                                           std::string_view data) {
  std::uint8_t expected[4096];
  for (std::size_t start = 0; start < data.size(); start += sizeof expected) {
    const std::size_t length = std::min(sizeof expected, data.size() - start);
    FillContent(seed, offset + start, expected, length);
    if (std::memcmp(expected, data.data() + start, length) == 0) continue;
    for (std::size_t i = 0; i < length; ++i) {
      if (static_cast<std::uint8_t>(data[start + i]) != expected[i]) return offset + start + i;
    }
  }
  return std::nullopt;
}

std::string ContentPath(std::uint64_t seed, std::uint64_t size) {
  return std::string(kContentPrefix) + std::to_string(seed) + "/" + std::to_string(size);
}

std::optional<ContentName> ParseContentPath(std::string_view path) {
  if (path.substr(0, kContentPrefix.size()) != kContentPrefix) return std::nullopt;
  path.remove_prefix(kContentPrefix.size());
  const std::size_t slash = path.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto seed = ParseDecimal(path.substr(0, slash));
  const auto size = ParseDecimal(path.substr(slash + 1));
  if (!seed || !size) return std::nullopt;
  return ContentName{*seed, *size};
}

}  // namespace bitscts::fakeserver
