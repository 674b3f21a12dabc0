// The verdict decision: what the runner observed of one scenario, with the target's
// expectations and the run's date, decides the verdict and the message the report shows. It is
// one pure function (no I/O, no clock), so that a table of rows tests every outcome, as LLVM lit
// tests its result codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/agent_fault.h"
#include "bitscts/capabilities.h"
#include "bitscts/expectations.h"
#include "bitscts/verdict.h"

namespace bitscts {

// How a scenario's body ended.
enum class Ending : std::uint8_t {
  kReturned,           // it ran to its end (its checks may still have failed)
  kUnsupported,        // a precondition is absent on the target (Scenario::Require, Unsupported)
  kNotApplicable,      // it is about another version or platform (Scenario::NotApplicable)
  kTimedOut,           // a wait reached its deadline (TimeoutError)
  kEnvironmentFailed,  // the environment, not the target, stopped it (EnvironmentError)
  kThrew,              // any other exception
};

// A GoogleTest check that failed.
struct FailedCheck {
  std::string file;  // "" when unknown
  int line = 0;
  std::string message;
};

// Everything the runner observed of one scenario.
struct Observation {
  Ending ending = Ending::kReturned;
  std::string reason;                     // the exception's message, for every ending but kReturned
  std::optional<Feature> absent_feature;  // kUnsupported: the feature a probe found absent, if any
  std::vector<FailedCheck> failed_checks;  // in the order they failed
  // The first fault of an agent during the scenario, its final evidence or its teardown.
  std::optional<AgentFault> agent_fault;
};

// The verdict and what the report shows of it.
struct Decision {
  Verdict verdict = Verdict::kPass;
  // One line: what was seen (the agent fault's, the exception's, or the first failed check's
  // "file:line: " and its CheckHeadline),
  // then "; " and the expectation's note, then "; " and the expiry note, each when there is one.
  std::string message;
  // The agent fault's evidence, then each failed check as "file:line: message\n".
  std::string details;
};

// Decides the verdict of the scenario `scenario_id` ("<Family>.<Name>") from `observed` and the
// target's `expectations` (its entry, else the `needs:` entry of an absent feature, else the `*`
// entry; strict as the file says), ignoring entries that expired before `today` ("YYYY-MM-DD").
Decision Decide(const Observation& observed, const ExpectationSet& expectations,
                std::string_view scenario_id, std::string_view today);

}  // namespace bitscts
