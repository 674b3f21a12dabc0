#include "listing.h"

#include <map>
#include <set>
#include <string>

#include "bitscts/model/readings.h"
#include "bitscts/scenario.h"

namespace bitscts::runner {

void PrintScenarioList(std::ostream& out) {
  for (const RegisteredScenario& scenario : RegisteredScenarios()) {
    out << scenario.info.id() << "\n  clauses:";
    for (const std::string& clause : scenario.info.meta.clauses) out << ' ' << clause;
    out << "\n  needs:";
    if (scenario.info.meta.needs.empty()) out << " (nothing)";
    for (Feature feature : scenario.info.meta.needs) out << ' ' << Name(feature);
    out << "\n  doc: " << scenario.info.meta.doc << "\n";
  }
}

void PrintClauseTable(std::ostream& out) {
  std::map<std::string, std::set<std::string>> clauses;
  for (const RegisteredScenario& scenario : RegisteredScenarios()) {
    for (const std::string& clause : scenario.info.meta.clauses) clauses[clause].insert(scenario.info.id());
  }
  for (const auto& [clause, scenarios] : clauses) {
    out << clause << ':';
    for (const std::string& id : scenarios) out << ' ' << id;
    out << '\n';
  }
}

int PrintModelReadings(std::ostream& out) {
  for (const model::ModelReading& reading : model::ModelReadings()) {
    out << reading.clause << ": " << reading.reading << '\n';
  }
  return 0;
}

}  // namespace bitscts::runner
