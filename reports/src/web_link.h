// Internal to the report library: documentation links that reports may turn into hyperlinks.
#pragma once

#include <string_view>

namespace bitscts::report::internal {

// Returns true if and only if `link` is an http:// or https:// URL without whitespace, control
// characters or quotes, so that it can be written into an href as it is.
inline bool IsWebLink(std::string_view link) {
  const bool web = link.substr(0, 7) == "http://" || link.substr(0, 8) == "https://";
  if (!web) return false;
  for (const char c : link) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' ||
        c == '(' || c == ')' || c == '\\') {
      return false;
    }
  }
  return true;
}

}  // namespace bitscts::report::internal
