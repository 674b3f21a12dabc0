#include "bitscts/report/html_matrix_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "bitscts/report/junit_file.h"
#include "bitscts/report/regression.h"
#include "test_files.h"

namespace bitscts::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

std::string Page(const Report& report, const std::vector<ExpectationFile>& expectations = {}) {
  std::ostringstream out;
  WriteHtmlMatrix(BuildMatrix(report), expectations, 2026y / 11 / 23, out);
  return out.str();
}

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

TEST(ReportHtmlMatrixWriter, LoadsNothingFromElsewhere) {
  const std::string page = Page(testing::ReadAllRuns());
  EXPECT_THAT(page, Not(HasSubstr("src=")));
  EXPECT_THAT(page, Not(HasSubstr("<link")));
  EXPECT_THAT(page, Not(HasSubstr("@import")));
  EXPECT_THAT(page, Not(HasSubstr("url(")));
}

TEST(ReportHtmlMatrixWriter, HeaderNamesEveryRun) {
  const std::string page = Page(testing::ReadAllRuns());
  EXPECT_THAT(
      page,
      HasSubstr(
          "<tr><th>wine-win7</th><td>wine</td><td>Wine 8.0 qmgr</td><td>Windows 7 (Wine 8.0)</td>"
          "<td>7601</td><td>3.0</td><td>2026-11-23T11:00:00Z</td><td>wine.expect</td>"
          "<td>0.1.0</td>"));
  for (const char* target : {"model-19045", "windows-19045", "ctest-native", "gtest-harness"}) {
    EXPECT_THAT(page, HasSubstr(std::string("<tr><th>") + target + "</th>"));
  }
}

TEST(ReportHtmlMatrixWriter, EveryRowLinksItsDocumentationAndEveryCellOpensItsDetailPanel) {
  const std::string page =
      Page(testing::ReadSamples({"runs/model-19045.xml", "runs/wine-win7.xml"}));
  EXPECT_EQ(Count(page, "<tr class=\"scenario"), 5u);
  EXPECT_EQ(Count(page,
                  "<th class=\"scenario\" scope=\"row\"><a href=\"https://learn.microsoft.com/"),
            5u);
  // 9 cells hold a verdict; each links to its own panel, outside the grid.
  EXPECT_EQ(Count(page, "<a class=\"open\" href=\"#c-"), 9u);
  EXPECT_EQ(Count(page, "<section class=\"detail\" id=\"c-"), 9u);
  EXPECT_LT(page.find("</table>"), page.find("<section class=\"detail\""));
  EXPECT_EQ(Count(page, "title=\"not run on this target\""), 1u);
  EXPECT_THAT(page, HasSubstr("<td class=\"cell v-timeout\" data-verdicts=\"timeout\"><a "
                              "class=\"open\" href=\"#c-1-0\""));
  EXPECT_THAT(page, HasSubstr("<span class=\"icon\" aria-hidden=\"true\">◷</span> timeout</a>"));
  EXPECT_THAT(page, HasSubstr("GET /seed-1/size-4k as &lt;anonymous&gt; -&gt; 200"));
}

// The panel says each thing once: the message, the checks, each clause with its statement and
// source, the evidence.
TEST(ReportHtmlMatrixWriter, DetailPanelShowsMessageChecksClausesAndEvidenceOnceEach) {
  const std::string page = Page(testing::ReadSamples({"runs/windows-19045.xml"}));
  const std::size_t panel = page.find("aria-label=\"Logoff.TokenRequiredAfterOwnerLogoff on ");
  ASSERT_NE(panel, std::string::npos);
  const std::string text = page.substr(panel, page.find("</section>", panel) - panel);
  EXPECT_THAT(text, HasSubstr("<h3>Message</h3><p class=\"message\">expected BG_E_TOKEN_REQUIRED "
                              "(0x80200056), got S_OK (0x00000000)</p>"));
  EXPECT_THAT(text, HasSubstr("<h3>Checks</h3><pre class=\"checks\">GetError: none\njob state: "
                              "QUEUED -&gt; TRANSFERRED</pre>"));
  EXPECT_THAT(text, HasSubstr("<dt>HT-LO-1</dt><dd>A job that loses its helper token at logoff "
                              "moves to ERROR with BG_E_TOKEN_REQUIRED. <span class=\"source\">"
                              "source: <a href=\"https://learn.microsoft.com/windows/win32/bits/"
                              "helper-tokens-for-bits-transfer-jobs\">"));
  EXPECT_THAT(text, HasSubstr("<h3>Evidence</h3><pre class=\"evidence\">LogoffSession(alice) "
                              "-&gt; S_OK\n</pre>"));
  EXPECT_EQ(Count(text, "expected BG_E_TOKEN_REQUIRED (0x80200056)"), 1u);
  EXPECT_EQ(Count(text, "LogoffSession(alice)"), 1u);
  EXPECT_EQ(Count(text, "moves to ERROR"), 1u);
  // Markup from the runs is text.
  const std::string wine = Page(testing::ReadSamples({"runs/wine-win7.xml"}));
  EXPECT_THAT(wine, HasSubstr("<p class=\"message\">QI returned &lt;E_NOINTERFACE&gt; &amp; then "
                              "\\x01\\x1B[31mred"));
}

// The runner's outcome text repeats the message, the clauses and the evidence for consumers that
// read only that element; the panel still shows each once, and the checks of the system-out.
TEST(ReportHtmlMatrixWriter, DetailPanelShowsTheRunnersFullOutcomeTextOnlyOnce) {
  const std::string statement = "A helper token survives logoff.";
  const std::string clause_line =
      "clause: HT-LO-2: " + statement + " (source: https://example.invalid/p (Remarks))\n";
  const std::string checks = "checks:\nlogoff.cpp:7: job state: expected TRANSFERRED, was ERROR\n";
  const std::string evidence = "evidence:\nLogoffSession(alice) -&gt; S_OK\n";
  const std::string junit =
      "<testsuite name=\"model-19045.Logoff\" tests=\"2\"><properties><property "
      "name=\"bitscts.target.id\" value=\"model-19045\"/></properties>"
      "<testcase name=\"A\" classname=\"model-19045.Logoff\" status=\"fail\"><failure "
      "message=\"job state: expected TRANSFERRED, was ERROR\" type=\"fail\">fail: job state: "
      "expected TRANSFERRED, was ERROR\n" +
      checks + clause_line + "doc: https://example.invalid/d\nscenario: Logoff.A\n" + evidence +
      "</failure><system-out>scenario: Logoff.A\nclauses: HT-LO-2\n" + clause_line +
      "doc: https://example.invalid/d\nverdict: fail\nmessage: job state: expected "
      "TRANSFERRED, was ERROR\n" +
      checks + evidence +
      "</system-out></testcase>"
      "<testcase name=\"B\" classname=\"model-19045.Logoff\" status=\"timeout\"><error "
      "message=\"waited 60 s\" type=\"timeout\">timeout: waited 60 s\n" +
      clause_line + "doc: https://example.invalid/d\nscenario: Logoff.B\n" + evidence +
      "</error><system-out>scenario: Logoff.B\nclauses: HT-LO-2\n" + clause_line +
      "doc: https://example.invalid/d\nverdict: timeout\nmessage: waited 60 s\n" + evidence +
      "</system-out></testcase></testsuite>";
  const std::string page = Page(ReadJUnitText(junit, "run.xml"));
  for (const std::string scenario : {"Logoff.A", "Logoff.B"}) {
    const std::size_t panel = page.find("aria-label=\"" + scenario + " on model-19045\"");
    ASSERT_NE(panel, std::string::npos) << scenario;
    const std::string text = page.substr(panel, page.find("</section>", panel) - panel);
    EXPECT_EQ(Count(text, statement), 1u) << scenario;
    EXPECT_EQ(Count(text, "LogoffSession(alice)"), 1u) << scenario;
    EXPECT_EQ(Count(text, "<h3>Message</h3>"), 1u) << scenario;
    EXPECT_EQ(Count(text, "doc: "), 0u) << scenario;
  }
  EXPECT_THAT(page, HasSubstr("<h3>Checks</h3><pre class=\"checks\">logoff.cpp:7: job state: "
                              "expected TRANSFERRED, was ERROR\n</pre>"));
  EXPECT_EQ(Count(page, "logoff.cpp:7"), 1u);
}

TEST(ReportHtmlMatrixWriter, ClauseWithoutStatementSaysSo) {
  const std::string page = Page(testing::ReadSamples({"runs/model-19045.xml"}));
  EXPECT_THAT(page, HasSubstr("<dt>HT-QI-2</dt><dd><span class=\"source\">(the report gives no "
                              "statement)</span></dd>"));
  EXPECT_THAT(page, HasSubstr("<span class=\"clauses\">HT-IF-1 HT-QI-1</span>"));
}

TEST(ReportHtmlMatrixWriter, HeadlineFirstNamesTheRegressionsTheirTargetsAndTheBaseline) {
  const Report baseline = testing::ReadDirectories({"lead/baseline"});
  const Report current = testing::ReadDirectories({"lead/current"});
  const BaselineComparison comparison{baseline.Targets(),
                                      CheckRegressions(baseline, current, {}, 2026y / 11 / 23)};
  std::ostringstream out;
  WriteHtmlMatrix(BuildMatrix(current), {}, 2026y / 11 / 23, out, &comparison);
  const std::string page = out.str();
  const std::size_t headline = page.find("<section id=\"headline\" class=\"bad\">");
  ASSERT_NE(headline, std::string::npos);
  EXPECT_LT(headline, page.find("<table id=\"matrix\">"));
  EXPECT_THAT(page, HasSubstr("<p class=\"lead\">4 regressions on windows-26100, windows-19045 "
                              "since baseline windows-26100 (2026-11-16T06:00:00Z)</p>"));
  EXPECT_THAT(page, HasSubstr("Not compared (nothing of theirs in the baseline): wine-win7, "
                              "com-model-19045, model-19045, null."));
  EXPECT_THAT(page, HasSubstr("<li class=\"chip v-timeout\"><span class=\"icon\" "
                              "aria-hidden=\"true\">◷</span> timeout <b>1</b></li>"));
  // The diff, in the page, links each change to its cell's panel.
  EXPECT_THAT(page, HasSubstr("<h2 id=\"changes\">Changes since baseline windows-26100 "
                              "(2026-11-16T06:00:00Z)</h2>"));
  EXPECT_EQ(Count(page, "<tr><td class=\"regression\">regression</td>"), 4u);
  EXPECT_THAT(page, HasSubstr("Regression: pass in baseline windows-26100 "
                              "(2026-11-16T06:00:00Z), fail now."));
}

TEST(ReportHtmlMatrixWriter, WithoutABaselineComparesWithThePreviousRunAndDrawsHistory) {
  const std::string page = Page(testing::ReadDirectories({"lead/history", "lead/current"}));
  EXPECT_THAT(page, HasSubstr("<p class=\"lead\">2 regressions on windows-26100 since the "
                              "previous run of windows-26100</p>"));
  // One strip per windows-26100 cell, oldest run first.
  EXPECT_EQ(Count(page, "<span class=\"strip\""), 18u);
  EXPECT_THAT(page, HasSubstr("<i class=\"v-pass\" title=\"2026-11-21T06:00:00Z: pass\"></i><i "
                              "class=\"v-timeout\" title=\"2026-11-22T06:00:00Z: timeout\"></i><i "
                              "class=\"v-timeout\" title=\"2026-11-23T06:00:00Z: timeout\"></i>"));
  EXPECT_THAT(page, HasSubstr("<h3>History</h3><ol class=\"history\">"));
}

// A scenario the current run no longer has is listed as gone, without a link to a cell that is
// not there.
TEST(ReportHtmlMatrixWriter, AScenarioGoneSinceTheBaselineIsListedWithoutALink) {
  const Report baseline = testing::ReadSamples({"runs/model-19045.xml"});
  Report current = baseline;
  const std::string gone = current.suites.at(0).cases.at(0).scenario_id;
  current.suites.at(0).cases.erase(current.suites.at(0).cases.begin());
  const BaselineComparison comparison{baseline.Targets(),
                                      CheckRegressions(baseline, current, {}, 2026y / 11 / 23)};
  std::ostringstream out;
  WriteHtmlMatrix(BuildMatrix(current), {}, 2026y / 11 / 23, out, &comparison);
  EXPECT_THAT(out.str(), HasSubstr("<tr><td>gone</td><td>model-19045</td><td>" + gone +
                                   "</td><td><span class=\"chip v-pass\">"));
  EXPECT_THAT(out.str(), HasSubstr("<p class=\"lead\">No regression since baseline model-19045 "
                                   "(2026-11-23T10:00:00Z)</p>"));
}

TEST(ReportHtmlMatrixWriter, WithNothingToCompareSaysWhatFailsAndHowToAddABaseline) {
  const std::string page = Page(testing::ReadDirectories({"lead/current"}));
  EXPECT_THAT(page, HasSubstr("<p class=\"lead\">4 failing results on windows-26100, "
                              "windows-19045</p>"));
  EXPECT_THAT(page, HasSubstr("matrix --baseline"));
  EXPECT_THAT(
      page,
      HasSubstr(
          "<p class=\"failing-now\">Failing now: <span class=\"target\"><b>windows-26100</b> <span "
          "class=\"chip v-fail\">"));
  EXPECT_THAT(page, Not(HasSubstr("id=\"changes\"")));
}

TEST(ReportHtmlMatrixWriter, FailingRowsAndGroupsAreMarkedForTheFilter) {
  const std::string page =
      Page(testing::ReadSamples({"runs/model-19045.xml", "runs/wine-win7.xml"}));
  EXPECT_EQ(Count(page, "<tr class=\"scenario failing\" "), 3u);
  EXPECT_EQ(Count(page, "<tbody class=\"family failing\">"), 2u);
  EXPECT_EQ(Count(page, "<tbody class=\"family\">"), 1u);
  EXPECT_LT(page.find("HT-LO</th>"), page.find("HT-IF</th>"));
  EXPECT_THAT(page, HasSubstr("<button id=\"failures-only\""));
}

TEST(ReportHtmlMatrixWriter, HasAHiddenNoFailuresStateForTheFilter) {
  const std::string page = Page(testing::ReadSamples({"runs/model-19045.xml"}));
  EXPECT_EQ(Count(page, "<tr class=\"scenario failing\" "), 0u);
  EXPECT_THAT(page, HasSubstr("<p class=\"lead\">Nothing fails</p>"));
  EXPECT_EQ(Count(page, "<li class=\"chip zero\">"), 6u);
  EXPECT_THAT(page, HasSubstr("<p id=\"no-failures\" hidden>No scenario fails on any target.</p>"));
}

TEST(ReportHtmlMatrixWriter, ListsExpectationsAndMarksExpiredOnes) {
  const ExpectationFile windows =
      ReadExpectationsFile(testing::DataPath("expectations/windows.expect"));
  const std::string page = Page(testing::ReadSamples({"runs/windows-19045.xml"}), {windows});
  EXPECT_THAT(page, HasSubstr("<span class=\"expired\">2026-11-22 (expired)</span>"));
  EXPECT_THAT(page, HasSubstr("<p class=\"expired\">1 expectation expired: see <a "
                              "href=\"#expectations\">the expectations</a>.</p>"));
  EXPECT_LT(page.find("<p class=\"expired\">"), page.find("<table id=\"matrix\">"));
  EXPECT_THAT(page, HasSubstr("<h2 id=\"expectations\">Expectations for windows"));
  EXPECT_THAT(page, HasSubstr("<span>2026-11-23</span>"));
  EXPECT_THAT(page, HasSubstr("<a href=\"https://example.invalid/bug/1\">"));
}

TEST(ReportHtmlMatrixWriter, MarksDuplicatedCells) {
  const std::string page =
      Page(testing::ReadSamples({"runs/wine-win7.xml", "baseline/wine-win7.xml"}));
  EXPECT_EQ(Count(page, "data-verdicts=\"fail fail\""), 1u);
  EXPECT_THAT(page, HasSubstr("<span class=\"icon\" aria-hidden=\"true\">✗</span> fail ×2</a>"));
  EXPECT_EQ(Count(page, "(duplicate): fail</h3>"), 2u);
}

}  // namespace
}  // namespace bitscts::report
