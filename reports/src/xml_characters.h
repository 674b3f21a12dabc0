// Internal to the report library: making arbitrary bytes storable in an XML 1.0 document.
#pragma once

#include <string>
#include <string_view>

namespace bitscts::report::internal {

// Returns `text` with every byte or character that XML 1.0 cannot hold (control characters other
// than tab, line feed and carriage return; U+FFFE, U+FFFF; bytes that are not valid UTF-8)
// replaced by a visible escape: "\xNN" for a byte, "\uXXXX" for a character. Valid text is
// returned unchanged.
std::string ToXmlCharacters(std::string_view text);

// Returns true if and only if XML 1.0 can hold `text` as it is (ToXmlCharacters would not change it).
bool IsXmlText(std::string_view text);

}  // namespace bitscts::report::internal
