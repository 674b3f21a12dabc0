// Internal: runs one registered scenario against the run's target and gathers what happened,
// which Decide (bitscts/decision.h) turns into its verdict; and registers every scenario with
// GoogleTest.
#pragma once

#include "bitscts/scenario.h"
#include "run_context.h"
#include "run_report.h"

namespace bitscts::runner {

// Runs `scenario`, intercepting its GoogleTest assertion failures, and returns its record; the
// location of the first failed check, if any, goes to `failure_file` and `failure_line`.
CaseRecord RunScenario(const RegisteredScenario& scenario, RunContext& run,
                       std::string* failure_file = nullptr, int* failure_line = nullptr);

// Registers every scenario as a GoogleTest test "<family>.<name>" whose result is its verdict:
// unsupported and xfail are reported as skipped, fail, xpass, timeout and error as failures.
// Each scenario is reported to `run` as it starts and ends (RunContext::ScenarioStarting and
// ScenarioFinished). `run` may be null when tests are only listed.
void RegisterScenarioTests(RunContext* run);

}  // namespace bitscts::runner
