// Internal: the runner's informational outputs (--list, --clauses, --model-readings).
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "bitscts/capabilities.h"

namespace bitscts::runner {

// Prints every scenario with the clauses it checks, the features it needs (or must lack) and the
// Windows builds it applies to.
void PrintScenarioList(std::ostream& out);
// Prints the clause catalogue: every clause with its kind and the scenarios whose checks prove it,
// its statement, its sources and the model's reading of it, then any clause a scenario names that
// the catalogue lacks. Returns 1 if the catalogue has malformed lines (printed first), else 0.
int PrintClauseTable(std::ostream& out);
// Checks the catalogue and coverage; returns 0 if the catalogue is well formed, every clause has a
// statement and a source, every `api` clause is proved by a scenario's check (every helper-token
// one by two scenarios, or says why one is the only possible check) and every clause a scenario
// names is in the catalogue, else prints each problem on one line and returns 1.
int CheckClauses(std::ostream& out);
// Prints the model's reading of every unclear clause; returns the process exit code.
int PrintModelReadings(std::ostream& out);

// What a plan says of one scenario: the controls it needs that the target withholds, each with
// the target's reason; runnable when there are none.
struct PlannedScenario {
  std::string id;
  std::vector<std::pair<Feature, std::string>> lacking;
  bool runnable() const { return lacking.empty(); }
};
// Returns, for every registered scenario in order, what its `.needs` lacks among `withheld`.
std::vector<PlannedScenario> Plan(const std::map<Feature, std::string>& withheld);
// Prints the plan of `target_name`, one line per scenario and a count; returns 0.
int PrintPlan(std::ostream& out, const std::string& target_name,
              const std::map<Feature, std::string>& withheld);

}  // namespace bitscts::runner
