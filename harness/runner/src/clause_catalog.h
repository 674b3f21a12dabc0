// Internal: the clause catalogue (scenarios/clauses.catalog), what each clause says and where it
// comes from.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace bitscts::runner {

// One clause of the catalogue.
struct Clause {
  std::string id;                    // e.g. HT-FLAG-3
  std::string kind;                  // api, gap, tool, doc or map
  std::string statement;             // one sentence in the project's words
  std::vector<std::string> sources;  // "<URL> (<section>)", or words where there is no page
  std::string note;                  // why the clause is not `api`, or what part is checked
  std::string single;                // why one scenario is the only possible check of it
  int line = 0;                      // of the "<id> | <kind>" line

  // The URL that opens the first source that is a web page; empty if no source is one.
  std::string_view Url() const;
};

struct ClauseCatalog {
  std::vector<Clause> clauses;      // in file order
  std::vector<std::string> errors;  // "<file>:<line>: <problem>", one per malformed line

  // Returns the clause with that id, or nullptr.
  const Clause* Find(std::string_view id) const;
};

// Parses the catalogue format (described at the top of scenarios/clauses.catalog). A malformed
// line gives one error naming `file_name` and the line; the rest of the text is still read. A
// clause without a statement or a source is not a parse error (CheckClauseText reports it).
ClauseCatalog ParseClauseCatalog(std::string_view text, std::string_view file_name);

// Returns one problem line per clause that lacks a statement or a source, whose `map` note
// names no clause of the catalogue, or that says `single:` without being of kind `api`.
std::vector<std::string> CheckClauseText(const ClauseCatalog& catalog, std::string_view file_name);

// The clauses that need two independent checks: every `api` clause whose id starts with this.
inline constexpr std::string_view kTwiceCheckedPrefix = "HT-";

// Returns one problem line per `api` helper-token clause (kTwiceCheckedPrefix) that fewer than
// two scenarios prove and whose `single:` line does not say why, and per `single:` line of a
// clause two or more scenarios prove. `proved` maps a clause id to the scenarios proving it.
std::vector<std::string> CheckSecondChecks(
    const ClauseCatalog& catalog, const std::map<std::string, std::set<std::string>>& proved,
    std::string_view file_name);

// The text of scenarios/clauses.catalog (embedded at build time).
std::string_view BuiltInClauseCatalog();
// The embedded catalogue, parsed once.
const ClauseCatalog& BuiltInCatalog();
// The name the embedded catalogue's errors give it.
inline constexpr std::string_view kCatalogFileName = "scenarios/clauses.catalog";

}  // namespace bitscts::runner
