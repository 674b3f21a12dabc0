#include "xml_text.h"

#include <gtest/gtest.h>

namespace bitscts::runner {
namespace {

TEST(XmlText, EscapesMarkup) {
  EXPECT_EQ(XmlEscape("a<b>&\"c\"", false), "a&lt;b&gt;&amp;\"c\"");
  EXPECT_EQ(XmlEscape("a<b>&\"c\"", true), "a&lt;b&gt;&amp;&quot;c&quot;");
  EXPECT_EQ(XmlEscape("]]>", false), "]]&gt;");
}

TEST(XmlText, KeepsLineBreaksReadableInTextAndSafeInAttributes) {
  EXPECT_EQ(XmlEscape("a\nb\tc", false), "a\nb\tc");
  EXPECT_EQ(XmlEscape("a\nb\tc\r", true), "a&#10;b&#9;c&#13;");
}

TEST(XmlText, ControlCharactersBecomeVisibleText) {
  EXPECT_EQ(XmlEscape(std::string("a\0b\x1b\x7f", 5), false), "a\\x00b\\x1B\\x7F");
}

TEST(XmlText, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(XmlEscape("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80", false), "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80");
  EXPECT_EQ(XmlEscape("\xC3", false), "\xEF\xBF\xBD");           // truncated sequence
  EXPECT_EQ(XmlEscape("\xC0\xAF", false), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(XmlEscape("\xED\xA0\x80", false), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(XmlEscape("\xEF\xBF\xBE", false), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // U+FFFE
}

}  // namespace
}  // namespace bitscts::runner
