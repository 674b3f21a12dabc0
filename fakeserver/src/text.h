// Internal to the fakeserver: the HTTP grammar's small pieces its parsers share, beside the
// suite's ASCII text helpers (bitscts/text.h: Trim, EqualsIgnoringCase, Lower).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bitscts/text.h"

namespace bitscts::fakeserver::internal {

// Returns true if and only if `c` is an ASCII decimal digit.
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// HTTP's optional whitespace around field values and list elements (RFC 9110 OWS), for Trim.
inline constexpr std::string_view kOptionalWhitespace = " \t";

// Returns the pieces of `text` between occurrences of `separator` (one piece for no separator).
std::vector<std::string_view> Split(std::string_view text, char separator);

// Returns true if and only if `c` may appear in an HTTP token (RFC 9110 tchar).
bool IsTokenChar(char c);

// Returns true if and only if `text` is a non-empty HTTP token.
bool IsToken(std::string_view text);

}  // namespace bitscts::fakeserver::internal
