// Internal: the run's JUnit file on disk. It is rewritten whole as each scenario starts and ends,
// through a file beside it that is then renamed over it, so that whoever reads it, and whatever
// ends the run (a timeout, SIGTERM, SIGKILL, a crash), finds a complete, valid document.
#pragma once

#include <string>
#include <string_view>

#include "bitscts/scenario.h"
#include "run_report.h"

namespace bitscts::runner {

// Returns the record of a scenario that had started and not finished when the run ended: an
// `error` whose message says that the run ended during it, and whose evidence says where to look.
CaseRecord InterruptedCase(const ScenarioInfo& scenario);

// Replaces the file at `path` with `content`: writes "<path>.partial" and renames it over `path`,
// so that `path` holds the old content or the new one, never a part. Returns "" or a one-line
// reason; on failure `path` is unchanged.
std::string ReplaceFile(const std::string& path, std::string_view content);

// Replaces the file at `path` with the JUnit document of `report`, plus, when `running` is given,
// that scenario as interrupted (see InterruptedCase). Returns "" or a one-line reason.
std::string WriteJUnitFile(const std::string& path, const RunReport& report,
                           const ScenarioInfo* running = nullptr);

}  // namespace bitscts::runner
