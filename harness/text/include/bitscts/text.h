// ASCII text helpers: trimming, lowering and comparing without regard to case. Header-only and
// without dependencies, so that the harness, the reports and the fakeserver all use these ones.
// Case follows ASCII whatever the locale: the suite compares protocol words, account, service and
// registry names, never natural-language text.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace bitscts {

// The characters std::isspace accepts in the "C" locale.
inline constexpr std::string_view kAsciiWhitespace = " \t\n\v\f\r";

// Returns `text` without the leading and trailing characters that are in `characters`.
constexpr std::string_view Trim(std::string_view text,
                                std::string_view characters = kAsciiWhitespace) {
  const std::size_t first = text.find_first_not_of(characters);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(characters) - first + 1);
}

// Returns `c` lowered if it is an ASCII capital letter, otherwise `c` (char or wchar_t).
template <typename Char>
constexpr Char LowerAscii(Char c) {
  return c >= Char('A') && c <= Char('Z') ? static_cast<Char>(c - Char('A') + Char('a')) : c;
}

// Returns `c` raised if it is an ASCII small letter, otherwise `c`.
constexpr char UpperAscii(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// Returns `text` with its ASCII capital letters lowered.
inline std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), LowerAscii<char>);
  return lower;
}

// Returns `text` with its ASCII small letters raised.
inline std::string Upper(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(), UpperAscii);
  return upper;
}

namespace text_detail {  // what the two EqualsIgnoringCase share
template <typename Char>
constexpr bool SameIgnoringCase(std::basic_string_view<Char> a, std::basic_string_view<Char> b) {
  const auto same = [](Char x, Char y) { return LowerAscii(x) == LowerAscii(y); };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same);
}
}  // namespace text_detail

// Returns true if and only if `a` and `b` are equal ignoring ASCII case.
constexpr bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return text_detail::SameIgnoringCase(a, b);
}
constexpr bool EqualsIgnoringCase(std::wstring_view a, std::wstring_view b) {
  return text_detail::SameIgnoringCase(a, b);
}

// Returns true if and only if `text` starts with `prefix`, ignoring ASCII case.
constexpr bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoringCase(text.substr(0, prefix.size()), prefix);
}

}  // namespace bitscts
