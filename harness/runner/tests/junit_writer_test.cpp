#include "junit_writer.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "golden.h"

namespace bitscts::runner {
namespace {

CaseRecord Case(std::string family, std::string name, Verdict verdict, std::string message,
                std::string details = {}) {
  CaseRecord record;
  record.info = {std::move(family), std::move(name),
                 {{"HT-QI-1", "HT-IF-1"}, "https://learn.microsoft.com/x", {}}};
  record.verdict = verdict;
  record.message = std::move(message);
  record.details = std::move(details);
  record.evidence = "runner: CreateJob(bitscts) -> S_OK (0x00000000)\n";
  record.seconds = 0.25;
  return record;
}

// A catalogue that explains HT-QI-1 (with text XML must escape) and lacks HT-IF-1.
const ClauseCatalog& SampleCatalog() {
  static const ClauseCatalog catalog = ParseClauseCatalog(
      "HT-QI-1 | api\n"
      "  statement: Access is checked at <QueryInterface> & \"kept\".\n"
      "  source: https://learn.microsoft.com/q (Remarks)\n"
      "  source: https://learn.microsoft.com/r (Note)\n",
      "sample.catalog");
  return catalog;
}

// A report with one case of every verdict and text that XML cannot carry as is.
RunReport SampleReport() {
  RunReport report;
  report.target = {"model-19045", "model", "bitscts reference model", "Windows 10 (emulated)", 19045, "10.3"};
  report.expectations = "model.expect";
  report.started_at = "2026-11-23T10:00:00Z";
  report.hostname = "host";
  report.cases = {
      Case("TokenOptionsQi", "Passes", Verdict::kPass, ""),
      Case("TokenOptionsQi", "Unsupported", Verdict::kUnsupported, "QueryInterface returned E_NOINTERFACE"),
      Case("Logoff", "Xfail", Verdict::kXfail, "expected fail (known; https://l)"),
      Case("Logoff", "Fails", Verdict::kFail, "x.cpp:3: Expected <a> & \"b\"",
           std::string("x.cpp:3: Expected <a> & \"b\" ]]> \x01\x1b caf\xC3\xA9 \xFF\n")),
      Case("Logoff", "Xpass", Verdict::kXpass, "passed, but expected fail"),
      Case("Flags", "Timeout", Verdict::kTimeout, "waited 60000 ms for BG_JOB_STATE_TRANSFERRED"),
      Case("Flags", "Error", Verdict::kError, "CreateJob failed with HRESULT_FROM_WIN32(ERROR_NOT_LOGGED_ON)"),
  };
  return report;
}

TEST(JUnitWriter, MatchesTheGoldenDocument) {
  std::ostringstream out;
  WriteJUnit(SampleReport(), out, SampleCatalog());
  ExpectMatchesGolden(out.str(), "sample-run.xml");
}

TEST(JUnitWriter, SuitesCarryTheTargetIdAndCountsAddUp) {
  std::ostringstream out;
  WriteJUnit(SampleReport(), out, SampleCatalog());
  const std::string xml = out.str();
  EXPECT_NE(xml.find("<testsuites name=\"bitscts\" tests=\"7\" failures=\"2\" errors=\"2\""), std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"model-19045.Logoff\" tests=\"3\" failures=\"2\" errors=\"0\" skipped=\"1\""),
            std::string::npos);
  EXPECT_NE(xml.find("classname=\"model-19045.TokenOptionsQi\""), std::string::npos);
}

// Each clause id comes with its statement and first source in system-out, and in a failure's body.
TEST(JUnitWriter, ClauseIdsCarryTheirStatementAndSource) {
  std::ostringstream out;
  WriteJUnit(SampleReport(), out, SampleCatalog());
  const std::string xml = out.str();
  const std::string line =
      "clause: HT-QI-1: Access is checked at &lt;QueryInterface&gt; &amp; \"kept\". (source: "
      "https://learn.microsoft.com/q (Remarks))\nclause: HT-IF-1: (not in the clause catalogue)\n";
  EXPECT_NE(xml.find("clauses: HT-QI-1 HT-IF-1\n" + line + "doc: "), std::string::npos);
  EXPECT_NE(xml.find("\n" + line + "</failure>"), std::string::npos);
}

}  // namespace
}  // namespace bitscts::runner
