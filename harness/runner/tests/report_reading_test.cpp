// The runner's golden JUnit files read through the report tool's reader (bitscts::report): the
// counts, verdicts, properties, messages, clauses and evidence come back as the runner wrote them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "bitscts/junit/writer.h"
#include "bitscts/junit/xml_text.h"
#include "bitscts/report/junit_file.h"
#include "golden.h"
#include "junit_document.h"
#include "report_file.h"
#include "sample_run.h"

namespace bitscts::runner {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::StartsWith;

report::Report ReadGolden(const std::string& name) {
  return report::ReadJUnitFile(BITSCTS_RUNNER_TEST_DATA "/" + name);
}

const report::TestCase& FindCase(const report::Report& report, const std::string& scenario_id) {
  for (const report::Suite& suite : report.suites) {
    for (const report::TestCase& test_case : suite.cases) {
      if (test_case.scenario_id == scenario_id) return test_case;
    }
  }
  static const report::TestCase missing;
  ADD_FAILURE() << scenario_id << " was not read";
  return missing;
}

// The counts a <testsuites> or <testsuite> start tag of a runner's file gives.
struct Counts {
  int tests = 0;
  int failures = 0;
  int errors = 0;
  int skipped = 0;
  bool operator==(const Counts&) const = default;
};

void PrintTo(const Counts& counts, std::ostream* out) {
  *out << counts.tests << " tests, " << counts.failures << " failures, " << counts.errors
       << " errors, " << counts.skipped << " skipped";
}

// Returns the counts each start tag named `element` in `xml` gives, in document order.
std::vector<Counts> CountsInFile(const std::string& xml, const std::string& element) {
  const std::regex tag(
      "<" + element +
      R"re( name="[^"]*" tests="(\d+)" failures="(\d+)" errors="(\d+)"( skipped="(\d+)")?)re");
  std::vector<Counts> all;
  for (auto match = std::sregex_iterator(xml.begin(), xml.end(), tag);
       match != std::sregex_iterator(); ++match) {
    all.push_back({std::stoi((*match)[1]), std::stoi((*match)[2]), std::stoi((*match)[3]),
                   (*match)[5].matched ? std::stoi((*match)[5]) : 0});
  }
  return all;
}

// Returns the counts the verdicts of `cases` make, as JUnit consumers count them.
Counts CountsOfVerdicts(const std::vector<report::TestCase>& cases) {
  Counts counts;
  for (const report::TestCase& test_case : cases) {
    ++counts.tests;
    switch (test_case.verdict) {
      case Verdict::kFail:
      case Verdict::kXpass: ++counts.failures; break;
      case Verdict::kTimeout:
      case Verdict::kError: ++counts.errors; break;
      case Verdict::kUnsupported:
      case Verdict::kXfail: ++counts.skipped; break;
      case Verdict::kPass: break;
    }
  }
  return counts;
}

TEST(RunnerGoldenThroughReportReader, EveryCaseComesBackWithItsVerdict) {
  const RunReport written = SampleReport();
  const report::Report read = ReadGolden("sample-run.xml");
  ASSERT_EQ(read.CaseCount(), written.cases.size());
  for (const CaseRecord& record : written.cases) {
    const report::TestCase& test_case = FindCase(read, record.info.id());
    EXPECT_EQ(test_case.verdict, record.verdict) << record.info.id();
    EXPECT_EQ(test_case.target_id, "model-19045");
    EXPECT_EQ(test_case.name, record.info.name);
    EXPECT_EQ(test_case.classname, "model-19045." + record.info.family);
    EXPECT_EQ(test_case.time, "0.250");
  }
}

TEST(RunnerGoldenThroughReportReader, TheFilesCountsAgreeWithTheVerdictsRead) {
  const std::string xml = ReadWholeFile(BITSCTS_RUNNER_TEST_DATA "/sample-run.xml");
  const report::Report read = ReadGolden("sample-run.xml");
  std::vector<report::TestCase> all_cases;
  std::vector<Counts> suite_counts;
  for (const report::Suite& suite : read.suites) {
    all_cases.insert(all_cases.end(), suite.cases.begin(), suite.cases.end());
    suite_counts.push_back(CountsOfVerdicts(suite.cases));
  }
  const Counts total = CountsOfVerdicts(all_cases);
  EXPECT_THAT(CountsInFile(xml, "testsuites"), ElementsAre(total));
  EXPECT_THAT(CountsInFile(xml, "testsuite"), ElementsAreArray(suite_counts));
  EXPECT_EQ(total, (Counts{7, 2, 2, 2}));
}

TEST(RunnerGoldenThroughReportReader, PropertiesDescribeTheTargetAndTheRun) {
  const RunReport written = SampleReport();
  const report::Report read = ReadGolden("sample-run.xml");
  ASSERT_EQ(read.suites.size(), 3u);
  for (const report::Suite& suite : read.suites) {
    EXPECT_EQ(suite.target_id, written.target.id);
    EXPECT_EQ(suite.hostname, written.hostname);
    EXPECT_EQ(suite.timestamp, "2026-11-23T10:00:00Z");
  }
  const std::vector<report::TargetInfo> targets = read.Targets();
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].id, written.target.id);
  EXPECT_EQ(targets[0].family, written.target.family);
  EXPECT_EQ(targets[0].implementation, written.target.implementation);
  EXPECT_EQ(targets[0].os_name, written.target.os_name);
  EXPECT_EQ(targets[0].os_build, std::to_string(written.target.os_build));
  EXPECT_EQ(targets[0].bits_version, written.target.bits_version);
  EXPECT_EQ(targets[0].run_date, written.started_at);
  EXPECT_EQ(targets[0].expectations, written.expectations);
  EXPECT_EQ(targets[0].bitscts_version, "VERSION")
      << "golden files hold VERSION for the build's version";
}

// Text comes back as written, except what XML cannot hold, which comes back visibly escaped.
TEST(RunnerGoldenThroughReportReader, ClausesMessagesChecksAndEvidenceComeBack) {
  const RunReport written = SampleReport();
  const report::Report read = ReadGolden("sample-run.xml");
  for (const CaseRecord& record : written.cases) {
    SCOPED_TRACE(record.info.id());
    const report::TestCase& test_case = FindCase(read, record.info.id());
    EXPECT_EQ(test_case.clauses, record.info.meta.clauses);
    EXPECT_EQ(test_case.doc, record.info.meta.doc);
    EXPECT_EQ(test_case.Evidence(), junit::XmlCharacters(record.evidence));
    ASSERT_EQ(test_case.clause_notes.size(), 2u);
    EXPECT_EQ(test_case.clause_notes[0].id, "HT-QI-1");
    EXPECT_EQ(test_case.clause_notes[0].statement,
              "Access is checked at <QueryInterface> & \"kept\".");
    EXPECT_EQ(test_case.clause_notes[0].source, "https://learn.microsoft.com/q (Remarks)");
    EXPECT_EQ(test_case.clause_notes[0].url, "https://learn.microsoft.com/q");
    EXPECT_EQ(test_case.clause_notes[1].id, "HT-IF-1");
    EXPECT_EQ(test_case.clause_notes[1].statement, "(not in the clause catalogue)");
    EXPECT_EQ(test_case.clause_notes[1].source, "");
    if (record.verdict == Verdict::kPass) {
      EXPECT_TRUE(test_case.outcomes.empty());
      continue;
    }
    ASSERT_EQ(test_case.outcomes.size(), 1u);
    const report::Outcome& outcome = test_case.outcomes[0];
    const std::string reason = std::string(Name(record.verdict)) + ": " + record.message;
    EXPECT_THAT(outcome.text, StartsWith(junit::XmlCharacters(reason) + "\n"));
    EXPECT_THAT(outcome.text, HasSubstr("\nevidence:\n" + record.evidence));
    if (outcome.kind == report::Outcome::Kind::kSkipped) {
      EXPECT_EQ(outcome.message, reason);
    } else {
      EXPECT_EQ(outcome.message, junit::XmlCharacters(record.message));
      EXPECT_EQ(outcome.type, Name(record.verdict));
      EXPECT_THAT(outcome.text, HasSubstr(junit::XmlCharacters(record.details)));
    }
  }
  EXPECT_THAT(FindCase(read, "Logoff.Fails").outcomes[0].text,
              HasSubstr("\nchecks:\nx.cpp:3: Expected <a> & \"b\" ]]> \\x01\\x1B caf\xC3\xA9 "
                        "\\xFF\n"));
}

TEST(RunnerGoldenThroughReportReader, AnInterruptedRunIsItsFinishedCasesAndOneError) {
  const report::Report read = ReadGolden("interrupted-run.xml");
  ASSERT_EQ(read.CaseCount(), 3u);
  EXPECT_EQ(FindCase(read, "ClearAndSid.ClearWithoutTokenSucceeds").verdict, Verdict::kPass);
  EXPECT_EQ(FindCase(read, "SetHelperToken.AdminCallerSets").verdict, Verdict::kFail);
  const report::TestCase& interrupted = FindCase(read, "SetHelperToken.StandardCallerIsDenied");
  EXPECT_EQ(interrupted.verdict, Verdict::kError);
  ASSERT_EQ(interrupted.outcomes.size(), 1u);
  EXPECT_EQ(interrupted.outcomes[0].message, InterruptedCase(ScenarioInfo{}).message);
  EXPECT_NE(interrupted.evidence_offset, std::string::npos);
  EXPECT_EQ(interrupted.Evidence(), InterruptedCase(ScenarioInfo{}).evidence);
}

// A failed check prints lines of its own (gtest's "Expected equality of these values:"); the
// evidence after them is still found.
TEST(RunnerReportThroughReportReader, EvidenceAfterChecksOfSeveralLinesComesBack) {
  RunReport written = SampleReport();
  CaseRecord& failed = written.cases[3];
  failed.details =
      "x.cpp:3: Expected equality of these values:\n  job.State()\n    Which is: "
      "BG_JOB_STATE_ERROR\n"
      "  BG_JOB_STATE_TRANSFERRED\nevidence-free line\n";
  failed.evidence = "runner: Resume -> S_OK (0x00000000)\njob state: QUEUED -> ERROR\n";
  std::ostringstream xml;
  junit::Write(JUnitDocument(written, SampleCatalog()), xml);
  const report::Report read = report::ReadJUnitText(xml.str(), "bitscts-model-19045.xml");
  const report::TestCase& test_case = FindCase(read, failed.info.id());
  EXPECT_EQ(test_case.Evidence(), failed.evidence);
  EXPECT_THAT(test_case.outcomes[0].text, HasSubstr("\nchecks:\n" + failed.details));
}

}  // namespace
}  // namespace bitscts::runner
