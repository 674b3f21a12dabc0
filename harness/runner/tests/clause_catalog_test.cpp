#include "clause_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "listing.h"

namespace bitscts::runner {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kGood =
    "# a comment\n"
    "\n"
    "HT-FLAG-3 | api\n"
    "  statement: BG_TOKEN_NETWORK covers SMB remote files and implicit-credential challenges.\n"
    "  source: https://learn.microsoft.com/a (Parameters)\n"
    "  source: https://learn.microsoft.com/b (Remarks)\r\n"
    "\n"
    "RW-1 | doc\n"
    "  statement: A search found no report.\n"
    "  source: none: a negative search result has no page\n"
    "  note: result of a literature search\n"
    "SEED-1 | map\n"
    "\tstatement: A job can carry an extra token.\n"
    "\tsource: https://learn.microsoft.com/c (introduction)\n"
    "\tnote: HT-FLAG-3\n";

TEST(ClauseCatalog, ReadsEveryFieldOfEveryBlock) {
  const ClauseCatalog catalog = ParseClauseCatalog(kGood, "good.catalog");
  EXPECT_TRUE(catalog.errors.empty()) << catalog.errors.front();
  ASSERT_EQ(catalog.clauses.size(), 3u);
  const Clause& flag = catalog.clauses[0];
  EXPECT_EQ(flag.id, "HT-FLAG-3");
  EXPECT_EQ(flag.kind, "api");
  EXPECT_EQ(flag.statement,
            "BG_TOKEN_NETWORK covers SMB remote files and implicit-credential challenges.");
  EXPECT_THAT(flag.sources, ElementsAre("https://learn.microsoft.com/a (Parameters)",
                                        "https://learn.microsoft.com/b (Remarks)"));
  EXPECT_EQ(flag.note, "");
  EXPECT_EQ(flag.line, 3);
  EXPECT_EQ(flag.Url(), "https://learn.microsoft.com/a");
  EXPECT_EQ(catalog.clauses[1].note, "result of a literature search");
  EXPECT_EQ(catalog.clauses[1].Url(), "");
  EXPECT_EQ(catalog.clauses[2].kind, "map");
  EXPECT_EQ(catalog.Find("RW-1"), &catalog.clauses[1]);
  EXPECT_EQ(catalog.Find("RW-2"), nullptr);
  EXPECT_TRUE(CheckClauseText(catalog, "good.catalog").empty());
}

// Each malformed line gives exactly one error, naming the file and the line.
TEST(ClauseCatalog, MalformedLinesNameFileAndLine) {
  const ClauseCatalog catalog = ParseClauseCatalog(
      "  statement: before any clause\n"          // 1
      "HT-SET-1 api\n"                            // 2
      "  statement: under a rejected header\n"    // 3
      "HT-SET-1 | apy\n"                          // 4
      "HT-SET-2 | api\n"                          // 5
      "  statement: one\n"                        // 6
      "  statement: two\n"                        // 7
      "  source:\n"                               // 8
      "  sauce: https://learn.microsoft.com/x\n"  // 9
      "HT-SET-2 | doc\n"                          // 10
      "ht-set-3 | api\n",                         // 11
      "bad.catalog");
  EXPECT_THAT(
      catalog.errors,
      ElementsAre(
          "bad.catalog:1: 'statement:' line outside a clause (no valid '<clause id> | <kind>' line "
          "above it)",
          "bad.catalog:2: expected '<clause id> | <kind>' (e.g. 'HT-FLAG-3 | api'), found "
          "'HT-SET-1 api'",
          "bad.catalog:4: clause HT-SET-1 has unknown kind 'apy' (api, gap, tool, doc or map)",
          "bad.catalog:7: clause HT-SET-2 has a second 'statement:' line",
          "bad.catalog:8: clause HT-SET-2 has an empty 'source:' line",
          "bad.catalog:9: expected an indented 'statement:', 'source:', 'note:' or 'single:' line, "
          "found "
          "'sauce: https://learn.microsoft.com/x'",
          "bad.catalog:10: clause HT-SET-2 is already listed at line 5",
          "bad.catalog:11: expected '<clause id> | <kind>' (e.g. 'HT-FLAG-3 | api'), found "
          "'ht-set-3 | api'"));
  ASSERT_EQ(catalog.clauses.size(), 1u);
  EXPECT_EQ(catalog.clauses[0].statement, "one");
}

TEST(ClauseCatalog, CheckWantsAStatementASourceAndAKnownMapTarget) {
  const ClauseCatalog catalog = ParseClauseCatalog(
      "HT-SET-1 | api\n"
      "  source: https://learn.microsoft.com/x (Remarks)\n"
      "HT-SET-2 | api\n"
      "  statement: Something.\n"
      "SEED-1 | map\n"
      "  statement: Something else.\n"
      "  source: https://learn.microsoft.com/y (Remarks)\n"
      "  note: HT-SET-9\n",
      "check.catalog");
  ASSERT_TRUE(catalog.errors.empty());
  EXPECT_THAT(CheckClauseText(catalog, "check.catalog"),
              ElementsAre("check.catalog:1: clause HT-SET-1 has no statement",
                          "check.catalog:3: clause HT-SET-2 has no source",
                          "check.catalog:5: clause SEED-1 maps to 'HT-SET-9', which is not a "
                          "clause of the catalogue"));
}

// A helper-token `api` clause needs two proving scenarios, or a `single:` line saying why one is
// the only possible check; a `single:` line is wrong once two scenarios prove the clause, and
// on a clause that is not `api`. Other families and kinds need one.
TEST(ClauseCatalog, HelperTokenClausesNeedTwoChecksOrAReason) {
  const ClauseCatalog catalog = ParseClauseCatalog(
      "HT-SET-1 | api\n"  // 1: one scenario, no reason
      "  statement: One.\n"
      "  source: https://learn.microsoft.com/x (Remarks)\n"
      "HT-SET-2 | api\n"  // 4: one scenario, a reason
      "  statement: Two.\n"
      "  source: https://learn.microsoft.com/x (Remarks)\n"
      "  single: only the COM allocator shows it\n"
      "HT-SET-3 | api\n"  // 8: two scenarios and a stale reason
      "  statement: Three.\n"
      "  source: https://learn.microsoft.com/x (Remarks)\n"
      "  single: no longer true\n"
      "HT-SET-4 | api\n"  // 12: two scenarios
      "  statement: Four.\n"
      "  source: https://learn.microsoft.com/x (Remarks)\n"
      "JOB-STATE-1 | api\n"  // 15: another family, one scenario
      "  statement: Five.\n"
      "  source: https://learn.microsoft.com/x (Remarks)\n"
      "HT-IF-2 | doc\n"  // 18: not api, with a reason
      "  statement: Six.\n"
      "  source: https://learn.microsoft.com/x (Remarks)\n"
      "  single: misplaced\n",
      "twice.catalog");
  ASSERT_TRUE(catalog.errors.empty()) << catalog.errors.front();
  EXPECT_EQ(catalog.clauses[1].single, "only the COM allocator shows it");
  const std::map<std::string, std::set<std::string>> proved = {{"HT-SET-1", {"A.One"}},
                                                               {"HT-SET-2", {"A.Two"}},
                                                               {"HT-SET-3", {"A.Three", "B.Three"}},
                                                               {"HT-SET-4", {"A.Four", "B.Four"}},
                                                               {"JOB-STATE-1", {"A.Five"}}};
  EXPECT_THAT(
      CheckSecondChecks(catalog, proved, "twice.catalog"),
      ElementsAre("twice.catalog:1: clause HT-SET-1 rests on one scenario (A.One): add an "
                  "independent second check, or a 'single:' line saying why it is the only "
                  "possible one",
                  "twice.catalog:8: clause HT-SET-3 says one check is the only possible one, but "
                  "2 scenarios prove it: drop its 'single:' line"));
  EXPECT_THAT(CheckClauseText(catalog, "twice.catalog"),
              ElementsAre("twice.catalog:18: clause HT-IF-2 says why one check is enough but is "
                          "not of kind api"));
}

// The catalogue the executable carries is well formed and complete, and every source that is a
// web page is a public Microsoft page, a public repository or an issue thread.
TEST(ClauseCatalog, BuiltInCatalogueIsComplete) {
  const ClauseCatalog& catalog = BuiltInCatalog();
  EXPECT_TRUE(catalog.errors.empty()) << catalog.errors.front();
  EXPECT_TRUE(CheckClauseText(catalog, kCatalogFileName).empty())
      << CheckClauseText(catalog, kCatalogFileName).front();
  EXPECT_GT(catalog.clauses.size(), 150u);
  for (const Clause& clause : catalog.clauses) {
    for (const std::string& source : clause.sources) {
      if (source.rfind("http", 0) != 0) continue;
      const bool known_host = source.rfind("https://learn.microsoft.com/", 0) == 0 ||
                              source.rfind("https://github.com/", 0) == 0 ||
                              source.rfind("https://pkg.go.dev/", 0) == 0;
      EXPECT_TRUE(known_host) << clause.id << ": " << source;
    }
  }
  const Clause* flag = catalog.Find("HT-FLAG-3");
  ASSERT_NE(flag, nullptr);
  EXPECT_THAT(flag->statement, HasSubstr("only when the job has implicit credentials"));
  EXPECT_THAT(flag->statement, HasSubstr("NTLM or Kerberos challenge"));
}

// --clauses: a clause's block carries its statement, its sources and the model's reading.
TEST(ClauseCatalog, ClauseTablePrintsStatementSourcesAndReading) {
  std::ostringstream out;
  EXPECT_EQ(PrintClauseTable(out), 0);
  const std::string text = out.str();
  const std::size_t start = text.find("\nHT-FLAG-8 [api]");
  ASSERT_NE(start, std::string::npos);
  const std::string block = text.substr(start + 1, text.find("\nHT-FLAG-9 [", start) - start);
  EXPECT_THAT(
      block,
      HasSubstr("\n  statement: No page says what SetHelperTokenFlags returns for undefined bits"));
  EXPECT_THAT(block, HasSubstr("\n  source: https://learn.microsoft.com/windows/win32/api/bits4_0/"
                               "nf-bits4_0-ibitstokenoptions-sethelpertokenflags (Parameters"));
  EXPECT_THAT(block, HasSubstr("\n  model's reading: "));
}

}  // namespace
}  // namespace bitscts::runner
