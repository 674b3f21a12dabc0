#include "listing.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bitscts/model/readings.h"
#include "bitscts/scenario.h"
#include "clause_catalog.h"

namespace bitscts::runner {

std::vector<PlannedScenario> Plan(const std::map<Feature, std::string>& withheld) {
  std::vector<PlannedScenario> plan;
  for (const RegisteredScenario& scenario : RegisteredScenarios()) {
    PlannedScenario planned{scenario.info.id(), {}};
    for (const Feature feature : scenario.info.meta.needs) {
      if (const auto found = withheld.find(feature); found != withheld.end())
        planned.lacking.emplace_back(feature, found->second);
    }
    plan.push_back(std::move(planned));
  }
  return plan;
}

int PrintPlan(std::ostream& out, const std::string& target_name,
              const std::map<Feature, std::string>& withheld) {
  const std::vector<PlannedScenario> plan = Plan(withheld);
  int runnable = 0;
  for (const PlannedScenario& scenario : plan) {
    if (scenario.runnable()) {
      ++runnable;
      out << "runnable  " << scenario.id << "\n";
      continue;
    }
    out << "lacks     " << scenario.id << ":";
    for (const auto& [feature, reason] : scenario.lacking)
      out << ' ' << Name(feature) << " (" << reason << ")";
    out << "\n";
  }
  out << "bitscts: plan for the " << target_name << " target: " << runnable << " of " << plan.size()
      << " scenarios runnable by its controls (what the probe finds on the machine, and the "
         "builds a scenario is about, decide the rest)\n";
  return 0;
}

void PrintScenarioList(std::ostream& out) {
  for (const RegisteredScenario& scenario : RegisteredScenarios()) {
    const ScenarioMeta& meta = scenario.info.meta;
    out << scenario.info.id() << "\n  clauses:";
    for (const std::string& clause : meta.clauses) out << ' ' << clause;
    if (!meta.records.empty()) {
      out << "\n  records:";
      for (const std::string& clause : meta.records) out << ' ' << clause;
    }
    out << "\n  needs:";
    if (meta.needs.empty()) out << " (nothing)";
    for (Feature feature : meta.needs) out << ' ' << Name(feature);
    if (!meta.unless.empty()) {
      out << "\n  unless:";
      for (Feature feature : meta.unless) out << ' ' << Name(feature);
    }
    out << "\n  builds: " << meta.builds.Describe();
    out << "\n  doc: " << meta.doc << "\n";
  }
}

namespace {

// Maps every clause id named by a scenario to the scenarios naming it.
std::map<std::string, std::set<std::string>> NamedClauses() {
  std::map<std::string, std::set<std::string>> named;
  for (const RegisteredScenario& scenario : RegisteredScenarios()) {
    for (const std::string& clause : scenario.info.meta.clauses)
      named[clause].insert(scenario.info.id());
  }
  return named;
}

// The proof sites of the program, each paired with the scenario whose body holds it: the one
// defined last above it in the same file (none when no scenario is).
struct PlacedProof {
  ProofSite site;
  const RegisteredScenario* scenario = nullptr;
};

std::vector<PlacedProof> PlacedProofs(const std::vector<RegisteredScenario>& scenarios) {
  std::vector<PlacedProof> placed;
  for (const ProofSite& site : ProofSites()) {
    PlacedProof proof{site, nullptr};
    for (const RegisteredScenario& scenario : scenarios) {
      if (site.file != scenario.info.file || scenario.info.line > site.line) continue;
      if (proof.scenario == nullptr || scenario.info.line > proof.scenario->info.line)
        proof.scenario = &scenario;
    }
    placed.push_back(std::move(proof));
  }
  return placed;
}

// Maps every clause id to the scenarios that prove it: they name it and a check of theirs proves
// it.
std::map<std::string, std::set<std::string>> ProvedClauses(const std::vector<PlacedProof>& proofs) {
  std::map<std::string, std::set<std::string>> proved;
  for (const PlacedProof& proof : proofs) {
    if (proof.scenario == nullptr) continue;
    const std::vector<std::string>& named = proof.scenario->info.meta.clauses;
    if (std::find(named.begin(), named.end(), proof.site.clause) == named.end()) continue;
    proved[proof.site.clause].insert(proof.scenario->info.id());
  }
  return proved;
}

}  // namespace

int PrintClauseTable(std::ostream& out) {
  const ClauseCatalog& catalog = BuiltInCatalog();
  for (const std::string& error : catalog.errors) out << "bitscts: " << error << '\n';
  const std::vector<RegisteredScenario> scenarios = RegisteredScenarios();
  const auto proved = ProvedClauses(PlacedProofs(scenarios));
  const auto named = NamedClauses();
  std::map<std::string, std::string> readings;
  for (const model::ModelReading& reading : model::ModelReadings())
    readings[reading.clause] = reading.reading;
  std::map<std::string, std::string> unimplemented;
  for (const model::ModelReading& missing : model::UnimplementedClauses()) {
    unimplemented[missing.clause] = missing.reading;
  }
  for (const Clause& clause : catalog.clauses) {
    out << clause.id << " [" << clause.kind << "]";
    const auto it = proved.find(clause.id);
    if (it != proved.end()) {
      for (const std::string& id : it->second) out << ' ' << id;
    } else if (named.count(clause.id) != 0) {
      out << " -- named, but proved by no check";
    } else if (!clause.note.empty()) {
      out << " -- " << clause.note;
    }
    out << "\n  statement: " << (clause.statement.empty() ? "(none)" : clause.statement) << '\n';
    for (const std::string& source : clause.sources) out << "  source: " << source << '\n';
    if (clause.sources.empty()) out << "  source: (none)\n";
    if (!clause.single.empty()) out << "  the only possible check: " << clause.single << '\n';
    if (const auto reading = readings.find(clause.id); reading != readings.end()) {
      out << "  model's reading: " << reading->second << '\n';
    }
    if (const auto missing = unimplemented.find(clause.id); missing != unimplemented.end()) {
      out << "  not in the model: " << missing->second << '\n';
    }
  }
  for (const auto& [clause, ids] : named) {
    if (catalog.Find(clause) == nullptr) out << clause << " [not in the catalogue]\n";
  }
  return catalog.errors.empty() ? 0 : 1;
}

int CheckClauses(std::ostream& out) {
  const std::vector<RegisteredScenario> scenarios = RegisteredScenarios();
  const std::vector<PlacedProof> proofs = PlacedProofs(scenarios);
  const auto proved = ProvedClauses(proofs);
  const auto named = NamedClauses();
  const ClauseCatalog& catalog = BuiltInCatalog();
  std::set<std::string> known;
  int problems = 0;
  int api = 0;
  const auto problem = [&](const std::string& text) {
    out << "bitscts: " << text << '\n';
    ++problems;
  };
  for (const std::string& error : catalog.errors) problem(error);
  for (const std::string& missing : CheckClauseText(catalog, kCatalogFileName)) problem(missing);
  for (const std::string& thin : CheckSecondChecks(catalog, proved, kCatalogFileName))
    problem(thin);
  for (const Clause& clause : catalog.clauses) {
    known.insert(clause.id);
    if (clause.kind != "api") continue;
    ++api;
    if (proved.count(clause.id) == 0) {
      problem("clause " + clause.id +
              " is observable through the API but no scenario's check proves it");
    }
  }
  for (const auto& [clause, ids] : named) {
    if (known.count(clause) != 0) continue;
    problem("clause " + clause + " named by " + *ids.begin() + " is not in the catalogue");
  }
  for (const RegisteredScenario& scenario : scenarios) {
    for (const std::string& clause : scenario.info.meta.clauses) {
      const auto it = proved.find(clause);
      if (it != proved.end() && it->second.count(scenario.info.id()) != 0) continue;
      problem(scenario.info.id() + " names " + clause + " but none of its checks proves it (" +
              scenario.info.file + ":" + std::to_string(scenario.info.line) +
              "): prove it with BITSCTS_PROVES, or move it to .records");
    }
    for (const std::string& clause : scenario.info.meta.records) {
      if (known.count(clause) == 0)
        problem("clause " + clause + " recorded by " + scenario.info.id() +
                " is not in the catalogue");
    }
  }
  for (const PlacedProof& proof : proofs) {
    const std::string where = proof.site.file + ":" + std::to_string(proof.site.line);
    if (proof.scenario == nullptr) {
      problem(where + ": BITSCTS_PROVES(\"" + proof.site.clause +
              "\") is outside every scenario body");
      continue;
    }
    const std::vector<std::string>& clauses = proof.scenario->info.meta.clauses;
    if (std::find(clauses.begin(), clauses.end(), proof.site.clause) == clauses.end()) {
      problem(where + ": " + proof.scenario->info.id() + " proves " + proof.site.clause +
              " without naming it in .clauses");
    }
  }
  out << "bitscts: " << api << " api clauses, " << proved.size() << " proved by " << proofs.size()
      << " checks of " << scenarios.size() << " scenarios, " << problems << " problem(s)\n";
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
