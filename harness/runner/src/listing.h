// Internal: the runner's informational outputs (--list, --clauses, --model-readings).
#pragma once

#include <ostream>
#include <string_view>

namespace bitscts::runner {

// Prints every scenario with the clauses it checks and the features it needs.
void PrintScenarioList(std::ostream& out);
// Prints the coverage table: every clause of the catalogue with its kind and the scenarios that
// name it, then any clause a scenario names that the catalogue lacks.
void PrintClauseTable(std::ostream& out);
// Checks coverage; returns 0 if every `api` clause is named by a scenario and every clause a
// scenario names is in the catalogue, else prints each problem on one line and returns 1.
int CheckClauses(std::ostream& out);

// Returns the text of scenarios/clauses.catalog (embedded at build time).
std::string_view BuiltInClauseCatalog();
// Prints the model's reading of every unclear clause; returns the process exit code.
int PrintModelReadings(std::ostream& out);

}  // namespace bitscts::runner
