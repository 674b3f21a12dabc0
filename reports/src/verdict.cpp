#include "bitscts/report/verdict.h"

#include <array>

namespace bitscts::report {
namespace {

struct VerdictInfo {
  Verdict verdict;
  std::string_view name;
  bool is_failure;
};

constexpr std::array<VerdictInfo, 7> kVerdicts{{
    {Verdict::kPass, "pass", false},
    {Verdict::kFail, "fail", true},
    {Verdict::kUnsupported, "unsupported", false},
    {Verdict::kXfail, "xfail", false},
    {Verdict::kXpass, "xpass", true},
    {Verdict::kTimeout, "timeout", true},
    {Verdict::kError, "error", true},
}};

constexpr std::array<Verdict, 7> kOrder{Verdict::kPass,  Verdict::kFail,    Verdict::kUnsupported, Verdict::kXfail,
                                        Verdict::kXpass, Verdict::kTimeout, Verdict::kError};

const VerdictInfo& Info(Verdict verdict) {
  for (const auto& info : kVerdicts) {
    if (info.verdict == verdict) return info;
  }
  return kVerdicts.back();
}

}  // namespace

std::span<const Verdict> AllVerdicts() { return kOrder; }

std::string_view Name(Verdict verdict) { return Info(verdict).name; }

std::optional<Verdict> ParseVerdict(std::string_view name) {
  for (const auto& info : kVerdicts) {
    if (info.name == name) return info.verdict;
  }
  return std::nullopt;
}

bool IsFailure(Verdict verdict) { return Info(verdict).is_failure; }

}  // namespace bitscts::report
