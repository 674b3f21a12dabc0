#include "junit_writer.h"

#include <cstdio>
#include <map>
#include <string>

#include "xml_text.h"

namespace bitscts::runner {
namespace {

std::string Seconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", seconds);
  return buffer;
}

std::string Attr(std::string_view text) { return XmlEscape(text, true); }
std::string Text(std::string_view text) { return XmlEscape(text, false); }

struct Counts {
  int tests = 0;
  int failures = 0;  // fail, xpass
  int errors = 0;    // timeout, error
  int skipped = 0;   // unsupported, xfail
  double seconds = 0;

  void Add(const CaseRecord& record) {
    ++tests;
    seconds += record.seconds;
    switch (record.verdict) {
      case Verdict::kFail:
      case Verdict::kXpass: ++failures; break;
      case Verdict::kTimeout:
      case Verdict::kError: ++errors; break;
      case Verdict::kUnsupported:
      case Verdict::kXfail: ++skipped; break;
      case Verdict::kPass: break;
    }
  }
};

// One "clause: <id>: <statement> (source: <first source>)" line per clause the case names or
// records; an id the catalogue lacks says so.
std::string ClauseLines(const CaseRecord& record, const ClauseCatalog& clauses) {
  std::string text;
  for (const auto* ids : {&record.info.meta.clauses, &record.info.meta.records}) {
    for (const std::string& id : *ids) {
      const Clause* clause = clauses.Find(id);
      text += "clause: " + id + ": ";
      if (clause == nullptr) {
        text += "(not in the clause catalogue)\n";
        continue;
      }
      text += clause->statement;
      if (!clause->sources.empty()) text += " (source: " + clause->sources.front() + ")";
      text += "\n";
    }
  }
  return text;
}

std::string SystemOut(const CaseRecord& record, const ClauseCatalog& clauses) {
  std::string text = "scenario: " + record.info.id() + "\nclauses:";
  for (const std::string& clause : record.info.meta.clauses) text += " " + clause;
  if (!record.info.meta.records.empty()) {
    text += "\nrecords:";
    for (const std::string& clause : record.info.meta.records) text += " " + clause;
  }
  text += "\n" + ClauseLines(record, clauses);
  text += "doc: " + record.info.meta.doc;
  text += "\nverdict: " + std::string(Name(record.verdict)) + "\n";
  if (!record.message.empty()) text += "message: " + record.message + "\n";
  if (!record.details.empty()) text += "checks:\n" + record.details;
  text += "evidence:\n" + record.evidence;
  return text;
}

void WriteCase(const CaseRecord& record, const std::string& classname, const ClauseCatalog& clauses,
               std::ostream& out) {
  out << "    <testcase name=\"" << Attr(record.info.name) << "\" classname=\"" << Attr(classname)
      << "\" time=\"" << Seconds(record.seconds) << "\" status=\"" << Name(record.verdict) << "\">\n";
  const std::string verdict(Name(record.verdict));
  const std::string headline = record.message.empty() ? verdict : record.message;
  switch (record.verdict) {
    case Verdict::kUnsupported:
    case Verdict::kXfail:
      out << "      <skipped>" << Text(verdict + ": " + record.message) << "</skipped>\n";
      break;
    case Verdict::kFail:
    case Verdict::kXpass:
      out << "      <failure message=\"" << Attr(headline) << "\" type=\"" << verdict << "\">"
          << Text(record.details)
          << Text((record.details.empty() ? "" : "\n") + ClauseLines(record, clauses)) << "</failure>\n";
      break;
    case Verdict::kTimeout:
    case Verdict::kError:
      out << "      <error message=\"" << Attr(headline) << "\" type=\"" << verdict << "\">"
          << Text(record.details) << "</error>\n";
      break;
    case Verdict::kPass: break;
  }
  out << "      <system-out>" << Text(SystemOut(record, clauses)) << "</system-out>\n";
  out << "    </testcase>\n";
}

}  // namespace

void WriteJUnit(const RunReport& report, std::ostream& out, const ClauseCatalog& clauses) {
  std::map<std::string, std::vector<const CaseRecord*>> families;
  Counts total;
  for (const CaseRecord& record : report.cases) {
    families[record.info.family].push_back(&record);
    total.Add(record);
  }
  const TargetDescription& target = report.target;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"bitscts\" tests=\"" << total.tests << "\" failures=\"" << total.failures
      << "\" errors=\"" << total.errors << "\" disabled=\"0\" time=\"" << Seconds(total.seconds) << "\">\n";
  int suite_id = 0;
  for (const auto& [family, records] : families) {
    Counts counts;
    for (const CaseRecord* record : records) counts.Add(*record);
    const std::string suite = target.id + "." + family;
    std::string timestamp = report.started_at;
    if (!timestamp.empty() && timestamp.back() == 'Z') timestamp.pop_back();
    out << "  <testsuite name=\"" << Attr(suite) << "\" tests=\"" << counts.tests << "\" failures=\""
        << counts.failures << "\" errors=\"" << counts.errors << "\" skipped=\"" << counts.skipped
        << "\" time=\"" << Seconds(counts.seconds) << "\" timestamp=\"" << Attr(timestamp)
        << "\" hostname=\"" << Attr(report.hostname) << "\" id=\"" << suite_id++
        << "\" package=\"bitscts\">\n";
    out << "    <properties>\n";
    const std::pair<const char*, std::string> properties[] = {
        {"bitscts.target.id", target.id},
        {"bitscts.target.family", target.family},
        {"bitscts.target.implementation", target.implementation},
        {"bitscts.target.os_name", target.os_name},
        {"bitscts.target.os_build", std::to_string(target.os_build)},
        {"bitscts.target.bits_version", target.bits_version},
        {"bitscts.run.date", report.started_at},
        {"bitscts.expectations", report.expectations},
        {"bitscts.version", BITSCTS_VERSION},
    };
    for (const auto& [name, value] : properties) {
      out << "      <property name=\"" << name << "\" value=\"" << Attr(value) << "\"/>\n";
    }
    out << "    </properties>\n";
    for (const CaseRecord* record : records) WriteCase(*record, suite, clauses, out);
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace bitscts::runner
