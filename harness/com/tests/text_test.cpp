#include "text.h"

#include <gtest/gtest.h>

namespace bitscts::com {
namespace {

TEST(Text, AsciiAndAccentedTextSurviveTheRoundTrip) {
  EXPECT_EQ(Widen("job"), L"job");
  EXPECT_EQ(Narrow(Widen("Téléchargement \xE2\x82\xAC")), "Téléchargement \xE2\x82\xAC");
  EXPECT_EQ(Widen("\xC3\xA9"), std::wstring(1, static_cast<wchar_t>(0xE9)));
}

TEST(Text, CharactersBeyondTheBasicPlaneSurviveTheRoundTrip) {
  const std::string emoji = "\xF0\x9F\x98\x80";  // U+1F600
  const std::wstring wide = Widen(emoji);
  EXPECT_EQ(wide.size(), sizeof(wchar_t) == 2 ? 2u : 1u);
  EXPECT_EQ(Narrow(wide), emoji);
}

TEST(Text, MalformedUtf8BecomesReplacementCharacters) {
  const std::wstring replacement(1, static_cast<wchar_t>(0xFFFD));
  EXPECT_EQ(Widen("\xFF"), replacement);
  EXPECT_EQ(Widen("a\xC3"), L"a" + replacement);                              // truncated sequence
  EXPECT_EQ(Widen("\xC0\xAF"), replacement + replacement);                    // overlong encoding
  EXPECT_EQ(Widen("\xED\xA0\x80"), replacement + replacement + replacement);  // encoded surrogate
  EXPECT_EQ(Widen("\xC3(").size(), 2u);  // bad continuation byte
}

TEST(Text, UnpairedSurrogatesBecomeReplacementCharacters) {
  const std::wstring lone(1, static_cast<wchar_t>(0xD800));
  EXPECT_EQ(Narrow(lone), "\xEF\xBF\xBD");
}

TEST(Text, NullAndEmptyWideStringsNarrowToEmpty) {
  EXPECT_EQ(Narrow(static_cast<const wchar_t*>(nullptr)), "");
  EXPECT_EQ(Narrow(L""), "");
  EXPECT_EQ(Widen(""), L"");
}

TEST(Text, GuidsFormatLikeStringFromGuid2AndParseBack) {
  GUID guid{0x37668D37, 0x507E, 0x4160, {0x93, 0x16, 0x26, 0x30, 0x6D, 0x15, 0x0B, 0x12}};
  EXPECT_EQ(GuidText(guid), "{37668D37-507E-4160-9316-26306D150B12}");
  GUID parsed{};
  ASSERT_TRUE(ParseGuid("{37668d37-507e-4160-9316-26306d150b12}", &parsed));
  EXPECT_TRUE(SameGuid(parsed, guid));
}

TEST(Text, MalformedGuidsAreRejected) {
  GUID parsed{};
  EXPECT_FALSE(ParseGuid("", &parsed));
  EXPECT_FALSE(ParseGuid("37668D37-507E-4160-9316-26306D150B12", &parsed));
  EXPECT_FALSE(ParseGuid("{37668D37-507E-4160-9316-26306D150B1G}", &parsed));
  EXPECT_FALSE(ParseGuid("{37668D37+507E-4160-9316-26306D150B12}", &parsed));
  EXPECT_FALSE(ParseGuid("{X7668D37-507E-4160-9316-26306D150B12}", &parsed));
  EXPECT_FALSE(ParseGuid("{37668D37-X07E-4160-9316-26306D150B12}", &parsed));
  EXPECT_FALSE(ParseGuid("{37668D37-507E-X160-9316-26306D150B12}", &parsed));
}

}  // namespace
}  // namespace bitscts::com
