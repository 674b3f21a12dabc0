#include "http/byte_ranges.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "text.h"

namespace bitscts::fakeserver::internal {
namespace {

// One range-spec as written: "first-last", "first-" or "-suffix".
struct RangeSpec {
  std::optional<std::uint64_t> first;
  std::optional<std::uint64_t> last;  // for a suffix spec: the suffix length
};

std::optional<std::uint64_t> ParseDigits(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), IsDigit)) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<RangeSpec> ParseSpec(std::string_view text) {
  const std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const std::string_view before = text.substr(0, dash);
  const std::string_view after = text.substr(dash + 1);
  RangeSpec spec;
  if (before.empty()) {
    spec.last = ParseDigits(after);
    return spec.last ? std::optional(spec) : std::nullopt;
  }
  spec.first = ParseDigits(before);
  if (!spec.first) return std::nullopt;
  if (!after.empty()) {
    spec.last = ParseDigits(after);
    if (!spec.last || *spec.last < *spec.first) return std::nullopt;
  }
  return spec;
}

// Returns the part of a `size`-byte representation that `spec` covers, or nullopt if none.
std::optional<ByteRange> Resolve(const RangeSpec& spec, std::uint64_t size) {
  if (size == 0) return std::nullopt;
  if (!spec.first) {
    const std::uint64_t suffix = *spec.last;
    if (suffix == 0) return std::nullopt;
    return ByteRange{size - std::min(suffix, size), size - 1};
  }
  if (*spec.first >= size) return std::nullopt;
  const std::uint64_t last = spec.last ? std::min(*spec.last, size - 1) : size - 1;
  return ByteRange{*spec.first, last};
}

std::vector<ByteRange> SortAndMerge(std::vector<ByteRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const ByteRange& a, const ByteRange& b) { return a.first < b.first; });
  std::vector<ByteRange> merged;
  for (const ByteRange& range : ranges) {
    if (!merged.empty() && range.first <= merged.back().last + 1) {
      merged.back().last = std::max(merged.back().last, range.last);
    } else {
      merged.push_back(range);
    }
  }
  return merged;
}

}  // namespace

RangeSelection SelectRanges(std::string_view header, std::uint64_t size) {
  header = Trim(header, kOptionalWhitespace);
  const std::size_t equals = header.find('=');
  if (equals == std::string_view::npos || !EqualsIgnoringCase(header.substr(0, equals), "bytes")) {
    return {};
  }
  std::vector<RangeSpec> specs;
  for (std::string_view element : Split(header.substr(equals + 1), ',')) {
    element = Trim(element, kOptionalWhitespace);
    if (element.empty()) continue;  // the list syntax allows empty elements
    const auto spec = ParseSpec(element);
    if (!spec || specs.size() == kMaxRanges) return {};
    specs.push_back(*spec);
  }
  if (specs.empty()) return {};

  std::vector<ByteRange> satisfiable;
  for (const RangeSpec& spec : specs) {
    if (const auto range = Resolve(spec, size)) satisfiable.push_back(*range);
  }
  if (satisfiable.empty()) return {RangeOutcome::kUnsatisfiable, {}};
  return {RangeOutcome::kPartial, SortAndMerge(std::move(satisfiable))};
}

}  // namespace bitscts::fakeserver::internal
