#include "xml_characters.h"

#include <cstdint>
#include <cstdio>

namespace bitscts::report::internal {
namespace {

void AppendByteEscape(std::string& out, unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(byte));
  out += buffer;
}

// Returns the length of the valid UTF-8 sequence starting at text[0] and stores its code point,
// or returns 0 if the bytes there are not valid UTF-8 (overlong forms and surrogates included).
std::size_t DecodeUtf8(std::string_view text, std::uint32_t& code_point) {
  const auto lead = static_cast<unsigned char>(text[0]);
  std::size_t length = 0;
  std::uint32_t minimum = 0;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1Fu, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0Fu, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07u, minimum = 0x10000;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const auto continuation = static_cast<unsigned char>(text[i]);
    if ((continuation & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (continuation & 0x3Fu);
  }
  if (code_point < minimum || code_point > 0x10FFFF) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  return length;
}

bool IsXmlCharacter(std::uint32_t code_point) {
  if (code_point < 0x20) return code_point == 0x9 || code_point == 0xA || code_point == 0xD;
  return code_point != 0xFFFE && code_point != 0xFFFF;
}

}  // namespace

bool IsXmlText(std::string_view text) {
  std::size_t position = 0;
  while (position < text.size()) {
    const auto byte = static_cast<unsigned char>(text[position]);
    if (byte >= 0x20 && byte < 0x80) {
      ++position;
      continue;
    }
    std::uint32_t code_point = 0;
    const std::size_t length = DecodeUtf8(text.substr(position), code_point);
    if (length == 0 || !IsXmlCharacter(code_point)) return false;
    position += length;
  }
  return true;
}

std::string ToXmlCharacters(std::string_view text) {
  if (IsXmlText(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t position = 0;
  while (position < text.size()) {
    std::uint32_t code_point = 0;
    const std::size_t length = DecodeUtf8(text.substr(position), code_point);
    if (length == 0) {
      AppendByteEscape(out, static_cast<unsigned char>(text[position]));
      ++position;
      continue;
    }
    if (IsXmlCharacter(code_point)) {
      out.append(text.substr(position, length));
    } else if (code_point < 0x20) {
      AppendByteEscape(out, static_cast<unsigned char>(code_point));
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04X", static_cast<unsigned>(code_point));
      out += buffer;
    }
    position += length;
  }
  return out;
}

}  // namespace bitscts::report::internal
