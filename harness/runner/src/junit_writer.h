// Internal: the JUnit document of a run, valid against the Jenkins JUnit 4 schema. Suites are
// "<target id>.<family>", so that runs of different targets merge without collisions; each case
// carries its verdict in `status` and its clauses, documentation and evidence in <system-out>.
// Each clause id comes with its statement and first source from the clause catalogue, in
// <system-out> and in the body of a <failure>, the two places JUnit viewers show.
#pragma once

#include <ostream>

#include "clause_catalog.h"
#include "run_report.h"

namespace bitscts::runner {

// Writes `report` as a JUnit XML document; clause ids are explained from `clauses`.
void WriteJUnit(const RunReport& report, std::ostream& out, const ClauseCatalog& clauses = BuiltInCatalog());

}  // namespace bitscts::runner
