// Internal to the JUnit module: the escaper appending to a buffer, for the writer.
#pragma once

#include <string>
#include <string_view>

namespace bitscts::junit::internal {

// Where escaped text goes: nowhere in particular (characters only), element content, or an
// attribute value between double quotes.
enum class XmlPlace { kCharacters, kText, kAttribute };

// Appends `text` to `out` escaped for `place` (see xml_text.h).
void AppendXml(std::string& out, std::string_view text, XmlPlace place);

}  // namespace bitscts::junit::internal
