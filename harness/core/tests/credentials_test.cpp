#include "bitscts/credentials.h"

#include <gtest/gtest.h>

#include <cctype>
#include <sstream>
#include <string>
#include <utility>

namespace bitscts {
namespace {

TEST(Password, PrintsRedacted) {
  const Password password("hunter2-is-the-password");
  std::ostringstream out;
  PrintTo(password, &out);
  EXPECT_EQ(out.str(), "Password(redacted)");
  EXPECT_EQ(::testing::PrintToString(password), "Password(redacted)");
}

TEST(Password, MovesItsCharactersAndLeavesNothingBehind) {
  Password first("correct horse");
  Password second(std::move(first));
  EXPECT_EQ(second.Reveal(), "correct horse");
  // NOLINTNEXTLINE(bugprone-use-after-move): the moved-from state is specified
  EXPECT_EQ(first.size(), 0u);
  EXPECT_EQ(first.Reveal(), "");
  Password third;
  third = std::move(second);
  EXPECT_EQ(third.Reveal(), "correct horse");
  EXPECT_EQ(second.size(), 0u);  // NOLINT(bugprone-use-after-move)
}

TEST(Password, RandomHasTheLengthAskedFor) {
  const Password one = Password::Random(24);
  const Password two = Password::Random(24);
  EXPECT_EQ(one.size(), 24u);
  EXPECT_NE(one.Reveal(), two.Reveal());
  for (const char c : one.Reveal()) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << c;
}

TEST(Credentials, DescribeNamesEverythingButThePassword) {
  const Credentials basic{AuthTarget::kServer, AuthScheme::kBasic, "bitscts-user",
                          Password("s3cret-value")};
  const std::string text = Describe(basic);
  EXPECT_EQ(text, "BG_AUTH_TARGET_SERVER, BG_AUTH_SCHEME_BASIC, bitscts-user, (redacted)");
  EXPECT_EQ(text.find("s3cret"), std::string::npos);
  const Credentials implicit{AuthTarget::kProxy, AuthScheme::kNegotiate, std::nullopt,
                             std::nullopt};
  EXPECT_EQ(Describe(implicit), "BG_AUTH_TARGET_PROXY, BG_AUTH_SCHEME_NEGOTIATE, NULL, NULL");
  const Credentials odd{static_cast<AuthTarget>(7), static_cast<AuthScheme>(9), std::nullopt,
                        std::nullopt};
  EXPECT_EQ(Describe(odd), "BG_AUTH_TARGET_7, BG_AUTH_SCHEME_9, NULL, NULL");
}

}  // namespace
}  // namespace bitscts
