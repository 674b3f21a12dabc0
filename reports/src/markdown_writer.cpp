#include "bitscts/report/markdown_writer.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "bitscts/junit/xml_text.h"
#include "web_link.h"

namespace bitscts::report {
namespace {

constexpr std::size_t kMessageLimit = 200;

// Returns `text` on one line, safe inside a Markdown table cell.
std::string CellText(std::string_view raw) {
  const std::string text = junit::XmlCharacters(raw);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '\n':
      case '\r':
      case '\t': out += ' '; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '|':
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '~':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

// Returns at most kMessageLimit bytes of the first line of `text`, cut at a character boundary.
std::string FirstLine(std::string_view text) {
  while (!text.empty() && (text.front() == '\n' || text.front() == '\r')) text.remove_prefix(1);
  std::string_view line = text.substr(0, text.find('\n'));
  if (line.size() <= kMessageLimit) return std::string(line);
  std::size_t cut = kMessageLimit;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return std::string(line.substr(0, cut)) + "…";
}

// Returns what a failing case says about itself: its first message, else its first outcome
// text, else the start of its evidence or output.
std::string Message(const TestCase& test_case) {
  for (const Outcome& outcome : test_case.outcomes) {
    if (!outcome.message.empty()) return FirstLine(outcome.message);
  }
  for (const Outcome& outcome : test_case.outcomes) {
    if (!outcome.text.empty()) return FirstLine(outcome.text);
  }
  return FirstLine(test_case.Evidence().empty() ? std::string_view(test_case.system_out)
                                                : test_case.Evidence());
}

std::string ScenarioCell(const MatrixRow& row) {
  if (internal::IsWebLink(row.doc)) return "[" + CellText(row.scenario_id) + "](" + row.doc + ")";
  return CellText(row.scenario_id);
}

// The clause ids of a row, each a link to its source page when the report gave one.
std::string ClauseCell(const MatrixRow& row) {
  std::string cell;
  for (const std::string& id : row.clauses) {
    if (!cell.empty()) cell += ' ';
    const auto note = std::find_if(row.clause_notes.begin(), row.clause_notes.end(),
                                   [&](const ClauseNote& clause) { return clause.id == id; });
    if (note != row.clause_notes.end() && internal::IsWebLink(note->url)) {
      cell += "[" + CellText(id) + "](" + note->url + ")";
    } else {
      cell += CellText(id);
    }
  }
  return cell;
}

void WriteTargets(const Matrix& matrix, std::ostream& out) {
  out << "| Target | Family | OS | Build | BITS | Run date | Expectations |";
  for (const Verdict verdict : AllVerdicts()) out << ' ' << Name(verdict) << " |";
  out << "\n|---|---|---|---|---|---|---|";
  for (std::size_t i = 0; i < AllVerdicts().size(); ++i) out << "---:|";
  out << '\n';
  for (std::size_t column = 0; column < matrix.targets.size(); ++column) {
    const TargetInfo& target = matrix.targets[column];
    out << "| " << CellText(target.id) << " | " << CellText(target.family) << " | "
        << CellText(target.os_name) << " | " << CellText(target.os_build) << " | "
        << CellText(target.bits_version) << " | " << CellText(target.run_date) << " | "
        << CellText(target.expectations) << " |";
    for (const std::size_t count : matrix.counts[column]) out << ' ' << count << " |";
    out << '\n';
  }
}

}  // namespace

void WriteMarkdownSummary(const Matrix& matrix, std::ostream& out) {
  std::size_t scenarios = 0;
  std::size_t failing_cells = 0;
  for (const MatrixGroup& group : matrix.groups) {
    scenarios += group.rows.size();
    for (const MatrixRow& row : group.rows) {
      for (const auto& cell : row.cells) {
        for (const TestCase* test_case : cell)
          if (IsFailure(test_case->verdict)) ++failing_cells;
      }
    }
  }
  out << "## bitscts conformance\n\n";
  WriteTargets(matrix, out);
  out << '\n' << scenarios << " scenario(s) on " << matrix.targets.size() << " target(s): ";
  if (failing_cells == 0) {
    out << "no failures.\n";
    return;
  }
  out << "**" << failing_cells << " failing result(s).**\n\n### Failures\n\n";
  out << "| Scenario | Clauses | Target | Verdict | Message |\n|---|---|---|---|---|\n";
  for (const MatrixGroup& group : matrix.groups) {
    for (const MatrixRow& row : group.rows) {
      if (!row.failing) continue;
      for (std::size_t column = 0; column < row.cells.size(); ++column) {
        for (const TestCase* test_case : row.cells[column]) {
          if (!IsFailure(test_case->verdict)) continue;
          out << "| " << ScenarioCell(row) << " | " << ClauseCell(row) << " | "
              << CellText(matrix.targets[column].id) << " | " << Name(test_case->verdict) << " | "
              << CellText(Message(*test_case)) << " |\n";
        }
      }
    }
  }
}

}  // namespace bitscts::report
