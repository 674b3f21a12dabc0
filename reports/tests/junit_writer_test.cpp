#include "bitscts/report/junit_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "bitscts/report/junit_reader.h"
#include "test_files.h"
#include "xml_characters.h"

namespace bitscts::report {
namespace {

using ::testing::HasSubstr;

std::string Written(const Report& report) {
  std::ostringstream out;
  WriteJUnit(report, out);
  return out.str();
}

TEST(ReportJUnitWriter, MergedSamplesMatchTheGoldenFile) {
  EXPECT_TRUE(testing::MatchesGolden(testing::NormaliseTimes(Written(testing::ReadAllRuns())), "merged.xml"));
}

TEST(ReportJUnitWriter, WritesNoCharacterThatXmlForbids) {
  const std::string xml = Written(testing::ReadAllRuns());
  for (const char c : xml) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_FALSE(byte < 0x20 && c != '\n' && c != '\r' && c != '\t') << "control byte " << int{byte};
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
      EXPECT_EQ(after.system_out, internal::ToXmlCharacters(before.system_out)) << before.scenario_id;
      EXPECT_EQ(after.clauses, before.clauses);
      for (std::size_t o = 0; o < before.outcomes.size() && o < after.outcomes.size(); ++o) {
        if (before.outcomes[o].kind == Outcome::Kind::kSkipped) continue;  // joined into one <skipped>
        EXPECT_EQ(after.outcomes[o].message, internal::ToXmlCharacters(before.outcomes[o].message));
        EXPECT_EQ(after.outcomes[o].text, internal::ToXmlCharacters(before.outcomes[o].text));
      }
    }
  }
}

TEST(ReportJUnitWriter, GivesEachVerdictTheElementJUnitConsumersCount) {
  Report report;
  Suite suite;
  suite.name = "t.Family";
  suite.target_id = "t";
  for (const Verdict verdict : {Verdict::kTimeout, Verdict::kXpass, Verdict::kXfail}) {
    TestCase test_case;
    test_case.target_id = "t";
    test_case.name = std::string(Name(verdict));
    test_case.classname = "t.Family";
    test_case.verdict = verdict;
    suite.cases.push_back(test_case);
  }
  report.suites.push_back(suite);
  const std::string xml = Written(report);
  EXPECT_THAT(xml, HasSubstr(R"(status="timeout">)"
                             "\n"
                             R"(      <error message="timeout" type="timeout" />)"));
  EXPECT_THAT(xml, HasSubstr(R"(status="xpass">)"
                             "\n"
                             R"(      <failure message="xpass" type="xpass" />)"));
  EXPECT_THAT(xml, HasSubstr(R"(status="xfail">)"
                             "\n"
                             R"(      <skipped>xfail</skipped>)"));
  EXPECT_THAT(xml, HasSubstr(R"(<testsuites name="bitscts" tests="3" failures="1" errors="1" disabled="0")"));
  EXPECT_THAT(xml, HasSubstr(R"(<property name="bitscts.target.id" value="t" />)"));
}

}  // namespace
}  // namespace bitscts::report
