// Internal: everything one run shares: the target, its probed capabilities, the fakeserver,
// the scratch folder, the expectations and the report being built. Its destructor leaves nothing
// behind: it cancels jobs the run left, stops the server and removes the scratch folder.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "bitscts/capabilities.h"
#include "bitscts/expectations.h"
#include "bitscts/fakeserver/server.h"
#include "bitscts/target.h"
#include "options.h"
#include "run_report.h"

namespace bitscts::runner {

class RunContext {
 public:
  // Starts the fakeserver, creates and probes the target and loads the expectations; on failure
  // returns a one-line reason, having undone whatever it had started.
  static std::variant<std::unique_ptr<RunContext>, std::string> Start(const Options& options);
  ~RunContext();
  RunContext(const RunContext&) = delete;
  RunContext& operator=(const RunContext&) = delete;

  Target& target() { return *target_; }
  const Capabilities& capabilities() const { return capabilities_; }
  fakeserver::Server& server() { return *server_; }
  const std::string& scratch() const { return scratch_; }
  const ExpectationSet& expectations() const { return expectations_; }
  RunReport& report() { return report_; }
  // Returns the run's start date, "YYYY-MM-DD" (UTC), against which expectations expire.
  std::string today() const { return report_.started_at.substr(0, 10); }

 private:
  RunContext() = default;

  std::unique_ptr<fakeserver::Server> server_;
  std::string scratch_;
  std::unique_ptr<Target> target_;
  Capabilities capabilities_;
  ExpectationSet expectations_;
  RunReport report_;
};

// Returns the built-in expectations text for a target family (empty if it has none).
std::string_view BuiltInExpectations(std::string_view family);

}  // namespace bitscts::runner
