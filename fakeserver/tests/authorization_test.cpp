#include "access/authorization.h"

#include <gtest/gtest.h>

#include <vector>

namespace bitscts::fakeserver::internal {
namespace {

TEST(Base64, RoundTripsEveryLengthModuloThree) {
  for (const std::string& bytes :
       std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar",
                                std::string("\0\xff\x10", 3)}) {
    const std::string text = EncodeBase64(bytes);
    EXPECT_EQ(DecodeBase64(text), std::optional<std::string>(bytes)) << text;
  }
  EXPECT_EQ(EncodeBase64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(EncodeBase64("fo"), "Zm8=");
}

TEST(Base64, RefusesMalformedText) {
  for (const char* text : {"Zm9", "Zm9v=", "Z===", "Zm=v", "Zm9*", "Zm9=====", "Zh=="}) {
    EXPECT_EQ(DecodeBase64(text), std::nullopt) << text;
  }
}

TEST(ParseAuthorization, SplitsSchemeAndCredentials) {
  const auto parsed = ParseAuthorization("Basic  dXNlcjpwYXNz");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->scheme, "Basic");
  EXPECT_EQ(parsed->credentials, "dXNlcjpwYXNz");
}

TEST(ParseAuthorization, RefusesWhatIsNotSchemeAndToken68) {
  for (const char* header :
       {"", "Basic", "Basic ", " dXNl", "Basic a b", "Ba(sic x", "Basic ==", "Basic a=b"}) {
    EXPECT_EQ(ParseAuthorization(header), std::nullopt) << header;
  }
}

TEST(DecodeBasicCredentials, SplitsAtTheFirstColon) {
  const auto credentials = DecodeBasicCredentials(EncodeBase64("alice:pa:ss"));
  ASSERT_TRUE(credentials.has_value());
  EXPECT_EQ(credentials->user, "alice");
  EXPECT_EQ(credentials->password, "pa:ss");
  const auto empty_password = DecodeBasicCredentials(EncodeBase64("bob:"));
  ASSERT_TRUE(empty_password.has_value());
  EXPECT_EQ(empty_password->password, "");
}

TEST(DecodeBasicCredentials, RefusesMissingUserOrColon) {
  for (const char* plain : {"alice", ":secret", "al\nice:x", ""}) {
    EXPECT_EQ(DecodeBasicCredentials(EncodeBase64(plain)), std::nullopt) << plain;
  }
  EXPECT_EQ(DecodeBasicCredentials("not base64!"), std::nullopt);
}

}  // namespace
}  // namespace bitscts::fakeserver::internal
