#include "junit_document.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "bitscts/junit/writer.h"
#include "golden.h"
#include "sample_run.h"

namespace bitscts::runner {
namespace {

std::string Written(const RunReport& report) {
  std::ostringstream out;
  junit::Write(JUnitDocument(report, SampleCatalog()), out);
  return out.str();
}

TEST(JUnitDocument, MatchesTheGoldenDocument) {
  ExpectMatchesGolden(Written(SampleReport()), "sample-run.xml");
}

TEST(JUnitDocument, SuitesCarryTheTargetIdAndCountsAddUp) {
  const std::string xml = Written(SampleReport());
  EXPECT_NE(xml.find("<testsuites name=\"bitscts\" tests=\"7\" failures=\"2\" errors=\"2\" "
                     "skipped=\"2\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"model-19045.Logoff\" tests=\"3\" failures=\"2\" "
                     "errors=\"0\" skipped=\"1\""),
            std::string::npos);
  EXPECT_NE(xml.find("classname=\"model-19045.TokenOptionsQi\""), std::string::npos);
}

// A case names the file that defines it relative to the source root, for annotations.
TEST(JUnitDocument, CasesNameTheirFileRelativeToTheSourceRoot) {
  const std::string xml = Written(SampleReport());
  EXPECT_NE(xml.find("status=\"fail\" file=\"harness/runner/tests/sample_run.h\" line=\"12\">"),
            std::string::npos);
  EXPECT_EQ(xml.find("file=\"/"), std::string::npos);
}

// Each clause id comes with its statement and first source in system-out, and in a failure's text
// (where the scenario's id follows the documentation).
TEST(JUnitDocument, ClauseIdsCarryTheirStatementAndSource) {
  const std::string xml = Written(SampleReport());
  const std::string line =
      "clause: HT-QI-1: Access is checked at &lt;QueryInterface&gt; &amp; \"kept\". (source: "
      "https://learn.microsoft.com/q (Remarks))\nclause: HT-IF-1: (not in the clause catalogue)\n";
  EXPECT_NE(xml.find("clauses: HT-QI-1 HT-IF-1\n" + line + "doc: "), std::string::npos);
  EXPECT_NE(xml.find("\n" + line + "doc: https://learn.microsoft.com/x\nscenario: Logoff.Fails\n"),
            std::string::npos);
}

// Every verdict gets the one element JUnit consumers count, with the verdict as its type; its
// message is the reason in one line, its text the reason, the clauses and the evidence.
TEST(JUnitDocument, EachVerdictGetsTheOutcomeJUnitConsumersCount) {
  const junit::Document document = JUnitDocument(SampleReport(), SampleCatalog());
  std::map<std::string, const junit::Case*> cases;
  for (const junit::Suite& suite : document.suites) {
    for (const junit::Case& test_case : suite.cases) cases[test_case.name] = &test_case;
  }
  ASSERT_EQ(cases.size(), 7u);
  EXPECT_TRUE(cases.at("Passes")->outcomes.empty());
  using Kind = junit::Outcome::Kind;
  const std::pair<const char*, Kind> expected[] = {
      {"Unsupported", Kind::kSkipped}, {"Xfail", Kind::kSkipped}, {"Fails", Kind::kFailure},
      {"Xpass", Kind::kFailure},       {"Timeout", Kind::kError}, {"Error", Kind::kError}};
  for (const auto& [name, kind] : expected) {
    const junit::Case& test_case = *cases.at(name);
    ASSERT_EQ(test_case.outcomes.size(), 1u) << name;
    EXPECT_EQ(test_case.outcomes[0].kind, kind) << name;
    const junit::Outcome& outcome = test_case.outcomes[0];
    const std::string verdict(Name(test_case.verdict));
    if (kind != Kind::kSkipped) {
      EXPECT_EQ(outcome.type, verdict) << name;
      EXPECT_TRUE(outcome.text.starts_with(verdict + ": " + outcome.message + "\n")) << name;
    } else {
      EXPECT_TRUE(outcome.text.starts_with(outcome.message + "\n")) << name;
    }
    EXPECT_NE(outcome.text.find("\nclause: HT-QI-1: Access is checked"), std::string::npos) << name;
    EXPECT_TRUE(
        outcome.text.ends_with("\nevidence:\nrunner: CreateJob(bitscts) -> S_OK "
                               "(0x00000000)\n"))
        << name;
  }
  EXPECT_EQ(cases.at("Xfail")->outcomes[0].message, "xfail: expected fail (known; https://l)");
  EXPECT_EQ(cases.at("Timeout")->outcomes[0].message,
            "waited 60000 ms for BG_JOB_STATE_TRANSFERRED");
}

}  // namespace
}  // namespace bitscts::runner
