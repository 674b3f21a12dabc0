#include "bitscts/junit/system_out.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace bitscts::junit {
namespace {

using ::testing::ElementsAre;

CaseOutput SampleOutput() {
  return {.scenario = "Logoff.JobStopsAtLogoff",
          .clauses = {"HT-LOGOFF-1", "HT-QI-1"},
          .records = {"HT-SET-2"},
          .clause_notes = {{"HT-LOGOFF-1", "Jobs stop at logoff.",
                            "https://learn.microsoft.com/l (Remarks)"},
                           {"HT-QI-1", "(not in the clause catalogue)", ""},
                           {"HT-SET-2", "Setting needs admin.", "Windows SDK header bitsmsg.h"}},
          .doc = "https://learn.microsoft.com/doc",
          .verdict = Verdict::kFail,
          .message = "x.cpp:3: Expected equality of these values:",
          .checks =
              "x.cpp:3: Expected equality of these values:\n  state\n    Which is: ERROR\n  "
              "TRANSFERRED\n",
          .evidence = "runner: Resume -> S_OK (0x00000000)\n"};
}

// The text of a failure, an error or a skip: the reason first, then the checks, the clauses with
// their statements, the documentation, the scenario and the evidence.
TEST(SystemOut, OutcomeTextHoldsReasonChecksClausesAndEvidence) {
  EXPECT_EQ(FormatOutcomeText(SampleOutput()),
            "fail: x.cpp:3: Expected equality of these values:\n"
            "checks:\n"
            "x.cpp:3: Expected equality of these values:\n  state\n    Which is: ERROR\n  "
            "TRANSFERRED\n"
            "clause: HT-LOGOFF-1: Jobs stop at logoff. (source: https://learn.microsoft.com/l "
            "(Remarks))\n"
            "clause: HT-QI-1: (not in the clause catalogue)\n"
            "clause: HT-SET-2: Setting needs admin. (source: Windows SDK header bitsmsg.h)\n"
            "doc: https://learn.microsoft.com/doc\n"
            "scenario: Logoff.JobStopsAtLogoff\n"
            "evidence:\n"
            "runner: Resume -> S_OK (0x00000000)\n");
  CaseOutput timeout = SampleOutput();
  timeout.verdict = Verdict::kTimeout;
  timeout.message = "waited 30000 ms";
  timeout.checks = "no newline at the end";
  timeout.clause_notes.clear();
  timeout.doc.clear();
  EXPECT_EQ(FormatOutcomeText(timeout),
            "timeout: waited 30000 ms\nchecks:\nno newline at the end\n"
            "scenario: Logoff.JobStopsAtLogoff\nevidence:\nrunner: Resume -> S_OK (0x00000000)\n");
}

TEST(SystemOut, WritesTheKeyLinesThenChecksThenEvidence) {
  EXPECT_EQ(
      FormatSystemOut(SampleOutput()),
      "scenario: Logoff.JobStopsAtLogoff\n"
      "clauses: HT-LOGOFF-1 HT-QI-1\n"
      "records: HT-SET-2\n"
      "clause: HT-LOGOFF-1: Jobs stop at logoff. (source: https://learn.microsoft.com/l "
      "(Remarks))\n"
      "clause: HT-QI-1: (not in the clause catalogue)\n"
      "clause: HT-SET-2: Setting needs admin. (source: Windows SDK header bitsmsg.h)\n"
      "doc: https://learn.microsoft.com/doc\n"
      "verdict: fail\n"
      "message: x.cpp:3: Expected equality of these values:\n"
      "checks:\n"
      "x.cpp:3: Expected equality of these values:\n  state\n    Which is: ERROR\n  TRANSFERRED\n"
      "evidence:\n"
      "runner: Resume -> S_OK (0x00000000)\n");
}

TEST(SystemOut, APlainPassHasNoRecordsMessageOrChecks) {
  CaseOutput output;
  output.scenario = "Flags.Pass";
  output.evidence = "calls\n";
  EXPECT_EQ(FormatSystemOut(output),
            "scenario: Flags.Pass\nclauses:\ndoc: \nverdict: pass\nevidence:\ncalls\n");
}

TEST(SystemOut, ReadsBackWhatItWrote) {
  const std::string text = FormatSystemOut(SampleOutput());
  const SystemOutHeader header = ParseSystemOut(text);
  EXPECT_EQ(header.scenario, "Logoff.JobStopsAtLogoff");
  EXPECT_THAT(header.clauses, ElementsAre("HT-LOGOFF-1", "HT-QI-1"));
  EXPECT_EQ(header.doc, "https://learn.microsoft.com/doc");
  ASSERT_EQ(header.clause_notes.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(header.clause_notes[i].id, SampleOutput().clause_notes[i].id);
    EXPECT_EQ(header.clause_notes[i].statement, SampleOutput().clause_notes[i].statement);
    EXPECT_EQ(header.clause_notes[i].source, SampleOutput().clause_notes[i].source);
  }
  ASSERT_NE(header.evidence_offset, std::string::npos);
  EXPECT_EQ(text.substr(header.evidence_offset), "runner: Resume -> S_OK (0x00000000)\n");
}

TEST(SystemOut, FindsEvidenceGivenOnItsOwnLine) {
  EXPECT_EQ(ParseSystemOut("scenario: A.b\nevidence: calls\nmore\n").evidence_offset, 24u);
  EXPECT_EQ(ParseSystemOut("scenario: A.b\nevidence:").evidence_offset, 23u);
  EXPECT_EQ(ParseSystemOut("scenario: A.b\r\nevidence:\r\ncalls").evidence_offset, 26u);
}

// Output that is not a bitscts case's (ctest's, gtest's) gives what its first lines say, or
// nothing.
TEST(SystemOut, OtherOutputGivesOnlyTheKeyLinesItOpensWith) {
  const SystemOutHeader ctest =
      ParseSystemOut("Expected equality of these values:\nevidence: no\n");
  EXPECT_EQ(ctest.scenario, "");
  EXPECT_TRUE(ctest.clauses.empty());
  EXPECT_EQ(ctest.evidence_offset, std::string::npos);
  const SystemOutHeader checks_only = ParseSystemOut("scenario: A.b\nchecks:\nx.cpp:1: Failure\n");
  EXPECT_EQ(checks_only.scenario, "A.b");
  EXPECT_EQ(checks_only.evidence_offset, std::string::npos);
}

}  // namespace
}  // namespace bitscts::junit
