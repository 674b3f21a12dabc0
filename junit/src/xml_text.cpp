#include "bitscts/junit/xml_text.h"

#include <cstdint>
#include <cstdio>

#include "xml_append.h"

namespace bitscts::junit {
namespace {

using internal::XmlPlace;

// Returns the length of the valid UTF-8 sequence at the start of `text` and stores its code
// point, or returns 0 if the bytes there are not valid UTF-8 (overlong forms and surrogates
// included).
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

void AppendVisible(std::string& out, const char* format, unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, format, value);
  out += buffer;
}

// Returns what an ASCII character becomes in `place`, or nullptr when it stays as it is.
const char* AsciiReplacement(char c, XmlPlace place) {
  const bool markup = place != XmlPlace::kCharacters;
  const bool attribute = place == XmlPlace::kAttribute;
  switch (c) {
    case '&': return markup ? "&amp;" : nullptr;
    case '<': return markup ? "&lt;" : nullptr;
    case '>': return markup ? "&gt;" : nullptr;
    case '"': return attribute ? "&quot;" : nullptr;
    case '\n': return attribute ? "&#10;" : nullptr;
    case '\t': return attribute ? "&#9;" : nullptr;
    case '\r': return markup ? "&#13;" : nullptr;
    default: return nullptr;
  }
}

bool IsForbiddenAscii(unsigned char byte) {
  return (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F;
}

}  // namespace

namespace internal {

void AppendXml(std::string& out, std::string_view text, XmlPlace place) {
  std::size_t run = 0;  // where the bytes not appended yet start; they need no change
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::uint32_t code_point = byte;
    const std::size_t length = byte < 0x80 ? 1 : DecodeUtf8(text.substr(i), code_point);
    const char* replacement = byte < 0x80 ? AsciiReplacement(text[i], place) : nullptr;
    const bool forbidden =
        length == 0 || IsForbiddenAscii(byte) || code_point == 0xFFFE || code_point == 0xFFFF;
    if (replacement == nullptr && !forbidden) {
      i += length;
      continue;
    }
    out.append(text.data() + run, i - run);
    if (replacement != nullptr) {
      out += replacement;
    } else if (length <= 1) {
      AppendVisible(out, "\\x%02X", byte);
    } else {
      AppendVisible(out, "\\u%04X", code_point);
    }
    i += length == 0 ? 1 : length;
    run = i;
  }
  out.append(text.data() + run, text.size() - run);
}

}  // namespace internal

bool IsXmlCharacters(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (IsForbiddenAscii(byte)) return false;
      ++i;
      continue;
    }
    std::uint32_t code_point = 0;
    const std::size_t length = DecodeUtf8(text.substr(i), code_point);
    if (length == 0 || code_point == 0xFFFE || code_point == 0xFFFF) return false;
    i += length;
  }
  return true;
}

bool IsXmlCodePoint(std::uint32_t code_point) {
  if (code_point < 0x20) return code_point == '\t' || code_point == '\n' || code_point == '\r';
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
  return code_point != 0xFFFE && code_point != 0xFFFF && code_point <= 0x10FFFF;
}

std::size_t FindNonXmlCharacter(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint32_t code_point = 0;
    const std::size_t length = DecodeUtf8(text.substr(i), code_point);
    if (length == 0 || !IsXmlCodePoint(code_point)) return i;
    i += length;
  }
  return std::string_view::npos;
}

std::string XmlCharacters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  internal::AppendXml(out, text, XmlPlace::kCharacters);
  return out;
}

std::string XmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  internal::AppendXml(out, text, XmlPlace::kText);
  return out;
}

std::string XmlAttribute(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  internal::AppendXml(out, text, XmlPlace::kAttribute);
  return out;
}

}  // namespace bitscts::junit
