#include "http/byte_ranges.h"

#include <gtest/gtest.h>

#include <string>

namespace bitscts::fakeserver::internal {
namespace {

RangeSelection Partial(std::vector<ByteRange> ranges) {
  return {RangeOutcome::kPartial, std::move(ranges)};
}

void ExpectSelects(std::string_view header, std::uint64_t size, const RangeSelection& expected) {
  const RangeSelection got = SelectRanges(header, size);
  EXPECT_EQ(static_cast<int>(got.outcome), static_cast<int>(expected.outcome)) << header;
  EXPECT_EQ(got.ranges, expected.ranges) << header;
}

TEST(SelectRanges, AbsentHeaderSelectsTheWhole) { ExpectSelects("", 100, {}); }

TEST(SelectRanges, ClosedOpenAndSuffixRanges) {
  ExpectSelects("bytes=10-19", 100, Partial({{10, 19}}));
  ExpectSelects("bytes=90-", 100, Partial({{90, 99}}));
  ExpectSelects("bytes=-5", 100, Partial({{95, 99}}));
  ExpectSelects("Bytes=0-0", 100, Partial({{0, 0}}));
}

TEST(SelectRanges, RangesPastTheEndAreClipped) {
  ExpectSelects("bytes=50-1000", 100, Partial({{50, 99}}));
  ExpectSelects("bytes=-1000", 100, Partial({{0, 99}}));
}

TEST(SelectRanges, SeveralRangesAreSortedAndMerged) {
  ExpectSelects("bytes=50-59, 0-9", 100, Partial({{0, 9}, {50, 59}}));
  ExpectSelects("bytes=0-10,5-20,21-30", 100, Partial({{0, 30}}));
  ExpectSelects("bytes=0-,0-,0-", 100, Partial({{0, 99}}));
  ExpectSelects("bytes=0-1,,4-5", 100, Partial({{0, 1}, {4, 5}}));
}

TEST(SelectRanges, UnsatisfiableWhenNoRangeOverlaps) {
  ExpectSelects("bytes=100-200", 100, {RangeOutcome::kUnsatisfiable, {}});
  ExpectSelects("bytes=-0", 100, {RangeOutcome::kUnsatisfiable, {}});
  ExpectSelects("bytes=0-5", 0, {RangeOutcome::kUnsatisfiable, {}});
  ExpectSelects("bytes=200-300,5-6", 100, Partial({{5, 6}}));
}

TEST(SelectRanges, MalformedHeadersSelectTheWhole) {
  for (const char* header :
       {"bytes", "bytes=", "bytes=,", "bytes=5", "bytes=a-b", "bytes=9-1", "bytes=1-2-3",
        "bytes=--1", "items=0-1", "bytes=0x1-2", "bytes=+1-2", "bytes=1 -2",
        "bytes=99999999999999999999-", "bytes=0-1;x", "bytes = 0-1"}) {
    ExpectSelects(header, 100, {});
  }
}

TEST(SelectRanges, TooManyRangesSelectTheWhole) {
  std::string header = "bytes=";
  for (std::size_t i = 0; i <= kMaxRanges; ++i)
    header += std::to_string(i * 2) + "-" + std::to_string(i * 2) + ",";
  ExpectSelects(header, 1000, {});
}

}  // namespace
}  // namespace bitscts::fakeserver::internal
