#include "junit_document.h"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bitscts/check_headline.h"
#include "bitscts/junit/properties.h"
#include "bitscts/junit/system_out.h"

namespace bitscts::runner {
namespace {

// One note per clause the case names or records; an id the catalogue lacks says so.
std::vector<junit::ClauseNote> ClauseNotes(const CaseRecord& record, const ClauseCatalog& clauses) {
  std::vector<junit::ClauseNote> notes;
  for (const auto* ids : {&record.info.meta.clauses, &record.info.meta.records}) {
    for (const std::string& id : *ids) {
      const Clause* clause = clauses.Find(id);
      if (clause == nullptr) {
        notes.push_back({id, "(not in the clause catalogue)", ""});
      } else {
        notes.push_back(
            {id, clause->statement, clause->sources.empty() ? "" : clause->sources.front()});
      }
    }
  }
  return notes;
}

// The outcome element JUnit consumers count for the verdict, none for a pass: its message the
// one-line reason, its text the reason, the checks, the clauses and the evidence.
std::vector<junit::Outcome> Outcomes(const CaseRecord& record, const junit::CaseOutput& output) {
  using Kind = junit::Outcome::Kind;
  const std::string verdict(Name(record.verdict));
  const std::string headline = record.message.empty() ? verdict : record.message;
  const std::string text = junit::FormatOutcomeText(output);
  switch (record.verdict) {
    case Verdict::kUnsupported:
    case Verdict::kXfail: return {{Kind::kSkipped, verdict + ": " + headline, "", text}};
    case Verdict::kFail:
    case Verdict::kXpass: return {{Kind::kFailure, headline, verdict, text}};
    case Verdict::kTimeout:
    case Verdict::kError: return {{Kind::kError, headline, verdict, text}};
    case Verdict::kPass: break;
  }
  return {};
}

junit::Case JUnitCase(const CaseRecord& record, const std::string& classname,
                      const ClauseCatalog& clauses) {
  const junit::CaseOutput output{.scenario = record.info.id(),
                                 .clauses = record.info.meta.clauses,
                                 .records = record.info.meta.records,
                                 .clause_notes = ClauseNotes(record, clauses),
                                 .doc = record.info.meta.doc,
                                 .verdict = record.verdict,
                                 .message = record.message,
                                 .checks = record.details,
                                 .evidence = record.evidence};
  junit::Case test_case;
  test_case.name = record.info.name;
  test_case.classname = classname;
  test_case.time = junit::FormatSeconds(record.seconds);
  test_case.verdict = record.verdict;
  if (record.info.file != nullptr && *record.info.file != '\0') {
    test_case.file = RelativeToRoot(record.info.file, BITSCTS_SOURCE_ROOT);
    test_case.line = std::to_string(record.info.line);
  }
  test_case.outcomes = Outcomes(record, output);
  test_case.system_out = junit::FormatSystemOut(output);
  return test_case;
}

// The properties every suite of the run carries.
std::vector<junit::Property> RunProperties(const RunReport& report) {
  namespace property = junit::property;
  const TargetDescription& target = report.target;
  const std::pair<std::string_view, std::string> values[] = {
      {property::kTargetId, target.id},
      {property::kTargetFamily, target.family},
      {property::kTargetImplementation, target.implementation},
      {property::kTargetOsName, target.os_name},
      {property::kTargetOsBuild, std::to_string(target.os_build)},
      {property::kTargetBitsVersion, target.bits_version},
      {property::kRunDate, report.started_at},
      {property::kExpectations, report.expectations},
      {property::kVersion, BITSCTS_VERSION},
  };
  std::vector<junit::Property> properties;
  for (const auto& [name, value] : values) properties.push_back({std::string(name), value});
  return properties;
}

}  // namespace

junit::Document JUnitDocument(const RunReport& report, const ClauseCatalog& clauses) {
  std::map<std::string, std::vector<const CaseRecord*>> families;
  for (const CaseRecord& record : report.cases) families[record.info.family].push_back(&record);
  // The run's start in UTC, with its "Z" so that no consumer reads it as local time.
  const std::string& timestamp = report.started_at;
  const std::vector<junit::Property> properties = RunProperties(report);
  junit::Document document;
  for (const auto& [family, records] : families) {
    junit::Suite& suite = document.suites.emplace_back();
    suite.name = report.target.id + "." + family;
    suite.timestamp = timestamp;
    suite.hostname = report.hostname;
    suite.properties = properties;
    double seconds = 0;
    for (const CaseRecord* record : records) {
      suite.cases.push_back(JUnitCase(*record, suite.name, clauses));
      seconds += record->seconds;
    }
    suite.time = junit::FormatSeconds(seconds);
  }
  return document;
}

}  // namespace bitscts::runner
