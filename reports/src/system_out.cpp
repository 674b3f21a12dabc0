#include "system_out.h"

#include <algorithm>
#include <cctype>

#include "bitscts/text.h"
#include "web_link.h"

namespace bitscts::report::internal {
namespace {

// Returns true if and only if `line` looks like "key: value" with a lower-case key.
bool SplitKeyLine(std::string_view line, std::string_view& key, std::string_view& value) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (const char c : line.substr(0, colon)) {
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  }
  key = line.substr(0, colon);
  value = Trim(line.substr(colon + 1));
  return true;
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::size_t position = 0;
  while (position < text.size()) {
    while (position < text.size() && std::isspace(static_cast<unsigned char>(text[position]))) ++position;
    std::size_t end = position;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    if (end > position) words.emplace_back(text.substr(position, end - position));
    position = end;
  }
  return words;
}

// Reads "<id>: <statement> (source: <source>)"; the statement alone when there is no source.
ClauseNote ParseClauseNote(std::string_view value) {
  ClauseNote note;
  const std::size_t colon = value.find(':');
  note.id = Trim(value.substr(0, colon));
  if (colon == std::string_view::npos) return note;
  std::string_view rest = Trim(value.substr(colon + 1));
  constexpr std::string_view kSource = " (source: ";
  const std::size_t source = rest.rfind(kSource);
  if (source != std::string_view::npos && rest.back() == ')') {
    note.source = rest.substr(source + kSource.size(), rest.size() - source - kSource.size() - 1);
    rest = rest.substr(0, source);
    const std::string_view link = std::string_view(note.source).substr(0, note.source.find(' '));
    if (IsWebLink(link)) note.url = link;
  }
  note.statement = rest;
  return note;
}

}  // namespace

SystemOutHeader ParseSystemOutHeader(std::string_view text) {
  SystemOutHeader header;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(position, end - position);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view key;
    std::string_view value;
    if (!SplitKeyLine(line, key, value)) break;
    position = end + 1;
    if (key == "scenario") {
      header.scenario = value;
    } else if (key == "clauses") {
      header.clauses = SplitWords(value);
    } else if (key == "clause") {
      header.clause_notes.push_back(ParseClauseNote(value));
    } else if (key == "doc") {
      header.doc = value;
    } else if (key == "evidence") {
      header.evidence_offset =
          value.empty() ? std::min(position, text.size()) : static_cast<std::size_t>(value.data() - text.data());
      break;
    }
  }
  return header;
}

}  // namespace bitscts::report::internal
