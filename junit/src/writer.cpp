#include "bitscts/junit/writer.h"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>

#include "bitscts/junit/properties.h"
#include "xml_append.h"

namespace bitscts::junit {
namespace {

using internal::AppendXml;
using internal::XmlPlace;

constexpr std::string_view kPackage = "bitscts";

bool IsSkip(Verdict verdict) {
  return verdict == Verdict::kUnsupported || verdict == Verdict::kXfail;
}
bool IsError(Verdict verdict) { return verdict == Verdict::kTimeout || verdict == Verdict::kError; }
bool IsFailureElement(Verdict verdict) {
  return verdict == Verdict::kFail || verdict == Verdict::kXpass;
}

// The numbers a <testsuites> or <testsuite> start tag carries.
struct Counts {
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::size_t errors = 0;
  std::size_t skipped = 0;
  std::string time;

  void Add(Verdict verdict) {
    ++tests;
    if (IsFailureElement(verdict)) ++failures;
    if (IsError(verdict)) ++errors;
    if (IsSkip(verdict)) ++skipped;
  }
};

// Returns the counts of a suite and its time: its own, else the sum of its cases'.
Counts CountsOf(const Suite& suite) {
  Counts counts;
  double case_seconds = 0;
  for (const Case& test_case : suite.cases) {
    counts.Add(test_case.verdict);
    case_seconds += ParseSeconds(test_case.time);
  }
  counts.time = suite.time.empty() ? FormatSeconds(case_seconds) : suite.time;
  return counts;
}

// Builds XML text in a buffer: elements one per line, indented by depth.
class XmlBuffer {
 public:
  // Starts `<name`; attributes follow, then EndStartTag or EndEmptyElement.
  void Open(int depth, std::string_view name) {
    text_.append(static_cast<std::size_t>(depth) * 2, ' ');
    text_ += '<';
    text_ += name;
  }
  void Attribute(std::string_view name, std::string_view value) {
    text_ += ' ';
    text_ += name;
    text_ += "=\"";
    AppendXml(text_, value, XmlPlace::kAttribute);
    text_ += '"';
  }
  void Attribute(std::string_view name, std::size_t value) {
    Attribute(name, std::to_string(value));
  }
  void EndStartTag(bool newline) { text_ += newline ? ">\n" : ">"; }
  void EndEmptyElement() { text_ += "/>\n"; }
  void Close(int depth, std::string_view name) {
    text_.append(static_cast<std::size_t>(depth) * 2, ' ');
    CloseInline(name);
  }
  void CloseInline(std::string_view name) {
    text_ += "</";
    text_ += name;
    text_ += ">\n";
  }
  void Text(std::string_view text) { AppendXml(text_, text, XmlPlace::kText); }
  void Raw(std::string_view markup) { text_ += markup; }

  // Writes the element `name` holding `text` on one line; empty when `text` is.
  void TextElement(int depth, std::string_view name, std::string_view text) {
    Open(depth, name);
    EndElementWithText(name, text);
  }
  // Ends a start tag whose attributes are written with the element's `text` and its end tag.
  void EndElementWithText(std::string_view name, std::string_view text) {
    if (text.empty()) return EndEmptyElement();
    EndStartTag(false);
    Text(text);
    CloseInline(name);
  }

  // Writes what the buffer holds to `out` and empties it.
  void FlushTo(std::ostream& out) {
    out.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }

 private:
  std::string text_;
};

// Returns `text` up to its first line break.
std::string FirstLine(std::string_view text) {
  return std::string(text.substr(0, text.find('\n')));
}

// The one <skipped> of a case: its message the skipped outcomes' messages (else the first line of
// their text), its text their texts, each once; the verdict's name when a skip verdict has none.
void WriteSkipped(XmlBuffer& xml, const Case& test_case) {
  std::string message;
  std::string text;
  bool any = false;
  const auto join = [](std::string& into, const std::string& part, std::string_view separator) {
    if (part.empty() || into.find(part) != std::string::npos) return;
    if (!into.empty()) into += separator;
    into += part;
  };
  for (const Outcome& outcome : test_case.outcomes) {
    if (outcome.kind != Outcome::Kind::kSkipped) continue;
    any = true;
    join(message, outcome.message, "; ");
    join(text, outcome.text, "\n");
  }
  if (!any && !IsSkip(test_case.verdict)) return;
  if (!any) text = Name(test_case.verdict);
  if (message.empty()) message = FirstLine(text);
  xml.Open(3, "skipped");
  xml.Attribute("message", message);
  xml.EndElementWithText("skipped", text);
}

// The <failure> or <error> elements of a case; one made from the verdict when it needs one.
void WriteOutcomes(XmlBuffer& xml, const Case& test_case, Outcome::Kind kind, bool required) {
  const std::string_view element = kind == Outcome::Kind::kError ? "error" : "failure";
  bool any = false;
  for (const Outcome& outcome : test_case.outcomes) {
    if (outcome.kind != kind) continue;
    any = true;
    xml.Open(3, element);
    xml.Attribute("message", outcome.message);
    if (!outcome.type.empty()) xml.Attribute("type", outcome.type);
    xml.EndElementWithText(element, outcome.text);
  }
  if (any || !required) return;
  xml.Open(3, element);
  xml.Attribute("message", Name(test_case.verdict));
  xml.Attribute("type", Name(test_case.verdict));
  xml.EndEmptyElement();
}

void WriteCase(XmlBuffer& xml, const Case& test_case) {
  xml.Open(2, "testcase");
  xml.Attribute("name", test_case.name);
  xml.Attribute("classname", test_case.classname);
  xml.Attribute("time",
                test_case.time.empty() ? std::string_view("0") : std::string_view(test_case.time));
  xml.Attribute("status", Name(test_case.verdict));
  if (!test_case.file.empty()) xml.Attribute("file", test_case.file);
  if (!test_case.line.empty()) xml.Attribute("line", test_case.line);
  const bool has_outcome = !test_case.outcomes.empty() || test_case.verdict != Verdict::kPass;
  if (!has_outcome && test_case.system_out.empty() && test_case.system_err.empty())
    return xml.EndEmptyElement();
  xml.EndStartTag(true);
  WriteSkipped(xml, test_case);
  WriteOutcomes(xml, test_case, Outcome::Kind::kError, IsError(test_case.verdict));
  WriteOutcomes(xml, test_case, Outcome::Kind::kFailure, IsFailureElement(test_case.verdict));
  if (!test_case.system_out.empty()) xml.TextElement(3, "system-out", test_case.system_out);
  if (!test_case.system_err.empty()) xml.TextElement(3, "system-err", test_case.system_err);
  xml.Close(2, "testcase");
}

// Returns true if `a` and `b` hold the same properties in the same order.
bool SameProperties(const std::vector<Property>& a, const std::vector<Property>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Property& x, const Property& y) {
                      return x.name == y.name && x.value == y.value;
                    });
}

// Writes the suite's properties; only the target id when `shared` (the nearest earlier suite of
// the same target wrote the same ones).
void WriteProperties(XmlBuffer& xml, const Suite& suite, bool shared) {
  xml.Open(2, "properties");
  if (suite.properties.empty()) return xml.EndEmptyElement();
  xml.EndStartTag(true);
  for (const Property& property : suite.properties) {
    if (shared && property.name != property::kTargetId) continue;
    xml.Open(3, "property");
    xml.Attribute("name", property.name);
    xml.Attribute("value", property.value);
    xml.EndEmptyElement();
  }
  xml.Close(2, "properties");
}

void WriteSuite(XmlBuffer& xml, const Suite& suite, std::size_t id, bool shared_properties) {
  const Counts counts = CountsOf(suite);
  xml.Open(1, "testsuite");
  xml.Attribute("name", suite.name);
  xml.Attribute("tests", counts.tests);
  xml.Attribute("failures", counts.failures);
  xml.Attribute("errors", counts.errors);
  xml.Attribute("skipped", counts.skipped);
  xml.Attribute("time", counts.time);
  if (!suite.timestamp.empty()) xml.Attribute("timestamp", suite.timestamp);
  if (!suite.hostname.empty()) xml.Attribute("hostname", suite.hostname);
  xml.Attribute("id", id);
  xml.Attribute("package", suite.package.empty() ? kPackage : std::string_view(suite.package));
  xml.EndStartTag(true);
  WriteProperties(xml, suite, shared_properties);
  for (const Case& test_case : suite.cases) WriteCase(xml, test_case);
  if (!suite.system_out.empty()) xml.TextElement(2, "system-out", suite.system_out);
  if (!suite.system_err.empty()) xml.TextElement(2, "system-err", suite.system_err);
  xml.Close(1, "testsuite");
}

}  // namespace

void Write(const Document& document, std::ostream& out) {
  Counts total;
  double seconds = 0;
  for (const Suite& suite : document.suites) {
    const Counts counts = CountsOf(suite);
    total.tests += counts.tests;
    total.failures += counts.failures;
    total.errors += counts.errors;
    total.skipped += counts.skipped;
    seconds += ParseSeconds(counts.time);
  }
  XmlBuffer xml;
  xml.Raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  xml.Open(0, "testsuites");
  xml.Attribute("name", kPackage);
  xml.Attribute("tests", total.tests);
  xml.Attribute("failures", total.failures);
  xml.Attribute("errors", total.errors);
  xml.Attribute("skipped", total.skipped);
  xml.Attribute("disabled", "0");
  xml.Attribute("time", FormatSeconds(seconds));
  xml.EndStartTag(true);
  // Suite by suite, so that the buffer holds one suite's text at a time.
  std::size_t id = 0;
  std::map<std::string_view, const Suite*> latest;  // by target id
  for (const Suite& suite : document.suites) {
    const std::string_view target_id = suite.PropertyValue(property::kTargetId);
    const auto found = target_id.empty() ? latest.end() : latest.find(target_id);
    const bool shared = found != latest.end() && suite.properties.size() > 1 &&
                        SameProperties(found->second->properties, suite.properties);
    WriteSuite(xml, suite, id++, shared);
    if (!target_id.empty()) latest[target_id] = &suite;
    xml.FlushTo(out);
  }
  xml.Close(0, "testsuites");
  xml.FlushTo(out);
}

}  // namespace bitscts::junit
