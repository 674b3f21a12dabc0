// Internal: conversions between the suite's UTF-8 strings and the wide strings and GUIDs of the
// COM interfaces, written without Win32 so that they behave the same on every OS (UTF-16
// where wchar_t has 16 bits, as on Windows, and UTF-32 where it has 32).
#pragma once

#include <string>
#include <string_view>

#include "bitscts/com/bits_api.h"

namespace bitscts::com {

// Converts UTF-8 to a wide string; each malformed sequence becomes U+FFFD.
std::wstring Widen(std::string_view text);
// Converts a wide string to UTF-8; an unpaired surrogate becomes U+FFFD.
std::string Narrow(std::wstring_view text);
// As Narrow; a null pointer gives an empty string.
std::string Narrow(const wchar_t* text);
// Formats a GUID as StringFromGUID2 does: "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", uppercase.
std::string GuidText(const GUID& guid);
// Parses a GUID in that format (hex digits of either case); returns false on any other input.
bool ParseGuid(std::string_view text, GUID* guid);

}  // namespace bitscts::com
