#include "bitscts/junit/reader.h"

#include <algorithm>
#include <iterator>
#include <pugixml.hpp>

namespace bitscts::junit {
namespace {

// Returns the concatenated character data (text and CDATA sections) directly under `node`.
std::string TextOf(const pugi::xml_node& node) {
  const pugi::xml_node first = node.first_child();
  if (first && !first.next_sibling() &&
      (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata)) {
    return first.value();
  }
  std::string text;
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
      text += child.value();
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
      return outcome.type == Name(Verdict::kTimeout) ? Verdict::kTimeout : Verdict::kError;
    }
  }
  for (const Outcome& outcome : outcomes) {
    if (outcome.kind == Outcome::Kind::kFailure) {
      return outcome.type == Name(Verdict::kXpass) ? Verdict::kXpass : Verdict::kFail;
    }
  }
  const std::string xfail = std::string(Name(Verdict::kXfail)) + ":";
  for (const Outcome& outcome : outcomes) {
    if (outcome.kind == Outcome::Kind::kSkipped) {
      const bool is_xfail = outcome.text.starts_with(xfail) || outcome.message.starts_with(xfail);
      return is_xfail ? Verdict::kXfail : Verdict::kUnsupported;
    }
  }
  const std::string_view result = testcase.attribute("result").value();
  if (status == "notrun" || status == "disabled" || result == "skipped" || result == "suppressed") {
    return Verdict::kUnsupported;
  }
  return Verdict::kPass;
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  Document Read() const {
    pugi::xml_document xml;
    const pugi::xml_parse_result parsed =
        xml.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) {
      Fail(static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0)),
           std::string("not well-formed XML: ") + parsed.description());
    }
    const pugi::xml_node root = xml.document_element();
    const std::string_view root_name = root.name();
    if (root_name != "testsuites" && root_name != "testsuite") {
      throw ReadError(0, "not a JUnit file (the root element is <" + std::string(root_name) +
                             ">, expected <testsuites> or <testsuite>)");
    }
    Document document;
    CollectSuites(root, document);
    return document;
  }

 private:
  [[noreturn]] void Fail(std::size_t offset, const std::string& message) const {
    const std::size_t clamped = std::min(offset, text_.size());
    const auto line =
        1 + std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(clamped), '\n');
    throw ReadError(static_cast<std::size_t>(line), message);
  }

  // Reads `node` if it is a <testsuite>, then every <testsuite> nested below it.
  void CollectSuites(const pugi::xml_node& node, Document& document) const {
    if (std::string_view(node.name()) == "testsuite") document.suites.push_back(ReadSuite(node));
    for (const pugi::xml_node& child : node.children("testsuite")) CollectSuites(child, document);
  }

  Suite ReadSuite(const pugi::xml_node& node) const {
    Suite suite;
    suite.name = node.attribute("name").value();
    suite.time = node.attribute("time").value();
    suite.timestamp = node.attribute("timestamp").value();
    suite.hostname = node.attribute("hostname").value();
    suite.package = node.attribute("package").value();
    for (const pugi::xml_node& property : node.child("properties").children("property")) {
      suite.properties.push_back(
          {property.attribute("name").value(), property.attribute("value").value()});
    }
    suite.cases.reserve(static_cast<std::size_t>(
        std::distance(node.children("testcase").begin(), node.children("testcase").end())));
    for (const pugi::xml_node& child : node.children()) {
      const std::string_view name = child.name();
      if (name == "testcase") suite.cases.push_back(ReadCase(child));
      if (name == "system-out") suite.system_out += TextOf(child);
      if (name == "system-err") suite.system_err += TextOf(child);
    }
    return suite;
  }

  Case ReadCase(const pugi::xml_node& node) const {
    if (!node.attribute("name")) {
      Fail(static_cast<std::size_t>(node.offset_debug()), "<testcase> has no name attribute");
    }
    Case test_case;
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
    return test_case;
  }

  std::string_view text_;
};

}  // namespace

Document Read(std::string_view text) { return Reader(text).Read(); }

}  // namespace bitscts::junit
