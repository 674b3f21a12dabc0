#include "bitscts/junit/reader.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <pugixml.hpp>

#include "bitscts/junit/properties.h"
#include "bitscts/junit/xml_text.h"

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

// Returns the offset of the first character reference ("&#1;", "&#x1;") in `text` to a character
// XML 1.0 forbids, or npos; pugixml would turn it into that character without a word.
std::size_t FindForbiddenReference(std::string_view text) {
  for (std::size_t at = text.find("&#"); at != std::string_view::npos;
       at = text.find("&#", at + 2)) {
    std::size_t digit = at + 2;
    const bool hex = digit < text.size() && text[digit] == 'x';
    if (hex) ++digit;
    std::uint64_t value = 0;
    std::size_t end = digit;
    for (; end < text.size() && end - digit < 9; ++end) {
      const char c = text[end];
      int number = -1;
      if (c >= '0' && c <= '9') number = c - '0';
      if (hex && c >= 'a' && c <= 'f') number = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') number = c - 'A' + 10;
      if (number < 0) break;
      value = value * (hex ? 16 : 10) + static_cast<std::uint64_t>(number);
    }
    if (end == digit || end >= text.size() || text[end] != ';') continue;  // pugixml judges it
    if (value > 0x10FFFF || !IsXmlCodePoint(static_cast<std::uint32_t>(value))) return at;
  }
  return std::string_view::npos;
}

// Gives each suite whose only property is the target id the other properties of the nearest
// earlier suite with that target id (the writer writes a run's properties once).
void SpreadRunProperties(Document& document) {
  std::map<std::string, const Suite*> latest;
  for (Suite& suite : document.suites) {
    const std::string target_id(suite.PropertyValue(property::kTargetId));
    if (target_id.empty()) continue;
    const auto found = latest.find(target_id);
    if (suite.properties.size() == 1 && found != latest.end()) {
      suite.properties = found->second->properties;
    }
    latest[target_id] = &suite;
  }
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  Document Read() const {
    if (const std::size_t bad = FindNonXmlCharacter(text_); bad != std::string_view::npos) {
      Fail(bad, "not well-formed XML: byte 0x" + Hex(text_[bad]) +
                    " is not UTF-8 or is a character XML forbids");
    }
    if (const std::size_t bad = FindForbiddenReference(text_); bad != std::string_view::npos) {
      Fail(bad, "not well-formed XML: a reference to a character XML forbids");
    }
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
      throw ReadError(ReadError::kNoOffset, 0,
                      "not a JUnit file (the root element is <" + std::string(root_name) +
                          ">, expected <testsuites> or <testsuite>)");
    }
    Document document;
    CollectSuites(root, document);
    SpreadRunProperties(document);
    return document;
  }

 private:
  [[noreturn]] void Fail(std::size_t offset, const std::string& message) const {
    const std::size_t clamped = std::min(offset, text_.size());
    const auto line =
        1 + std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(clamped), '\n');
    throw ReadError(clamped, static_cast<std::size_t>(line), message);
  }

  // Returns `byte` as two upper-case hexadecimal digits.
  static std::string Hex(char byte) {
    constexpr std::string_view kDigits = "0123456789ABCDEF";
    const auto value = static_cast<unsigned char>(byte);
    return {kDigits[value >> 4], kDigits[value & 0xF]};
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
    test_case.file = node.attribute("file").value();
    test_case.line = node.attribute("line").value();
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
