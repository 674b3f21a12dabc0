#include "bitscts/report/html_matrix_writer.h"

#include <string>
#include <string_view>

#include "bitscts/junit/xml_text.h"
#include "web_link.h"

namespace bitscts::report {
namespace {

constexpr std::string_view kStyle = R"css(
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1b1f24; background: #fff; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; position: sticky; top: 0; }
.runs td.count { text-align: right; }
tr.family-row th { background: #eaeef2; font-weight: 600; }
th.scenario { font-weight: normal; white-space: nowrap; }
td.clauses { color: #57606a; white-space: nowrap; }
td.cell { min-width: 6rem; }
td.cell summary { cursor: pointer; font-weight: 600; }
.v-pass { background: #dafbe1; }
.v-fail, .v-xpass { background: #ffd8d3; }
.v-timeout, .v-error { background: #ffcfe0; }
.v-unsupported { background: #eaeef2; }
.v-xfail { background: #fff1c2; }
.v-none { color: #8c959f; }
.duplicate { outline: 2px dashed #bc4c00; }
.evidence pre { white-space: pre-wrap; word-break: break-word; max-width: 48rem; margin: .25rem 0; }
.evidence .source { color: #57606a; font-size: .75rem; }
.expired { color: #cf222e; font-weight: 600; }
.controls { margin: 1rem 0; }
body.failures-only tr.scenario:not(.failing), body.failures-only tbody.family:not(.failing) { display: none; }
#no-failures { font-weight: 600; color: #1a7f37; }
)css";

constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  var button = document.getElementById('failures-only');
  var shown = document.getElementById('shown');
  var noFailures = document.getElementById('no-failures');
  var rows = document.querySelectorAll('tr.scenario');
  function update() {
    var onlyFailures = document.body.classList.contains('failures-only');
    var visible = 0;
    for (var i = 0; i < rows.length; i++) {
      if (!onlyFailures || rows[i].classList.contains('failing')) visible++;
    }
    shown.textContent = visible + ' of ' + rows.length + ' scenarios shown';
    noFailures.hidden = !(onlyFailures && visible === 0);
  }
  button.addEventListener('click', function () {
    var on = document.body.classList.toggle('failures-only');
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.textContent = on ? 'Show all scenarios' : 'Show failures only';
    update();
  });
  update();
})();
)js";

// Text from the runs, written as HTML text or attribute content: `out << Html{text}`.
struct Html {
  std::string_view raw;
};

// Writes `text` with HTML's five entities, straight to the stream buffer: pages hold tens of
// thousands of cells. What XML cannot carry was already made visible by junit::XmlCharacters, the
// one rule for such bytes; this is HTML's escaping of the rest, not a second XML escaper.
void WriteEscaped(std::ostream& out, std::string_view text) {
  std::streambuf& buffer = *out.rdbuf();
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* entity = nullptr;
    switch (text[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&#39;"; break;
      default: continue;
    }
    buffer.sputn(text.data() + run, static_cast<std::streamsize>(i - run));
    buffer.sputn(entity, static_cast<std::streamsize>(std::char_traits<char>::length(entity)));
    run = i + 1;
  }
  buffer.sputn(text.data() + run, static_cast<std::streamsize>(text.size() - run));
}

std::ostream& operator<<(std::ostream& out, const Html& html) {
  if (junit::IsXmlCharacters(html.raw)) {
    WriteEscaped(out, html.raw);
  } else {
    WriteEscaped(out, junit::XmlCharacters(html.raw));
  }
  return out;
}

void WriteLinkOrText(std::ostream& out, std::string_view link) {
  if (internal::IsWebLink(link)) {
    out << "<a href=\"" << Html{link} << "\">" << Html{link} << "</a>";
  } else {
    out << Html{link};
  }
}

std::string_view OutcomeName(Outcome::Kind kind) {
  switch (kind) {
    case Outcome::Kind::kSkipped: return "skipped";
    case Outcome::Kind::kFailure: return "failure";
    case Outcome::Kind::kError: return "error";
  }
  return "outcome";
}

void WriteRuns(const Matrix& matrix, std::ostream& out) {
  out << "<table "
         "class=\"runs\">\n<thead><tr><th>Target</th><th>Family</th><th>Implementation</th><th>OS</"
         "th>"
         "<th>Build</th><th>BITS</th><th>Run date</th><th>Expectations</th><th>bitscts</th>";
  for (const Verdict verdict : AllVerdicts()) out << "<th>" << Name(verdict) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  for (std::size_t column = 0; column < matrix.targets.size(); ++column) {
    const TargetInfo& target = matrix.targets[column];
    out << "<tr><th>" << Html{target.id} << "</th><td>" << Html{target.family} << "</td><td>"
        << Html{target.implementation} << "</td><td>" << Html{target.os_name} << "</td><td>"
        << Html{target.os_build} << "</td><td>" << Html{target.bits_version} << "</td><td>"
        << Html{target.run_date} << "</td><td>" << Html{target.expectations} << "</td><td>"
        << Html{target.bitscts_version} << "</td>";
    for (const std::size_t count : matrix.counts[column])
      out << "<td class=\"count\">" << count << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

void WriteExpectations(const std::vector<ExpectationFile>& files, std::chrono::year_month_day today,
                       std::ostream& out) {
  for (const ExpectationFile& file : files) {
    out << "<h2>Expectations for " << Html{file.family} << " <small>(" << Html{file.path}
        << (file.strict ? ", strict" : "") << ")</small></h2>\n";
    out << "<table "
           "class=\"expectations\">\n<thead><tr><th>Scenario</th><th>Expected</th><th>Reason</th>"
           "<th>Link</th><th>Expires</th></tr></thead>\n<tbody>\n";
    for (const Expectation& entry : file.entries) {
      out << "<tr><td>" << Html{entry.scenario_id} << "</td><td>" << Name(entry.expected)
          << "</td><td>" << Html{entry.reason} << "</td><td>";
      WriteLinkOrText(out, entry.link);
      out << "</td><td>";
      if (!entry.expires.empty()) {
        const bool expired = IsExpired(entry, today);
        out << (expired ? "<span class=\"expired\">" : "<span>") << Html{entry.expires}
            << (expired ? " (expired)" : "") << "</span>";
      }
      out << "</td></tr>\n";
    }
    out << "</tbody>\n</table>\n";
  }
}

void WriteEvidence(const TestCase& test_case, std::ostream& out) {
  out << "<div class=\"evidence\"><p class=\"source\">" << Html{test_case.source} << " · "
      << Html{test_case.classname} << '.' << Html{test_case.name} << " · " << Html{test_case.time}
      << " s</p>";
  for (const Outcome& outcome : test_case.outcomes) {
    out << "<pre>" << OutcomeName(outcome.kind);
    if (!outcome.type.empty()) out << " (" << Html{outcome.type} << ")";
    if (!outcome.message.empty()) out << ": " << Html{outcome.message};
    if (!outcome.text.empty()) out << '\n' << Html{outcome.text};
    out << "</pre>";
  }
  if (!test_case.system_out.empty()) out << "<pre>" << Html{test_case.system_out} << "</pre>";
  if (!test_case.system_err.empty()) out << "<pre>" << Html{test_case.system_err} << "</pre>";
  out << "</div>";
}

// Writes a clause id: a link to its source page titled with its statement when the report gave
// them, the statement alone as a title, or the bare id.
void WriteClause(const MatrixRow& row, const std::string& id, bool space_before,
                 std::ostream& out) {
  if (space_before) out << ' ';
  const ClauseNote* note = nullptr;
  for (const ClauseNote& candidate : row.clause_notes) {
    if (candidate.id == id) note = &candidate;
  }
  if (note == nullptr || note->statement.empty()) {
    out << Html{id};
  } else if (internal::IsWebLink(note->url)) {
    out << "<a href=\"" << Html{note->url} << "\" title=\"" << Html{note->statement} << "\">"
        << Html{id} << "</a>";
  } else {
    out << "<span title=\"" << Html{note->statement} << "\">" << Html{id} << "</span>";
  }
}

void WriteCell(const std::vector<const TestCase*>& cell, std::ostream& out) {
  if (cell.empty()) {
    out << "<td class=\"cell v-none\" title=\"not run on this target\">&#8212;</td>";
    return;
  }
  out << "<td class=\"cell v-" << Name(cell.front()->verdict)
      << (cell.size() > 1 ? " duplicate" : "") << "\">";
  for (const TestCase* test_case : cell) {
    out << "<details><summary>" << Name(test_case->verdict)
        << (cell.size() > 1 ? " (duplicate)" : "") << "</summary>";
    WriteEvidence(*test_case, out);
    out << "</details>";
  }
  out << "</td>";
}

void WriteMatrixTable(const Matrix& matrix, std::ostream& out) {
  const std::size_t columns = matrix.targets.size() + 2;
  out << "<table id=\"matrix\">\n<thead><tr><th>Scenario</th><th>Clauses</th>";
  for (const TargetInfo& target : matrix.targets) {
    out << "<th>" << Html{target.id} << "<br><small>build " << Html{target.os_build} << " · BITS "
        << Html{target.bits_version} << "</small></th>";
  }
  out << "</tr></thead>\n";
  for (const MatrixGroup& group : matrix.groups) {
    out << "<tbody class=\"family" << (group.failing ? " failing" : "")
        << "\">\n<tr class=\"family-row\"><th colspan=\"" << columns << "\">"
        << Html{group.clause_family.empty() ? "(no clause)" : group.clause_family}
        << "</th></tr>\n";
    for (const MatrixRow& row : group.rows) {
      out << "<tr class=\"scenario" << (row.failing ? " failing" : "")
          << "\"><th class=\"scenario\" scope=\"row\">";
      if (internal::IsWebLink(row.doc)) {
        out << "<a href=\"" << Html{row.doc} << "\">" << Html{row.scenario_id} << "</a>";
      } else {
        out << Html{row.scenario_id};
      }
      out << "</th><td class=\"clauses\">";
      for (std::size_t i = 0; i < row.clauses.size(); ++i)
        WriteClause(row, row.clauses[i], i != 0, out);
      out << "</td>";
      for (const auto& cell : row.cells) WriteCell(cell, out);
      out << "</tr>\n";
    }
    out << "</tbody>\n";
  }
  out << "</table>\n";
}

}  // namespace

void WriteHtmlMatrix(const Matrix& matrix, const std::vector<ExpectationFile>& expectations,
                     std::chrono::year_month_day today, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>bitscts conformance matrix</title>\n<style>"
      << kStyle << "</style>\n</head>\n<body>\n<header>\n<h1>bitscts conformance matrix</h1>\n";
  WriteRuns(matrix, out);
  WriteExpectations(expectations, today, out);
  out << "</header>\n<main>\n<p class=\"controls\"><button id=\"failures-only\" type=\"button\" "
         "aria-pressed=\"false\">Show failures only</button> <span id=\"shown\"></span></p>\n"
         "<p id=\"no-failures\" hidden>No scenario fails on any target.</p>\n";
  WriteMatrixTable(matrix, out);
  out << "</main>\n<script>" << kScript << "</script>\n</body>\n</html>\n";
}

}  // namespace bitscts::report
