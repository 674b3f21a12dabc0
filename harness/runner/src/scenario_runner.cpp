#include "scenario_runner.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <iostream>
#include <optional>

#include "bitscts/agent/agent_fault.h"

namespace bitscts::runner {
namespace {

// What the scenario did before expectations are applied.
struct Observation {
  Verdict verdict = Verdict::kPass;
  std::string message;
  std::string details;
  std::optional<Feature> absent_feature;  // set when a probe made the scenario unsupported
  bool other_version = false;             // unsupported because it is about another version
  std::string first_file;                 // location of the first failed check, if any
  int first_line = 0;
};

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

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
      observation.verdict = Verdict::kUnsupported;
      observation.message = unsupported.what();
      observation.absent_feature = unsupported.feature();
      observation.other_version = unsupported.why() == Inapplicability::kOtherVersion;
    } catch (const TimeoutError& timeout) {
      observation.verdict = Verdict::kTimeout;
      observation.message = timeout.what();
    } catch (const EnvironmentError& environment) {
      observation.verdict = Verdict::kError;
      observation.message = environment.what();
    } catch (const std::exception& exception) {
      observation.verdict = Verdict::kError;
      observation.message = std::string("unexpected exception: ") + exception.what();
    }
  }
  for (int i = 0; i < failures.size(); ++i) {
    const testing::TestPartResult& part = failures.GetTestPartResult(i);
    if (!part.failed()) continue;
    if (observation.first_file.empty() && part.file_name() != nullptr) {
      observation.first_file = part.file_name();
      observation.first_line = part.line_number();
    }
    observation.details += std::string(part.file_name() ? part.file_name() : "?") + ":" +
                           std::to_string(part.line_number()) + ": " + part.message() + "\n";
  }
  if (!observation.details.empty() && observation.verdict == Verdict::kPass) {
    observation.verdict = Verdict::kFail;
    observation.message = FirstLine(observation.details);
  } else if (!observation.details.empty() && observation.verdict == Verdict::kUnsupported) {
    // A check failed before the scenario found its precondition absent: that is a failure.
    observation.message = "failed before becoming unsupported (" + observation.message + ")";
    observation.verdict = Verdict::kFail;
  }
  return observation;
}

// Makes a fault of an agent process the scenario's verdict: the environment failed, not the
// target, whatever the scenario's checks concluded from the calls the fault broke.
void ApplyAgentFault(Observation& observation) {
  const std::optional<agent::AgentFault> fault = agent::TakeAgentFault();
  if (!fault) return;
  observation.verdict = fault->kind == agent::AgentFaultKind::kHung ? Verdict::kTimeout : Verdict::kError;
  observation.message = FirstLine(fault->evidence);
  observation.details = fault->evidence + "\n" + observation.details;
}

// Reports a failure at the failed check's location, or at the scenario's definition.
void ReportFailure(const CaseRecord& record, const std::string& file, int line) {
  const char* where_file = file.empty() ? record.info.file : file.c_str();
  const int where_line = file.empty() ? record.info.line : line;
  ADD_FAILURE_AT(where_file, where_line) << Name(record.verdict) << ": " << record.message << "\n"
                                         << record.details << "evidence:\n" << record.evidence;
}

// Test-only (--test-only-hang-in): says on stderr that the run hangs in `scenario`, then blocks
// until the process is killed.
[[noreturn]] void HangUntilKilled(const std::string& scenario) {
  std::cerr << "bitscts: --test-only-hang-in: hanging in " << scenario << " until killed" << std::endl;
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
      case Verdict::kXfail:
        GTEST_SKIP() << verdict << ": " << record.message;
      case Verdict::kFail:
      case Verdict::kXpass:
      case Verdict::kTimeout:
      case Verdict::kError:
        ReportFailure(record, file, line);
        break;
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

CaseRecord RunScenario(const RegisteredScenario& scenario, RunContext& run, std::string* failure_file,
                       int* failure_line) {
  const auto started = std::chrono::steady_clock::now();
  if (const std::optional<agent::AgentFault> late = agent::TakeAgentFault()) {
    // A fault during an earlier scenario's last cleanup is not this scenario's; it is still said.
    std::cerr << "bitscts: an agent failed after its scenario had ended: " << FirstLine(late->evidence) << "\n";
  }
  Scenario context(run.target(), run.capabilities(), run.server(), run.scratch(), scenario.info.id());
  Observation observation = Observe(scenario, context);
  context.CollectFinalEvidence();
  ApplyAgentFault(observation);
  if (failure_file != nullptr) *failure_file = observation.first_file;
  if (failure_line != nullptr) *failure_line = observation.first_line;

  CaseRecord record;
  record.info = scenario.info;
  record.details = observation.details;
  record.evidence = context.evidence().Text();

  const Expectation* expectation = run.expectations().Find(scenario.info.id());
  // A `pass` entry says nothing about a scenario the target cannot run: a needs: entry does.
  if ((expectation == nullptr || expectation->expected == Verdict::kPass) &&
      observation.verdict == Verdict::kUnsupported && observation.absent_feature) {
    if (const Expectation* needs = run.expectations().FindNeeds(Name(*observation.absent_feature))) {
      expectation = needs;
    }
  }
  if (expectation == nullptr && !observation.other_version) expectation = run.expectations().FindDefault();
  std::string expiry_note;
  if (expectation != nullptr && HasExpired(*expectation, run.today())) {
    expiry_note = "the expectation of line " + std::to_string(expectation->line) + " expired on " +
                  expectation->expires + " and no longer applies";
    expectation = nullptr;
  }
  // A scenario about another version is never a skip of something the target has.
  const bool strict = run.expectations().strict() && !observation.other_version;
  const AppliedVerdict applied = ApplyExpectation(expectation, observation.verdict, strict);
  record.verdict = applied.verdict;
  record.message = observation.message;
  for (const std::string& note : {applied.note, expiry_note}) {
    if (note.empty()) continue;
    record.message += (record.message.empty() ? "" : "; ") + note;
  }
  record.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return record;
}

void RegisterScenarioTests(RunContext* run) {
  for (const RegisteredScenario& scenario : RegisteredScenarios()) {
    testing::RegisterTest(
        scenario.info.family.c_str(), scenario.info.name.c_str(), nullptr, nullptr, scenario.info.file,
        scenario.info.line,
        [scenario, run]() -> testing::Test* {
          if (run == nullptr) return new ListedOnly();
          return new ScenarioTest(scenario, *run);
        });
  }
}

}  // namespace bitscts::runner
