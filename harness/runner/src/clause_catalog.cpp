#include "clause_catalog.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "bitscts/text.h"

namespace bitscts::runner {
namespace {

constexpr std::array<std::string_view, 5> kKinds = {"api", "gap", "tool", "doc", "map"};

// Returns true if and only if `id` looks like a clause id: upper-case words and numbers joined by
// hyphens, e.g. HT-FLAG-3 or DOC-AMB-12.
bool IsClauseId(std::string_view id) {
  if (id.empty() || !std::isupper(static_cast<unsigned char>(id.front())) || id.back() == '-')
    return false;
  char previous = 0;
  for (const char c : id) {
    const auto byte = static_cast<unsigned char>(c);
    if (!(std::isupper(byte) || std::isdigit(byte) || c == '-')) return false;
    if (c == '-' && previous == '-') return false;
    previous = c;
  }
  return true;
}

bool IsWebLink(std::string_view text) {
  return text.substr(0, 8) == "https://" || text.substr(0, 7) == "http://";
}

}  // namespace

std::string_view Clause::Url() const {
  for (const std::string& source : sources) {
    if (!IsWebLink(source)) continue;
    const std::string_view text = source;
    return text.substr(0, text.find_first_of(" \t"));
  }
  return {};
}

const Clause* ClauseCatalog::Find(std::string_view id) const {
  const auto it = std::find_if(clauses.begin(), clauses.end(),
                               [&](const Clause& clause) { return clause.id == id; });
  return it == clauses.end() ? nullptr : &*it;
}

ClauseCatalog ParseClauseCatalog(std::string_view text, std::string_view file_name) {
  ClauseCatalog catalog;
  std::map<std::string, int, std::less<>> first_line;
  Clause* current = nullptr;
  bool rejected =
      false;  // the last "<id> | <kind>" line was malformed: its fields are not errors too
  int number = 0;
  const auto error = [&](const std::string& problem) {
    catalog.errors.push_back(std::string(file_name) + ":" + std::to_string(number) + ": " +
                             problem);
  };
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view raw = text.substr(position, end - position);
    position = end + 1;
    ++number;
    const std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#') continue;
    if (raw.front() != ' ' && raw.front() != '\t') {
      // "<clause id> | <kind>"
      current = nullptr;
      rejected = true;
      const std::size_t bar = line.find('|');
      const std::string_view id = Trim(line.substr(0, bar));
      const std::string_view kind =
          bar == std::string_view::npos ? std::string_view() : Trim(line.substr(bar + 1));
      if (bar == std::string_view::npos || !IsClauseId(id) ||
          kind.find('|') != std::string_view::npos) {
        error("expected '<clause id> | <kind>' (e.g. 'HT-FLAG-3 | api'), found '" +
              std::string(line) + "'");
        continue;
      }
      if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
        error("clause " + std::string(id) + " has unknown kind '" + std::string(kind) +
              "' (api, gap, tool, doc or map)");
        continue;
      }
      if (const auto it = first_line.find(id); it != first_line.end()) {
        error("clause " + std::string(id) + " is already listed at line " +
              std::to_string(it->second));
        continue;
      }
      first_line.emplace(std::string(id), number);
      catalog.clauses.push_back({std::string(id), std::string(kind), {}, {}, {}, {}, number});
      current = &catalog.clauses.back();
      rejected = false;
      continue;
    }
    // "  <field>: <value>" under a clause
    const std::size_t colon = line.find(':');
    const std::string_view key =
        colon == std::string_view::npos ? std::string_view() : line.substr(0, colon);
    const std::string_view value =
        colon == std::string_view::npos ? std::string_view() : Trim(line.substr(colon + 1));
    if (key != "statement" && key != "source" && key != "note" && key != "single") {
      error("expected an indented 'statement:', 'source:', 'note:' or 'single:' line, found '" +
            std::string(line) + "'");
      continue;
    }
    if (current == nullptr) {
      if (rejected) continue;
      error("'" + std::string(key) +
            ":' line outside a clause (no valid '<clause id> | <kind>' line above it)");
      continue;
    }
    if (value.empty()) {
      error("clause " + current->id + " has an empty '" + std::string(key) + ":' line");
      continue;
    }
    if (key == "source") {
      current->sources.emplace_back(value);
      continue;
    }
    std::string& field = key == "statement" ? current->statement
                         : key == "note"    ? current->note
                                            : current->single;
    if (!field.empty()) {
      error("clause " + current->id + " has a second '" + std::string(key) + ":' line");
      continue;
    }
    field = value;
  }
  return catalog;
}

std::vector<std::string> CheckClauseText(const ClauseCatalog& catalog, std::string_view file_name) {
  std::vector<std::string> problems;
  for (const Clause& clause : catalog.clauses) {
    const std::string where =
        std::string(file_name) + ":" + std::to_string(clause.line) + ": clause " + clause.id;
    if (clause.statement.empty()) problems.push_back(where + " has no statement");
    if (clause.sources.empty()) problems.push_back(where + " has no source");
    if (clause.kind == "map" && catalog.Find(clause.note) == nullptr) {
      problems.push_back(where + " maps to '" + clause.note +
                         "', which is not a clause of the catalogue");
    }
    if (!clause.single.empty() && clause.kind != "api")
      problems.push_back(where + " says why one check is enough but is not of kind api");
  }
  return problems;
}

std::vector<std::string> CheckSecondChecks(
    const ClauseCatalog& catalog, const std::map<std::string, std::set<std::string>>& proved,
    std::string_view file_name) {
  std::vector<std::string> problems;
  for (const Clause& clause : catalog.clauses) {
    if (clause.kind != "api" || clause.id.rfind(kTwiceCheckedPrefix, 0) != 0) continue;
    const auto it = proved.find(clause.id);
    const std::size_t count = it == proved.end() ? 0 : it->second.size();
    const std::string where =
        std::string(file_name) + ":" + std::to_string(clause.line) + ": clause " + clause.id;
    if (count == 1 && clause.single.empty()) {
      problems.push_back(where + " rests on one scenario (" + *it->second.begin() +
                         "): add an independent second check, or a 'single:' line saying why "
                         "it is the only possible one");
    }
    if (count >= 2 && !clause.single.empty()) {
      problems.push_back(where + " says one check is the only possible one, but " +
                         std::to_string(count) + " scenarios prove it: drop its 'single:' line");
    }
  }
  return problems;
}

const ClauseCatalog& BuiltInCatalog() {
  static const ClauseCatalog catalog = ParseClauseCatalog(BuiltInClauseCatalog(), kCatalogFileName);
  return catalog;
}

}  // namespace bitscts::runner
