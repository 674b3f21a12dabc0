#include "bitscts/check_headline.h"

#include <gtest/gtest.h>

#include <string>

namespace bitscts {
namespace {

// The messages below are GoogleTest's own shapes, as the Wine runs' failed checks print them.

TEST(CheckHeadline, EqualitySaysExpectedThenWasWithTheCheckOwnMessage) {
  EXPECT_EQ(CheckHeadline("Expected equality of these values:\n"
                          "  StateOf(*job)\n"
                          "    Which is: \"ERROR\"\n"
                          "  Name(JobState::kTransferred)\n"
                          "    Which is: \"TRANSFERRED\"\n"
                          "job state"),
            "job state: expected \"TRANSFERRED\", was \"ERROR\"");
}

TEST(CheckHeadline, EqualityWithoutOwnMessageNamesTheExpression) {
  EXPECT_EQ(CheckHeadline("Expected equality of these values:\n"
                          "  job->Suspend()\n"
                          "    Which is: E_NOTIMPL (0x80004001)\n"
                          "  hr::kOk\n"
                          "    Which is: S_OK (0x00000000)\n"),
            "job->Suspend(): expected S_OK (0x00000000), was E_NOTIMPL (0x80004001)");
}

TEST(CheckHeadline, EqualityOfALiteralUsesTheLiteral) {
  EXPECT_EQ(CheckHeadline("Expected equality of these values:\n"
                          "  count\n"
                          "    Which is: 3\n"
                          "  1\n"),
            "count: expected 1, was 3");
}

TEST(CheckHeadline, EqualityOfStringsSkipsTheDiff) {
  EXPECT_EQ(CheckHeadline("Expected equality of these values:\n"
                          "  text\n"
                          "    Which is: \"a\\nb\"\n"
                          "  \"a\\nc\"\n"
                          "With diff:\n"
                          "@@ -1,2 +1,2 @@\n"
                          " a\n"
                          "-b\n"
                          "+c\n"
                          "the file's text"),
            "the file's text: expected \"a\\nc\", was \"a\\nb\"");
}

TEST(CheckHeadline, BooleanSaysExpectedTrueWasFalse) {
  EXPECT_EQ(CheckHeadline("Value of: steps::ErrorIs(*job, hr::kHttpError404)\n"
                          "  Actual: false\n"
                          "Expected: true\n"
                          "the job stopped at the second file"),
            "the job stopped at the second file: expected true, was false");
  EXPECT_EQ(CheckHeadline("Value of: steps::Requests(s, third.path()).empty()\n"
                          "  Actual: false\n"
                          "Expected: true\n"),
            "steps::Requests(s, third.path()).empty(): expected true, was false");
}

TEST(CheckHeadline, ScopedTracesAreNotTheCheckOwnMessage) {
  EXPECT_EQ(CheckHeadline("Value of: steps::HelperSidIs(job.options(), helper.sid)\n"
                          "  Actual: false (the job's helper SID is (none))\n"
                          "Expected: true\n"
                          "Google Test trace:\n"
                          "scenarios/clear_and_sid.cpp:85: the administrator's job\n"),
            "steps::HelperSidIs(job.options(), helper.sid): expected true, was false (the job's "
            "helper SID is (none))");
}

TEST(CheckHeadline, MatcherSaysWhatItExpected) {
  EXPECT_EQ(CheckHeadline("Value of: calls\n"
                          "Expected: has 2 elements\n"
                          "  Actual: { \"JobTransferred\" }, which has 1 element\n"
                          "JobError is called"),
            "JobError is called: expected has 2 elements, was { \"JobTransferred\" }, which has "
            "1 element");
}

TEST(CheckHeadline, ComparisonKeepsTheOperator) {
  EXPECT_EQ(CheckHeadline("Expected: (resumed.value) != (JobState::kSuspended), actual: SUSPENDED "
                          "vs SUSPENDED\nResume queues the job"),
            "Resume queues the job: expected (resumed.value) != (JobState::kSuspended), was "
            "SUSPENDED vs SUSPENDED");
}

TEST(CheckHeadline, FailGivesItsMessage) {
  EXPECT_EQ(CheckHeadline("Failed\nno callback within 30 s"), "no callback within 30 s");
  EXPECT_EQ(CheckHeadline("Failed\n"), "Failed");
}

TEST(CheckHeadline, OtherTextGivesItsFirstLine) {
  EXPECT_EQ(CheckHeadline("\nsomething else\nmore"), "something else");
  EXPECT_EQ(CheckHeadline(""), "");
}

TEST(CheckHeadline, LongValuesAreCutShort) {
  const std::string long_value(300, 'x');
  const std::string headline =
      CheckHeadline("Expected equality of these values:\n  a\n    Which is: " + long_value +
                    "\n  b\n    Which is: 1\n");
  EXPECT_EQ(headline, "a: expected 1, was " + std::string(120, 'x') + "...");
}

TEST(RelativeToRoot, StripsTheSourceRoot) {
  EXPECT_EQ(RelativeToRoot("/build/src/scenarios/job_behaviour.cpp", "/build/src"),
            "scenarios/job_behaviour.cpp");
  EXPECT_EQ(RelativeToRoot("/build/src/scenarios/job_behaviour.cpp", "/build/src/"),
            "scenarios/job_behaviour.cpp");
  EXPECT_EQ(RelativeToRoot("C:\\a\\Src\\scenarios\\flags.cpp", "c:/a/src"), "scenarios/flags.cpp");
}

TEST(RelativeToRoot, DropsTheClimbOutOfABuildFolder) {
  EXPECT_EQ(RelativeToRoot("../../../scenarios/clear_and_sid.cpp", "/build/src"),
            "scenarios/clear_and_sid.cpp");
  EXPECT_EQ(RelativeToRoot("..\\..\\scenarios\\flags.cpp", "C:/src"), "scenarios/flags.cpp");
  EXPECT_EQ(RelativeToRoot("./flags.cpp", "/build/src"), "flags.cpp");
}

TEST(RelativeToRoot, LeavesOtherPathsAlone) {
  EXPECT_EQ(RelativeToRoot("/elsewhere/flags.cpp", "/build/src"), "/elsewhere/flags.cpp");
  EXPECT_EQ(RelativeToRoot("/build/srcx/flags.cpp", "/build/src"), "/build/srcx/flags.cpp");
  EXPECT_EQ(RelativeToRoot("flags.cpp", ""), "flags.cpp");
}

}  // namespace
}  // namespace bitscts
