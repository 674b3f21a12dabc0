#include "pem.h"

#include <array>

#include "bitscts/com/secret.h"
#include "platform_crypto.h"

namespace bitscts::com {
namespace {

// Returns the value of the Base64 digit `c`, or -1 for any other character.
int Base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Decodes Base64 text in which line breaks and other white space are ignored; nullopt when it is
// malformed (a foreign character, a digit after padding, or a length that is not whole groups).
std::optional<std::vector<std::uint8_t>> DecodeBase64(std::string_view text) {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() / 4 * 3 + 3);  // never reallocated: no unscrubbed copy of a key
  std::uint32_t group = 0;
  int digits = 0;
  int padding = 0;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '=') {
      ++padding;
      group <<= 6;
    } else {
      const int value = Base64Digit(c);
      if (value < 0 || padding > 0) return std::nullopt;
      group = (group << 6) | static_cast<std::uint32_t>(value);
    }
    if (++digits < 4) continue;
    if (padding > 2) return std::nullopt;
    bytes.push_back(static_cast<std::uint8_t>(group >> 16));
    if (padding < 2) bytes.push_back(static_cast<std::uint8_t>(group >> 8));
    if (padding < 1) bytes.push_back(static_cast<std::uint8_t>(group));
    group = 0;
    digits = 0;
  }
  if (digits != 0) return std::nullopt;
  return bytes;
}

}  // namespace

std::optional<std::vector<std::uint8_t>> PemBlock(std::string_view pem, std::string_view label) {
  const std::string begin = "-----BEGIN " + std::string(label) + "-----";
  const std::string end = "-----END " + std::string(label) + "-----";
  const std::size_t start = pem.find(begin);
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t body = start + begin.size();
  const std::size_t stop = pem.find(end, body);
  if (stop == std::string_view::npos) return std::nullopt;
  std::optional<std::vector<std::uint8_t>> bytes = DecodeBase64(pem.substr(body, stop - body));
  if (bytes && bytes->empty()) return std::nullopt;
  return bytes;
}

std::string PemText(std::span<const std::uint8_t> der, std::string_view label) {
  constexpr std::size_t kLine = 64;
  std::string base64 =
      Base64(std::string_view(reinterpret_cast<const char*>(der.data()), der.size()));
  const std::string begin = "-----BEGIN " + std::string(label) + "-----\n";
  const std::string end = "-----END " + std::string(label) + "-----\n";
  std::string text;
  // Reserved whole: never reallocated, so no unscrubbed copy of a key is left.
  text.reserve(begin.size() + base64.size() + base64.size() / kLine + 1 + end.size());
  text += begin;
  for (std::size_t at = 0; at < base64.size(); at += kLine) {
    text.append(base64, at, kLine);
    text += '\n';
  }
  text += end;
  ScrubMemory(base64.data(), base64.size());
  return text;
}

std::string Thumbprint(const std::vector<std::uint8_t>& der) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  const Sha1Digest digest =
      Sha1(std::string_view(reinterpret_cast<const char*>(der.data()), der.size()));
  std::string text;
  for (const std::uint8_t byte : digest) {
    text += kDigits[byte >> 4];
    text += kDigits[byte & 0x0F];
  }
  return text;
}

}  // namespace bitscts::com
