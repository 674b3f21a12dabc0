// The verdicts a bitscts run records for a scenario on a target, and what each one means for a
// report: whether it counts as a failure and which JUnit element carries it.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace bitscts::report {

enum class Verdict {
  kPass,
  kFail,
  kUnsupported,
  kXfail,
  kXpass,
  kTimeout,
  kError,
};

// Returns every verdict, in the order reports list them.
std::span<const Verdict> AllVerdicts();
// Returns the verdict's name as written in JUnit files and expectations ("unsupported").
std::string_view Name(Verdict verdict);
// Parses a verdict name; nullopt if the text names no verdict.
std::optional<Verdict> ParseVerdict(std::string_view name);
// Returns true if and only if the verdict fails a run: fail, xpass, timeout or error.
bool IsFailure(Verdict verdict);

}  // namespace bitscts::report
