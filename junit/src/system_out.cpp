#include "bitscts/junit/system_out.h"

#include <algorithm>
#include <cctype>

#include "bitscts/text.h"

namespace bitscts::junit {
namespace {

namespace key = system_out_key;

constexpr std::string_view kSourceOpening = " (source: ";

std::string KeyLine(std::string_view line_key, std::string_view value) {
  std::string line(line_key);
  line += ": ";
  line += value;
  line += '\n';
  return line;
}

// Returns true if and only if `line` looks like "key: value" with a lower-case key.
bool SplitKeyLine(std::string_view line, std::string_view& line_key, std::string_view& value) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (const char c : line.substr(0, colon)) {
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
      return false;
  }
  line_key = line.substr(0, colon);
  value = Trim(line.substr(colon + 1));
  return true;
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::size_t position = 0;
  while (position < text.size()) {
    while (position < text.size() && std::isspace(static_cast<unsigned char>(text[position])))
      ++position;
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
  const std::size_t source = rest.rfind(kSourceOpening);
  if (source != std::string_view::npos && rest.back() == ')') {
    note.source = rest.substr(source + kSourceOpening.size(),
                              rest.size() - source - kSourceOpening.size() - 1);
    rest = rest.substr(0, source);
  }
  note.statement = rest;
  return note;
}

// Returns where the line that starts with "evidence:" starts, at or after `position`; npos if none.
std::size_t FindEvidenceLine(std::string_view text, std::size_t position) {
  const std::string marker = std::string(key::kEvidence) + ":";
  while (position < text.size()) {
    if (text.substr(position).starts_with(marker)) return position;
    position = text.find('\n', position);
    if (position != std::string_view::npos) ++position;
  }
  return std::string_view::npos;
}

}  // namespace

std::string FormatClauseNotes(const std::vector<ClauseNote>& notes) {
  std::string text;
  for (const ClauseNote& note : notes) {
    std::string value = note.id + ": " + note.statement;
    if (!note.source.empty()) value += std::string(kSourceOpening) + note.source + ")";
    text += KeyLine(key::kClause, value);
  }
  return text;
}

std::string FormatSystemOut(const CaseOutput& output) {
  std::string text = KeyLine(key::kScenario, output.scenario);
  text += key::kClauses;
  text += ":";
  for (const std::string& clause : output.clauses) text += " " + clause;
  text += "\n";
  if (!output.records.empty()) {
    text += key::kRecords;
    text += ":";
    for (const std::string& clause : output.records) text += " " + clause;
    text += "\n";
  }
  text += FormatClauseNotes(output.clause_notes);
  text += KeyLine(key::kDoc, output.doc);
  text += KeyLine(key::kVerdict, Name(output.verdict));
  if (!output.message.empty()) text += KeyLine(key::kMessage, output.message);
  if (!output.checks.empty()) {
    text += key::kChecks;
    text += ":\n" + output.checks;
  }
  text += key::kEvidence;
  text += ":\n" + output.evidence;
  return text;
}

std::string FormatOutcomeText(const CaseOutput& output) {
  std::string text(Name(output.verdict));
  text += ": " + output.message + "\n";
  if (!output.checks.empty()) {
    text += key::kChecks;
    text += ":\n" + output.checks;
    if (output.checks.back() != '\n') text += '\n';
  }
  text += FormatClauseNotes(output.clause_notes);
  if (!output.doc.empty()) text += KeyLine(key::kDoc, output.doc);
  text += KeyLine(key::kScenario, output.scenario);
  text += key::kEvidence;
  text += ":\n" + output.evidence;
  return text;
}

SystemOutHeader ParseSystemOut(std::string_view text) {
  SystemOutHeader header;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(position, end - position);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view line_key;
    std::string_view value;
    if (!SplitKeyLine(line, line_key, value)) break;
    position = end + 1;
    if (line_key == key::kScenario) {
      header.scenario = value;
    } else if (line_key == key::kClauses) {
      header.clauses = SplitWords(value);
    } else if (line_key == key::kClause) {
      header.clause_notes.push_back(ParseClauseNote(value));
    } else if (line_key == key::kDoc) {
      header.doc = value;
    } else if (line_key == key::kChecks) {
      position = FindEvidenceLine(text, position);
    } else if (line_key == key::kEvidence) {
      header.evidence_offset = value.empty() ? std::min(position, text.size())
                                             : static_cast<std::size_t>(value.data() - text.data());
      break;
    }
  }
  return header;
}

}  // namespace bitscts::junit
