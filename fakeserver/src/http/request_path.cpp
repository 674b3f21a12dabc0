#include "http/request_path.h"

#include <algorithm>
#include <system_error>

#include "text.h"

namespace bitscts::fakeserver::internal {
namespace {

std::optional<int> HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

bool IsControl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

bool IsDotSegment(std::string_view segment) { return segment == "." || segment == ".."; }

}  // namespace

std::optional<std::string> DecodeRequestPath(std::string_view target) {
  target = target.substr(0, target.find('?'));
  if (target.empty() || target.front() != '/') return std::nullopt;
  std::string path;
  path.reserve(target.size());
  for (std::size_t i = 0; i < target.size(); ++i) {
    char c = target[i];
    if (c == '%') {
      if (i + 2 >= target.size()) return std::nullopt;
      const auto high = HexValue(target[i + 1]);
      const auto low = HexValue(target[i + 2]);
      if (!high || !low) return std::nullopt;
      c = static_cast<char>(*high * 16 + *low);
      if (c == '/') return std::nullopt;  // an encoded slash would hide a segment boundary
      i += 2;
    }
    if (IsControl(c) || c == '\\') return std::nullopt;
    path.push_back(c);
  }
  for (const std::string_view segment : Split(path, '/')) {
    if (IsDotSegment(segment)) return std::nullopt;
  }
  return path;
}

bool IsSafeRelativePath(std::string_view relative) {
  if (relative.empty()) return false;
  for (const std::string_view segment : Split(relative, '/')) {
    if (segment.empty() || IsDotSegment(segment)) return false;
    if (std::any_of(segment.begin(), segment.end(),
                    [](char c) { return c == ':' || c == '\\' || IsControl(c); })) {
      return false;
    }
  }
  return true;
}

std::optional<std::filesystem::path> ResolveBelow(const std::filesystem::path& canonical_root,
                                                  std::string_view relative) {
  if (!IsSafeRelativePath(relative)) return std::nullopt;
  std::error_code error;
  const std::filesystem::path candidate = std::filesystem::canonical(
      canonical_root / std::filesystem::path(std::u8string(relative.begin(), relative.end())),
      error);
  if (error || !std::filesystem::is_regular_file(candidate, error)) return std::nullopt;
  // Links inside the folder may point anywhere: the resolved file must still be below it.
  const auto [root_end, ignored] = std::mismatch(canonical_root.begin(), canonical_root.end(),
                                                 candidate.begin(), candidate.end());
  if (root_end != canonical_root.end()) return std::nullopt;
  return candidate;
}

}  // namespace bitscts::fakeserver::internal
