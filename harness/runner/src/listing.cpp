#include "listing.h"

#include <map>
#include <sstream>
#include <vector>
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

namespace {

struct CatalogEntry {
  std::string id;
  std::string kind;  // api, gap, tool, doc, map
  std::string note;
};

std::string Trim(std::string text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// Parses "<id> | <kind> | <note>" lines, skipping comments and blank lines, in file order.
std::vector<CatalogEntry> Catalog() {
  std::vector<CatalogEntry> entries;
  std::istringstream text{std::string(BuiltInClauseCatalog())};
  std::string line;
  while (std::getline(text, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t first = line.find('|');
    const std::size_t second = line.find('|', first + 1);
    if (first == std::string::npos) continue;
    entries.push_back({Trim(line.substr(0, first)),
                       Trim(line.substr(first + 1, second == std::string::npos ? second : second - first - 1)),
                       second == std::string::npos ? "" : Trim(line.substr(second + 1))});
  }
  return entries;
}

// Maps every clause id named by a scenario to the scenarios naming it.
std::map<std::string, std::set<std::string>> NamedClauses() {
  std::map<std::string, std::set<std::string>> named;
  for (const RegisteredScenario& scenario : RegisteredScenarios()) {
    for (const std::string& clause : scenario.info.meta.clauses) named[clause].insert(scenario.info.id());
  }
  return named;
}

}  // namespace

void PrintClauseTable(std::ostream& out) {
  const auto named = NamedClauses();
  std::set<std::string> known;
  for (const CatalogEntry& entry : Catalog()) {
    known.insert(entry.id);
    out << entry.id << " [" << entry.kind << "]";
    const auto it = named.find(entry.id);
    if (it != named.end()) {
      for (const std::string& id : it->second) out << ' ' << id;
    } else if (!entry.note.empty()) {
      out << " -- " << entry.note;
    }
    out << '\n';
  }
  for (const auto& [clause, scenarios] : named) {
    if (known.count(clause) == 0) out << clause << " [not in the catalogue]\n";
  }
}

int CheckClauses(std::ostream& out) {
  const auto named = NamedClauses();
  std::set<std::string> known;
  int problems = 0;
  int api = 0;
  for (const CatalogEntry& entry : Catalog()) {
    known.insert(entry.id);
    if (entry.kind != "api") continue;
    ++api;
    if (named.count(entry.id) == 0) {
      out << "bitscts: clause " << entry.id << " is observable through the API but no scenario names it\n";
      ++problems;
    }
  }
  for (const auto& [clause, scenarios] : named) {
    if (known.count(clause) != 0) continue;
    out << "bitscts: clause " << clause << " named by " << *scenarios.begin() << " is not in the catalogue\n";
    ++problems;
  }
  out << "bitscts: " << api << " api clauses, " << named.size() << " clauses named by scenarios, "
      << problems << " problem(s)\n";
  return problems == 0 ? 0 : 1;
}

int PrintModelReadings(std::ostream& out) {
  out << "Readings the model chose for unclear clauses:\n";
  for (const model::ModelReading& reading : model::ModelReadings()) {
    out << "  " << reading.clause << ": " << reading.reading << '\n';
  }
  out << "Clauses the model implements:\n ";
  for (const std::string& clause : model::ImplementedClauses()) out << ' ' << clause;
  out << "\nClauses the model does not implement:\n";
  for (const model::ModelReading& missing : model::UnimplementedClauses()) {
    out << "  " << missing.clause << ": " << missing.reading << '\n';
  }
  return 0;
}

}  // namespace bitscts::runner
