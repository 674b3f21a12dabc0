#include "bitscts/report/junit_writer.h"

#include <algorithm>
#include <cstdio>
#include <locale>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <utility>

#include "xml_characters.h"

namespace bitscts::report {
namespace {

using internal::ToXmlCharacters;

struct Counts {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
  std::size_t skipped = 0;

  void Add(Verdict verdict) {
    ++tests;
    if (verdict == Verdict::kFail || verdict == Verdict::kXpass) ++failures;
    if (verdict == Verdict::kTimeout || verdict == Verdict::kError) ++errors;
    if (verdict == Verdict::kUnsupported || verdict == Verdict::kXfail) ++skipped;
  }
};

// Returns the number `text` holds in the C locale, or 0 when it holds none (libc++ 14 has no
// floating-point std::from_chars).
double Seconds(const std::string& text) {
  std::istringstream in(text);
  in.imbue(std::locale::classic());
  double seconds = 0;
  in >> seconds;
  return in ? seconds : 0.0;
}

std::string FormatSeconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", seconds);
  return buffer;
}

// Stores `text` through `set(data, size)`, escaped only where XML cannot hold it as it is.
template <typename Setter>
void SetXmlText(std::string_view text, Setter set) {
  if (internal::IsXmlText(text)) {
    set(text.data(), text.size());
  } else {
    const std::string safe = ToXmlCharacters(text);
    set(safe.data(), safe.size());
  }
}

void SetAttribute(pugi::xml_node& node, const char* name, std::string_view value) {
  pugi::xml_attribute attribute = node.append_attribute(name);
  SetXmlText(value, [&](const char* data, std::size_t size) { attribute.set_value(data, size); });
}

void AppendText(pugi::xml_node& element, std::string_view text) {
  pugi::xml_node data = element.append_child(pugi::node_pcdata);
  SetXmlText(text, [&](const char* bytes, std::size_t size) { data.set_value(bytes, size); });
}

void SetAttribute(pugi::xml_node& node, const char* name, std::size_t value) {
  node.append_attribute(name).set_value(std::to_string(value).c_str());
}

void AppendTextElement(pugi::xml_node& parent, const char* name, std::string_view text) {
  pugi::xml_node element = parent.append_child(name);
  if (!text.empty()) AppendText(element, text);
}

bool IsSkip(Verdict verdict) { return verdict == Verdict::kUnsupported || verdict == Verdict::kXfail; }
bool IsError(Verdict verdict) { return verdict == Verdict::kTimeout || verdict == Verdict::kError; }
bool IsFailureElement(Verdict verdict) { return verdict == Verdict::kFail || verdict == Verdict::kXpass; }

// Appends <skipped>: the schema allows one, with text only, so messages and texts are joined.
void AppendSkipped(pugi::xml_node& testcase, const TestCase& test_case) {
  std::string text;
  bool any = false;
  for (const Outcome& outcome : test_case.outcomes) {
    if (outcome.kind != Outcome::Kind::kSkipped) continue;
    any = true;
    for (const std::string* part : {&outcome.message, &outcome.text}) {
      if (part->empty() || text.find(*part) != std::string::npos) continue;
      if (!text.empty()) text += "\n";
      text += *part;
    }
  }
  if (!any && !IsSkip(test_case.verdict)) return;
  if (text.empty() && !any) text = Name(test_case.verdict);
  AppendTextElement(testcase, "skipped", text);
}

void AppendOutcomes(pugi::xml_node& testcase, const TestCase& test_case, Outcome::Kind kind, bool required) {
  bool any = false;
  const char* element = kind == Outcome::Kind::kError ? "error" : "failure";
  for (const Outcome& outcome : test_case.outcomes) {
    if (outcome.kind != kind) continue;
    any = true;
    pugi::xml_node node = testcase.append_child(element);
    SetAttribute(node, "message", outcome.message);
    if (!outcome.type.empty()) SetAttribute(node, "type", outcome.type);
    if (!outcome.text.empty()) AppendText(node, outcome.text);
  }
  if (any || !required) return;
  pugi::xml_node node = testcase.append_child(element);
  SetAttribute(node, "message", Name(test_case.verdict));
  SetAttribute(node, "type", Name(test_case.verdict));
}

void AppendCase(pugi::xml_node& suite, const TestCase& test_case) {
  pugi::xml_node node = suite.append_child("testcase");
  SetAttribute(node, "name", test_case.name);
  SetAttribute(node, "classname", test_case.classname);
  SetAttribute(node, "time", test_case.time.empty() ? std::string("0") : test_case.time);
  SetAttribute(node, "status", Name(test_case.verdict));
  AppendSkipped(node, test_case);
  AppendOutcomes(node, test_case, Outcome::Kind::kError, IsError(test_case.verdict));
  AppendOutcomes(node, test_case, Outcome::Kind::kFailure, IsFailureElement(test_case.verdict));
  if (!test_case.system_out.empty()) AppendTextElement(node, "system-out", test_case.system_out);
  if (!test_case.system_err.empty()) AppendTextElement(node, "system-err", test_case.system_err);
}

// Returns the verdict counts of a suite and its time: its own, else the sum of its cases'.
std::pair<Counts, std::string> Summarise(const Suite& suite) {
  Counts counts;
  double case_seconds = 0;
  for (const TestCase& test_case : suite.cases) {
    counts.Add(test_case.verdict);
    case_seconds += Seconds(test_case.time);
  }
  return {counts, suite.time.empty() ? FormatSeconds(case_seconds) : suite.time};
}

void AppendSuite(pugi::xml_node& parent, const Suite& suite, std::size_t id) {
  const auto [counts, time] = Summarise(suite);
  pugi::xml_node node = parent.append_child("testsuite");
  SetAttribute(node, "name", suite.name);
  SetAttribute(node, "tests", counts.tests);
  SetAttribute(node, "failures", counts.failures);
  SetAttribute(node, "errors", counts.errors);
  SetAttribute(node, "skipped", counts.skipped);
  SetAttribute(node, "time", time);
  if (!suite.timestamp.empty()) SetAttribute(node, "timestamp", suite.timestamp);
  if (!suite.hostname.empty()) SetAttribute(node, "hostname", suite.hostname);
  SetAttribute(node, "id", id);
  SetAttribute(node, "package", suite.package.empty() ? std::string("bitscts") : suite.package);

  pugi::xml_node properties = node.append_child("properties");
  if (suite.PropertyValue("bitscts.target.id").empty()) {
    pugi::xml_node property = properties.append_child("property");
    SetAttribute(property, "name", "bitscts.target.id");
    SetAttribute(property, "value", suite.target_id);
  }
  for (const Property& entry : suite.properties) {
    if (entry.name == "bitscts.target.id" && entry.value.empty()) continue;
    pugi::xml_node property = properties.append_child("property");
    SetAttribute(property, "name", entry.name);
    SetAttribute(property, "value", entry.value);
  }
  for (const TestCase& test_case : suite.cases) AppendCase(node, test_case);
  if (!suite.system_out.empty()) AppendTextElement(node, "system-out", suite.system_out);
  if (!suite.system_err.empty()) AppendTextElement(node, "system-err", suite.system_err);
}

}  // namespace

void WriteJUnit(const Report& report, std::ostream& out) {
  Counts total;
  double seconds = 0;
  for (const Suite& suite : report.suites) {
    const auto [counts, time] = Summarise(suite);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    seconds += Seconds(time);
  }
  // The prolog and the root's attributes (a fixed name and numbers) need no escaping. Each suite
  // is then built and printed by pugixml on its own, so memory stays at one suite's worth.
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bitscts\" tests=\"" << total.tests
      << "\" failures=\"" << total.failures << "\" errors=\"" << total.errors << "\" disabled=\"0\" time=\""
      << FormatSeconds(seconds) << "\">\n";
  std::size_t id = 0;
  for (const Suite& suite : report.suites) {
    pugi::xml_document document;
    AppendSuite(document, suite, id++);
    document.first_child().print(out, "  ", pugi::format_default, pugi::encoding_utf8, 1);
  }
  out << "</testsuites>\n";
}

}  // namespace bitscts::report
