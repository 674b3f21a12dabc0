#include "bitscts/report/junit_file.h"

#include <fstream>
#include <utility>

#include "bitscts/junit/properties.h"
#include "bitscts/junit/reader.h"
#include "bitscts/junit/system_out.h"
#include "bitscts/junit/writer.h"
#include "bitscts/report/input_error.h"
#include "web_link.h"

namespace bitscts::report {
namespace {

// Returns the scenario id of a case: the "scenario:" line of its system-out, a ctest name
// ("Family.Name"), or its class name (without the target prefix) joined to its name.
std::string ScenarioIdOf(const TestCase& test_case, const std::string& header_scenario) {
  if (!header_scenario.empty()) return header_scenario;
  if (test_case.name.find('.') != std::string::npos || test_case.classname.empty()) {
    return test_case.name;
  }
  std::string_view family = test_case.classname;
  const std::string target_prefix = test_case.target_id + ".";
  if (family.starts_with(target_prefix)) family.remove_prefix(target_prefix.size());
  return std::string(family) + "." + test_case.name;
}

ClauseNote ToReportNote(junit::ClauseNote note) {
  const std::string_view link = std::string_view(note.source).substr(0, note.source.find(' '));
  return {std::move(note.id), std::move(note.statement), std::move(note.source),
          internal::IsWebLink(link) ? std::string(link) : std::string()};
}

TestCase ToReportCase(junit::Case&& read, const std::string& target_id, const std::string& source) {
  TestCase test_case;
  test_case.target_id = target_id;
  test_case.name = std::move(read.name);
  test_case.classname = std::move(read.classname);
  test_case.time = std::move(read.time);
  test_case.verdict = read.verdict;
  test_case.file = std::move(read.file);
  test_case.line = std::move(read.line);
  test_case.outcomes = std::move(read.outcomes);
  test_case.system_out = std::move(read.system_out);
  test_case.system_err = std::move(read.system_err);
  test_case.source = source;
  junit::SystemOutHeader header = junit::ParseSystemOut(test_case.system_out);
  test_case.scenario_id = ScenarioIdOf(test_case, header.scenario);
  test_case.clauses = std::move(header.clauses);
  test_case.doc = std::move(header.doc);
  for (junit::ClauseNote& note : header.clause_notes)
    test_case.clause_notes.push_back(ToReportNote(std::move(note)));
  test_case.evidence_offset = header.evidence_offset;
  return test_case;
}

Suite ToReportSuite(junit::Suite&& read, const std::string& source) {
  Suite suite;
  suite.name = std::move(read.name);
  suite.time = std::move(read.time);
  suite.timestamp = std::move(read.timestamp);
  suite.hostname = std::move(read.hostname);
  suite.package = std::move(read.package);
  suite.properties = std::move(read.properties);
  suite.system_out = std::move(read.system_out);
  suite.system_err = std::move(read.system_err);
  suite.source = source;
  suite.target_id = suite.PropertyValue(junit::property::kTargetId);
  if (suite.target_id.empty()) suite.target_id = std::filesystem::path(source).stem().string();
  suite.cases.reserve(read.cases.size());
  for (junit::Case& test_case : read.cases) {
    suite.cases.push_back(ToReportCase(std::move(test_case), suite.target_id, source));
  }
  return suite;
}

junit::Case ToJUnitCase(const TestCase& test_case) {
  junit::Case written;
  written.name = test_case.name;
  written.classname = test_case.classname;
  written.time = test_case.time;
  written.verdict = test_case.verdict;
  written.file = test_case.file;
  written.line = test_case.line;
  written.outcomes = test_case.outcomes;
  written.system_out = test_case.system_out;
  written.system_err = test_case.system_err;
  return written;
}

// The target id property comes first, also in suites whose target id came from the file name.
junit::Suite ToJUnitSuite(const Suite& suite) {
  junit::Suite written;
  written.name = suite.name;
  written.time = suite.time;
  written.timestamp = suite.timestamp;
  written.hostname = suite.hostname;
  written.package = suite.package;
  const std::string_view target_id_key = junit::property::kTargetId;
  if (suite.PropertyValue(target_id_key).empty())
    written.properties.push_back({std::string(target_id_key), suite.target_id});
  for (const Property& property : suite.properties) {
    if (property.name == target_id_key && property.value.empty()) continue;
    written.properties.push_back(property);
  }
  written.cases.reserve(suite.cases.size());
  for (const TestCase& test_case : suite.cases) written.cases.push_back(ToJUnitCase(test_case));
  written.system_out = suite.system_out;
  written.system_err = suite.system_err;
  return written;
}

}  // namespace

Report ReadJUnitFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open the file for reading");
  std::string contents;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    contents.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw InputError(path.string() + ": read error");
  return ReadJUnitText(contents, path.string());
}

Report ReadJUnitText(std::string_view text, const std::string& source) {
  junit::Document document;
  try {
    document = junit::Read(text);
  } catch (const junit::ReadError& error) {
    const std::string line = error.line() == 0 ? "" : ":" + std::to_string(error.line());
    const std::string offset = error.offset() == junit::ReadError::kNoOffset
                                   ? ""
                                   : " (byte " + std::to_string(error.offset()) + ")";
    throw InputError(source + line + ": " + error.what() + offset);
  }
  Report report;
  report.suites.reserve(document.suites.size());
  for (junit::Suite& suite : document.suites)
    report.suites.push_back(ToReportSuite(std::move(suite), source));
  return report;
}

void WriteJUnit(const Report& report, std::ostream& out) {
  junit::Document document;
  document.suites.reserve(report.suites.size());
  for (const Suite& suite : report.suites) document.suites.push_back(ToJUnitSuite(suite));
  junit::Write(document, out);
}

}  // namespace bitscts::report
