// Test helper: the sample run behind the golden file data/sample-run.xml, and its catalogue.
#pragma once

#include <string>
#include <utility>

#include "clause_catalog.h"
#include "run_report.h"

namespace bitscts::runner {

inline CaseRecord SampleCase(std::string family, std::string name, Verdict verdict,
                             std::string message, std::string details = {}) {
  CaseRecord record;
  record.info = {std::move(family),
                 std::move(name),
                 {{"HT-QI-1", "HT-IF-1"}, "https://learn.microsoft.com/x", {}}};
  record.verdict = verdict;
  record.message = std::move(message);
  record.details = std::move(details);
  record.evidence = "runner: CreateJob(bitscts) -> S_OK (0x00000000)\n";
  record.seconds = 0.25;
  return record;
}

// A catalogue that explains HT-QI-1 (with text XML must escape) and lacks HT-IF-1.
inline const ClauseCatalog& SampleCatalog() {
  static const ClauseCatalog catalog = ParseClauseCatalog(
      "HT-QI-1 | api\n"
      "  statement: Access is checked at <QueryInterface> & \"kept\".\n"
      "  source: https://learn.microsoft.com/q (Remarks)\n"
      "  source: https://learn.microsoft.com/r (Note)\n",
      "sample.catalog");
  return catalog;
}

// A report of a model-19045 run on "host" with no cases yet.
inline RunReport SampleRunWithoutCases() {
  RunReport report;
  report.target = {"model-19045",           "model", "bitscts reference model",
                   "Windows 10 (emulated)", 19045,   "10.3"};
  report.expectations = "model.expect";
  report.started_at = "2026-11-23T10:00:00Z";
  report.hostname = "host";
  return report;
}

// A report with one case of every verdict and text that XML cannot carry as is.
inline RunReport SampleReport() {
  RunReport report = SampleRunWithoutCases();
  report.cases = {
      SampleCase("TokenOptionsQi", "Passes", Verdict::kPass, ""),
      SampleCase("TokenOptionsQi", "Unsupported", Verdict::kUnsupported,
                 "QueryInterface returned E_NOINTERFACE"),
      SampleCase("Logoff", "Xfail", Verdict::kXfail, "expected fail (known; https://l)"),
      SampleCase("Logoff", "Fails", Verdict::kFail, "x.cpp:3: Expected <a> & \"b\"",
                 std::string("x.cpp:3: Expected <a> & \"b\" ]]> \x01\x1b caf\xC3\xA9 \xFF\n")),
      SampleCase("Logoff", "Xpass", Verdict::kXpass, "passed, but expected fail"),
      SampleCase("Flags", "Timeout", Verdict::kTimeout,
                 "waited 60000 ms for BG_JOB_STATE_TRANSFERRED"),
      SampleCase("Flags", "Error", Verdict::kError,
                 "CreateJob failed with HRESULT_FROM_WIN32(ERROR_NOT_LOGGED_ON)"),
  };
  // Defined in a file of the source tree (this one, wherever the build put it).
  report.cases[3].info.file = __FILE__;
  report.cases[3].info.line = 12;
  return report;
}

}  // namespace bitscts::runner
