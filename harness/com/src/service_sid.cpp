#include "service_sid.h"

#include <cctype>
#include <vector>

namespace bitscts::com {
namespace {

std::uint32_t RotateLeft(std::uint32_t value, int bits) { return (value << bits) | (value >> (32 - bits)); }

}  // namespace

std::array<std::uint8_t, 20> Sha1(std::span<const std::uint8_t> bytes) {
  std::uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  std::vector<std::uint8_t> message(bytes.begin(), bytes.end());
  const std::uint64_t bit_length = static_cast<std::uint64_t>(bytes.size()) * 8u;
  message.push_back(0x80);
  while (message.size() % 64 != 56) message.push_back(0);
  for (int shift = 56; shift >= 0; shift -= 8) message.push_back(static_cast<std::uint8_t>(bit_length >> shift));
  for (std::size_t block = 0; block < message.size(); block += 64) {
    std::uint32_t w[80];
    for (std::size_t i = 0; i < 16; ++i) {
      const std::uint8_t* word = &message[block + i * 4];
      w[i] = (std::uint32_t{word[0]} << 24) | (std::uint32_t{word[1]} << 16) | (std::uint32_t{word[2]} << 8) | word[3];
    }
    for (std::size_t i = 16; i < 80; ++i) w[i] = RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (std::size_t i = 0; i < 80; ++i) {
      std::uint32_t f = 0;
      std::uint32_t k = 0;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5A827999u;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1u;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8F1BBCDCu;
      } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6u;
      }
      const std::uint32_t next = RotateLeft(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = RotateLeft(b, 30);
      b = a;
      a = next;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  std::array<std::uint8_t, 20> digest{};
  for (std::size_t i = 0; i < 5; ++i) {
    for (std::size_t j = 0; j < 4; ++j) digest[i * 4 + j] = static_cast<std::uint8_t>(h[i] >> (24 - 8 * j));
  }
  return digest;
}

std::string ServiceSid(std::string_view name) {
  std::vector<std::uint8_t> utf16;
  for (char c : name) {
    utf16.push_back(static_cast<std::uint8_t>(std::toupper(static_cast<unsigned char>(c))));
    utf16.push_back(0);
  }
  const std::array<std::uint8_t, 20> digest = Sha1(utf16);
  std::string sid = "S-1-5-80";
  for (std::size_t i = 0; i < 5; ++i) {
    const std::uint32_t part = std::uint32_t{digest[i * 4]} | (std::uint32_t{digest[i * 4 + 1]} << 8) |
                               (std::uint32_t{digest[i * 4 + 2]} << 16) | (std::uint32_t{digest[i * 4 + 3]} << 24);
    sid += "-" + std::to_string(part);
  }
  return sid;
}

}  // namespace bitscts::com
