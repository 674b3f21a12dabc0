// Internal: everything one run shares: the target, its probed capabilities, the fakeserver,
// the scratch folder, the expectations and the report being built, which it keeps on disk as the
// scenarios start and end. Its destructor leaves nothing behind but the report: it cancels jobs
// the run left, stops the server and removes the scratch folder.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>

#include "bitscts/agent_fault.h"
#include "bitscts/capabilities.h"
#include "bitscts/expectations.h"
#include "bitscts/fakeserver/server.h"
#include "bitscts/target.h"
#include "options.h"
#include "run_report.h"

namespace bitscts::runner {

class RunContext {
 public:
  // Wraps the target the options name in another (tests put a decorator around it).
  using TargetDecorator = std::function<std::unique_ptr<Target>(std::unique_ptr<Target>)>;

  // Starts the fakeserver, creates the target (wrapped by `decorate`, if any), probes it and loads
  // the expectations; on failure returns a one-line reason, having undone whatever it had started.
  static std::variant<std::unique_ptr<RunContext>, std::string> Start(
      const Options& options, const TargetDecorator& decorate = nullptr);
  ~RunContext();
  RunContext(const RunContext&) = delete;
  RunContext& operator=(const RunContext&) = delete;

  Target& target() { return *target_; }
  const Capabilities& capabilities() const { return capabilities_; }
  fakeserver::Server& server() { return *server_; }
  const std::string& scratch() const { return scratch_; }
  const ExpectationSet& expectations() const { return expectations_; }
  // Returns where the target reports its agents' faults; the runner takes them per scenario.
  FirstAgentFault& agent_faults() { return *agent_faults_; }
  const RunReport& report() const { return report_; }
  // Returns the JUnit file, "<report dir>/bitscts-<target id>.xml", or "" with --no-report.
  const std::string& report_path() const { return report_path_; }
  // Returns the scenario the run must hang in (--test-only-hang-in), or "".
  const std::string& hang_in() const { return hang_in_; }

  // Records that `scenario` starts: the report file now lists it as an `error` saying that the
  // run ended during it, after every finished scenario, so that a run killed now leaves that.
  void ScenarioStarting(const ScenarioInfo& scenario);
  // Records a finished scenario: the report file now lists `record` in place of the interrupted
  // case. A report file that cannot be written is said once on stderr; the run goes on.
  void ScenarioFinished(CaseRecord record);
  // Rewrites the report file with every finished scenario; returns "" or a one-line reason.
  std::string WriteReport();
  // Returns the run's start date, "YYYY-MM-DD" (UTC), against which expectations expire.
  std::string today() const { return report_.started_at.substr(0, 10); }

 private:
  RunContext() = default;

  std::unique_ptr<fakeserver::Server> server_;
  std::string scratch_;
  std::shared_ptr<FirstAgentFault> agent_faults_ = std::make_shared<FirstAgentFault>();
  std::unique_ptr<Target> target_;
  Capabilities capabilities_;
  ExpectationSet expectations_;
  RunReport report_;
  std::string report_path_;
  bool report_failure_said_ = false;
  std::string hang_in_;

  // Writes the report file (if any) with `running` as interrupted; says a first failure.
  void UpdateReportFile(const ScenarioInfo* running);
};

// Returns the built-in expectations text for a target family (empty if it has none).
std::string_view BuiltInExpectations(std::string_view family);

}  // namespace bitscts::runner
