// Internal: text made safe for XML 1.0 documents.
#pragma once

#include <string>
#include <string_view>

namespace bitscts::runner {

// Returns `text` escaped for element content or attribute values: markup characters become
// entity references; characters XML 1.0 cannot carry at all (most C0 controls) become visible
// "\xNN" text; malformed UTF-8 bytes become U+FFFD. In attributes, tab and line breaks are
// written as character references so that parsers keep them.
std::string XmlEscape(std::string_view text, bool for_attribute);

}  // namespace bitscts::runner
