#include "bitscts/junit/xml_text.h"

#include <gtest/gtest.h>

#include <string>

namespace bitscts::junit {
namespace {

TEST(XmlText, EscapesMarkupInTextAndAttributes) {
  EXPECT_EQ(XmlText("a<b>&\"c\"'"), "a&lt;b&gt;&amp;\"c\"'");
  EXPECT_EQ(XmlAttribute("a<b>&\"c\"'"), "a&lt;b&gt;&amp;&quot;c&quot;'");
  EXPECT_EQ(XmlText("]]>"), "]]&gt;");
  EXPECT_EQ(XmlCharacters("a<b>&\"c\""), "a<b>&\"c\"");
}

TEST(XmlText, KeepsLineBreaksReadableInTextAndSafeInAttributes) {
  EXPECT_EQ(XmlText("a\nb\tc"), "a\nb\tc");
  EXPECT_EQ(XmlText("a\r\nb"), "a&#13;\nb");
  EXPECT_EQ(XmlAttribute("a\nb\tc\r"), "a&#10;b&#9;c&#13;");
}

TEST(XmlText, KeepsValidTextUnchanged) {
  const std::string text = "tab\tline\ncr\r <&> ]]> résumé 拒绝访问 ✓ 🚫";
  EXPECT_EQ(XmlCharacters(text), text);
  EXPECT_TRUE(IsXmlCharacters(text));
}

TEST(XmlText, EscapesControlCharactersAndDeleteVisibly) {
  const std::string text("a\0b\x01\x1b[0m\x0c\x7f", 10);
  EXPECT_EQ(XmlCharacters(text), "a\\x00b\\x01\\x1B[0m\\x0C\\x7F");
  EXPECT_EQ(XmlText(text), "a\\x00b\\x01\\x1B[0m\\x0C\\x7F");
  EXPECT_EQ(XmlAttribute(text), "a\\x00b\\x01\\x1B[0m\\x0C\\x7F");
  EXPECT_FALSE(IsXmlCharacters(text));
}

TEST(XmlText, EscapesEachByteThatIsNotUtf8) {
  EXPECT_EQ(XmlCharacters("\xC3("), "\\xC3(");                  // lead byte without continuation
  EXPECT_EQ(XmlCharacters("\xC0\xAF"), "\\xC0\\xAF");           // overlong '/'
  EXPECT_EQ(XmlCharacters("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // a UTF-16 surrogate
  EXPECT_EQ(XmlCharacters("ok\xE6\x8B"), "ok\\xE6\\x8B");       // cut short at the end
  EXPECT_EQ(XmlCharacters("\xF4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(XmlText("caf\xC3\xA9 \xFF<"), "caf\xC3\xA9 \\xFF&lt;");
  for (const char* text : {"\xC3(", "\xC0\xAF", "\xED\xA0\x80", "ok\xE6\x8B", "\xFF"}) {
    EXPECT_FALSE(IsXmlCharacters(text)) << text;
  }
}

TEST(XmlText, EscapesNonCharacters) {
  EXPECT_EQ(XmlCharacters("\xEF\xBF\xBE|\xEF\xBF\xBF"), "\\uFFFE|\\uFFFF");
  EXPECT_FALSE(IsXmlCharacters("\xEF\xBF\xBF"));
  EXPECT_TRUE(IsXmlCharacters("\xEF\xBF\xBD"));  // U+FFFD itself is a character
}

// The strict readers' check: exactly what XML 1.0 forbids, at its first byte.
TEST(XmlText, FindsTheFirstCharacterXmlForbids) {
  EXPECT_EQ(FindNonXmlCharacter("caf\xC3\xA9\t\r\n\x7F\xC2\x85"), std::string_view::npos);
  EXPECT_EQ(FindNonXmlCharacter("ab\x01"), 2u);
  EXPECT_EQ(FindNonXmlCharacter("ab\xFF"
                                "c"),
            2u);
  EXPECT_EQ(FindNonXmlCharacter("a\xE6\x8B"), 1u);             // cut short
  EXPECT_EQ(FindNonXmlCharacter("\xC3\xA9\xED\xA0\x80"), 2u);  // a surrogate
  EXPECT_EQ(FindNonXmlCharacter("\xEF\xBF\xBE"), 0u);          // U+FFFE
  EXPECT_EQ(FindNonXmlCharacter(std::string_view("a\0", 2)), 1u);
  EXPECT_TRUE(IsXmlCodePoint(0x9));
  EXPECT_TRUE(IsXmlCodePoint(0x10FFFF));
  EXPECT_FALSE(IsXmlCodePoint(0x1F));
  EXPECT_FALSE(IsXmlCodePoint(0xD800));
  EXPECT_FALSE(IsXmlCodePoint(0x110000));
}

// What the escaper writes is text it keeps as it is: escaping twice changes nothing more.
TEST(XmlText, ItsOutputIsValidText) {
  const std::string text("\x01\xFF\xEF\xBF\xBE\xC3", 6);
  EXPECT_TRUE(IsXmlCharacters(XmlCharacters(text)));
  EXPECT_EQ(XmlCharacters(XmlCharacters(text)), XmlCharacters(text));
}

}  // namespace
}  // namespace bitscts::junit
