// Verdicts: the small registry of scenario outcomes, in the manner of LLVM lit's result codes.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string_view>

namespace bitscts {

enum class Verdict : std::uint8_t {
  kPass,         // behaved as its clauses say
  kFail,         // did not
  kUnsupported,  // a precondition is absent on this target (with the probe's evidence)
  kXfail,        // failed exactly as the target's expectations file says
  kXpass,        // an expected failure passed: the expectation is stale
  kTimeout,      // a wait reached its deadline
  kError,        // the environment or the harness failed, not the target's behaviour
};

// Returns every verdict, in declaration order.
std::span<const Verdict> AllVerdicts();
// Returns the verdict's lowercase name ("xfail").
std::string_view Name(Verdict verdict);
// Parses a lowercase verdict name.
std::optional<Verdict> ParseVerdict(std::string_view name);
// Returns true if and only if the verdict fails a run (fail, xpass, timeout, error).
bool IsFailure(Verdict verdict);

std::ostream& operator<<(std::ostream& out, Verdict verdict);

}  // namespace bitscts
