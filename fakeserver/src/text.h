// Internal to the fakeserver: small ASCII text helpers shared by its parsers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bitscts::fakeserver::internal {

// Returns true if and only if `c` is an ASCII decimal digit.
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Returns `c` lowered if it is an ASCII capital letter, otherwise `c`.
inline char ToLowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Returns true if and only if `a` and `b` are equal ignoring ASCII case.
bool EqualsIgnoringCase(std::string_view a, std::string_view b);

// Returns `text` without leading and trailing spaces and horizontal tabs.
std::string_view TrimWhitespace(std::string_view text);

// Returns the pieces of `text` between occurrences of `separator` (one piece for no separator).
std::vector<std::string_view> Split(std::string_view text, char separator);

// Returns true if and only if `c` may appear in an HTTP token (RFC 9110 tchar).
bool IsTokenChar(char c);

// Returns true if and only if `text` is a non-empty HTTP token.
bool IsToken(std::string_view text);

}  // namespace bitscts::fakeserver::internal
