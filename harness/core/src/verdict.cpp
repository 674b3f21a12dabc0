#include "bitscts/verdict.h"

#include <array>

namespace bitscts {
namespace {

struct VerdictEntry {
  Verdict verdict;
  std::string_view name;
  bool is_failure;
};

constexpr std::array<VerdictEntry, 7> kVerdicts{{
    {Verdict::kPass, "pass", false},
    {Verdict::kFail, "fail", true},
    {Verdict::kUnsupported, "unsupported", false},
    {Verdict::kXfail, "xfail", false},
    {Verdict::kXpass, "xpass", true},
    {Verdict::kTimeout, "timeout", true},
    {Verdict::kError, "error", true},
}};

const VerdictEntry& Entry(Verdict verdict) {
  for (const VerdictEntry& entry : kVerdicts) {
    if (entry.verdict == verdict) return entry;
  }
  return kVerdicts[static_cast<std::size_t>(Verdict::kError)];
}

constexpr std::array<Verdict, 7> kAllVerdicts{Verdict::kPass,        Verdict::kFail,
                                              Verdict::kUnsupported, Verdict::kXfail,
                                              Verdict::kXpass,       Verdict::kTimeout,
                                              Verdict::kError};

}  // namespace

std::span<const Verdict> AllVerdicts() { return kAllVerdicts; }

std::string_view Name(Verdict verdict) { return Entry(verdict).name; }

bool IsFailure(Verdict verdict) { return Entry(verdict).is_failure; }

std::optional<Verdict> ParseVerdict(std::string_view name) {
  for (const VerdictEntry& entry : kVerdicts) {
    if (entry.name == name) return entry.verdict;
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, Verdict verdict) { return out << Name(verdict); }

}  // namespace bitscts
