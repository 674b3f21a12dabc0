#include "access/authorization.h"

#include <algorithm>
#include <array>

#include "text.h"

namespace bitscts::fakeserver::internal {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::optional<unsigned> SextetOf(char c) {
  const std::size_t at = kAlphabet.find(c);
  if (at == std::string_view::npos || c == '\0') return std::nullopt;
  return static_cast<unsigned>(at);
}

bool IsToken68Char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) ||
         std::string_view("-._~+/").find(c) != std::string_view::npos;
}

bool IsToken68(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  return !text.empty() && std::all_of(text.begin(), text.end(), IsToken68Char);
}

}  // namespace

std::optional<std::string> DecodeBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (std::size_t at = 0; at < text.size(); at += 4) {
    const bool last_quad = at + 4 == text.size();
    const std::size_t data_chars = last_quad ? 4 - padding : 4;
    std::uint32_t quad = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      unsigned sextet = 0;
      if (i < data_chars) {
        const auto value = SextetOf(text[at + i]);
        if (!value) return std::nullopt;
        sextet = *value;
      }
      quad = quad << 6 | sextet;
    }
    const std::size_t byte_count = data_chars - 1;
    // Canonical encodings leave the bits below the last byte zero.
    if ((byte_count == 1 && (quad & 0xffff) != 0) || (byte_count == 2 && (quad & 0xff) != 0)) {
      return std::nullopt;
    }
    for (std::size_t i = 0; i < byte_count; ++i) {
      bytes.push_back(static_cast<char>(quad >> (16 - 8 * i) & 0xff));
    }
  }
  return bytes;
}

std::string EncodeBase64(std::string_view bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t at = 0; at < bytes.size(); at += 3) {
    const std::size_t count = std::min<std::size_t>(3, bytes.size() - at);
    std::uint32_t triple = 0;
    for (std::size_t i = 0; i < 3; ++i) {
      const auto byte = i < count ? static_cast<unsigned char>(bytes[at + i]) : 0u;
      triple = triple << 8 | byte;
    }
    for (std::size_t i = 0; i < 4; ++i) {
      text.push_back(i <= count ? kAlphabet[triple >> (18 - 6 * i) & 0x3f] : '=');
    }
  }
  return text;
}

std::optional<AuthorizationHeader> ParseAuthorization(std::string_view header) {
  header = Trim(header, kOptionalWhitespace);
  const std::size_t space = header.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string_view scheme = header.substr(0, space);
  const std::string_view credentials = Trim(header.substr(space + 1), kOptionalWhitespace);
  if (!IsToken(scheme) || !IsToken68(credentials)) return std::nullopt;
  return AuthorizationHeader{std::string(scheme), std::string(credentials)};
}

std::optional<BasicCredentials> DecodeBasicCredentials(std::string_view credentials) {
  const auto decoded = DecodeBase64(credentials);
  if (!decoded) return std::nullopt;
  const std::size_t colon = decoded->find(':');
  if (colon == 0 || colon == std::string::npos) return std::nullopt;
  const std::string_view user = std::string_view(*decoded).substr(0, colon);
  if (std::any_of(user.begin(), user.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return std::nullopt;
  }
  return BasicCredentials{std::string(user), decoded->substr(colon + 1)};
}

}  // namespace bitscts::fakeserver::internal
