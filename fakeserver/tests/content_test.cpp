#include "bitscts/fakeserver/content.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bitscts::fakeserver {
namespace {

TEST(Content, FillMatchesByteByByteAtEveryAlignment) {
  for (std::uint64_t offset = 0; offset < 17; ++offset) {
    std::vector<std::uint8_t> block(37);
    FillContent(42, offset, block.data(), block.size());
    for (std::size_t i = 0; i < block.size(); ++i) {
      ASSERT_EQ(block[i], ContentByte(42, offset + i)) << "offset " << offset << " index " << i;
    }
  }
}

TEST(Content, DifferentSeedsGiveDifferentBytes) {
  std::vector<std::uint8_t> a(64), b(64);
  FillContent(1, 0, a.data(), a.size());
  FillContent(2, 0, b.data(), b.size());
  EXPECT_NE(a, b);
}

TEST(Content, FirstMismatchFindsTheCorruptedByte) {
  std::string data(10000, '\0');
  FillContent(7, 100, reinterpret_cast<std::uint8_t*>(data.data()), data.size());
  EXPECT_EQ(FirstMismatch(7, 100, data), std::nullopt);
  data[5000] = static_cast<char>(data[5000] ^ 0x01);
  EXPECT_EQ(FirstMismatch(7, 100, data), std::optional<std::uint64_t>(5100));
  EXPECT_EQ(FirstMismatch(8, 100, data), std::optional<std::uint64_t>(100));
}

TEST(Content, PathRoundTrips) {
  const std::string path = ContentPath(123, 4567);
  EXPECT_EQ(path, "/content/123/4567");
  const auto name = ParseContentPath(path);
  ASSERT_TRUE(name.has_value());
  EXPECT_EQ(name->seed, 123u);
  EXPECT_EQ(name->size, 4567u);
}

TEST(Content, MalformedPathsAreRejected) {
  for (const char* path : {"/content/", "/content/1", "/content/x/2", "/content/1/2x", "/other/1/2",
                           "/content/1/99999999999999999999999", "/content//5"}) {
    EXPECT_EQ(ParseContentPath(path).has_value(), false) << path;
  }
}

}  // namespace
}  // namespace bitscts::fakeserver
