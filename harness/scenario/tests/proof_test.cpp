#include "bitscts/proof.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace bitscts {
namespace {

// Returns true if and only if a proof site of `clause` is registered at this file's `line`.
bool IsRegistered(const std::string& clause, int line) {
  const std::vector<ProofSite> sites = ProofSites();
  return std::any_of(sites.begin(), sites.end(), [&](const ProofSite& site) {
    return site.clause == clause && site.line == line && site.file == __FILE__;
  });
}

TEST(Proofs, SitesAreRegisteredBeforeTheyRun) {
  int runs = 0;
  if (runs > 0) {
    BITSCTS_PROVES("TEST-NEVER-RUN") EXPECT_EQ(runs, 0);
  }
  EXPECT_TRUE(IsRegistered("TEST-NEVER-RUN", __LINE__ - 2));
}

TEST(Proofs, TheStatementRunsOnceAndOneMacroMayNameSeveralClauses) {
  int runs = 0;
  BITSCTS_PROVES("TEST-A", "TEST-B") ++runs;
  EXPECT_EQ(runs, 1);
  EXPECT_TRUE(IsRegistered("TEST-A", __LINE__ - 2));
  EXPECT_TRUE(IsRegistered("TEST-B", __LINE__ - 3));
}

TEST(Proofs, AFailureNamesTheClauseItProves) {
  EXPECT_NONFATAL_FAILURE(
      {
        BITSCTS_PROVES("TEST-C") EXPECT_EQ(1, 2);
      },
      "proves TEST-C");
  EXPECT_NONFATAL_FAILURE(
      {
        BITSCTS_PROVES("TEST-D", "TEST-E") EXPECT_EQ(1, 2);
      },
      "proves TEST-D, TEST-E");
}

TEST(Proofs, SitesComeOrderedByFileAndLine) {
  const std::vector<ProofSite> sites = ProofSites();
  EXPECT_TRUE(
      std::is_sorted(sites.begin(), sites.end(), [](const ProofSite& a, const ProofSite& b) {
        return a.file != b.file ? a.file < b.file : a.line < b.line;
      }));
}

}  // namespace
}  // namespace bitscts
