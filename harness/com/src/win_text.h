// Internal: conversions between the suite's UTF-8 strings and Windows' UTF-16 and GUIDs.
#pragma once

#include <string>

#include "bits_sdk.h"

namespace bitscts::com {

// Converts UTF-8 to UTF-16.
std::wstring Widen(const std::string& text);
// Converts UTF-16 to UTF-8; a null pointer gives an empty string.
std::string Narrow(const wchar_t* text);
// Formats a GUID as "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}".
std::string GuidText(const GUID& guid);
// Parses a GUID in that format; returns false on bad input.
bool ParseGuid(const std::string& text, GUID* guid);

}  // namespace bitscts::com
