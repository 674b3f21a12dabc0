// Internal: what one run of the runner produced, the input of every report writer.
#pragma once

#include <string>
#include <vector>

#include "bitscts/capabilities.h"
#include "bitscts/scenario.h"
#include "bitscts/target.h"
#include "bitscts/verdict.h"

namespace bitscts::runner {

// One scenario's outcome on the run's target.
struct CaseRecord {
  ScenarioInfo info;
  Verdict verdict = Verdict::kPass;
  std::string message;   // one line: why it is not a plain pass (empty for a pass)
  std::string details;   // failed checks, one per line
  std::string evidence;  // calls, states, server log
  double seconds = 0;
};

struct RunReport {
  TargetDescription target;
  std::string expectations;  // the expectations source applied
  std::string started_at;    // ISO 8601 UTC, "2026-11-23T10:00:00Z"
  std::string hostname;
  std::vector<CaseRecord> cases;
};

}  // namespace bitscts::runner
