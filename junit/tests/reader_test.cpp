#include "bitscts/junit/reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "bitscts/junit/writer.h"
#include "bitscts/junit/xml_text.h"

namespace bitscts::junit {
namespace {

using Kind = Outcome::Kind;

// Returns the ReadError line and message for `text`, or "no error".
std::string ErrorReading(std::string_view text) {
  try {
    Read(text);
  } catch (const ReadError& error) {
    return std::to_string(error.line()) + ": " + error.what();
  }
  return "no error";
}

// A document with every verdict, every element and text that XML cannot hold as it is.
Document Sample() {
  Document document;
  Suite& suite = document.suites.emplace_back();
  suite.name = "model-19045.Logoff";
  suite.time = "1.000";
  suite.timestamp = "2026-11-23T10:00:00";
  suite.hostname = "host";
  suite.package = "bitscts";
  suite.properties = {{"bitscts.target.id", "model-19045"}, {"note", "tab\tline\nquote\"<&>"}};
  for (const Verdict verdict : AllVerdicts()) {
    Case& test_case = suite.cases.emplace_back();
    test_case.name = std::string(Name(verdict));
    test_case.classname = suite.name;
    test_case.time = "0.125";
    test_case.verdict = verdict;
    test_case.file = "scenarios/logoff.cpp";
    test_case.line = "42";
    test_case.system_out =
        "scenario: Logoff." + test_case.name + "\r\nevidence:\n<call> & \x01\xFF";
  }
  suite.cases[1].outcomes = {{Kind::kFailure, "x.cpp:3: <a>\n", "fail",
                              "x.cpp:3: <a>\r\n  \"b\" ]]>"},
                             {Kind::kFailure, "second", "", ""}};
  suite.cases[2].outcomes = {
      {Kind::kSkipped, "unsupported: E_NOINTERFACE", "", "unsupported: E_NOINTERFACE\nevidence:"}};
  suite.cases[6].outcomes = {{Kind::kError, "agent died", "error", "exit code 3"}};
  suite.cases[6].system_err = "stderr\x1b";
  suite.system_out = "suite output";
  return document;
}

// Everything written comes back, with what XML cannot hold visibly escaped (XmlCharacters); the
// outcomes a verdict needs and lacked come back as the writer made them.
TEST(JUnitReader, ReadsBackWhatTheWriterWrote) {
  const Document written = Sample();
  std::ostringstream xml;
  Write(written, xml);
  const Document read = Read(xml.str());
  ASSERT_EQ(read.suites.size(), 1u);
  const Suite& before = written.suites[0];
  const Suite& after = read.suites[0];
  EXPECT_EQ(after.name, before.name);
  EXPECT_EQ(after.time, before.time);
  EXPECT_EQ(after.timestamp, before.timestamp);
  EXPECT_EQ(after.hostname, before.hostname);
  EXPECT_EQ(after.package, before.package);
  EXPECT_EQ(after.system_out, before.system_out);
  ASSERT_EQ(after.properties.size(), 2u);
  EXPECT_EQ(after.PropertyValue("note"), "tab\tline\nquote\"<&>");
  ASSERT_EQ(after.cases.size(), before.cases.size());
  for (std::size_t c = 0; c < before.cases.size(); ++c) {
    const Case& case_before = before.cases[c];
    const Case& case_after = after.cases[c];
    SCOPED_TRACE(case_before.name);
    EXPECT_EQ(case_after.name, case_before.name);
    EXPECT_EQ(case_after.classname, case_before.classname);
    EXPECT_EQ(case_after.time, case_before.time);
    EXPECT_EQ(case_after.verdict, case_before.verdict);
    EXPECT_EQ(case_after.file, case_before.file);
    EXPECT_EQ(case_after.line, case_before.line);
    EXPECT_EQ(case_after.system_out, XmlCharacters(case_before.system_out));
    EXPECT_EQ(case_after.system_err, XmlCharacters(case_before.system_err));
    if (case_before.outcomes.empty()) continue;
    ASSERT_EQ(case_after.outcomes.size(), case_before.outcomes.size());
    for (std::size_t o = 0; o < case_before.outcomes.size(); ++o) {
      EXPECT_EQ(case_after.outcomes[o].kind, case_before.outcomes[o].kind);
      EXPECT_EQ(case_after.outcomes[o].message, case_before.outcomes[o].message);
      EXPECT_EQ(case_after.outcomes[o].type, case_before.outcomes[o].type);
      EXPECT_EQ(case_after.outcomes[o].text, case_before.outcomes[o].text);
    }
  }
  EXPECT_EQ(after.cases[5].outcomes.size(), 1u) << "a timeout without an outcome is written one";
}

TEST(JUnitReader, DerivesVerdictsFromElementsAndCtestAndGtestAttributesWhenStatusNamesNone) {
  const Document document = Read(R"(<testsuites><testsuite name="s" tests="8">
      <testcase name="timeout"><error message="m" type="timeout"/></testcase>
      <testcase name="error"><error message="m"/></testcase>
      <testcase name="xpass"><failure type="xpass"/></testcase>
      <testcase name="fail"><failure/></testcase>
      <testcase name="xfail"><skipped>xfail: known (https://example.invalid)</skipped></testcase>
      <testcase name="unsupported"><skipped message="SKIP_RETURN_CODE=77"/></testcase>
      <testcase name="ctest-disabled" status="disabled"/>
      <testcase name="gtest-skipped" status="run" result="skipped"/>
      <testcase name="pass" status="run" result="completed"/>
    </testsuite></testsuites>)");
  ASSERT_EQ(document.suites.size(), 1u);
  const std::vector<Case>& cases = document.suites[0].cases;
  ASSERT_EQ(cases.size(), 9u);
  const Verdict expected[] = {Verdict::kTimeout,     Verdict::kError,       Verdict::kXpass,
                              Verdict::kFail,        Verdict::kXfail,       Verdict::kUnsupported,
                              Verdict::kUnsupported, Verdict::kUnsupported, Verdict::kPass};
  for (std::size_t i = 0; i < cases.size(); ++i)
    EXPECT_EQ(cases[i].verdict, expected[i]) << cases[i].name;
}

TEST(JUnitReader, ReadsNestedSuitesAndALoneSuite) {
  EXPECT_EQ(Read(
                R"(<testsuites><testsuite name="a"><testsuite name="b"/></testsuite></testsuites>)")
                .suites.size(),
            2u);
  const Document lone = Read(
      R"(<testsuite name="ctest"><testcase name="A.b"/><system-out>x</system-out></testsuite>)");
  ASSERT_EQ(lone.suites.size(), 1u);
  EXPECT_EQ(lone.suites[0].system_out, "x");
}

TEST(JUnitReader, RejectsWhatIsNotJUnitSayingWhereAndWhy) {
  EXPECT_EQ(ErrorReading("<testsuites>\n<testsuite>\n"),
            "2: not well-formed XML: Start-end tags mismatch");
  EXPECT_EQ(ErrorReading(""), "1: not well-formed XML: No document element found");
  EXPECT_EQ(
      ErrorReading("<html/>"),
      "0: not a JUnit file (the root element is <html>, expected <testsuites> or <testsuite>)");
  EXPECT_EQ(ErrorReading("<testsuite name=\"s\">\n\n<testcase classname=\"c\"/></testsuite>"),
            "3: <testcase> has no name attribute");
}

// Returns "byte <offset>: <message>" for the ReadError of `text`, or "no error".
std::string ErrorAt(std::string_view text) {
  try {
    Read(text);
  } catch (const ReadError& error) {
    return "byte " + std::to_string(error.offset()) + ": " + error.what();
  }
  return "no error";
}

// What XML cannot hold is an error at its byte, never text: bytes that are not UTF-8, control
// characters, U+FFFE, and references to forbidden characters; DEL and C1 controls are allowed.
TEST(JUnitReader, RejectsBadBytesAndForbiddenCharactersAtTheirOffset) {
  const std::string start = "<testsuites><testsuite name=\"";  // 29 bytes
  const std::string end = "\"/></testsuites>";
  EXPECT_EQ(ErrorAt(start + "a\xFF" + end),
            "byte 30: not well-formed XML: byte 0xFF is not UTF-8 or is a character XML forbids");
  EXPECT_EQ(ErrorAt(start + "\xC3" + end),  // a sequence cut short
            "byte 29: not well-formed XML: byte 0xC3 is not UTF-8 or is a character XML forbids");
  EXPECT_EQ(ErrorAt(start + "\xED\xA0\x80" + end),  // a surrogate
            "byte 29: not well-formed XML: byte 0xED is not UTF-8 or is a character XML forbids");
  EXPECT_EQ(ErrorAt(start + "\x01" + end),
            "byte 29: not well-formed XML: byte 0x01 is not UTF-8 or is a character XML forbids");
  EXPECT_EQ(ErrorAt(start + "\xEF\xBF\xBF" + end),
            "byte 29: not well-formed XML: byte 0xEF is not UTF-8 or is a character XML forbids");
  EXPECT_EQ(ErrorAt(start + "&#1;" + end),
            "byte 29: not well-formed XML: a reference to a character XML forbids");
  EXPECT_EQ(ErrorAt(start + "&#x1F;&#xFFFE;" + end),
            "byte 29: not well-formed XML: a reference to a character XML forbids");
  EXPECT_EQ(ErrorAt(start + "&#1114112;" + end),
            "byte 29: not well-formed XML: a reference to a character XML forbids");
  EXPECT_EQ(ErrorAt(start + "\x7F\xC2\x85&#9;&#x10FFFF;\xE6\x8B\x92" + end), "no error");
  EXPECT_EQ(ErrorAt("<testsuites>\n<testsuite name=\"s\">"),
            "byte 32: not well-formed XML: Start-end tags mismatch");
}

// The writer writes a run's properties once; the reader gives every suite of the run all of them.
TEST(JUnitReader, GivesEverySuiteOfARunItsProperties) {
  Document written;
  for (const char* name : {"t.A", "t.B", "u.A", "t.C"}) {
    Suite& suite = written.suites.emplace_back();
    suite.name = name;
    suite.properties = {{"bitscts.target.id", std::string(name, 1)}, {"bitscts.run.date", name}};
  }
  written.suites[1].properties[1].value = "t.A";
  written.suites[3].properties[1].value = "t.A";
  std::ostringstream xml;
  Write(written, xml);
  const Document read = Read(xml.str());
  ASSERT_EQ(read.suites.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    ASSERT_EQ(read.suites[i].properties.size(), 2u) << read.suites[i].name;
    EXPECT_EQ(read.suites[i].PropertyValue("bitscts.run.date"),
              written.suites[i].properties[1].value);
  }
  const std::string text = xml.str();
  std::size_t written_dates = 0;
  for (std::size_t at = text.find("bitscts.run.date"); at != std::string::npos;
       at = text.find("bitscts.run.date", at + 1)) {
    ++written_dates;
  }
  EXPECT_EQ(written_dates, 2u) << "once for t's run, once for u's";
}

}  // namespace
}  // namespace bitscts::junit
