// Internal to the fakeserver: the meaning of a Range request header (RFC 9110 section 14.2)
// for a representation of a known size. Not part of the public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace bitscts::fakeserver::internal {

// An inclusive span [first, last] of byte offsets.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;

  // Returns the number of bytes the range spans.
  std::uint64_t length() const { return last - first + 1; }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// A header asking for more ranges than this is answered as if it asked for none.
inline constexpr std::size_t kMaxRanges = 16;

enum class RangeOutcome {
  kWhole,          // serve the whole representation with 200
  kPartial,        // serve `ranges` with 206
  kUnsatisfiable,  // answer 416 with "Content-Range: bytes */size"
};

struct RangeSelection {
  RangeOutcome outcome = RangeOutcome::kWhole;
  std::vector<ByteRange> ranges;  // non-empty, sorted, disjoint and non-adjacent for kPartial
};

// Returns what `header` (the Range header's value; empty when absent) selects from a
// representation of `size` bytes. A header that is malformed, uses a unit other than bytes or
// lists more than kMaxRanges ranges selects the whole representation; one whose ranges all
// start past the end is unsatisfiable; otherwise the satisfiable ranges are clipped to the end,
// sorted, and overlapping or adjacent ones are merged.
RangeSelection SelectRanges(std::string_view header, std::uint64_t size);

}  // namespace bitscts::fakeserver::internal
