#include "scenario_runner.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <iostream>
#include <optional>
#include <string>
#include <utility>

#include "bitscts/check_headline.h"
#include "bitscts/decision.h"

namespace bitscts::runner {
namespace {

// Runs the scenario's body and returns how it ended and which of its checks failed; the agent
// fault, if any, is not yet known (it may come with the scenario's cleanup).
Observation Observe(const RegisteredScenario& scenario, Scenario& context) {
  Observation observation;
  testing::TestPartResultArray failures;
  {
    testing::ScopedFakeTestPartResultReporter intercept(
        testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    try {
      context.Admit(scenario.info.meta);
      scenario.body(context);
    } catch (const UnsupportedError& unsupported) {
      observation.ending = unsupported.why() == Inapplicability::kOtherVersion
                               ? Ending::kNotApplicable
                               : Ending::kUnsupported;
      observation.reason = unsupported.what();
      observation.absent_feature = unsupported.feature();
    } catch (const TimeoutError& timeout) {
      observation.ending = Ending::kTimedOut;
      observation.reason = timeout.what();
    } catch (const EnvironmentError& environment) {
      observation.ending = Ending::kEnvironmentFailed;
      observation.reason = environment.what();
    } catch (const std::exception& exception) {
      observation.ending = Ending::kThrew;
      observation.reason = exception.what();
    }
  }
  for (int i = 0; i < failures.size(); ++i) {
    const testing::TestPartResult& part = failures.GetTestPartResult(i);
    if (!part.failed()) continue;
    const std::string file =
        part.file_name() != nullptr ? RelativeToRoot(part.file_name(), BITSCTS_SOURCE_ROOT) : "";
    observation.failed_checks.push_back({file, part.line_number(), part.message()});
  }
  return observation;
}

// Reports a failure at the failed check's location, or at the scenario's definition.
void ReportFailure(const CaseRecord& record, const std::string& file, int line) {
  const char* where_file = file.empty() ? record.info.file : file.c_str();
  const int where_line = file.empty() ? record.info.line : line;
  ADD_FAILURE_AT(where_file, where_line) << Name(record.verdict) << ": " << record.message << "\n"
                                         << record.details << "evidence:\n"
                                         << record.evidence;
}

// Test-only (--test-only-hang-in): says on stderr that the run hangs in `scenario`, then blocks
// until the process is killed.
[[noreturn]] void HangUntilKilled(const std::string& scenario) {
  std::cerr << "bitscts: --test-only-hang-in: hanging in " << scenario << " until killed"
            << std::endl;
  std::promise<void> never;
  never.get_future().wait();
  std::abort();  // not reached: nothing fulfils the promise
}

class ScenarioTest : public testing::Test {
 public:
  ScenarioTest(RegisteredScenario scenario, RunContext& run)
      : scenario_(std::move(scenario)), run_(run) {}

  void TestBody() override {
    run_.ScenarioStarting(scenario_.info);
    if (scenario_.info.id() == run_.hang_in()) HangUntilKilled(scenario_.info.id());
    std::string file;
    int line = 0;
    const CaseRecord record = RunScenario(scenario_, run_, &file, &line);
    run_.ScenarioFinished(record);
    const std::string verdict(Name(record.verdict));
    switch (record.verdict) {
      case Verdict::kPass: break;
      case Verdict::kUnsupported:
      case Verdict::kXfail: GTEST_SKIP() << verdict << ": " << record.message;
      case Verdict::kFail:
      case Verdict::kXpass:
      case Verdict::kTimeout:
      case Verdict::kError: ReportFailure(record, file, line); break;
    }
  }

 private:
  RegisteredScenario scenario_;
  RunContext& run_;
};

// Stands in for a scenario when tests are only listed.
class ListedOnly : public testing::Test {
 public:
  void TestBody() override { FAIL() << "bitscts: scenario registered without a run context"; }
};

}  // namespace

CaseRecord RunScenario(const RegisteredScenario& scenario, RunContext& run,
                       std::string* failure_file, int* failure_line) {
  const auto started = std::chrono::steady_clock::now();
  if (const std::optional<AgentFault> late = run.agent_faults().Take()) {
    // A fault between two scenarios is neither's; it is still said.
    const std::string first_line = late->evidence.substr(0, late->evidence.find('\n'));
    std::cerr << "bitscts: an agent failed after its scenario had ended: " << first_line << "\n";
  }
  Observation observation;
  std::string evidence;
  {
    Scenario context(run.target(), run.capabilities(), run.server(), run.scratch(),
                     scenario.info.id());
    observation = Observe(scenario, context);
    context.CollectFinalEvidence();
    evidence = context.evidence().Text();
  }  // the scenario's callers, agents and jobs are released here
  observation.agent_fault = run.agent_faults().Take();
  for (const FailedCheck& check : observation.failed_checks) {
    if (check.file.empty()) continue;
    if (failure_file != nullptr) *failure_file = check.file;
    if (failure_line != nullptr) *failure_line = check.line;
    break;
  }

  const Decision decision =
      Decide(observation, run.expectations(), scenario.info.id(), run.today());
  CaseRecord record;
  record.info = scenario.info;
  record.verdict = decision.verdict;
  record.message = decision.message;
  record.details = decision.details;
  record.evidence = std::move(evidence);
  record.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return record;
}

void RegisterScenarioTests(RunContext* run) {
  for (const RegisteredScenario& scenario : RegisteredScenarios()) {
    testing::RegisterTest(scenario.info.family.c_str(), scenario.info.name.c_str(), nullptr,
                          nullptr, scenario.info.file, scenario.info.line,
                          [scenario, run]() -> testing::Test* {
                            if (run == nullptr) return new ListedOnly();
                            return new ScenarioTest(scenario, *run);
                          });
  }
}

}  // namespace bitscts::runner
