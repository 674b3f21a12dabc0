#include "run_marks.h"

#include "random_text.h"

namespace bitscts::com {

std::optional<std::string> NewRunTag(SystemApi& system, CallLog& log) {
  constexpr std::size_t kLength = 8;
  RandomChoices random(system, log);
  std::string tag;
  while (tag.size() < kLength) {
    const std::optional<std::size_t> index = random.Below(kAccountSuffixAlphabet.size());
    if (!index) return std::nullopt;
    tag += kAccountSuffixAlphabet[*index];
  }
  return tag;
}

bool IsLeftover(std::wstring_view name, std::wstring_view prefix, std::wstring_view own_tag) {
  if (!name.starts_with(prefix)) return false;
  const std::wstring_view rest = name.substr(prefix.size());
  return !(rest.starts_with(own_tag) &&
           (rest.size() == own_tag.size() || rest[own_tag.size()] == L' ' ||
            rest[own_tag.size()] == L'-'));
}

}  // namespace bitscts::com
