// HelperTokenDefaults: what a new job's helper-token options hold before anyone sets them.
#include <gtest/gtest.h>

#include <optional>

#include "bitscts/scenario.h"
#include "docs.h"
#include "steps/helper_token.h"

namespace bitscts {
namespace {

BITSCTS_SCENARIO(HelperTokenDefaults, NewJobHasNoFlags,
                 {.clauses = {"HT-FLAG-10"},
                  .doc = docs::kGetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions}}) {
  steps::TokenJob job(s, s.caller());
  ASSERT_TRUE(job.Query());
  BITSCTS_PROVES("HT-FLAG-10") EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNone));
}

BITSCTS_SCENARIO(HelperTokenDefaults, NewJobHasNoHelperSid,
                 {.clauses = {"HT-SID-1", "HT-SID-3"},
                  .doc = docs::kGetHelperTokenSid,
                  .needs = {Feature::kTokenOptions}}) {
  steps::TokenJob job(s, s.caller());
  ASSERT_TRUE(job.Query());
  BITSCTS_PROVES("HT-SID-1", "HT-SID-3")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), std::nullopt));
}

}  // namespace
}  // namespace bitscts
