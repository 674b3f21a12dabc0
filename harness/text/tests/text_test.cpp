#include "bitscts/text.h"

#include <gtest/gtest.h>

#include <string>

namespace bitscts {
namespace {

TEST(Trim, RemovesAsciiWhitespaceFromBothEndsOnly) {
  EXPECT_EQ(Trim(" \t\r\n value with  spaces \v\f\r\n"), "value with  spaces");
  EXPECT_EQ(Trim("value"), "value");
}

TEST(Trim, LeavesNothingOfBlankText) {
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \t\r\n"), "");
}

TEST(Trim, RemovesOnlyTheNamedCharactersWhenGiven) {
  EXPECT_EQ(Trim(" \tvalue\v\t ", " \t"), "value\v");
  EXPECT_EQ(Trim("--value--", "-"), "value");
}

TEST(Lower, LowersAsciiCapitalsAndNothingElse) {
  EXPECT_EQ(Lower("HTTP://Proxy-1.Example:8080/"), "http://proxy-1.example:8080/");
  EXPECT_EQ(Lower("\xC3\x89t\xC3\xA9"), "\xC3\x89t\xC3\xA9");  // "Été" in UTF-8 is left as it is
  EXPECT_EQ(Lower(""), "");
}

TEST(LowerAscii, LowersNarrowAndWideCapitals) {
  EXPECT_EQ(LowerAscii('Q'), 'q');
  EXPECT_EQ(LowerAscii('@'), '@');
  EXPECT_EQ(LowerAscii('['), '[');
  EXPECT_EQ(LowerAscii(L'Z'), L'z');
  EXPECT_EQ(LowerAscii(L'\u00C9'), L'\u00C9');
}

TEST(EqualsIgnoringCase, ComparesNarrowTextWithoutRegardToAsciiCase) {
  EXPECT_TRUE(EqualsIgnoringCase("Negotiate", "NEGOTIATE"));
  EXPECT_TRUE(EqualsIgnoringCase("", ""));
  EXPECT_FALSE(EqualsIgnoringCase("NTLM", "NTLM2"));
  EXPECT_FALSE(EqualsIgnoringCase("a[", "A{"));  // '[' and '{' are 32 apart but are not letters
}

TEST(EqualsIgnoringCase, ComparesWideTextWithoutRegardToAsciiCase) {
  EXPECT_TRUE(
      EqualsIgnoringCase(L"LocalAccountTokenFilterPolicy", L"localaccounttokenfilterpolicy"));
  EXPECT_FALSE(EqualsIgnoringCase(L"Policy", L"Policies"));
}

}  // namespace
}  // namespace bitscts
