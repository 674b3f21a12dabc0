#include "bitscts/report/html_matrix_writer.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "bitscts/junit/xml_text.h"
#include "headline.h"
#include "web_link.h"

namespace bitscts::report {
namespace {

constexpr std::string_view kStyle = R"css(
* { box-sizing: border-box; }
body { font-family: system-ui, "DejaVu Sans", sans-serif; margin: 0; padding: 1rem 1.5rem; color: #1b1f24; background: #fff; font-size: 14px; }
h1 { font-size: 1.25rem; margin: 0; }
h1 small { font-weight: normal; color: #57606a; font-size: .85rem; margin-left: .75rem; }
h2 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
#headline { border: 1px solid #d0d7de; border-left: 6px solid #1a7f37; border-radius: 6px; padding: .6rem 1rem; margin: .6rem 0 .8rem; }
#headline.bad { border-left-color: #cf222e; }
#headline .lead { font-size: 1.15rem; font-weight: 600; margin: 0 0 .3rem; }
#headline.bad .lead { color: #a40e26; }
#headline p { margin: .2rem 0; }
#headline p.note { color: #57606a; font-size: .85rem; }
#headline .failing-now .chip { font-size: .8rem; padding: 0 .45rem; margin-left: .15rem; }
#headline .failing-now b.count { margin: 0 .3rem 0 .2rem; }
#headline .failing-now .target { white-space: nowrap; }
#headline ul.regressed { margin: .2rem 0; padding-left: 1.2rem; columns: 2; }
ul.counts { list-style: none; padding: 0; margin: .4rem 0 0; display: flex; flex-wrap: wrap; gap: .4rem; }
.chip { display: inline-block; border-radius: 1rem; padding: .1rem .6rem; font-size: .85rem; }
.chip.zero { background: #fff; color: #8c959f; border: 1px solid #d0d7de; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: .2rem .4rem; text-align: left; vertical-align: top; }
#matrix { width: 100%; table-layout: fixed; font-size: .85rem; }
#matrix col.scenario { width: 24rem; }
#matrix thead th { background: #f6f8fa; position: sticky; top: 0; z-index: 1; overflow-wrap: anywhere; font-size: .8rem; }
#matrix thead th small { display: block; font-weight: normal; color: #57606a; }
tr.family-row th { background: #eaeef2; font-weight: 600; }
th.scenario { font-weight: normal; overflow-wrap: anywhere; }
th.scenario .clauses { display: block; color: #57606a; font-size: .75rem; }
td.cell { padding: 0; text-align: center; vertical-align: middle; }
td.cell a.open { display: block; padding: .25rem .2rem; color: inherit; text-decoration: none; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
td.cell a.open:hover, td.cell a.open:focus { outline: 2px solid #0969da; outline-offset: -2px; }
td.cell.selected { outline: 3px solid #0969da; outline-offset: -3px; }
.icon { font-weight: 700; display: inline-block; min-width: 1em; }
.strip { display: flex; gap: 1px; justify-content: center; padding: 0 0 .2rem; }
.strip i { display: inline-block; width: .6rem; height: .6rem; border: 1px solid #fff; outline: 1px solid rgba(0,0,0,.3); }
.strip i.v-pass { background: #2da44e; }
.strip i.v-xfail { background: #d4a72c; }
.strip i.v-unsupported { background: #8c959f; }
.strip i.v-none { background: transparent; }
.v-pass { background: #dafbe1; color: #116329; }
.v-fail { background: #cf222e; color: #fff; }
.v-timeout { background: #bc4c00; color: #fff; }
.v-error { background: #6639ba; color: #fff; }
.v-xpass { background: #0550ae; color: #fff; }
.v-xfail { background: #fff8c5; color: #7d4e00; }
.v-unsupported { background: #eaeef2; color: #57606a; }
.v-none { color: #8c959f; background: #fff; }
.duplicate { box-shadow: inset 0 0 0 2px #e16f24; }
.controls { margin: .4rem 0; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; font-size: .85rem; }
.controls[hidden] { display: none; }
.legend { color: #57606a; }
.legend .chip { font-size: .75rem; }
body.failures-only tr.scenario:not(.failing), body.failures-only tbody.family:not(.failing) { display: none; }
#no-failures { font-weight: 600; color: #1a7f37; }
table.changes td, table.runs td, table.expectations td { font-size: .85rem; }
.runs td.count { text-align: right; }
.runs th, .runs td:nth-child(7) { white-space: nowrap; }
.expired { color: #cf222e; font-weight: 600; }
.regression { color: #a40e26; font-weight: 600; }
.detail { display: none; position: fixed; top: 0; right: 0; bottom: 0; width: min(46rem, 55vw); overflow: auto; background: #fff; border-left: 1px solid #d0d7de; box-shadow: -6px 0 18px rgba(0,0,0,.18); padding: 1rem 1.25rem; z-index: 10; }
.detail:target, .detail.open { display: block; }
.detail h2 { margin: 0 2.5rem .4rem 0; overflow-wrap: anywhere; }
.detail h3 { font-size: .9rem; margin: 1rem 0 .3rem; color: #57606a; text-transform: uppercase; letter-spacing: .03em; }
.detail .close { position: absolute; top: .8rem; right: 1rem; font-size: 1.2rem; text-decoration: none; color: #57606a; }
.detail .message { font-weight: 600; overflow-wrap: anywhere; }
.detail pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: .5rem; margin: 0; font-size: .8rem; }
.detail dl { margin: 0; }
.detail dt { font-weight: 600; }
.detail dd { margin: 0 0 .4rem 1rem; }
.detail .source { color: #57606a; font-size: .75rem; }
.detail ol.history { padding-left: 1.5rem; margin: 0; }
)css";

constexpr std::string_view kScript = R"js(
(function () {
  'use strict';
  document.getElementById('controls').hidden = false;
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
  // The cell whose detail panel is open is outlined; Escape closes the panel.
  function markSelected() {
    var old = document.querySelector('td.cell.selected');
    if (old) old.classList.remove('selected');
    var id = location.hash.slice(1);
    if (!id) return;
    var link = document.querySelector('a.open[href="#' + id + '"]');
    if (link) link.parentNode.classList.add('selected');
  }
  window.addEventListener('hashchange', markSelected);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && location.hash.length > 1) location.hash = '_';
  });
  markSelected();
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

// Returns the sign shown with a verdict beside its name, so that colour is never the only cue.
std::string_view Icon(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass: return "✓";
    case Verdict::kFail: return "✗";
    case Verdict::kUnsupported: return "–";
    case Verdict::kXfail: return "~";
    case Verdict::kXpass: return "+";
    case Verdict::kTimeout: return "◷";
    case Verdict::kError: return "!";
  }
  return "?";
}

// Writes a verdict as a coloured chip with its sign and name.
void WriteVerdictChip(Verdict verdict, std::ostream& out) {
  out << "<span class=\"chip v-" << Name(verdict) << "\"><span class=\"icon\" aria-hidden=\"true\">"
      << Icon(verdict) << "</span> " << Name(verdict) << "</span>";
}

// Returns the verdict's name, or "not run" for none.
std::string VerdictOrNone(const std::optional<Verdict>& verdict) {
  return verdict ? std::string(Name(*verdict)) : std::string("not run");
}

// The id of the detail panel of the cell in row `row` (counted over the page) and column `column`.
std::string PanelId(std::size_t row, std::size_t column) {
  return "c-" + std::to_string(row) + "-" + std::to_string(column);
}

// Writes the scenario id with a break opportunity after each dot, so long ids wrap cleanly.
void WriteScenarioId(std::string_view id, std::ostream& out) {
  for (std::size_t dot = id.find('.'); dot != std::string_view::npos; dot = id.find('.')) {
    out << Html{id.substr(0, dot + 1)} << "<wbr>";
    id.remove_prefix(dot + 1);
  }
  out << Html{id};
}

// Where each scenario's row is: its number over the page, for links to its cells.
std::map<std::string, std::size_t> RowNumbers(const Matrix& matrix) {
  std::map<std::string, std::size_t> numbers;
  for (const MatrixGroup& group : matrix.groups) {
    for (const MatrixRow& row : group.rows) numbers.emplace(row.scenario_id, numbers.size());
  }
  return numbers;
}

// Returns the column of a target, or the number of targets if the matrix has no such target.
std::size_t ColumnOf(const Matrix& matrix, const std::string& target_id) {
  for (std::size_t column = 0; column < matrix.targets.size(); ++column) {
    if (matrix.targets[column].id == target_id) return column;
  }
  return matrix.targets.size();
}

// Writes a changed scenario, as a link to its cell's detail panel when the page has one (the
// scenario still runs on that target).
void WriteCellReference(const Matrix& matrix, const std::map<std::string, std::size_t>& rows,
                        const internal::VerdictChange& change, std::ostream& out) {
  const std::string& scenario_id = change.scenario_id;
  const auto row = rows.find(scenario_id);
  const std::size_t column = ColumnOf(matrix, change.target_id);
  if (row != rows.end() && column < matrix.targets.size() && change.after) {
    out << "<a href=\"#" << PanelId(row->second, column) << "\">" << Html{scenario_id} << "</a>";
  } else {
    out << Html{scenario_id};
  }
}

// Writes the ids of the targets in `columns`, or, for more than three, how many there are (the
// line below the headline names each).
void WriteTargetNames(const Matrix& matrix, const std::vector<std::size_t>& columns,
                      std::ostream& out) {
  if (columns.size() > 3) {
    out << columns.size() << " targets";
    return;
  }
  for (std::size_t i = 0; i < columns.size(); ++i)
    out << (i ? ", " : "") << Html{matrix.targets[columns[i]].id};
}

// Writes each failing target with the number of each failing verdict on it, in column order.
void WriteFailingNow(const Matrix& matrix, const internal::Headline& headline, std::ostream& out) {
  if (headline.failing_columns.empty()) return;
  out << "<p class=\"failing-now\">Failing now:";
  for (std::size_t i = 0; i < headline.failing_columns.size(); ++i) {
    const std::size_t column = headline.failing_columns[i];
    out << (i ? " · " : " ") << "<span class=\"target\"><b>" << Html{matrix.targets[column].id}
        << "</b>";
    for (const Verdict verdict : AllVerdicts()) {
      const std::size_t count = matrix.counts[column][VerdictIndex(verdict)];
      if (!IsFailure(verdict) || count == 0) continue;
      out << ' ';
      WriteVerdictChip(verdict, out);
      out << "<b class=\"count\">" << count << "</b>";
    }
    out << "</span>";
  }
  out << "</p>\n";
}

// Writes what a reader must see first: regressions or failures, and the counts by verdict.
void WriteHeadline(const Matrix& matrix, const internal::Headline& headline,
                   std::size_t expired_expectations, const std::map<std::string, std::size_t>& rows,
                   std::ostream& out) {
  const bool bad = headline.regressions > 0 || headline.failing_results > 0;
  out << "<section id=\"headline\"" << (bad ? " class=\"bad\"" : "") << ">\n<p class=\"lead\">";
  if (headline.since.empty()) {
    if (headline.failing_results == 0) {
      out << "Nothing fails";
    } else {
      out << internal::Counted(headline.failing_results, "failing result") << " on ";
      WriteTargetNames(matrix, headline.failing_columns, out);
    }
    out << "</p>\n";
    WriteFailingNow(matrix, headline, out);
    out << "<p class=\"note\">No baseline to compare with (<code>bitscts-report matrix "
           "--baseline INPUT...</code> adds one).</p>\n";
  } else {
    if (headline.regressions == 0) {
      out << "No regression";
    } else {
      out << internal::Counted(headline.regressions, "regression") << " on ";
      WriteTargetNames(matrix, headline.regressed_columns, out);
    }
    out << " since " << Html{headline.since} << "</p>\n";
    if (headline.regressions > 0) {
      constexpr std::size_t kListed = 6;
      out << "<ul class=\"regressed\">";
      for (std::size_t i = 0; i < headline.regressions && i < kListed; ++i) {
        const internal::VerdictChange& change = headline.changes[i];
        out << "<li>";
        WriteCellReference(matrix, rows, change, out);
        out << " on " << Html{change.target_id} << ": " << VerdictOrNone(change.before) << " → "
            << VerdictOrNone(change.after) << "</li>";
      }
      out << "</ul>\n";
      if (headline.regressions > kListed) {
        out << "<p>and " << headline.regressions - kListed
            << " more: see <a href=\"#changes\">the changes</a>.</p>\n";
      }
    }
    WriteFailingNow(matrix, headline, out);
    if (!headline.not_compared.empty()) {
      out << "<p class=\"note\">Not compared (nothing of theirs in the baseline): ";
      for (std::size_t i = 0; i < headline.not_compared.size(); ++i)
        out << (i ? ", " : "") << Html{headline.not_compared[i]};
      out << ".</p>\n";
    }
  }
  if (expired_expectations > 0) {
    out << "<p class=\"expired\">" << internal::Counted(expired_expectations, "expectation")
        << " expired: see <a href=\"#expectations\">the expectations</a>.</p>\n";
  }
  out << "<ul class=\"counts\" aria-label=\"results by verdict\">";
  for (const Verdict verdict : AllVerdicts()) {
    const std::size_t count = headline.totals[VerdictIndex(verdict)];
    out << "<li class=\"chip " << (count == 0 ? "zero" : "v-" + std::string(Name(verdict)))
        << "\"><span class=\"icon\" aria-hidden=\"true\">" << Icon(verdict) << "</span> "
        << Name(verdict) << " <b>" << count << "</b></li>";
  }
  out << "</ul>\n</section>\n";
}

// Writes one line per target: what ran where and when, and its verdict counts.
void WriteRuns(const Matrix& matrix, std::ostream& out) {
  out << "<h2 id=\"runs\">Runs</h2>\n<table class=\"runs\">\n<thead><tr><th>Target</th>"
         "<th>Family</th><th>Implementation</th><th>OS</th><th>Build</th><th>BITS</th>"
         "<th>Run date</th><th>Expectations</th><th>bitscts</th>";
  for (const Verdict verdict : AllVerdicts()) out << "<th>" << Name(verdict) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  for (std::size_t column = 0; column < matrix.targets.size(); ++column) {
    const TargetInfo& target = matrix.targets[column];
    out << "<tr><th>" << Html{target.id} << "</th><td>" << Html{target.family} << "</td><td>"
        << Html{target.implementation} << "</td><td>" << Html{target.os_name} << "</td><td>"
        << Html{target.os_build} << "</td><td>" << Html{target.bits_version} << "</td><td>"
        << Html{target.run_date} << "</td><td>" << Html{target.expectations} << "</td><td>"
        << Html{target.bitscts_version} << "</td>";
    for (std::size_t v = 0; v < AllVerdicts().size(); ++v) {
      const std::size_t count = matrix.counts[column][v];
      out << "<td class=\"count" << (count > 0 && IsFailure(AllVerdicts()[v]) ? " v-" : "")
          << (count > 0 && IsFailure(AllVerdicts()[v]) ? Name(AllVerdicts()[v]) : "") << "\">"
          << count << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

// Writes one table per expectation file, marking entries expired on `today`.
void WriteExpectations(const std::vector<ExpectationFile>& files, std::chrono::year_month_day today,
                       std::ostream& out) {
  for (std::size_t i = 0; i < files.size(); ++i) {
    const ExpectationFile& file = files[i];
    out << "<h2" << (i == 0 ? " id=\"expectations\"" : "") << ">Expectations for "
        << Html{file.family} << " <small>(" << Html{file.path} << (file.strict ? ", strict" : "")
        << ")</small></h2>\n";
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

// Writes every change since the baseline (or the previous run), regressions first.
void WriteChanges(const Matrix& matrix, const internal::Headline& headline,
                  const std::map<std::string, std::size_t>& rows, std::ostream& out) {
  if (headline.since.empty()) return;
  out << "<h2 id=\"changes\">Changes since " << Html{headline.since} << "</h2>\n";
  if (headline.changes.empty()) {
    out << "<p>Every verdict is the same as before.</p>\n";
    return;
  }
  out << "<table class=\"changes\">\n<thead><tr><th>Change</th><th>Target</th><th>Scenario</th>"
         "<th>Before</th><th>Now</th><th>Compared with</th></tr></thead>\n<tbody>\n";
  for (const internal::VerdictChange& change : headline.changes) {
    const char* kind = change.regression ? "regression"
                       : !change.before  ? "new"
                       : !change.after   ? "gone"
                                         : "changed";
    out << "<tr><td" << (change.regression ? " class=\"regression\"" : "") << ">" << kind
        << "</td><td>" << Html{change.target_id} << "</td><td>";
    WriteCellReference(matrix, rows, change, out);
    out << "</td><td>";
    if (change.before)
      WriteVerdictChip(*change.before, out);
    else
      out << "not run";
    out << "</td><td>";
    if (change.after)
      WriteVerdictChip(*change.after, out);
    else
      out << "not run";
    out << "</td><td>" << Html{change.before_where} << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

// Returns the heading under which a panel shows the text of an outcome of this kind.
std::string_view OutcomeHeading(Outcome::Kind kind) {
  switch (kind) {
    case Outcome::Kind::kSkipped: return "Reason";
    case Outcome::Kind::kFailure: return "Checks";
    case Outcome::Kind::kError: return "Error";
  }
  return "Outcome";
}

// Returns the lines after a "checks:" line of a bitscts case's text, up to the next line the runner
// writes after them ("evidence:", "clause: ", "doc: ", "scenario: "); empty if there is none.
std::string_view ChecksSection(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size() && !text.substr(start).starts_with("checks:\n")) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  if (start >= text.size()) return {};
  start += std::string_view("checks:\n").size();
  std::size_t end = start;
  while (end < text.size()) {
    const std::string_view line = text.substr(end);
    if (line.starts_with("evidence:") || line.starts_with("clause: ") ||
        line.starts_with("doc: ") || line.starts_with("scenario: ")) {
      break;
    }
    end = text.find('\n', end);
    end = end == std::string_view::npos ? text.size() : end + 1;
  }
  return text.substr(start, end - start);
}

// Returns what an outcome's text adds to the rest of the panel. The runner's text for consumers
// that read only that element ("<verdict>: <message>", the checks, the clauses, the evidence)
// adds its checks alone; any other text (older files, other tools) is shown whole.
std::string_view OwnText(const TestCase& test_case, const Outcome& outcome) {
  const std::string_view text = outcome.text;
  const std::string verdict_prefix = std::string(Name(test_case.verdict)) + ": ";
  const bool runners_text =
      text.starts_with(verdict_prefix) && (text.find("\nevidence:") != std::string_view::npos ||
                                           text.find("\nclause: ") != std::string_view::npos);
  return runners_text ? ChecksSection(text) : text;
}

// Writes what one case says, each part once: message, checks, clauses with their statements,
// evidence, other output, then where the case came from.
void WriteCaseDetail(const MatrixRow& row, const TestCase& test_case, std::ostream& out) {
  const std::string_view system_out_checks = ChecksSection(test_case.system_out);
  for (const Outcome& outcome : test_case.outcomes) {
    if (!outcome.message.empty())
      out << "<h3>Message</h3><p class=\"message\">" << Html{outcome.message} << "</p>";
    const std::string_view text =
        !system_out_checks.empty() ? std::string_view() : OwnText(test_case, outcome);
    if (!text.empty() && text != outcome.message) {
      out << "<h3>" << OutcomeHeading(outcome.kind) << "</h3><pre class=\"checks\">" << Html{text}
          << "</pre>";
    }
  }
  if (!system_out_checks.empty())
    out << "<h3>Checks</h3><pre class=\"checks\">" << Html{system_out_checks} << "</pre>";
  if (!row.clauses.empty()) {
    out << "<h3>Clauses</h3><dl class=\"clauses\">";
    for (const std::string& id : row.clauses) {
      out << "<dt>" << Html{id} << "</dt><dd>";
      const ClauseNote* note = nullptr;
      for (const ClauseNote& candidate : row.clause_notes) {
        if (candidate.id == id) note = &candidate;
      }
      if (note == nullptr || note->statement.empty()) {
        out << "<span class=\"source\">(the report gives no statement)</span>";
      } else {
        out << Html{note->statement};
        if (!note->source.empty()) {
          out << " <span class=\"source\">source: ";
          if (internal::IsWebLink(note->url)) {
            out << "<a href=\"" << Html{note->url} << "\">" << Html{note->source} << "</a>";
          } else {
            out << Html{note->source};
          }
          out << "</span>";
        }
      }
      out << "</dd>";
    }
    out << "</dl>";
  }
  const std::string_view evidence = test_case.Evidence();
  if (!evidence.empty()) {
    out << "<h3>Evidence</h3><pre class=\"evidence\">" << Html{evidence} << "</pre>";
  } else if (test_case.evidence_offset == std::string::npos && !test_case.system_out.empty()) {
    out << "<h3>Output</h3><pre class=\"evidence\">" << Html{test_case.system_out} << "</pre>";
  }
  if (!test_case.system_err.empty())
    out << "<h3>Standard error</h3><pre>" << Html{test_case.system_err} << "</pre>";
  out << "<p class=\"source\">" << Html{test_case.source} << " · " << Html{test_case.classname}
      << '.' << Html{test_case.name} << " · " << Html{test_case.time} << " s</p>";
}

// Writes the panel of one cell: what the target is, the change since the baseline, each case's
// details, the history.
void WriteDetailPanel(const Matrix& matrix, const MatrixRow& row, std::size_t row_number,
                      std::size_t column, const std::vector<internal::VerdictChange>& changes,
                      std::ostream& out) {
  const TargetInfo& target = matrix.targets[column];
  const std::vector<const TestCase*>& cell = row.cells[column];
  out << "<section class=\"detail\" id=\"" << PanelId(row_number, column)
      << "\" role=\"dialog\" aria-label=\"" << Html{row.scenario_id} << " on " << Html{target.id}
      << "\"><a class=\"close\" href=\"#_\" title=\"close (Escape)\">✕</a><h2>";
  if (internal::IsWebLink(row.doc)) {
    out << "<a href=\"" << Html{row.doc} << "\">" << Html{row.scenario_id} << "</a>";
  } else {
    out << Html{row.scenario_id};
  }
  out << "</h2><p>";
  if (!cell.empty()) WriteVerdictChip(cell.front()->verdict, out);
  out << " on <b>" << Html{target.id} << "</b>";
  if (!target.os_build.empty()) out << " · build " << Html{target.os_build};
  if (!target.bits_version.empty()) out << " · BITS " << Html{target.bits_version};
  if (!target.run_date.empty()) out << " · run " << Html{target.run_date};
  out << "</p>";
  for (const internal::VerdictChange& change : changes) {
    if (change.target_id != target.id || change.scenario_id != row.scenario_id) continue;
    out << "<p" << (change.regression ? " class=\"regression\"" : "") << ">"
        << (change.regression ? "Regression: " : "Changed: ") << VerdictOrNone(change.before)
        << " in " << Html{change.before_where} << ", " << VerdictOrNone(change.after)
        << " now.</p>";
  }
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell.size() > 1) {
      out << "<h3>Case " << i + 1 << " of " << cell.size()
          << " (duplicate): " << Name(cell[i]->verdict) << "</h3>";
    }
    WriteCaseDetail(row, *cell[i], out);
  }
  const std::vector<const TestCase*>& history = row.history[column];
  if (!history.empty()) {
    out << "<h3>History</h3><ol class=\"history\">";
    for (std::size_t run = 0; run < history.size(); ++run) {
      out << "<li>" << Html{matrix.run_dates[column][run]} << ": ";
      if (history[run] == nullptr)
        out << "not run";
      else
        WriteVerdictChip(history[run]->verdict, out);
      out << "</li>";
    }
    out << "</ol>";
  }
  out << "</section>\n";
}

// Writes one cell: its verdict as a sign and a word, linking to its detail panel, and the
// history strip when the target ran more than once.
void WriteCell(const Matrix& matrix, const MatrixRow& row, std::size_t row_number,
               std::size_t column, std::ostream& out) {
  const std::vector<const TestCase*>& cell = row.cells[column];
  if (cell.empty()) {
    out << "<td class=\"cell v-none\" title=\"not run on this target\">&#8212;";
  } else {
    const Verdict verdict = cell.front()->verdict;
    out << "<td class=\"cell v-" << Name(verdict) << (cell.size() > 1 ? " duplicate" : "")
        << "\" data-verdicts=\"";
    for (std::size_t i = 0; i < cell.size(); ++i) out << (i ? " " : "") << Name(cell[i]->verdict);
    out << "\"><a class=\"open\" href=\"#" << PanelId(row_number, column) << "\" title=\""
        << Name(verdict) << (cell.size() > 1 ? " (duplicate)" : "") << ": " << Html{row.scenario_id}
        << " on " << Html{matrix.targets[column].id}
        << "\"><span class=\"icon\" aria-hidden=\"true\">" << Icon(verdict) << "</span> "
        << Name(verdict) << (cell.size() > 1 ? " ×" + std::to_string(cell.size()) : "") << "</a>";
  }
  const std::vector<const TestCase*>& history = row.history[column];
  if (!history.empty()) {
    out << "<span class=\"strip\" role=\"img\" aria-label=\"earlier runs, oldest first\">";
    for (std::size_t run = 0; run < history.size(); ++run) {
      const std::string verdict = history[run] ? std::string(Name(history[run]->verdict)) : "none";
      out << "<i class=\"v-" << verdict << "\" title=\"" << Html{matrix.run_dates[column][run]}
          << ": " << verdict << "\"></i>";
    }
    out << "</span>";
  }
  out << "</td>";
}

// Writes the grid: one column per target, one row per scenario, grouped by clause family.
void WriteMatrixTable(const Matrix& matrix, std::ostream& out) {
  const std::size_t columns = matrix.targets.size() + 1;
  out << "<table id=\"matrix\">\n<colgroup><col class=\"scenario\">";
  for (std::size_t i = 0; i < matrix.targets.size(); ++i) out << "<col>";
  out << "</colgroup>\n<thead><tr><th>Scenario <small>clauses</small></th>";
  for (const TargetInfo& target : matrix.targets) {
    out << "<th class=\"target\">" << Html{target.id} << "<small>";
    if (!target.os_build.empty()) out << "build " << Html{target.os_build};
    if (!target.bits_version.empty()) out << " · BITS " << Html{target.bits_version};
    out << "</small></th>";
  }
  out << "</tr></thead>\n";
  std::size_t row_number = 0;
  for (const MatrixGroup& group : matrix.groups) {
    out << "<tbody class=\"family" << (group.failing ? " failing" : "")
        << "\">\n<tr class=\"family-row\"><th colspan=\"" << columns << "\">"
        << Html{group.clause_family.empty() ? "(no clause)" : group.clause_family}
        << "</th></tr>\n";
    for (const MatrixRow& row : group.rows) {
      out << "<tr class=\"scenario" << (row.failing ? " failing" : "") << "\" data-scenario=\""
          << Html{row.scenario_id} << "\"><th class=\"scenario\" scope=\"row\">";
      if (internal::IsWebLink(row.doc)) {
        out << "<a href=\"" << Html{row.doc} << "\">";
        WriteScenarioId(row.scenario_id, out);
        out << "</a>";
      } else {
        WriteScenarioId(row.scenario_id, out);
      }
      if (!row.clauses.empty()) {
        out << "<span class=\"clauses\">";
        for (std::size_t i = 0; i < row.clauses.size(); ++i)
          out << (i ? " " : "") << Html{row.clauses[i]};
        out << "</span>";
      }
      out << "</th>";
      for (std::size_t column = 0; column < row.cells.size(); ++column)
        WriteCell(matrix, row, row_number, column, out);
      out << "</tr>\n";
      ++row_number;
    }
    out << "</tbody>\n";
  }
  out << "</table>\n";
}

// Writes the detail panel of every cell that holds a verdict, outside the grid.
void WriteDetailPanels(const Matrix& matrix, const internal::Headline& headline,
                       std::ostream& out) {
  out << "<div id=\"details\">\n";
  std::size_t row_number = 0;
  for (const MatrixGroup& group : matrix.groups) {
    for (const MatrixRow& row : group.rows) {
      for (std::size_t column = 0; column < row.cells.size(); ++column) {
        if (!row.cells[column].empty())
          WriteDetailPanel(matrix, row, row_number, column, headline.changes, out);
      }
      ++row_number;
    }
  }
  out << "</div>\n";
}

// Writes every verdict's chip, as the key to the grid's colours and signs.
void WriteLegend(std::ostream& out) {
  out << "<span class=\"legend\">";
  for (const Verdict verdict : AllVerdicts()) {
    WriteVerdictChip(verdict, out);
    out << ' ';
  }
  out << "· click a cell for its details</span>";
}

}  // namespace

void WriteHtmlMatrix(const Matrix& matrix, const std::vector<ExpectationFile>& expectations,
                     std::chrono::year_month_day today, std::ostream& out,
                     const BaselineComparison* baseline) {
  const internal::Headline headline = internal::MakeHeadline(matrix, baseline);
  const std::map<std::string, std::size_t> rows = RowNumbers(matrix);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>bitscts conformance matrix</title>\n<style>"
      << kStyle << "</style>\n</head>\n<body>\n<header>\n<h1>bitscts conformance matrix<small>"
      << internal::Counted(headline.scenarios, "scenario") << " on "
      << internal::Counted(matrix.targets.size(), "target") << " · <a href=\"#runs\">runs</a>";
  if (!headline.since.empty()) out << " · <a href=\"#changes\">changes</a>";
  out << "</small></h1>\n";
  std::size_t expired = 0;
  for (const ExpectationFile& file : expectations) {
    expired += static_cast<std::size_t>(
        std::count_if(file.entries.begin(), file.entries.end(),
                      [&](const Expectation& entry) { return IsExpired(entry, today); }));
  }
  WriteHeadline(matrix, headline, expired, rows, out);
  out << "</header>\n<main>\n<div class=\"controls\" id=\"controls\" hidden><button "
         "id=\"failures-only\" type=\"button\" aria-pressed=\"false\">Show failures only</button> "
         "<span id=\"shown\"></span>";
  WriteLegend(out);
  out << "</div>\n<p id=\"no-failures\" hidden>No scenario fails on any target.</p>\n";
  WriteMatrixTable(matrix, out);
  WriteChanges(matrix, headline, rows, out);
  WriteRuns(matrix, out);
  WriteExpectations(expectations, today, out);
  WriteDetailPanels(matrix, headline, out);
  out << "</main>\n<script>" << kScript << "</script>\n</body>\n</html>\n";
}

}  // namespace bitscts::report
