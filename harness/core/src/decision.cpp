#include "bitscts/decision.h"

#include "bitscts/check_headline.h"

namespace bitscts {
namespace {

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

// The verdict of what the scenario did, before expectations are applied.
struct Seen {
  Verdict verdict = Verdict::kPass;
  std::string message;
  std::string details;
};

// Returns the verdict of the body's ending and its checks, overruled by an agent's fault: then
// the environment failed, not the target, whatever the checks concluded from the calls it broke.
Seen SeenOf(const Observation& observed) {
  Seen seen;
  switch (observed.ending) {
    case Ending::kReturned: break;
    case Ending::kUnsupported:
    case Ending::kNotApplicable: seen = {Verdict::kUnsupported, observed.reason, {}}; break;
    case Ending::kTimedOut: seen = {Verdict::kTimeout, observed.reason, {}}; break;
    case Ending::kEnvironmentFailed: seen = {Verdict::kError, observed.reason, {}}; break;
    case Ending::kThrew:
      seen = {Verdict::kError, "unexpected exception: " + observed.reason, {}};
      break;
  }
  for (const FailedCheck& check : observed.failed_checks) {
    seen.details += (check.file.empty() ? "?" : check.file) + ":" + std::to_string(check.line) +
                    ": " + check.message + "\n";
  }
  if (!seen.details.empty() && seen.verdict == Verdict::kPass) {
    const FailedCheck& first = observed.failed_checks.front();
    seen.verdict = Verdict::kFail;
    seen.message = (first.file.empty() ? "?" : first.file) + ":" + std::to_string(first.line) +
                   ": " + CheckHeadline(first.message);
  } else if (!seen.details.empty() && seen.verdict == Verdict::kUnsupported) {
    // A check failed before the scenario found its precondition absent: that is a failure.
    seen.message = "failed before becoming unsupported (" + seen.message + ")";
    seen.verdict = Verdict::kFail;
  }
  if (const std::optional<AgentFault>& fault = observed.agent_fault) {
    seen.verdict = fault->kind == AgentFaultKind::kHung ? Verdict::kTimeout : Verdict::kError;
    seen.message = FirstLine(fault->evidence);
    seen.details = fault->evidence + "\n" + seen.details;
  }
  return seen;
}

// Returns the entry that applies to the scenario: its own; for a scenario unsupported for an
// absent feature, that feature's `needs:` entry unless its own expects more (a `pass` entry says
// nothing about a scenario the target cannot run); else `*`. A scenario about another version
// meets only an own entry that expects it unsupported: a file serves every build of its target
// family, and its other entries speak of builds where the scenario runs. Null when none applies.
const Expectation* EntryFor(const ExpectationSet& expectations, std::string_view scenario_id,
                            const Seen& seen, const Observation& observed) {
  const Expectation* entry = expectations.Find(scenario_id);
  if (observed.ending == Ending::kNotApplicable) {
    return entry != nullptr && entry->expected == Verdict::kUnsupported ? entry : nullptr;
  }
  if ((entry == nullptr || entry->expected == Verdict::kPass) &&
      seen.verdict == Verdict::kUnsupported && observed.absent_feature) {
    if (const Expectation* needs = expectations.FindNeeds(Name(*observed.absent_feature)))
      entry = needs;
  }
  if (entry == nullptr) entry = expectations.FindDefault();
  return entry;
}

// The verdict once an entry is applied, and why it differs from the one seen.
struct Applied {
  Verdict verdict;
  std::string note;  // empty when the verdict seen stands unchanged
};

// Applies `entry` (null if none applies) to the verdict seen (pass, fail, unsupported, timeout or
// error).
Applied Apply(const Expectation* entry, Verdict seen, bool strict) {
  if (entry == nullptr) {
    if (seen == Verdict::kUnsupported && strict) {
      return {Verdict::kFail,
              "unsupported here, but the expectations file is strict and has no entry"};
    }
    return {seen, {}};
  }
  const std::string expected_text = "expected " + std::string(Name(entry->expected)) + " (" +
                                    entry->reason + "; " + entry->link + ")";
  if (seen == Verdict::kPass && entry->expected == Verdict::kPass)
    return {Verdict::kPass, expected_text};
  const bool any_failure_expected = entry->scenario_id == ExpectationSet::kAnyScenario;
  if (any_failure_expected && (seen == Verdict::kTimeout || seen == Verdict::kError)) {
    return {Verdict::kXfail, "got " + std::string(Name(seen)) + ", " + expected_text};
  }
  if (seen == entry->expected) {
    if (seen == Verdict::kUnsupported) return {Verdict::kUnsupported, expected_text};
    return {Verdict::kXfail, expected_text};
  }
  if (seen == Verdict::kPass) return {Verdict::kXpass, "passed, but " + expected_text};
  const std::string note = "got " + std::string(Name(seen)) + ", but " + expected_text;
  return {IsFailure(seen) ? seen : Verdict::kFail, note};
}

}  // namespace

Decision Decide(const Observation& observed, const ExpectationSet& expectations,
                std::string_view scenario_id, std::string_view today) {
  const Seen seen = SeenOf(observed);
  const Expectation* entry = EntryFor(expectations, scenario_id, seen, observed);
  std::string expiry_note;
  if (entry != nullptr && HasExpired(*entry, today)) {
    expiry_note = "the expectation of line " + std::to_string(entry->line) + " expired on " +
                  entry->expires + " and no longer applies";
    entry = nullptr;
  }
  // A scenario about another version is never a skip of something the target has.
  const bool strict = expectations.strict() && observed.ending != Ending::kNotApplicable;
  const Applied applied = Apply(entry, seen.verdict, strict);
  Decision decision{applied.verdict, seen.message, seen.details};
  for (const std::string& note : {applied.note, expiry_note}) {
    if (note.empty()) continue;
    decision.message += (decision.message.empty() ? "" : "; ") + note;
  }
  return decision;
}

}  // namespace bitscts
