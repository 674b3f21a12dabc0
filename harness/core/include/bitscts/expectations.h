// Expectations: per target family, which scenarios are known not to pass there and why.
// An expected failure that fails is xfail; one that passes is xpass and fails the run, so stale
// entries cannot pile up (decision.h applies them).
//
// File format, one entry per line ('#' at the start of a line or after a space or tab starts a
// comment, so a link may carry a fragment such as #L123; blank lines are ignored):
//   strict
//   <scenario id> | <verdict> | <reason> | <link> [| expires=YYYY-MM-DD]
//   needs:<feature> | unsupported | <reason> | <link> [| expires=YYYY-MM-DD]
//   * | fail | <reason> | <link>
// `strict` makes an unsupported verdict without an entry a failure (for targets whose
// capabilities are known, such as Wine and the model). <verdict> is the outcome expected:
// unsupported, fail, timeout or error, or pass for an exception to `*`. A `needs:` entry covers
// every scenario that is unsupported because the target lacks that feature (see capabilities.h
// for the names). The `*` entry covers every scenario without an entry of its own that is not
// about another version: it expects the scenario not to pass, and fail, timeout and error all
// meet it (the null target's file says every scenario must fail there).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "bitscts/verdict.h"

namespace bitscts {

struct Expectation {
  std::string scenario_id;  // "<Family>.<Name>", or "needs:<feature>"
  Verdict expected = Verdict::kFail;
  std::string reason;
  std::string link;
  std::string expires;  // "YYYY-MM-DD" or empty
  int line = 0;         // line number in the source file
};

class ExpectationSet {
 public:
  // Returns the entry for a scenario id, or null.
  const Expectation* Find(std::string_view scenario_id) const;
  // Returns the `needs:` entry for a feature name ("token-options"), or null.
  const Expectation* FindNeeds(std::string_view feature_name) const;
  // Returns the `*` entry, or null.
  const Expectation* FindDefault() const { return Find(kAnyScenario); }
  static constexpr std::string_view kAnyScenario = "*";
  // Returns every entry, in file order.
  const std::vector<Expectation>& entries() const { return entries_; }
  // Returns true if and only if the file said `strict`.
  bool strict() const { return strict_; }
  // Returns the name the set was parsed from (a file name).
  const std::string& source() const { return source_; }

 private:
  friend std::variant<ExpectationSet, std::string> ParseExpectations(std::string_view, std::string);
  std::vector<Expectation> entries_;
  bool strict_ = false;
  std::string source_;
};

// Parses an expectations file; on bad input returns a one-line error "source:line: problem".
std::variant<ExpectationSet, std::string> ParseExpectations(std::string_view text,
                                                            std::string source);

// Returns true if and only if `expires` is a date before `today` (both "YYYY-MM-DD").
bool HasExpired(const Expectation& expectation, std::string_view today);

}  // namespace bitscts
