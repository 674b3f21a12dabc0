#include "bitscts/report/junit_reader.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <pugixml.hpp>

#include "bitscts/report/input_error.h"
#include "system_out.h"

namespace bitscts::report {
namespace {

// Returns the concatenated character data (text and CDATA sections) directly under `node`.
std::string TextOf(const pugi::xml_node& node) {
  const pugi::xml_node first = node.first_child();
  if (first && !first.next_sibling() && (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata)) {
    return first.value();
  }
  std::string text;
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) text += child.value();
  }
  return text;
}

// Appends the text of `node` to `text`, without a copy when `text` is empty.
void AppendText(std::string& text, const pugi::xml_node& node) {
  if (text.empty()) {
    text = TextOf(node);
  } else {
    text += TextOf(node);
  }
}

// Returns the verdict of a case: its status attribute when that names a verdict (bitscts files),
// otherwise what its outcome elements and ctest/gtest status attributes say.
Verdict VerdictOf(const pugi::xml_node& testcase, const std::vector<Outcome>& outcomes) {
  const std::string_view status = testcase.attribute("status").value();
  if (const auto named = ParseVerdict(status)) return *named;
  for (const Outcome& outcome : outcomes) {
    if (outcome.kind == Outcome::Kind::kError) {
      return outcome.type == "timeout" ? Verdict::kTimeout : Verdict::kError;
    }
  }
  for (const Outcome& outcome : outcomes) {
    if (outcome.kind == Outcome::Kind::kFailure) {
      return outcome.type == "xpass" ? Verdict::kXpass : Verdict::kFail;
    }
  }
  for (const Outcome& outcome : outcomes) {
    if (outcome.kind == Outcome::Kind::kSkipped) {
      const bool xfail = outcome.text.starts_with("xfail:") || outcome.message.starts_with("xfail:");
      return xfail ? Verdict::kXfail : Verdict::kUnsupported;
    }
  }
  const std::string_view result = testcase.attribute("result").value();
  if (status == "notrun" || status == "disabled" || result == "skipped" || result == "suppressed") {
    return Verdict::kUnsupported;
  }
  return Verdict::kPass;
}

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

class Reader {
 public:
  Reader(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  Report Read() {
    pugi::xml_document document;
    const pugi::xml_parse_result parsed =
        document.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) {
      Fail(static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0)),
           std::string("not well-formed XML: ") + parsed.description());
    }
    const pugi::xml_node root = document.document_element();
    const std::string_view root_name = root.name();
    if (root_name != "testsuites" && root_name != "testsuite") {
      throw InputError(source_ + ": not a JUnit file (the root element is <" + std::string(root_name) +
                       ">, expected <testsuites> or <testsuite>)");
    }
    Report report;
    CollectSuites(root, report);
    return report;
  }

 private:
  [[noreturn]] void Fail(std::size_t offset, const std::string& message) const {
    const std::size_t clamped = std::min(offset, text_.size());
    const auto line = 1 + std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(clamped), '\n');
    throw InputError(source_ + ":" + std::to_string(line) + ": " + message);
  }

  // Reads `node` if it is a <testsuite>, then every <testsuite> nested below it.
  void CollectSuites(const pugi::xml_node& node, Report& report) const {
    if (std::string_view(node.name()) == "testsuite") report.suites.push_back(ReadSuite(node));
    for (const pugi::xml_node& child : node.children("testsuite")) CollectSuites(child, report);
  }

  Suite ReadSuite(const pugi::xml_node& node) const {
    Suite suite;
    suite.name = node.attribute("name").value();
    suite.time = node.attribute("time").value();
    suite.timestamp = node.attribute("timestamp").value();
    suite.hostname = node.attribute("hostname").value();
    suite.package = node.attribute("package").value();
    suite.source = source_;
    for (const pugi::xml_node& property : node.child("properties").children("property")) {
      suite.properties.push_back({property.attribute("name").value(), property.attribute("value").value()});
    }
    suite.target_id = suite.PropertyValue("bitscts.target.id");
    if (suite.target_id.empty()) suite.target_id = std::filesystem::path(source_).stem().string();
    suite.cases.reserve(
        static_cast<std::size_t>(std::distance(node.children("testcase").begin(), node.children("testcase").end())));
    for (const pugi::xml_node& child : node.children()) {
      const std::string_view name = child.name();
      if (name == "testcase") suite.cases.push_back(ReadCase(child, suite.target_id));
      if (name == "system-out") suite.system_out += TextOf(child);
      if (name == "system-err") suite.system_err += TextOf(child);
    }
    return suite;
  }

  TestCase ReadCase(const pugi::xml_node& node, const std::string& target_id) const {
    TestCase test_case;
    test_case.target_id = target_id;
    test_case.source = source_;
    if (!node.attribute("name")) {
      Fail(static_cast<std::size_t>(node.offset_debug()), "<testcase> has no name attribute");
    }
    test_case.name = node.attribute("name").value();
    test_case.classname = node.attribute("classname").value();
    test_case.time = node.attribute("time").value();
    for (const pugi::xml_node& child : node.children()) {
      const std::string_view name = child.name();
      if (name == "skipped" || name == "failure" || name == "error") {
        Outcome outcome;
        outcome.kind = name == "skipped"   ? Outcome::Kind::kSkipped
                       : name == "failure" ? Outcome::Kind::kFailure
                                           : Outcome::Kind::kError;
        outcome.message = child.attribute("message").value();
        outcome.type = child.attribute("type").value();
        outcome.text = TextOf(child);
        test_case.outcomes.push_back(std::move(outcome));
      } else if (name == "system-out") {
        AppendText(test_case.system_out, child);
      } else if (name == "system-err") {
        AppendText(test_case.system_err, child);
      }
    }
    test_case.verdict = VerdictOf(node, test_case.outcomes);
    internal::SystemOutHeader header = internal::ParseSystemOutHeader(test_case.system_out);
    test_case.scenario_id = ScenarioIdOf(test_case, header.scenario);
    test_case.clauses = std::move(header.clauses);
    test_case.doc = std::move(header.doc);
    test_case.clause_notes = std::move(header.clause_notes);
    test_case.evidence_offset = header.evidence_offset;
    return test_case;
  }

  std::string_view text_;
  const std::string& source_;
};

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

Report ReadJUnitText(std::string_view text, const std::string& source) { return Reader(text, source).Read(); }

}  // namespace bitscts::report
