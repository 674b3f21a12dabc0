// Account names and passwords from the secure random source.
#include "random_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cwctype>
#include <set>

#include "bitscts/com/accounts.h"
#include "mocks/mock_system_api.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::NiceMock;
using ::testing::Return;

TEST(RandomText, ChoicesAreUniformBecauseBiasedBytesAreDiscarded) {
  NiceMock<MockSystemApi> system;
  // 250 and above would favour the remainders 0-5 of 10; they must be skipped.
  EXPECT_CALL(system, BCryptGenRandom).WillOnce([](std::span<std::uint8_t> buffer) {
    std::fill(buffer.begin(), buffer.end(), std::uint8_t{7});
    buffer[0] = 250;
    buffer[1] = 255;
    buffer[2] = 13;
    return LONG{0};
  });
  CallLog log;
  RandomChoices random(system, log);
  EXPECT_EQ(random.Below(10), 3u);  // 13 % 10, after skipping 250 and 255
  EXPECT_EQ(random.Below(10), 7u);
}

TEST(RandomText, PoolIsRefilledWhenUsedUp) {
  NiceMock<MockSystemApi> system;
  EXPECT_CALL(system, BCryptGenRandom).Times(2);
  CallLog log;
  RandomChoices random(system, log);
  for (int i = 0; i < 65; ++i) ASSERT_TRUE(random.Below(256).has_value());
  EXPECT_EQ(log.calls().size(), 2u);
}

TEST(RandomText, FailedGeneratorEndsEveryChoice) {
  NiceMock<MockSystemApi> system;
  EXPECT_CALL(system, BCryptGenRandom).WillOnce(Return(static_cast<LONG>(0xC0000001u)));
  CallLog log;
  RandomChoices random(system, log);
  EXPECT_FALSE(random.Below(10).has_value());
  EXPECT_FALSE(random.Below(10).has_value());
  EXPECT_EQ(log.Result(), HResult(0xD0000001u));
  EXPECT_EQ(log.calls().size(), 1u);
  EXPECT_FALSE(RandomAccountName(random).has_value());
  EXPECT_FALSE(RandomPassword(random).has_value());
}

TEST(RandomText, AccountNamesHaveThePrefixAndFitWindowsLimit) {
  NiceMock<MockSystemApi> system;
  CallLog log;
  RandomChoices random(system, log);
  std::set<std::string> names;
  for (int i = 0; i < 50; ++i) {
    const std::optional<std::string> name = RandomAccountName(random);
    ASSERT_TRUE(name.has_value());
    EXPECT_TRUE(name->starts_with("bitscts-")) << *name;
    EXPECT_LE(name->size(), 20u);
    EXPECT_TRUE(IsStoreAccountName(*name)) << *name;
    names.insert(*name);
  }
  EXPECT_EQ(names.size(), 50u);
}

TEST(RandomText, PasswordsHaveTheFixedLengthAndEveryCharacterClass) {
  NiceMock<MockSystemApi> system;
  CallLog log;
  RandomChoices random(system, log);
  for (int i = 0; i < 200; ++i) {
    const std::optional<Secret> password = RandomPassword(random);
    ASSERT_TRUE(password.has_value());
    ASSERT_EQ(password->size(), kPasswordLength);
    const std::wstring_view chars(password->Expose(), password->size());
    const auto has = [&](auto predicate) {
      return std::any_of(chars.begin(), chars.end(), predicate);
    };
    EXPECT_TRUE(has([](wchar_t c) { return c >= L'A' && c <= L'Z'; }));
    EXPECT_TRUE(has([](wchar_t c) { return c >= L'a' && c <= L'z'; }));
    EXPECT_TRUE(has([](wchar_t c) { return c >= L'0' && c <= L'9'; }));
    EXPECT_TRUE(has([](wchar_t c) { return c < 0x80 && std::iswpunct(static_cast<wint_t>(c)); }));
    EXPECT_TRUE(
        std::all_of(chars.begin(), chars.end(), [](wchar_t c) { return c > L' ' && c < 0x7F; }));
  }
}

TEST(RandomText, GuaranteedCharacterClassesAreNotAlwaysFirst) {
  NiceMock<MockSystemApi> system;
  CallLog log;
  RandomChoices random(system, log);
  int upper_first = 0;
  for (int i = 0; i < 100; ++i) {
    const std::optional<Secret> password = RandomPassword(random);
    ASSERT_TRUE(password.has_value());
    if (password->Expose()[0] >= L'A' && password->Expose()[0] <= L'Z') ++upper_first;
  }
  EXPECT_LT(upper_first, 100);
}

}  // namespace
}  // namespace bitscts::com
