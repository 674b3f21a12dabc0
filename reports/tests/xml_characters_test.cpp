#include "xml_characters.h"

#include <gtest/gtest.h>

namespace bitscts::report::internal {
namespace {

TEST(ReportToXmlCharacters, KeepsValidTextUnchanged) {
  const std::string text = "tab\tline\ncr\r <&> ]]> résumé 拒绝访问 🚫";
  EXPECT_EQ(ToXmlCharacters(text), text);
}

TEST(ReportToXmlCharacters, EscapesControlCharactersVisibly) {
  EXPECT_EQ(ToXmlCharacters(std::string("a\x01"
                                        "b\x1b[0m\x0c",
                                        8)),
            "a\\x01b\\x1B[0m\\x0C");
  EXPECT_EQ(ToXmlCharacters(std::string("\0z", 2)), "\\x00z");
}

TEST(ReportToXmlCharacters, EscapesBytesThatAreNotUtf8) {
  EXPECT_EQ(ToXmlCharacters("\xC3("), "\\xC3(");                  // lead byte without continuation
  EXPECT_EQ(ToXmlCharacters("\xC0\xAF"), "\\xC0\\xAF");           // overlong '/'
  EXPECT_EQ(ToXmlCharacters("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // a UTF-16 surrogate
  EXPECT_EQ(ToXmlCharacters("ok\xE6\x8B"), "ok\\xE6\\x8B");       // cut short at the end
  EXPECT_EQ(ToXmlCharacters("\xFF"), "\\xFF");
}

TEST(ReportToXmlCharacters, EscapesNonCharacters) {
  EXPECT_EQ(ToXmlCharacters("\xEF\xBF\xBE|\xEF\xBF\xBF"), "\\uFFFE|\\uFFFF");
}

}  // namespace
}  // namespace bitscts::report::internal
