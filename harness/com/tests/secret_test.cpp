#include "bitscts/com/secret.h"

#include <gtest/gtest.h>

#include <concepts>
#include <sstream>
#include <string>
#include <utility>

namespace bitscts::com {
namespace {

template <typename T>
concept Streamable = requires(std::ostream& out, const T& value) {
  out << value;
};
template <typename T>
concept WideStreamable = requires(std::wostream& out, const T& value) {
  out << value;
};

static_assert(!Streamable<Secret>, "a Secret must not be streamable");
static_assert(!WideStreamable<Secret>, "a Secret must not be streamable");
static_assert(!std::is_convertible_v<Secret, std::string>, "a Secret must not convert to a string");
static_assert(!std::is_convertible_v<Secret, std::wstring>,
              "a Secret must not convert to a string");
static_assert(!std::is_convertible_v<Secret, const wchar_t*>,
              "a Secret must not convert to a string");
static_assert(!std::is_copy_constructible_v<Secret>, "a Secret must not be copied");
static_assert(std::is_nothrow_move_constructible_v<Secret>);

TEST(Secret, ExposesItsCharactersNulTerminated) {
  const Secret secret(L"Pa55-word");
  EXPECT_EQ(std::wstring(secret.Expose()), L"Pa55-word");
  EXPECT_EQ(secret.size(), 9u);
  EXPECT_FALSE(secret.empty());
}

TEST(Secret, EmptySecretExposesAnEmptyString) {
  const Secret secret;
  EXPECT_EQ(std::wstring(secret.Expose()), L"");
  EXPECT_TRUE(secret.empty());
}

TEST(Secret, GoogleTestPrintsItRedacted) {
  const Secret secret(L"Pa55-word");
  const std::string printed = ::testing::PrintToString(secret);
  EXPECT_EQ(printed, "Secret(9 characters, redacted)");
}

TEST(Secret, MovingLeavesTheSourceEmpty) {
  Secret source(L"Pa55-word");
  Secret moved(std::move(source));
  // NOLINTNEXTLINE(bugprone-use-after-move): the state after a move is specified
  EXPECT_TRUE(source.empty());
  EXPECT_EQ(std::wstring(moved.Expose()), L"Pa55-word");

  Secret assigned(L"old");
  assigned = std::move(moved);
  EXPECT_EQ(std::wstring(assigned.Expose()), L"Pa55-word");
  EXPECT_TRUE(moved.empty());  // NOLINT(bugprone-use-after-move)
  Secret& same = assigned;     // a self-move through another name, as generic code makes one
  assigned = std::move(same);
  EXPECT_EQ(std::wstring(assigned.Expose()), L"Pa55-word");
}

TEST(Secret, ScrubMemoryZeroesEveryByte) {
  char buffer[] = "Pa55-word";
  ScrubMemory(buffer, sizeof buffer);
  for (char c : buffer) EXPECT_EQ(c, '\0');
}

}  // namespace
}  // namespace bitscts::com
