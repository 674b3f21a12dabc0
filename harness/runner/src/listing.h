// Internal: the runner's informational outputs (--list, --clauses, --model-readings).
#pragma once

#include <ostream>

namespace bitscts::runner {

// Prints every scenario with the clauses it checks and the features it needs.
void PrintScenarioList(std::ostream& out);
// Prints each clause id named by a scenario with the scenarios that check it.
void PrintClauseTable(std::ostream& out);
// Prints the model's reading of every unclear clause; returns the process exit code.
int PrintModelReadings(std::ostream& out);

}  // namespace bitscts::runner
