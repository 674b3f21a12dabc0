#include "bitscts/junit/writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace bitscts::junit {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Kind = Outcome::Kind;

std::string Written(const Document& document) {
  std::ostringstream out;
  Write(document, out);
  return out.str();
}

Case MakeCase(std::string name, Verdict verdict, std::vector<Outcome> outcomes = {}) {
  Case test_case;
  test_case.name = std::move(name);
  test_case.classname = "t.Family";
  test_case.time = "0.250";
  test_case.verdict = verdict;
  test_case.outcomes = std::move(outcomes);
  return test_case;
}

TEST(JUnitWriter, WritesTheLayoutOfEveryBitsctsReport) {
  Document document;
  Suite& suite = document.suites.emplace_back();
  suite.name = "t.Family";
  suite.timestamp = "2026-11-23T10:00:00";
  suite.hostname = "host";
  suite.properties = {{"bitscts.target.id", "t"}, {"note", "a \"b\"\n<c>"}};
  suite.cases = {MakeCase("Passes", Verdict::kPass),
                 MakeCase("Fails", Verdict::kFail,
                          {{Kind::kFailure, "x.cpp:3: <a>", "fail", "x.cpp:3: <a>\r\n"}}),
                 MakeCase("Unsupported", Verdict::kUnsupported,
                          {{Kind::kSkipped, "", "", "unsupported: no QI"}})};
  suite.cases[0].system_out = "scenario: Family.Passes\n";
  suite.cases[1].file = "scenarios/x.cpp";
  suite.cases[1].line = "3";
  Suite& other = document.suites.emplace_back();
  other.name = "t.Other";
  other.time = "1.500";
  other.package = "elsewhere";
  other.cases = {MakeCase("Errs", Verdict::kError)};
  other.system_err = "stderr";
  EXPECT_EQ(Written(document),
            R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="bitscts" tests="4" failures="1" errors="1" skipped="1" disabled="0" time="2.250">
  <testsuite name="t.Family" tests="3" failures="1" errors="0" skipped="1" time="0.750" timestamp="2026-11-23T10:00:00" hostname="host" id="0" package="bitscts">
    <properties>
      <property name="bitscts.target.id" value="t"/>
      <property name="note" value="a &quot;b&quot;&#10;&lt;c&gt;"/>
    </properties>
    <testcase name="Passes" classname="t.Family" time="0.250" status="pass">
      <system-out>scenario: Family.Passes
</system-out>
    </testcase>
    <testcase name="Fails" classname="t.Family" time="0.250" status="fail" file="scenarios/x.cpp" line="3">
      <failure message="x.cpp:3: &lt;a&gt;" type="fail">x.cpp:3: &lt;a&gt;&#13;
</failure>
    </testcase>
    <testcase name="Unsupported" classname="t.Family" time="0.250" status="unsupported">
      <skipped message="unsupported: no QI">unsupported: no QI</skipped>
    </testcase>
  </testsuite>
  <testsuite name="t.Other" tests="1" failures="0" errors="1" skipped="0" time="1.500" id="1" package="elsewhere">
    <properties/>
    <testcase name="Errs" classname="t.Family" time="0.250" status="error">
      <error message="error" type="error"/>
    </testcase>
    <system-err>stderr</system-err>
  </testsuite>
</testsuites>
)");
}

TEST(JUnitWriter, GivesEachVerdictTheElementJUnitConsumersCount) {
  Document document;
  Suite& suite = document.suites.emplace_back();
  suite.name = "t.Family";
  for (const Verdict verdict : AllVerdicts())
    suite.cases.push_back(MakeCase(std::string(Name(verdict)), verdict));
  const std::string xml = Written(document);
  EXPECT_THAT(xml,
              HasSubstr(
                  R"(<testcase name="pass" classname="t.Family" time="0.250" status="pass"/>)"));
  EXPECT_THAT(xml,
              HasSubstr("status=\"fail\">\n      <failure message=\"fail\" type=\"fail\"/>\n"));
  EXPECT_THAT(xml,
              HasSubstr("status=\"xpass\">\n      <failure message=\"xpass\" type=\"xpass\"/>\n"));
  EXPECT_THAT(xml,
              HasSubstr(
                  "status=\"timeout\">\n      <error message=\"timeout\" type=\"timeout\"/>\n"));
  EXPECT_THAT(xml,
              HasSubstr("status=\"error\">\n      <error message=\"error\" type=\"error\"/>\n"));
  EXPECT_THAT(xml, HasSubstr("status=\"unsupported\">\n      <skipped "
                             "message=\"unsupported\">unsupported</skipped>\n"));
  EXPECT_THAT(xml,
              HasSubstr("status=\"xfail\">\n      <skipped message=\"xfail\">xfail</skipped>\n"));
  EXPECT_THAT(xml, HasSubstr(R"(<testsuites name="bitscts" tests="7" failures="2" errors="2" )"
                             R"(skipped="2" disabled="0")"));
  EXPECT_THAT(xml, HasSubstr(R"(tests="7" failures="2" errors="2" skipped="2")"));
}

// The schema allows one <skipped>: the skipped outcomes' messages go into its message attribute
// and their texts into its text, once each; failures and errors are kept one element each, in the
// schema's order.
TEST(JUnitWriter, JoinsSkippedOutcomesAndKeepsEveryFailure) {
  Document document;
  Suite& suite = document.suites.emplace_back();
  suite.name = "s";
  suite.cases = {MakeCase("c", Verdict::kFail,
                          {{Kind::kFailure, "first", "", "one"},
                           {Kind::kSkipped, "SKIP_RETURN_CODE=77", "", "SKIP_RETURN_CODE=77"},
                           {Kind::kSkipped, "", "", "only on Windows"},
                           {Kind::kFailure, "", "", ""}})};
  EXPECT_THAT(Written(document),
              HasSubstr(
                  "status=\"fail\">\n"
                  "      <skipped message=\"SKIP_RETURN_CODE=77\">SKIP_RETURN_CODE=77\nonly on "
                  "Windows</skipped>\n"
                  "      <failure message=\"first\">one</failure>\n"
                  "      <failure message=\"\"/>\n"
                  "    </testcase>\n"));
}

TEST(JUnitWriter, WritesNoCharacterThatXmlForbids) {
  Document document;
  Suite& suite = document.suites.emplace_back();
  suite.name = std::string("s\x01", 2);
  suite.cases = {MakeCase("c\xFF", Verdict::kFail,
                          {{Kind::kFailure, "\x1b[31mred", "", std::string("\0\x7f", 2)}})};
  suite.cases[0].system_out = "\xEF\xBF\xBE";
  const std::string xml = Written(document);
  for (const char c : xml) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE((byte < 0x20 && c != '\n') || byte == 0x7F || byte == 0xFF)
        << "byte " << int{byte};
  }
  EXPECT_THAT(xml, HasSubstr(R"(<testsuite name="s\x01")"));
  EXPECT_THAT(xml, HasSubstr(R"(<testcase name="c\xFF")"));
  EXPECT_THAT(xml, HasSubstr(R"(<failure message="\x1B[31mred">\x00\x7F</failure>)"));
  EXPECT_THAT(xml, HasSubstr(R"(<system-out>\uFFFE</system-out>)"));
}

// A skipped outcome without a message gets the first line of its text as one, which consumers
// that read only the attribute show.
TEST(JUnitWriter, ASkipWithoutMessageTakesTheFirstLineOfItsText) {
  Document document;
  Suite& suite = document.suites.emplace_back();
  suite.name = "s";
  suite.cases = {
      MakeCase("c", Verdict::kXfail, {{Kind::kSkipped, "", "", "xfail: why\nevidence:\ncalls"}})};
  EXPECT_THAT(Written(document),
              HasSubstr("<skipped message=\"xfail: why\">xfail: why\nevidence:\ncalls</skipped>"));
}

// The properties of a run are written once: a later suite of the same target with the same
// properties carries only the target id; a suite of another target, or of the same target with
// other properties (another run), carries all of its own.
TEST(JUnitWriter, WritesTheRunPropertiesOncePerRun) {
  Document document;
  const std::vector<Property> run = {{"bitscts.target.id", "t"}, {"bitscts.run.date", "d1"}};
  const std::vector<Property> other_run = {{"bitscts.target.id", "t"}, {"bitscts.run.date", "d2"}};
  const std::vector<Property> other_target = {{"bitscts.target.id", "u"},
                                              {"bitscts.run.date", "d1"}};
  for (const auto* properties : {&run, &run, &other_target, &run, &other_run}) {
    Suite& suite = document.suites.emplace_back();
    suite.name = "s" + std::to_string(document.suites.size());
    suite.properties = *properties;
  }
  const std::string xml = Written(document);
  const auto properties_of = [&xml](const std::string& suite) {
    const std::size_t start = xml.find("<properties>", xml.find("name=\"" + suite + "\""));
    return xml.substr(start, xml.find("</properties>", start) - start);
  };
  EXPECT_THAT(properties_of("s1"), HasSubstr("bitscts.run.date"));
  EXPECT_THAT(properties_of("s2"), Not(HasSubstr("bitscts.run.date")));
  EXPECT_THAT(properties_of("s2"), HasSubstr(R"(<property name="bitscts.target.id" value="t"/>)"));
  EXPECT_THAT(properties_of("s3"), HasSubstr("bitscts.run.date"));
  EXPECT_THAT(properties_of("s4"), Not(HasSubstr("bitscts.run.date")));
  EXPECT_THAT(properties_of("s5"), HasSubstr(R"(value="d2")"));
}

TEST(JUnitWriter, AnEmptyDocumentIsAnEmptyTestsuites) {
  EXPECT_EQ(Written(Document{}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"bitscts\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" "
            "disabled=\"0\" time=\"0.000\">\n"
            "</testsuites>\n");
}

}  // namespace
}  // namespace bitscts::junit
