#include "text.h"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <type_traits>

namespace bitscts::com {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool IsSurrogate(char32_t code) { return code >= 0xD800 && code <= 0xDFFF; }

void AppendUtf8(char32_t code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

void AppendWide(char32_t code, std::wstring& out) {
  if constexpr (sizeof(wchar_t) == 2) {
    if (code >= 0x10000) {
      const char32_t offset = code - 0x10000;
      out += static_cast<wchar_t>(0xD800 + (offset >> 10));
      out += static_cast<wchar_t>(0xDC00 + (offset & 0x3FF));
      return;
    }
  }
  out += static_cast<wchar_t>(code);
}

// Decodes one UTF-8 sequence at `text[*at]` and advances past it; nullopt for a malformed one,
// after advancing by one byte.
std::optional<char32_t> DecodeUtf8(std::string_view text, std::size_t* at) {
  const auto lead = static_cast<unsigned char>(text[*at]);
  ++*at;
  if (lead < 0x80) return lead;
  std::size_t length = 0;
  char32_t code = 0;
  char32_t smallest = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 1, code = lead & 0x1Fu, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 2, code = lead & 0x0Fu, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 3, code = lead & 0x07u, smallest = 0x10000;
  } else {
    return std::nullopt;
  }
  if (text.size() - *at < length) return std::nullopt;
  for (std::size_t i = 0; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[*at + i]);
    if ((next & 0xC0) != 0x80) return std::nullopt;
    code = (code << 6) | (next & 0x3Fu);
  }
  if (code < smallest || code > 0x10FFFF || IsSurrogate(code)) return std::nullopt;
  *at += length;
  return code;
}

char32_t CodeOf(wchar_t unit) {
  return static_cast<char32_t>(static_cast<std::make_unsigned_t<wchar_t>>(unit));
}

int HexValue(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
  if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
  return -1;
}

// Reads `digits` hex digits at `text[*at]` into `*value` and advances; false if any is not hex.
bool ReadHex(std::string_view text, std::size_t* at, std::size_t digits, std::uint32_t* value) {
  *value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const int digit = HexValue(text[*at + i]);
    if (digit < 0) return false;
    *value = (*value << 4) | static_cast<std::uint32_t>(digit);
  }
  *at += digits;
  return true;
}

}  // namespace

std::wstring Widen(std::string_view text) {
  std::wstring wide;
  wide.reserve(text.size());
  for (std::size_t at = 0; at < text.size();)
    AppendWide(DecodeUtf8(text, &at).value_or(kReplacement), wide);
  return wide;
}

std::string Narrow(std::wstring_view text) {
  std::string narrow;
  narrow.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char32_t code = CodeOf(text[i]);
    if (sizeof(wchar_t) == 2 && code >= 0xD800 && code <= 0xDBFF && i + 1 < text.size() &&
        CodeOf(text[i + 1]) >= 0xDC00 && CodeOf(text[i + 1]) <= 0xDFFF) {
      code = 0x10000 + ((code - 0xD800) << 10) + (CodeOf(text[i + 1]) - 0xDC00);
      ++i;
    } else if (IsSurrogate(code) || code > 0x10FFFF) {
      code = kReplacement;
    }
    AppendUtf8(code, narrow);
  }
  return narrow;
}

std::string Narrow(const wchar_t* text) {
  return text == nullptr ? std::string() : Narrow(std::wstring_view(text));
}

std::string GuidText(const GUID& guid) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                static_cast<unsigned>(guid.Data1), static_cast<unsigned>(guid.Data2),
                static_cast<unsigned>(guid.Data3), guid.Data4[0], guid.Data4[1], guid.Data4[2],
                guid.Data4[3], guid.Data4[4], guid.Data4[5], guid.Data4[6], guid.Data4[7]);
  return buffer;
}

bool ParseGuid(std::string_view text, GUID* guid) {
  constexpr std::string_view kShape = "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}";
  if (text.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    if (kShape[i] != 'X' && text[i] != kShape[i]) return false;
  }
  GUID parsed{};
  std::size_t at = 1;
  std::uint32_t value = 0;
  if (!ReadHex(text, &at, 8, &value)) return false;
  parsed.Data1 = value;
  ++at;
  if (!ReadHex(text, &at, 4, &value)) return false;
  parsed.Data2 = static_cast<std::uint16_t>(value);
  ++at;
  if (!ReadHex(text, &at, 4, &value)) return false;
  parsed.Data3 = static_cast<std::uint16_t>(value);
  ++at;
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == 2) ++at;  // the dash between the 2nd and 3rd byte
    if (!ReadHex(text, &at, 2, &value)) return false;
    parsed.Data4[i] = static_cast<std::uint8_t>(value);
  }
  *guid = parsed;
  return true;
}

}  // namespace bitscts::com
