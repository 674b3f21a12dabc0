// The one XML escaper of bitscts: any bytes made into text that an XML 1.0 document can hold.
// What XML cannot carry is never dropped: it becomes visible text that says which byte it was.
#pragma once

#include <string>
#include <string_view>

namespace bitscts::junit {

// Returns `text` with each byte or character that XML 1.0 cannot hold, or that a report should not
// (control characters other than tab, line feed and carriage return; DEL; U+FFFE and U+FFFF; bytes
// that are not UTF-8: stray or cut-short sequences, overlong forms, surrogates), replaced by
// visible text: "\xNN" for a byte, "\uXXXX" for a character. Valid text is returned unchanged.
// This is the text a reader gets back from XmlText or XmlAttribute.
std::string XmlCharacters(std::string_view text);

// Returns true if and only if XmlCharacters would return `text` unchanged.
bool IsXmlCharacters(std::string_view text);

// Returns `text` as element content: XmlCharacters with '&', '<' and '>' as entity references and
// carriage returns as "&#13;", which parsers would otherwise turn into line feeds.
std::string XmlText(std::string_view text);

// Returns `text` as an attribute value between double quotes: as XmlText, and '"', tab and line
// feed as references too, which parsers would otherwise turn into spaces.
std::string XmlAttribute(std::string_view text);

}  // namespace bitscts::junit
