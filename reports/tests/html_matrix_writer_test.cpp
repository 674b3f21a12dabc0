#include "bitscts/report/html_matrix_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

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

TEST(ReportHtmlMatrixWriter, EveryRowLinksItsDocumentationAndEveryCellOpensItsEvidence) {
  const std::string page =
      Page(testing::ReadSamples({"runs/model-19045.xml", "runs/wine-win7.xml"}));
  EXPECT_EQ(Count(page, "<tr class=\"scenario"), 5u);
  EXPECT_EQ(Count(page,
                  "<th class=\"scenario\" scope=\"row\"><a href=\"https://learn.microsoft.com/"),
            5u);
  EXPECT_EQ(Count(page, "<details><summary>"), 9u);
  EXPECT_EQ(Count(page, "title=\"not run on this target\""), 1u);
  EXPECT_THAT(page, HasSubstr("<td class=\"cell v-timeout\"><details><summary>timeout</summary>"));
  EXPECT_THAT(page, HasSubstr("GET /seed-1/size-4k as &lt;anonymous&gt; -&gt; 200"));
  EXPECT_THAT(
      page,
      HasSubstr("failure (fail): QI returned &lt;E_NOINTERFACE&gt; &amp; then \\x01\\x1B[31mred"));
}

// A clause id links to its source page, titled with its statement; without a page the statement
// is its title.
TEST(ReportHtmlMatrixWriter, ClauseIdsLinkTheirSourceWithTheirStatement) {
  const std::string page = Page(testing::ReadSamples({"runs/model-19045.xml"}));
  EXPECT_THAT(
      page,
      HasSubstr(
          "<td class=\"clauses\"><a href=\"https://learn.microsoft.com/windows/win32/api/bits4_0/"
          "nn-bits4_0-ibitstokenoptions\" title=\"A job exposes IBitsTokenOptions through "
          "QueryInterface (&lt;IUnknown&gt;).\">HT-IF-1</a> <span title=\"Access is checked at "
          "QueryInterface.\">HT-QI-1</span></td>"));
  EXPECT_THAT(page, HasSubstr("<td class=\"clauses\">HT-QI-2</td>"));
}

TEST(ReportHtmlMatrixWriter, FailingRowsAndGroupsAreMarkedForTheFilter) {
  const std::string page =
      Page(testing::ReadSamples({"runs/model-19045.xml", "runs/wine-win7.xml"}));
  EXPECT_EQ(Count(page, "<tr class=\"scenario failing\">"), 3u);
  EXPECT_EQ(Count(page, "<tbody class=\"family failing\">"), 2u);
  EXPECT_EQ(Count(page, "<tbody class=\"family\">"), 1u);
  EXPECT_LT(page.find("HT-LO</th>"), page.find("HT-IF</th>"));
  EXPECT_THAT(page, HasSubstr("<button id=\"failures-only\""));
}

TEST(ReportHtmlMatrixWriter, HasAHiddenNoFailuresStateForTheFilter) {
  const std::string page = Page(testing::ReadSamples({"runs/model-19045.xml"}));
  EXPECT_EQ(Count(page, "<tr class=\"scenario failing\">"), 0u);
  EXPECT_THAT(page, HasSubstr("<p id=\"no-failures\" hidden>No scenario fails on any target.</p>"));
}

TEST(ReportHtmlMatrixWriter, ListsExpectationsAndMarksExpiredOnes) {
  const ExpectationFile windows =
      ReadExpectationsFile(testing::DataPath("expectations/windows.expect"));
  const std::string page = Page(testing::ReadSamples({"runs/windows-19045.xml"}), {windows});
  EXPECT_THAT(page, HasSubstr("<span class=\"expired\">2026-11-22 (expired)</span>"));
  EXPECT_THAT(page, HasSubstr("<span>2026-11-23</span>"));
  EXPECT_THAT(page, HasSubstr("<a href=\"https://example.invalid/bug/1\">"));
}

TEST(ReportHtmlMatrixWriter, MarksDuplicatedCells) {
  const std::string page =
      Page(testing::ReadSamples({"runs/wine-win7.xml", "baseline/wine-win7.xml"}));
  EXPECT_EQ(Count(page, "<summary>fail (duplicate)</summary>"), 2u);
}

}  // namespace
}  // namespace bitscts::report
