// HelperTokenDefaults: what a new job's helper-token options hold before anyone sets them.
#include <gtest/gtest.h>

#include "bitscts/scenario.h"

namespace bitscts {
namespace {

BITSCTS_SCENARIO(HelperTokenDefaults, NewJobHasNoFlags,
                 {.clauses = {"HT-FLAG-10"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits4_0/nf-bits4_0-ibitstokenoptions-gethelpertokenflags",
                  .needs = {Feature::kTokenOptions}}) {
  auto job = s.CreateJob(s.caller());
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  const auto flags = options.value->GetHelperTokenFlags();
  ASSERT_EQ(flags.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-10") EXPECT_EQ(flags.value, token_usage::kNone) << "got " << TokenUsageName(flags.value);
}

BITSCTS_SCENARIO(HelperTokenDefaults, NewJobHasNoHelperSid,
                 {.clauses = {"HT-SID-1", "HT-SID-3"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits4_0/nf-bits4_0-ibitstokenoptions-gethelpertokensid",
                  .needs = {Feature::kTokenOptions}}) {
  auto job = s.CreateJob(s.caller());
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  const auto sid = options.value->GetHelperTokenSid();
  BITSCTS_PROVES("HT-SID-1") ASSERT_EQ(sid.hr, hr::kOk);
  BITSCTS_PROVES("HT-SID-3") EXPECT_FALSE(sid.value.has_value()) << "got SID " << sid.value.value_or("");
}

}  // namespace
}  // namespace bitscts
