#include "http/request_path.h"

#include <gtest/gtest.h>

#include <fstream>

namespace bitscts::fakeserver::internal {
namespace {

TEST(DecodeRequestPath, DecodesEscapesAndDropsTheQuery) {
  EXPECT_EQ(DecodeRequestPath("/a%20b/c?x=1"), std::optional<std::string>("/a b/c"));
  EXPECT_EQ(DecodeRequestPath("/files/%41"), std::optional<std::string>("/files/A"));
  EXPECT_EQ(DecodeRequestPath("/"), std::optional<std::string>("/"));
}

TEST(DecodeRequestPath, RefusesTraversalInEveryForm) {
  for (const char* target :
       {"/files/../etc/passwd", "/files/%2e%2e/x", "/files/%2E%2e/x", "/files/.%2e/x", "/files/..",
        "/files/./a", "/files/a%2f..%2fb", "/files/..%5cx", "/files\\..\\x", "files/a",
        "http://host/files/a", "*", "/a%00b", "/a%0d%0ab", "/a%", "/a%4", "/a%zz"}) {
    EXPECT_EQ(DecodeRequestPath(target), std::nullopt) << target;
  }
}

TEST(IsSafeRelativePath, AcceptsPlainNestedNames) {
  EXPECT_TRUE(IsSafeRelativePath("a.bin"));
  EXPECT_TRUE(IsSafeRelativePath("dir/sub/file.txt"));
  EXPECT_TRUE(IsSafeRelativePath("..hidden"));
}

TEST(IsSafeRelativePath, RefusesEscapesAndOddNames) {
  for (const char* path :
       {"", "/etc/passwd", "a//b", "a/", "../x", "a/./b", "C:/x", "C:x", "a:stream", "a\\b",
        "a\x01"
        "b"}) {
    EXPECT_FALSE(IsSafeRelativePath(path)) << path;
  }
}

class ResolveBelowTest : public testing::Test {
 protected:
  void SetUp() override {
    base_ = std::filesystem::temp_directory_path() /
            ("bitscts-resolve-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(base_ / "served" / "sub");
    std::ofstream(base_ / "served" / "sub" / "inside.txt") << "inside";
    std::ofstream(base_ / "outside.txt") << "outside";
    root_ = std::filesystem::canonical(base_ / "served");
  }
  void TearDown() override { std::filesystem::remove_all(base_); }

  std::filesystem::path base_;
  std::filesystem::path root_;
};

TEST_F(ResolveBelowTest, FindsAFileInsideTheFolder) {
  const auto found = ResolveBelow(root_, "sub/inside.txt");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, root_ / "sub" / "inside.txt");
}

TEST_F(ResolveBelowTest, FindsNothingForMissingFilesFoldersAndEscapes) {
  EXPECT_EQ(ResolveBelow(root_, "sub/missing.txt"), std::nullopt);
  EXPECT_EQ(ResolveBelow(root_, "sub"), std::nullopt);
  EXPECT_EQ(ResolveBelow(root_, "../outside.txt"), std::nullopt);
}

TEST_F(ResolveBelowTest, RefusesALinkThatLeadsOutOfTheFolder) {
  std::error_code error;
  std::filesystem::create_symlink(base_ / "outside.txt", root_ / "link.txt", error);
  if (error) GTEST_SKIP() << "this system cannot create symbolic links: " << error.message();
  EXPECT_EQ(ResolveBelow(root_, "link.txt"), std::nullopt);
}

}  // namespace
}  // namespace bitscts::fakeserver::internal
