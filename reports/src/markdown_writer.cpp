#include "bitscts/report/markdown_writer.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "bitscts/junit/xml_text.h"
#include "headline.h"
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

// The scenario id, a link to its documentation when the report gave one.
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

// Returns a verdict with a coloured sign, as GitHub shows emoji in colour.
std::string Marked(Verdict verdict) {
  const char* sign = "";
  switch (verdict) {
    case Verdict::kPass: sign = "🟢"; break;
    case Verdict::kFail: sign = "🔴"; break;
    case Verdict::kUnsupported: sign = "⚪"; break;
    case Verdict::kXfail: sign = "🟡"; break;
    case Verdict::kXpass: sign = "🔵"; break;
    case Verdict::kTimeout: sign = "🟠"; break;
    case Verdict::kError: sign = "🟣"; break;
  }
  return std::string(sign) + ' ' + std::string(Name(verdict));
}

// Returns Marked(verdict), or "not run" for none.
std::string MarkedOrNone(const std::optional<Verdict>& verdict) {
  return verdict ? Marked(*verdict) : std::string("not run");
}

// Returns the ids of the targets in `columns`, comma-separated.
std::string TargetList(const Matrix& matrix, const std::vector<std::size_t>& columns) {
  std::string list;
  for (const std::size_t column : columns)
    list += (list.empty() ? "" : ", ") + CellText(matrix.targets[column].id);
  return list;
}

// Writes " <target> (<verdict> <count>, ...); ..." for the failing targets.
void WriteFailingTargets(const Matrix& matrix, const internal::Headline& headline,
                         std::ostream& out) {
  for (std::size_t i = 0; i < headline.failing_columns.size(); ++i) {
    const std::size_t column = headline.failing_columns[i];
    out << (i ? "; " : " ") << CellText(matrix.targets[column].id) << " (";
    bool first = true;
    for (const Verdict verdict : AllVerdicts()) {
      const std::size_t count = matrix.counts[column][VerdictIndex(verdict)];
      if (!IsFailure(verdict) || count == 0) continue;
      out << (first ? "" : ", ") << Marked(verdict) << ' ' << count;
      first = false;
    }
    out << ')';
  }
}

// Writes the headline (regressions since what, or failures) and the counts by verdict.
void WriteHeadline(const Matrix& matrix, const internal::Headline& headline, std::ostream& out) {
  out << "**";
  if (headline.since.empty()) {
    if (headline.failing_results == 0) {
      out << "Nothing fails.";
    } else {
      out << internal::Counted(headline.failing_results, "failing result") << ":**";
      WriteFailingTargets(matrix, headline, out);
      out << '.';
    }
    if (headline.failing_results == 0) out << "**";
    out << " No baseline to compare with.\n\n";
  } else {
    if (headline.regressions == 0) {
      out << "No regression";
    } else {
      out << internal::Counted(headline.regressions, "regression") << " on "
          << TargetList(matrix, headline.regressed_columns);
    }
    out << " since " << CellText(headline.since) << ".**";
    if (!headline.failing_columns.empty()) {
      out << " Failing now:";
      WriteFailingTargets(matrix, headline, out);
      out << '.';
    }
    out << "\n\n";
    if (!headline.not_compared.empty()) {
      out << "Not compared (nothing of theirs in the baseline):";
      for (std::size_t i = 0; i < headline.not_compared.size(); ++i)
        out << (i ? ", " : " ") << CellText(headline.not_compared[i]);
      out << ".\n\n";
    }
  }
  out << headline.scenarios << " scenario(s) on " << matrix.targets.size() << " target(s):";
  for (const Verdict verdict : AllVerdicts()) {
    const std::size_t count = headline.totals[VerdictIndex(verdict)];
    if (count > 0) out << ' ' << Marked(verdict) << ' ' << count;
  }
  out << "\n\n";
}

// Writes every change since the baseline (or the previous run), regressions first.
void WriteChanges(const internal::Headline& headline, std::ostream& out) {
  if (headline.changes.empty()) return;
  out << "### Changes since " << CellText(headline.since) << "\n\n"
      << "| Change | Target | Scenario | Before | Now |\n|---|---|---|---|---|\n";
  for (const internal::VerdictChange& change : headline.changes) {
    const char* kind = change.regression ? "**regression**"
                       : !change.before  ? "new"
                       : !change.after   ? "gone"
                                         : "changed";
    out << "| " << kind << " | " << CellText(change.target_id) << " | "
        << CellText(change.scenario_id) << " | " << MarkedOrNone(change.before) << " | "
        << MarkedOrNone(change.after) << " |\n";
  }
  out << '\n';
}

// Writes one line per target with its verdict counts.
void WriteTargets(const Matrix& matrix, std::ostream& out) {
  out << "### Targets\n\n| Target | Family | OS | Build | BITS | Run date | Expectations |";
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
  out << '\n';
}

// Writes every failing cell, target by target in column order.
void WriteFailures(const Matrix& matrix, std::ostream& out) {
  out << "### Failures\n\n| Target | Verdict | Scenario | Clauses | Message "
         "|\n|---|---|---|---|---|\n";
  for (std::size_t column = 0; column < matrix.targets.size(); ++column) {
    for (const MatrixGroup& group : matrix.groups) {
      for (const MatrixRow& row : group.rows) {
        for (const TestCase* test_case : row.cells[column]) {
          if (!IsFailure(test_case->verdict)) continue;
          out << "| " << CellText(matrix.targets[column].id) << " | " << Marked(test_case->verdict)
              << " | " << ScenarioCell(row) << " | " << ClauseCell(row) << " | "
              << CellText(Message(*test_case)) << " |\n";
        }
      }
    }
  }
}

// Returns `text` cut after its last whole line that leaves room for the note saying so, so that
// the result has at most `max_bytes` bytes.
std::string WithinLimit(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  const std::string note =
      "\n> **Truncated:** this summary stops here to stay within GitHub's 1 MiB limit on a step "
      "summary; " +
      std::to_string(text.size()) +
      " bytes in all. The HTML matrix (`bitscts-report matrix -o`) shows everything.\n";
  if (note.size() >= max_bytes) return note.substr(0, max_bytes);
  std::size_t cut = text.rfind('\n', max_bytes - note.size() - 1);
  cut = cut == std::string::npos ? 0 : cut + 1;
  text.resize(cut);
  return text + note;
}

}  // namespace

void WriteMarkdownSummary(const Matrix& matrix, std::ostream& out,
                          const BaselineComparison* baseline, std::size_t max_bytes) {
  const internal::Headline headline = internal::MakeHeadline(matrix, baseline);
  std::ostringstream text;
  text << "## bitscts conformance\n\n";
  WriteHeadline(matrix, headline, text);
  WriteChanges(headline, text);
  WriteTargets(matrix, text);
  if (headline.failing_results > 0) WriteFailures(matrix, text);
  out << WithinLimit(std::move(text).str(), max_bytes);
}

}  // namespace bitscts::report
