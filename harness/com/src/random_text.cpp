#include "random_text.h"

#include <string_view>
#include <utility>

#include "bitscts/com/accounts.h"

namespace bitscts::com {
namespace {

constexpr std::wstring_view kUpper = L"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::wstring_view kLower = L"abcdefghijklmnopqrstuvwxyz";
constexpr std::wstring_view kDigits = L"0123456789";
// Symbols that need no quoting in a command line, a URL's user part or a configuration file.
constexpr std::wstring_view kSymbols = L"!#%*+-.:=?@^_~";
constexpr std::wstring_view kAnyCharacter =
    L"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%*+-.:=?@^_~";

}  // namespace

RandomChoices::~RandomChoices() { ScrubMemory(pool_.data(), pool_.size()); }

bool RandomChoices::Refill() {
  if (failed_) return false;
  const HResult result = log_.Add("BCryptGenRandom", FromNtStatus(system_.BCryptGenRandom(pool_)));
  failed_ = result.Failed();
  if (!failed_) used_ = 0;  // after a failure the pool stays used up: its bytes are not random
  return !failed_;
}

std::optional<std::size_t> RandomChoices::Below(std::size_t bound) {
  // Bytes at or above the largest multiple of `bound` are discarded, so every remainder is
  // equally likely.
  const std::size_t limit = 256 - 256 % bound;
  while (true) {
    if (used_ == pool_.size() && !Refill()) return std::nullopt;
    const std::size_t byte = pool_[used_];
    pool_[used_++] = 0;
    if (byte < limit) return byte % bound;
  }
}

std::optional<std::string> RandomAccountName(RandomChoices& random) {
  std::string name(kAccountPrefix);
  for (std::size_t i = 0; i < kAccountSuffixLength; ++i) {
    const std::optional<std::size_t> index = random.Below(kAccountSuffixAlphabet.size());
    if (!index) return std::nullopt;
    name += kAccountSuffixAlphabet[*index];
  }
  return name;
}

std::optional<Secret> RandomPassword(RandomChoices& random) {
  std::array<wchar_t, kPasswordLength> chars{};
  const std::wstring_view classes[] = {kUpper, kLower, kDigits, kSymbols};
  bool complete = true;
  for (std::size_t i = 0; i < chars.size() && complete; ++i) {
    const std::wstring_view alphabet = i < std::size(classes) ? classes[i] : kAnyCharacter;
    const std::optional<std::size_t> index = random.Below(alphabet.size());
    if (index) chars[i] = alphabet[*index];
    complete = index.has_value();
  }
  // Fisher-Yates shuffle, so that the four guaranteed classes sit in random positions.
  for (std::size_t i = chars.size() - 1; i > 0 && complete; --i) {
    const std::optional<std::size_t> j = random.Below(i + 1);
    if (j) std::swap(chars[i], chars[*j]);
    complete = j.has_value();
  }
  std::optional<Secret> password;
  if (complete) password.emplace(std::wstring_view(chars.data(), chars.size()));
  ScrubMemory(chars.data(), sizeof chars);
  return password;
}

}  // namespace bitscts::com
