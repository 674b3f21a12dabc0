#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "bitscts/junit/xml_text.h"
#include "bitscts/report/junit_file.h"
#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::HasSubstr;

std::string Written(const Report& report) {
  std::ostringstream out;
  WriteJUnit(report, out);
  return out.str();
}

TEST(ReportJUnitWriter, MergedSamplesMatchTheGoldenFile) {
  EXPECT_TRUE(testing::MatchesGolden(testing::NormaliseTimes(Written(testing::ReadAllRuns())),
                                     "merged.xml"));
}

TEST(ReportJUnitWriter, WritesNoCharacterThatXmlForbids) {
  const std::string xml = Written(testing::ReadAllRuns());
  for (const char c : xml) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE(byte < 0x20 && c != '\n' && c != '\r' && c != '\t')
        << "control byte " << int{byte};
  }
  EXPECT_THAT(xml, HasSubstr("\\x01\\x1B[31mred"));
  EXPECT_THAT(xml, HasSubstr("拒绝访问 ✓ 🚫"));
}

TEST(ReportJUnitWriter, ReadingTheOutputGivesBackEveryCaseKeyVerdictAndText) {
  const Report original = testing::ReadAllRuns();
  const Report reread = ReadJUnitText(Written(original), "merged.xml");
  ASSERT_EQ(reread.suites.size(), original.suites.size());
  ASSERT_EQ(reread.CaseCount(), original.CaseCount());
  for (std::size_t s = 0; s < original.suites.size(); ++s) {
    EXPECT_EQ(reread.suites[s].target_id, original.suites[s].target_id);
    for (std::size_t c = 0; c < original.suites[s].cases.size(); ++c) {
      const TestCase& before = original.suites[s].cases[c];
      const TestCase& after = reread.suites[s].cases[c];
      EXPECT_EQ(after.scenario_id, before.scenario_id);
      EXPECT_EQ(after.verdict, before.verdict) << before.scenario_id;
      EXPECT_EQ(after.system_out, junit::XmlCharacters(before.system_out)) << before.scenario_id;
      EXPECT_EQ(after.clauses, before.clauses);
      for (std::size_t o = 0; o < before.outcomes.size() && o < after.outcomes.size(); ++o) {
        if (before.outcomes[o].kind == Outcome::Kind::kSkipped)
          continue;  // joined into one <skipped>
        EXPECT_EQ(after.outcomes[o].message, junit::XmlCharacters(before.outcomes[o].message));
        EXPECT_EQ(after.outcomes[o].text, junit::XmlCharacters(before.outcomes[o].text));
      }
    }
  }
}

// A target id taken from a file's name (ctest, gtest) is written as the property, so that the
// merged file keeps it; a suite's own property is written once.
TEST(ReportJUnitWriter, GivesEverySuiteItsTargetIdProperty) {
  Report report;
  for (const bool has_property : {false, true}) {
    Suite suite;
    suite.target_id = has_property ? "model-19045" : "ctest-native";
    suite.name = suite.target_id + ".Family";
    if (has_property)
      suite.properties = {{"bitscts.target.id", "model-19045"}, {"bitscts.target.family", "model"}};
    TestCase test_case;
    test_case.target_id = suite.target_id;
    test_case.name = "Case";
    test_case.verdict = Verdict::kXfail;
    suite.cases.push_back(test_case);
    report.suites.push_back(suite);
  }
  const std::string xml = Written(report);
  EXPECT_THAT(
      xml, HasSubstr(
               "<properties>\n      <property name=\"bitscts.target.id\" value=\"ctest-native\"/>\n"
               "    </properties>"));
  EXPECT_THAT(
      xml,
      HasSubstr(
          "<properties>\n      <property name=\"bitscts.target.id\" value=\"model-19045\"/>\n"
          "      <property name=\"bitscts.target.family\" value=\"model\"/>\n    </properties>"));
  const Report reread = ReadJUnitText(xml, "merged.xml");
  ASSERT_EQ(reread.suites.size(), 2u);
  EXPECT_EQ(reread.suites[0].target_id, "ctest-native");
  EXPECT_EQ(reread.suites[1].target_id, "model-19045");
  EXPECT_EQ(reread.suites[0].cases[0].verdict, Verdict::kXfail);
}

}  // namespace
}  // namespace bitscts::report
