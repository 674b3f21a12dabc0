#include "bitscts/report/junit_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bitscts/report/input_error.h"
#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const TestCase& FindCase(const Report& report, std::string_view scenario_id) {
  for (const Suite& suite : report.suites) {
    for (const TestCase& test_case : suite.cases) {
      if (test_case.scenario_id == scenario_id) return test_case;
    }
  }
  throw std::runtime_error("no case " + std::string(scenario_id));
}

std::string ErrorReading(std::string_view relative) {
  try {
    ReadJUnitFile(testing::DataPath(relative));
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(ReportJUnitReader, ReadsBitsctsSuitesWithTheirTargetProperties) {
  const Report report = ReadJUnitFile(testing::DataPath("runs/model-19045.xml"));
  ASSERT_EQ(report.suites.size(), 2u);
  EXPECT_EQ(report.suites[0].name, "model-19045.TokenOptionsQi");
  EXPECT_EQ(report.suites[0].target_id, "model-19045");
  EXPECT_EQ(report.suites[0].hostname, "builder");
  EXPECT_EQ(report.suites[0].properties.size(), 9u);
  const std::vector<TargetInfo> targets = report.Targets();
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].family, "model");
  EXPECT_EQ(targets[0].os_build, "19045");
  EXPECT_EQ(targets[0].bits_version, "10.3");
  EXPECT_EQ(targets[0].run_date, "2026-11-23T10:00:00Z");
  EXPECT_EQ(targets[0].expectations, "model.expect");
}

TEST(ReportJUnitReader, TakesScenarioClausesDocAndEvidenceFromSystemOut) {
  const Report report = ReadJUnitFile(testing::DataPath("runs/model-19045.xml"));
  const TestCase& test_case = FindCase(report, "TokenOptionsQi.OwnJobAnswersQuery");
  EXPECT_EQ(test_case.target_id, "model-19045");
  EXPECT_EQ(test_case.name, "OwnJobAnswersQuery");
  EXPECT_EQ(test_case.verdict, Verdict::kPass);
  EXPECT_THAT(test_case.clauses, ElementsAre("HT-IF-1", "HT-QI-1"));
  EXPECT_EQ(test_case.doc,
            "https://learn.microsoft.com/windows/win32/api/bits4_0/nn-bits4_0-ibitstokenoptions");
  EXPECT_EQ(test_case.Evidence(),
            "CreateJob(owner=alice) -> S_OK (0x00000000)\nQueryInterface(IID_IBitsTokenOptions) -> "
            "S_OK (0x00000000)\n");
  EXPECT_EQ(ClauseFamily(test_case.clauses.front()), "HT-IF");
}

TEST(ReportJUnitReader, TakesEachClauseStatementAndSourceFromSystemOut) {
  const Report report = ReadJUnitFile(testing::DataPath("runs/model-19045.xml"));
  const TestCase& test_case = FindCase(report, "TokenOptionsQi.OwnJobAnswersQuery");
  ASSERT_EQ(test_case.clause_notes.size(), 2u);
  EXPECT_EQ(test_case.clause_notes[0].id, "HT-IF-1");
  EXPECT_EQ(test_case.clause_notes[0].statement,
            "A job exposes IBitsTokenOptions through QueryInterface (<IUnknown>).");
  EXPECT_EQ(test_case.clause_notes[0].source,
            "https://learn.microsoft.com/windows/win32/api/bits4_0/nn-bits4_0-ibitstokenoptions "
            "(Inheritance)");
  EXPECT_EQ(test_case.clause_notes[0].url,
            "https://learn.microsoft.com/windows/win32/api/bits4_0/nn-bits4_0-ibitstokenoptions");
  EXPECT_EQ(test_case.clause_notes[1].id, "HT-QI-1");
  EXPECT_EQ(test_case.clause_notes[1].source, "Windows SDK header bitsmsg.h (no web page)");
  EXPECT_EQ(test_case.clause_notes[1].url, "");
  EXPECT_NE(test_case.evidence_offset, std::string::npos);
}

TEST(ReportJUnitReader, ReadsEveryVerdictFromTheStatusAttribute) {
  const Report report = ReadJUnitFile(testing::DataPath("runs/wine-win7.xml"));
  EXPECT_EQ(FindCase(report, "TokenOptionsQi.OwnJobAnswersQuery").verdict, Verdict::kUnsupported);
  EXPECT_EQ(FindCase(report, "TokenOptionsQi.OtherUsersJobIsDenied").verdict, Verdict::kFail);
  EXPECT_EQ(FindCase(report, "Logoff.TokenRequiredAfterOwnerLogoff").verdict, Verdict::kXfail);
  EXPECT_EQ(FindCase(report, "Logoff.HelperSurvivesOwnerLogoff").verdict, Verdict::kTimeout);
  EXPECT_EQ(FindCase(report, "Logoff.AgentSurvivesLogoff").verdict, Verdict::kError);
}

// The sample holds hostile text as bitscts's writer leaves it: markup, CDATA, non-ASCII text, and
// control characters and a stray byte written visibly ("\x01"); all of it comes back as written.
TEST(ReportJUnitReader, KeepsMarkupEscapedControlCharactersAndNonAsciiTextAsWritten) {
  const Report report = ReadJUnitFile(testing::DataPath("runs/wine-win7.xml"));
  const TestCase& test_case = FindCase(report, "TokenOptionsQi.OtherUsersJobIsDenied");
  ASSERT_EQ(test_case.outcomes.size(), 1u);
  const Outcome& failure = test_case.outcomes[0];
  EXPECT_EQ(failure.kind, Outcome::Kind::kFailure);
  EXPECT_EQ(failure.type, "fail");
  EXPECT_THAT(failure.message, HasSubstr("<E_NOINTERFACE> & then \\x01\\x1B[31mred"));
  EXPECT_THAT(failure.message, HasSubstr("拒绝访问 ✓ 🚫"));
  EXPECT_THAT(failure.text,
              StartsWith("raw <markup> & ampersands, a CDATA end ]]> inside,\nbell \\x07"));
  EXPECT_THAT(failure.text, HasSubstr("invalid byte \\xC3( here"));
}

TEST(ReportJUnitReader, ReadsCtestsFlatSuiteKeyedByTheFileName) {
  const Report report = ReadJUnitFile(testing::DataPath("runs/ctest-native.xml"));
  ASSERT_EQ(report.suites.size(), 1u);
  EXPECT_EQ(report.suites[0].target_id, "ctest-native");
  ASSERT_EQ(report.CaseCount(), 4u);
  EXPECT_EQ(FindCase(report, "HResult.KnownCodesPrintNameAndHex").verdict, Verdict::kPass);
  EXPECT_EQ(FindCase(report, "HResult.UnknownCodesPrintHexOnly").verdict, Verdict::kFail);
  EXPECT_EQ(FindCase(report, "Fakeserver.ServesRanges").verdict, Verdict::kUnsupported);
  EXPECT_EQ(FindCase(report, "Fakeserver.ServesRanges").outcomes[0].message, "SKIP_RETURN_CODE=77");
}

TEST(ReportJUnitReader, ReadsGtestsOutputWithEveryFailure) {
  const Report report = ReadJUnitFile(testing::DataPath("runs/gtest-harness.xml"));
  EXPECT_EQ(report.suites[0].target_id, "gtest-harness");
  EXPECT_EQ(FindCase(report, "Capabilities.UnprobedIsUnavailable").verdict, Verdict::kPass);
  const TestCase& failed = FindCase(report, "Capabilities.ParsesNames");
  EXPECT_EQ(failed.verdict, Verdict::kFail);
  ASSERT_EQ(failed.outcomes.size(), 2u);
  EXPECT_THAT(failed.outcomes[0].text, HasSubstr("Which is: (nullopt)"));
  EXPECT_EQ(FindCase(report, "Capabilities.NeedsWindows").verdict, Verdict::kUnsupported);
}

TEST(ReportJUnitReader, DerivesVerdictsFromElementsWhenStatusNamesNone) {
  const Report report = ReadJUnitText(R"(<testsuite name="s" tests="5">
      <testcase name="a" classname="F"><error message="m" type="timeout"/></testcase>
      <testcase name="b" classname="F"><error message="m"/></testcase>
      <testcase name="c" classname="F"><failure type="xpass"/></testcase>
      <testcase name="d" classname="F"><skipped>xfail: known (https://example.invalid)</skipped></testcase>
      <testcase name="e" classname="F" status="disabled"/>
    </testsuite>)",
                                      "out/other-run.xml");
  EXPECT_EQ(FindCase(report, "F.a").verdict, Verdict::kTimeout);
  EXPECT_EQ(FindCase(report, "F.b").verdict, Verdict::kError);
  EXPECT_EQ(FindCase(report, "F.c").verdict, Verdict::kXpass);
  EXPECT_EQ(FindCase(report, "F.d").verdict, Verdict::kXfail);
  EXPECT_EQ(FindCase(report, "F.e").verdict, Verdict::kUnsupported);
  EXPECT_EQ(FindCase(report, "F.e").target_id, "other-run");
}

TEST(ReportJUnitReader, RejectsBadFilesWithOneLineNamingFileLineAndByte) {
  EXPECT_THAT(ErrorReading("malformed/unclosed.xml"),
              HasSubstr("unclosed.xml:5: not well-formed XML"));
  EXPECT_THAT(ErrorReading("malformed/wrong-root.xml"),
              HasSubstr("wrong-root.xml: not a JUnit file (the root element is <html>"));
  EXPECT_THAT(ErrorReading("malformed/nameless-case.xml"),
              HasSubstr("nameless-case.xml:3: <testcase> has no name"));
  EXPECT_THAT(ErrorReading("malformed/empty.xml"), HasSubstr("empty.xml:1: not well-formed XML"));
  EXPECT_THAT(ErrorReading("malformed/bad-bytes.xml"),
              HasSubstr("bad-bytes.xml:4: not well-formed XML: byte 0x1B is not UTF-8 or is a "
                        "character XML forbids (byte 203)"));
  EXPECT_THAT(ErrorReading("malformed/invalid-utf8.xml"),
              HasSubstr("invalid-utf8.xml:4: not well-formed XML: byte 0xC3 is not UTF-8 or is a "
                        "character XML forbids (byte 200)"));
  EXPECT_THAT(ErrorReading("malformed/absent.xml"),
              HasSubstr("absent.xml: cannot open the file for reading"));
  for (const char* file :
       {"malformed/unclosed.xml", "malformed/wrong-root.xml", "malformed/empty.xml",
        "malformed/bad-bytes.xml", "malformed/invalid-utf8.xml"}) {
    EXPECT_THAT(ErrorReading(file), ::testing::Not(HasSubstr("\n"))) << file;
  }
}

}  // namespace
}  // namespace bitscts::report
