#include "wire.h"

#include <charconv>

namespace bitscts::agent::wire {
namespace {

constexpr char kHexDigits[] = "0123456789ABCDEF";
constexpr std::string_view kEmpty = "~";

bool NeedsEscape(unsigned char byte) {
  return byte <= 0x20 || byte == 0x7F || byte == '%' || byte == '~';
}

int HexValue(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
  if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
  return -1;
}

std::optional<std::string> Unescape(std::string_view field) {
  if (field == kEmpty) return std::string();
  if (field.empty()) return std::nullopt;  // the writer never leaves a field empty
  std::string text;
  text.reserve(field.size());
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '~') return std::nullopt;
    if (field[i] != '%') {
      text.push_back(field[i]);
      continue;
    }
    if (i + 2 >= field.size()) return std::nullopt;
    const int high = HexValue(field[i + 1]);
    const int low = HexValue(field[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    text.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return text;
}

}  // namespace

std::string Escape(std::string_view field) {
  if (field.empty()) return std::string(kEmpty);
  std::string text;
  text.reserve(field.size());
  for (char c : field) {
    const auto byte = static_cast<unsigned char>(c);
    if (!NeedsEscape(byte)) {
      text.push_back(c);
      continue;
    }
    text.push_back('%');
    text.push_back(kHexDigits[byte >> 4]);
    text.push_back(kHexDigits[byte & 0xF]);
  }
  return text;
}

std::optional<std::vector<std::string>> Split(std::string_view line) {
  std::vector<std::string> fields;
  if (line.empty()) return fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(' ', start);
    std::optional<std::string> field =
        Unescape(line.substr(start, end == std::string_view::npos ? end : end - start));
    if (!field) return std::nullopt;
    fields.push_back(std::move(*field));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

std::string Join(const std::vector<std::string>& fields) {
  std::string line;
  for (const std::string& field : fields) {
    if (!line.empty()) line.push_back(' ');
    line += Escape(field);
  }
  return line;
}

std::optional<std::uint64_t> ParseNumber(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace bitscts::agent::wire
