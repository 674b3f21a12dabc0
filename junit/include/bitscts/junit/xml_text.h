// The one XML escaper of bitscts: any bytes made into text that an XML 1.0 document can hold.
// What XML cannot carry is never dropped: it becomes visible text that says which byte it was.
#pragma once

#include <cstddef>
#include <cstdint>
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

// Returns the offset of the first byte of `text` that is not part of a character XML 1.0 allows
// (a control character other than tab, line feed and carriage return, U+FFFE, U+FFFF, or bytes
// that are not UTF-8), or std::string_view::npos when every character is allowed. Strict readers
// use it: unlike XmlCharacters it lets DEL and the C1 controls through, as XML does.
std::size_t FindNonXmlCharacter(std::string_view text);

// Returns true if and only if XML 1.0 allows the character `code_point` (also as a reference).
bool IsXmlCodePoint(std::uint32_t code_point);

// Returns `text` as element content: XmlCharacters with '&', '<' and '>' as entity references and
// carriage returns as "&#13;", which parsers would otherwise turn into line feeds.
std::string XmlText(std::string_view text);

// Returns `text` as an attribute value between double quotes: as XmlText, and '"', tab and line
// feed as references too, which parsers would otherwise turn into spaces.
std::string XmlAttribute(std::string_view text);

}  // namespace bitscts::junit
