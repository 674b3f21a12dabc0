// Internal: the JUnit document of a run, written by the JUnit module's one writer (junit::Write).
// Suites are "<target id>.<family>", so that runs of different targets merge without collisions;
// each suite carries the target's bitscts.* properties; each case carries its verdict in `status`
// and its clauses, documentation, checks and evidence in <system-out> (bitscts/junit/system_out.h).
// Each clause id comes with its statement and first source from the clause catalogue, in
// <system-out> and in the text of a <failure>, the two places JUnit viewers show.
#pragma once

#include "bitscts/junit/document.h"
#include "clause_catalog.h"
#include "run_report.h"

namespace bitscts::runner {

// Returns the JUnit document of `report`; clause ids are explained from `clauses`.
junit::Document JUnitDocument(const RunReport& report,
                              const ClauseCatalog& clauses = BuiltInCatalog());

}  // namespace bitscts::runner
