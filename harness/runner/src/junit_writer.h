// Internal: the JUnit document of a run, valid against the Jenkins JUnit 4 schema. Suites are
// "<target id>.<family>", so that runs of different targets merge without collisions; each case
// carries its verdict in `status` and its clauses, documentation and evidence in <system-out>.
#pragma once

#include <ostream>

#include "run_report.h"

namespace bitscts::runner {

// Writes `report` as a JUnit XML document.
void WriteJUnit(const RunReport& report, std::ostream& out);

}  // namespace bitscts::runner
