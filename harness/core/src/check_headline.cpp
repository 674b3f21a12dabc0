#include "bitscts/check_headline.h"

#include <optional>
#include <vector>

#include "bitscts/text.h"

namespace bitscts {
namespace {

constexpr std::size_t kValueLimit = 120;
constexpr std::string_view kEquality = "Expected equality of these values:";
constexpr std::string_view kValueOf = "Value of: ";
constexpr std::string_view kExpected = "Expected: ";
constexpr std::string_view kActual = "  Actual: ";
constexpr std::string_view kWhichIs = "    Which is: ";
constexpr std::string_view kComparisonActual = ", actual: ";
constexpr std::string_view kTrace = "Google Test trace:";

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// Returns `value` trimmed and cut to kValueLimit characters (never inside a UTF-8 sequence).
std::string Shortened(std::string_view value) {
  value = Trim(value);
  if (value.size() <= kValueLimit) return std::string(value);
  std::size_t cut = kValueLimit;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return std::string(value.substr(0, cut)) + "...";
}

// Returns the first line from `first` on that is not empty and is not part of gtest's diff of
// two strings ("With diff:", "@@ ... @@" and the +/- lines under it), before the scoped traces
// ("Google Test trace:"): the check's own message.
std::optional<std::string_view> OwnMessage(const std::vector<std::string_view>& lines,
                                           std::size_t first) {
  bool in_diff = false;
  for (std::size_t i = first; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line == kTrace) break;
    if (line == "With diff:") {
      in_diff = true;
      continue;
    }
    if (in_diff && (line.starts_with("@@") || line.starts_with("+") || line.starts_with("-") ||
                    line.starts_with(" "))) {
      continue;
    }
    in_diff = false;
    if (!Trim(line).empty()) return Trim(line);
  }
  return std::nullopt;
}

std::string Headline(std::string_view label, std::string_view expected, std::string_view actual) {
  return Shortened(label) + ": expected " + Shortened(expected) + ", was " + Shortened(actual);
}

// "Expected equality of these values:", then each operand ("  expr", maybe "    Which is: v").
std::optional<std::string> EqualityHeadline(const std::vector<std::string_view>& lines) {
  struct Operand {
    std::string_view expression;
    std::string_view value;
  };
  std::vector<Operand> operands;
  std::size_t i = 1;
  for (; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.starts_with(kWhichIs) && !operands.empty()) {
      operands.back().value = line.substr(kWhichIs.size());
    } else if (line.starts_with("  ") && !line.starts_with("   ") && operands.size() < 2) {
      operands.push_back({line.substr(2), line.substr(2)});
    } else {
      break;
    }
  }
  if (operands.size() != 2) return std::nullopt;
  const std::optional<std::string_view> own = OwnMessage(lines, i);
  return Headline(own.value_or(operands[0].expression), operands[1].value, operands[0].value);
}

// "Value of: expr", "Expected: e" and "  Actual: a" in either order (EXPECT_TRUE, EXPECT_THAT).
std::optional<std::string> ValueOfHeadline(const std::vector<std::string_view>& lines) {
  const std::string_view expression = lines[0].substr(kValueOf.size());
  std::optional<std::string_view> expected;
  std::optional<std::string_view> actual;
  std::size_t i = 1;
  for (; i < lines.size() && (!expected || !actual); ++i) {
    const std::string_view line = lines[i];
    if (line.starts_with(kExpected) && !expected) {
      expected = line.substr(kExpected.size());
    } else if (line.starts_with(kActual) && !actual) {
      actual = line.substr(kActual.size());
    } else if (!line.starts_with(" ")) {
      break;
    }
  }
  if (!expected || !actual) return std::nullopt;
  // The lines that continue the actual value or explain the match are indented.
  while (i < lines.size() && lines[i].starts_with(" ")) ++i;
  const std::optional<std::string_view> own = OwnMessage(lines, i);
  return Headline(own.value_or(expression), *expected, *actual);
}

// "Expected: (a) != (b), actual: x vs y" (EXPECT_NE, EXPECT_LT, ...).
std::optional<std::string> ComparisonHeadline(const std::vector<std::string_view>& lines) {
  const std::string_view line = lines[0];
  const std::size_t actual = line.rfind(kComparisonActual);
  if (actual == std::string_view::npos) return std::nullopt;
  const std::string_view comparison = line.substr(kExpected.size(), actual - kExpected.size());
  const std::optional<std::string_view> own = OwnMessage(lines, 1);
  return Headline(own.value_or(comparison), comparison,
                  line.substr(actual + kComparisonActual.size()));
}

}  // namespace

std::string RelativeToRoot(std::string_view path, std::string_view root) {
  const auto is_separator = [](char c) { return c == '/' || c == '\\'; };
  const auto same = [&](char a, char b) {
    if (is_separator(a) && is_separator(b)) return true;
    return LowerAscii(a) == LowerAscii(b);
  };
  const auto with_slashes = [&](std::string_view text) {
    std::string out(text);
    for (char& c : out) {
      if (c == '\\') c = '/';
    }
    return out;
  };
  const bool absolute =
      (!path.empty() && is_separator(path[0])) || (path.size() > 1 && path[1] == ':');
  if (!absolute) {
    // Relative to a build folder inside the source tree: "../../scenarios/flags.cpp".
    while (path.starts_with("../") || path.starts_with("..\\") || path.starts_with("./") ||
           path.starts_with(".\\")) {
      path.remove_prefix(path[1] == '.' ? 3 : 2);
    }
    return with_slashes(path);
  }
  while (!root.empty() && is_separator(root.back())) root.remove_suffix(1);
  if (root.empty() || path.size() <= root.size() + 1) return std::string(path);
  for (std::size_t i = 0; i < root.size(); ++i) {
    if (!same(path[i], root[i])) return std::string(path);
  }
  if (!is_separator(path[root.size()])) return std::string(path);
  return with_slashes(path.substr(root.size() + 1));
}

std::string CheckHeadline(std::string_view message) {
  const std::vector<std::string_view> lines = Lines(message);
  if (lines.empty()) return {};
  std::optional<std::string> headline;
  if (lines[0] == kEquality) {
    headline = EqualityHeadline(lines);
  } else if (lines[0].starts_with(kValueOf)) {
    headline = ValueOfHeadline(lines);
  } else if (lines[0].starts_with(std::string(kExpected) + "(")) {
    headline = ComparisonHeadline(lines);
  } else if (lines[0] == "Failed") {
    headline = std::string(OwnMessage(lines, 1).value_or("Failed"));
  }
  if (headline) return *headline;
  return std::string(OwnMessage(lines, 0).value_or(""));
}

}  // namespace bitscts
