// Internal: the JUnit document of a run, written by the JUnit module's one writer (junit::Write).
// Suites are "<target id>.<family>", so that runs of different targets merge without collisions;
// each suite carries the target's bitscts.* properties (the writer writes them once per run); each
// case carries its verdict in `status` and its clauses, documentation, checks and evidence in
// <system-out> (bitscts/junit/system_out.h). A case that did not plainly pass also has them in its
// <failure>, <error> or <skipped> (junit::FormatOutcomeText), whose message attribute is the
// one-line reason: the element is all that some consumers read. Each clause id comes with its
// statement and first source from the clause catalogue.
#pragma once

#include "bitscts/junit/document.h"
#include "clause_catalog.h"
#include "run_report.h"

namespace bitscts::runner {

// Returns the JUnit document of `report`; clause ids are explained from `clauses`.
junit::Document JUnitDocument(const RunReport& report,
                              const ClauseCatalog& clauses = BuiltInCatalog());

}  // namespace bitscts::runner
