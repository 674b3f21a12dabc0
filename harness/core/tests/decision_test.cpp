// The verdict decision as a table, in the manner of LLVM lit's result-code tests: each row is
// what a scenario did, the expectations entry it meets, whether the file is strict, whether the
// entry expired, and an agent's fault, with the verdict and the whole message the report shows.
#include "bitscts/decision.h"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <variant>

namespace bitscts {
namespace {

// What the scenario did.
enum class Did {
  kPass,
  kFail,                 // a check failed
  kUnsupported,          // unsupported for want of token-options
  kLacksPrecondition,    // unsupported for want of a precondition, no feature named
  kNotApplicable,        // about another version
  kTimeout,              // a wait reached its deadline
  kError,                // the environment failed
  kThrew,                // an unexpected exception
  kFailThenUnsupported,  // a check failed, then it found token-options absent
  kFailThenTimeout,      // a check failed, then a wait reached its deadline
};

// The expectations entries the target's file has for the scenario.
enum class Entries {
  kNone,
  kOwnPass,
  kOwnFail,
  kOwnUnsupported,
  kOwnTimeout,
  kOwnError,
  kNeeds,  // needs:token-options
  kAny,    // *
  kOwnPassAndNeeds,
  kOwnFailAndNeeds,
  kOwnPassAndAny,
  kNeedsAndAny,
};

enum class Dated { kUndated, kExpired, kStillValid };

constexpr bool kStrict = true;
constexpr bool kLenient = false;
constexpr std::optional<AgentFaultKind> kNoFault;
constexpr std::optional<AgentFaultKind> kHung = AgentFaultKind::kHung;
constexpr std::optional<AgentFaultKind> kExited = AgentFaultKind::kExited;
constexpr std::optional<AgentFaultKind> kProtocolError = AgentFaultKind::kProtocolError;
constexpr std::optional<AgentFaultKind> kNotAsPromised = AgentFaultKind::kNotAsPromised;

constexpr std::string_view kToday = "2026-06-01";
constexpr std::string_view kId = "Family.Name";

// What the observations say, and so what messages start with.
// The headline of the failed check: its location, what was expected and what was seen.
const std::string kCheck = "flags.cpp:12: hr: expected S_OK, was E_FAIL";
const std::string kLacksTokenOptions = "needs token-options: QueryInterface returned E_NOINTERFACE";
const std::string kLacksAccount = "no second standard account could be provisioned";
const std::string kOtherVersion = "applies only without bits4: BackgroundCopyManager4_0 activated";
const std::string kWaited = "waited 30000 ms for BG_JOB_STATE_TRANSFERRED; saw BG_JOB_STATE_QUEUED";
const std::string kEnvironment = "the fakeserver stopped answering";
const std::string kAgentLine =
    "agent 'helper at identify' ended: it ended before answering 'create'; exit code 70; its "
    "stderr ends with:";
const std::string kAgentEvidence = kAgentLine + "\nboom";

// What the entries say.
const std::string kOwnPass = "expected pass (why; https://own)";
const std::string kOwnFail = "expected fail (why; https://own)";
const std::string kOwnUnsupported = "expected unsupported (why; https://own)";
const std::string kOwnTimeout = "expected timeout (why; https://own)";
const std::string kOwnError = "expected error (why; https://own)";
const std::string kNeeds = "expected unsupported (no interface; https://needs)";
const std::string kAny = "expected fail (does nothing; https://any)";
const std::string kStrictNote =
    "unsupported here, but the expectations file is strict and has no entry";
std::string Expired(int line) {
  return "the expectation of line " + std::to_string(line) +
         " expired on 2026-01-31 and no longer applies";
}

struct Row {
  const char* name;
  Did did;
  Entries entries;
  bool strict;
  Dated dated;
  std::optional<AgentFaultKind> fault;
  Verdict verdict;      // decided
  std::string message;  // decided, whole
};

std::ostream& operator<<(std::ostream& out, const Row& row) { return out << row.name; }

Observation Observed(Did did, std::optional<AgentFaultKind> fault) {
  Observation observed;
  const FailedCheck check{"flags.cpp", 12,
                          "Expected equality of these values:\n  hr\n    Which is: E_FAIL\n"
                          "  hr::kOk\n    Which is: S_OK"};
  switch (did) {
    case Did::kPass: break;
    case Did::kFail: observed.failed_checks = {check}; break;
    case Did::kUnsupported:
      observed = {Ending::kUnsupported, kLacksTokenOptions, Feature::kTokenOptions, {}, {}};
      break;
    case Did::kLacksPrecondition:
      observed = {Ending::kUnsupported, kLacksAccount, std::nullopt, {}, {}};
      break;
    case Did::kNotApplicable:
      observed = {Ending::kNotApplicable, kOtherVersion, std::nullopt, {}, {}};
      break;
    case Did::kTimeout: observed = {Ending::kTimedOut, kWaited, std::nullopt, {}, {}}; break;
    case Did::kError:
      observed = {Ending::kEnvironmentFailed, kEnvironment, std::nullopt, {}, {}};
      break;
    case Did::kThrew: observed = {Ending::kThrew, "std::bad_alloc", std::nullopt, {}, {}}; break;
    case Did::kFailThenUnsupported:
      observed = {Ending::kUnsupported, kLacksTokenOptions, Feature::kTokenOptions, {check}, {}};
      break;
    case Did::kFailThenTimeout:
      observed = {Ending::kTimedOut, kWaited, std::nullopt, {check}, {}};
      break;
  }
  if (fault) observed.agent_fault = AgentFault{*fault, kAgentEvidence};
  return observed;
}

// Returns the expectations file of a row: its entries first (the scenario's own on line 1).
ExpectationSet Expectations(Entries entries, bool strict, Dated dated) {
  const std::string date = dated == Dated::kExpired      ? " | expires=2026-01-31"
                           : dated == Dated::kStillValid ? " | expires=2026-06-01"
                                                         : "";
  const auto own = [&](std::string_view verdict) {
    return std::string(kId) + " | " + std::string(verdict) + " | why | https://own" + date + "\n";
  };
  const std::string needs =
      "needs:token-options | unsupported | no interface | https://needs" + date + "\n";
  const std::string any = "* | fail | does nothing | https://any" + date + "\n";
  std::string text;
  switch (entries) {
    case Entries::kNone: break;
    case Entries::kOwnPass: text = own("pass"); break;
    case Entries::kOwnFail: text = own("fail"); break;
    case Entries::kOwnUnsupported: text = own("unsupported"); break;
    case Entries::kOwnTimeout: text = own("timeout"); break;
    case Entries::kOwnError: text = own("error"); break;
    case Entries::kNeeds: text = needs; break;
    case Entries::kAny: text = any; break;
    case Entries::kOwnPassAndNeeds: text = own("pass") + needs; break;
    case Entries::kOwnFailAndNeeds: text = own("fail") + needs; break;
    case Entries::kOwnPassAndAny: text = own("pass") + any; break;
    case Entries::kNeedsAndAny: text = needs + any; break;
  }
  if (strict) text += "strict\n";
  std::variant<ExpectationSet, std::string> parsed = ParseExpectations(text, "table.expect");
  if (const auto* error = std::get_if<std::string>(&parsed)) ADD_FAILURE() << *error;
  return std::holds_alternative<ExpectationSet>(parsed) ? std::get<ExpectationSet>(parsed)
                                                        : ExpectationSet{};
}

std::string Joined(std::initializer_list<std::string> parts) {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

const Row kRows[] = {
    // No entry: the verdict seen stands, but for a strict file's unsupported.
    {"PassWithoutEntryPasses", Did::kPass, Entries::kNone, kLenient, Dated::kUndated, kNoFault,
     Verdict::kPass, ""},
    {"PassInAStrictFilePasses", Did::kPass, Entries::kNone, kStrict, Dated::kUndated, kNoFault,
     Verdict::kPass, ""},
    {"FailWithoutEntryFailsWithItsFirstCheck", Did::kFail, Entries::kNone, kLenient,
     Dated::kUndated, kNoFault, Verdict::kFail, kCheck},
    {"UnsupportedWithoutEntryIsUnsupported", Did::kUnsupported, Entries::kNone, kLenient,
     Dated::kUndated, kNoFault, Verdict::kUnsupported, kLacksTokenOptions},
    {"UnsupportedInAStrictFileFails", Did::kUnsupported, Entries::kNone, kStrict, Dated::kUndated,
     kNoFault, Verdict::kFail, Joined({kLacksTokenOptions, kStrictNote})},
    {"LackedPreconditionInAStrictFileFails", Did::kLacksPrecondition, Entries::kNone, kStrict,
     Dated::kUndated, kNoFault, Verdict::kFail, Joined({kLacksAccount, kStrictNote})},
    {"NotApplicableInAStrictFileIsUnsupported", Did::kNotApplicable, Entries::kNone, kStrict,
     Dated::kUndated, kNoFault, Verdict::kUnsupported, kOtherVersion},
    {"TimeoutWithoutEntryIsTimeout", Did::kTimeout, Entries::kNone, kStrict, Dated::kUndated,
     kNoFault, Verdict::kTimeout, kWaited},
    {"EnvironmentErrorWithoutEntryIsError", Did::kError, Entries::kNone, kStrict, Dated::kUndated,
     kNoFault, Verdict::kError, kEnvironment},
    {"UnexpectedExceptionIsErrorSayingSo", Did::kThrew, Entries::kNone, kLenient, Dated::kUndated,
     kNoFault, Verdict::kError, "unexpected exception: std::bad_alloc"},
    {"FailedCheckBeforeUnsupportedFails", Did::kFailThenUnsupported, Entries::kNone, kLenient,
     Dated::kUndated, kNoFault, Verdict::kFail,
     "failed before becoming unsupported (" + kLacksTokenOptions + ")"},
    {"FailedCheckBeforeTimeoutIsTimeout", Did::kFailThenTimeout, Entries::kNone, kLenient,
     Dated::kUndated, kNoFault, Verdict::kTimeout, kWaited},

    // The scenario's own `fail` entry.
    {"FailExpectedToFailIsXfail", Did::kFail, Entries::kOwnFail, kLenient, Dated::kUndated,
     kNoFault, Verdict::kXfail, Joined({kCheck, kOwnFail})},
    {"PassExpectedToFailIsXpass", Did::kPass, Entries::kOwnFail, kLenient, Dated::kUndated,
     kNoFault, Verdict::kXpass, "passed, but " + kOwnFail},
    {"TimeoutExpectedToFailStaysTimeout", Did::kTimeout, Entries::kOwnFail, kLenient,
     Dated::kUndated, kNoFault, Verdict::kTimeout,
     Joined({kWaited, "got timeout, but " + kOwnFail})},
    {"ErrorExpectedToFailStaysError", Did::kError, Entries::kOwnFail, kLenient, Dated::kUndated,
     kNoFault, Verdict::kError, Joined({kEnvironment, "got error, but " + kOwnFail})},
    {"UnsupportedExpectedToFailFails", Did::kUnsupported, Entries::kOwnFail, kLenient,
     Dated::kUndated, kNoFault, Verdict::kFail,
     Joined({kLacksTokenOptions, "got unsupported, but " + kOwnFail})},
    {"FailedCheckBeforeUnsupportedExpectedToFailIsXfail", Did::kFailThenUnsupported,
     Entries::kOwnFail, kStrict, Dated::kUndated, kNoFault, Verdict::kXfail,
     Joined({"failed before becoming unsupported (" + kLacksTokenOptions + ")", kOwnFail})},
    {"FailExpectedToFailUntilAFutureDateIsXfail", Did::kFail, Entries::kOwnFail, kLenient,
     Dated::kStillValid, kNoFault, Verdict::kXfail, Joined({kCheck, kOwnFail})},
    {"FailExpectedToFailUntilAPastDateFails", Did::kFail, Entries::kOwnFail, kLenient,
     Dated::kExpired, kNoFault, Verdict::kFail, Joined({kCheck, Expired(1)})},
    {"PassExpectedToFailUntilAPastDatePasses", Did::kPass, Entries::kOwnFail, kLenient,
     Dated::kExpired, kNoFault, Verdict::kPass, Expired(1)},
    {"UnsupportedWithAnExpiredEntryInAStrictFileFails", Did::kUnsupported, Entries::kOwnFail,
     kStrict, Dated::kExpired, kNoFault, Verdict::kFail,
     Joined({kLacksTokenOptions, kStrictNote, Expired(1)})},

    // The scenario's own `unsupported`, `timeout` and `error` entries.
    {"UnsupportedExpectedUnsupportedStaysUnsupported", Did::kUnsupported, Entries::kOwnUnsupported,
     kStrict, Dated::kUndated, kNoFault, Verdict::kUnsupported,
     Joined({kLacksTokenOptions, kOwnUnsupported})},
    {"NotApplicableExpectedUnsupportedStaysUnsupported", Did::kNotApplicable,
     Entries::kOwnUnsupported, kStrict, Dated::kUndated, kNoFault, Verdict::kUnsupported,
     Joined({kOtherVersion, kOwnUnsupported})},
    {"PassExpectedUnsupportedIsXpass", Did::kPass, Entries::kOwnUnsupported, kStrict,
     Dated::kUndated, kNoFault, Verdict::kXpass, "passed, but " + kOwnUnsupported},
    {"FailExpectedUnsupportedFails", Did::kFail, Entries::kOwnUnsupported, kStrict, Dated::kUndated,
     kNoFault, Verdict::kFail, Joined({kCheck, "got fail, but " + kOwnUnsupported})},
    {"UnsupportedExpectedUnsupportedUntilAPastDateStaysUnsupportedInALenientFile",
     Did::kUnsupported, Entries::kOwnUnsupported, kLenient, Dated::kExpired, kNoFault,
     Verdict::kUnsupported, Joined({kLacksTokenOptions, Expired(1)})},
    {"TimeoutExpectedTimeoutIsXfail", Did::kTimeout, Entries::kOwnTimeout, kLenient,
     Dated::kUndated, kNoFault, Verdict::kXfail, Joined({kWaited, kOwnTimeout})},
    {"FailExpectedTimeoutFails", Did::kFail, Entries::kOwnTimeout, kLenient, Dated::kUndated,
     kNoFault, Verdict::kFail, Joined({kCheck, "got fail, but " + kOwnTimeout})},
    {"ErrorExpectedTimeoutStaysError", Did::kError, Entries::kOwnTimeout, kLenient, Dated::kUndated,
     kNoFault, Verdict::kError, Joined({kEnvironment, "got error, but " + kOwnTimeout})},
    {"ErrorExpectedErrorIsXfail", Did::kError, Entries::kOwnError, kLenient, Dated::kUndated,
     kNoFault, Verdict::kXfail, Joined({kEnvironment, kOwnError})},
    {"UnexpectedExceptionExpectedErrorIsXfail", Did::kThrew, Entries::kOwnError, kLenient,
     Dated::kUndated, kNoFault, Verdict::kXfail,
     Joined({"unexpected exception: std::bad_alloc", kOwnError})},
    {"TimeoutExpectedErrorStaysTimeout", Did::kTimeout, Entries::kOwnError, kLenient,
     Dated::kUndated, kNoFault, Verdict::kTimeout,
     Joined({kWaited, "got timeout, but " + kOwnError})},

    // The scenario's own `pass` entry: an exception to `*`, never a skip.
    {"PassExpectedToPassPassesWithTheNote", Did::kPass, Entries::kOwnPass, kStrict, Dated::kUndated,
     kNoFault, Verdict::kPass, kOwnPass},
    {"FailExpectedToPassFails", Did::kFail, Entries::kOwnPass, kStrict, Dated::kUndated, kNoFault,
     Verdict::kFail, Joined({kCheck, "got fail, but " + kOwnPass})},
    {"TimeoutExpectedToPassStaysTimeout", Did::kTimeout, Entries::kOwnPass, kStrict,
     Dated::kUndated, kNoFault, Verdict::kTimeout,
     Joined({kWaited, "got timeout, but " + kOwnPass})},
    {"UnsupportedExpectedToPassFails", Did::kUnsupported, Entries::kOwnPass, kLenient,
     Dated::kUndated, kNoFault, Verdict::kFail,
     Joined({kLacksTokenOptions, "got unsupported, but " + kOwnPass})},
    {"UnsupportedExpectedToPassMeetsTheNeedsEntry", Did::kUnsupported, Entries::kOwnPassAndNeeds,
     kStrict, Dated::kUndated, kNoFault, Verdict::kUnsupported,
     Joined({kLacksTokenOptions, kNeeds})},
    {"PassExpectedToPassAmongAnyFailurePasses", Did::kPass, Entries::kOwnPassAndAny, kStrict,
     Dated::kUndated, kNoFault, Verdict::kPass, kOwnPass},
    {"FailExpectedToPassAmongAnyFailureFails", Did::kFail, Entries::kOwnPassAndAny, kStrict,
     Dated::kUndated, kNoFault, Verdict::kFail, Joined({kCheck, "got fail, but " + kOwnPass})},

    // `needs:` entries: for a scenario unsupported because that feature is absent, and only that.
    {"UnsupportedForANeededFeatureMeetsItsEntry", Did::kUnsupported, Entries::kNeeds, kLenient,
     Dated::kUndated, kNoFault, Verdict::kUnsupported, Joined({kLacksTokenOptions, kNeeds})},
    {"UnsupportedForANeededFeatureInAStrictFileMeetsItsEntry", Did::kUnsupported, Entries::kNeeds,
     kStrict, Dated::kUndated, kNoFault, Verdict::kUnsupported,
     Joined({kLacksTokenOptions, kNeeds})},
    {"LackedPreconditionMeetsNoNeedsEntry", Did::kLacksPrecondition, Entries::kNeeds, kStrict,
     Dated::kUndated, kNoFault, Verdict::kFail, Joined({kLacksAccount, kStrictNote})},
    {"FailMeetsNoNeedsEntry", Did::kFail, Entries::kNeeds, kStrict, Dated::kUndated, kNoFault,
     Verdict::kFail, kCheck},
    {"FailedCheckBeforeUnsupportedMeetsNoNeedsEntry", Did::kFailThenUnsupported, Entries::kNeeds,
     kStrict, Dated::kUndated, kNoFault, Verdict::kFail,
     "failed before becoming unsupported (" + kLacksTokenOptions + ")"},
    {"AnOwnFailEntryComesBeforeTheNeedsEntry", Did::kUnsupported, Entries::kOwnFailAndNeeds,
     kStrict, Dated::kUndated, kNoFault, Verdict::kFail,
     Joined({kLacksTokenOptions, "got unsupported, but " + kOwnFail})},
    {"AnExpiredNeedsEntryInAStrictFileFails", Did::kUnsupported, Entries::kNeeds, kStrict,
     Dated::kExpired, kNoFault, Verdict::kFail,
     Joined({kLacksTokenOptions, kStrictNote, Expired(1)})},
    {"AnExpiredNeedsEntryAfterTheOwnEntryNamesItsLine", Did::kUnsupported,
     Entries::kOwnPassAndNeeds, kLenient, Dated::kExpired, kNoFault, Verdict::kUnsupported,
     Joined({kLacksTokenOptions, Expired(2)})},

    // The `*` entry (the null target's): every failure is expected, a pass is not.
    {"FailExpectedByAnyIsXfail", Did::kFail, Entries::kAny, kStrict, Dated::kUndated, kNoFault,
     Verdict::kXfail, Joined({kCheck, kAny})},
    {"TimeoutExpectedByAnyIsXfail", Did::kTimeout, Entries::kAny, kStrict, Dated::kUndated,
     kNoFault, Verdict::kXfail, Joined({kWaited, "got timeout, " + kAny})},
    {"ErrorExpectedByAnyIsXfail", Did::kError, Entries::kAny, kStrict, Dated::kUndated, kNoFault,
     Verdict::kXfail, Joined({kEnvironment, "got error, " + kAny})},
    {"UnexpectedExceptionExpectedByAnyIsXfail", Did::kThrew, Entries::kAny, kStrict,
     Dated::kUndated, kNoFault, Verdict::kXfail,
     Joined({"unexpected exception: std::bad_alloc", "got error, " + kAny})},
    {"PassExpectedByAnyIsXpass", Did::kPass, Entries::kAny, kStrict, Dated::kUndated, kNoFault,
     Verdict::kXpass, "passed, but " + kAny},
    {"UnsupportedExpectedByAnyFails", Did::kUnsupported, Entries::kAny, kStrict, Dated::kUndated,
     kNoFault, Verdict::kFail, Joined({kLacksTokenOptions, "got unsupported, but " + kAny})},
    {"NotApplicableEscapesAny", Did::kNotApplicable, Entries::kAny, kStrict, Dated::kUndated,
     kNoFault, Verdict::kUnsupported, kOtherVersion},
    {"NotApplicableEscapesItsOwnFailEntry", Did::kNotApplicable, Entries::kOwnFail, kStrict,
     Dated::kUndated, kNoFault, Verdict::kUnsupported, kOtherVersion},
    {"NotApplicableEscapesItsOwnPassEntry", Did::kNotApplicable, Entries::kOwnPass, kStrict,
     Dated::kUndated, kNoFault, Verdict::kUnsupported, kOtherVersion},
    {"UnsupportedForANeededFeatureMeetsTheNeedsEntryBeforeAny", Did::kUnsupported,
     Entries::kNeedsAndAny, kStrict, Dated::kUndated, kNoFault, Verdict::kUnsupported,
     Joined({kLacksTokenOptions, kNeeds})},
    {"AnExpiredAnyEntryNoLongerTakesAFailure", Did::kFail, Entries::kAny, kStrict, Dated::kExpired,
     kNoFault, Verdict::kFail, Joined({kCheck, Expired(1)})},

    // An agent's fault: the environment failed, whatever the checks concluded.
    {"PassWithAHungAgentIsTimeout", Did::kPass, Entries::kNone, kLenient, Dated::kUndated, kHung,
     Verdict::kTimeout, kAgentLine},
    {"PassWithAnEndedAgentIsError", Did::kPass, Entries::kNone, kLenient, Dated::kUndated, kExited,
     Verdict::kError, kAgentLine},
    {"FailWithAConfusedAgentIsError", Did::kFail, Entries::kNone, kLenient, Dated::kUndated,
     kProtocolError, Verdict::kError, kAgentLine},
    {"PassWithAnAgentNotAsPromisedIsError", Did::kPass, Entries::kNone, kLenient, Dated::kUndated,
     kNotAsPromised, Verdict::kError, kAgentLine},
    {"UnsupportedWithAnEndedAgentInAStrictFileIsError", Did::kUnsupported, Entries::kNone, kStrict,
     Dated::kUndated, kExited, Verdict::kError, kAgentLine},
    {"NotApplicableWithAHungAgentIsTimeout", Did::kNotApplicable, Entries::kAny, kStrict,
     Dated::kUndated, kHung, Verdict::kTimeout, kAgentLine},
    {"FailExpectedToFailWithAnEndedAgentIsError", Did::kFail, Entries::kOwnFail, kLenient,
     Dated::kUndated, kExited, Verdict::kError, Joined({kAgentLine, "got error, but " + kOwnFail})},
    {"FailExpectedByAnyWithAHungAgentIsXfail", Did::kFail, Entries::kAny, kStrict, Dated::kUndated,
     kHung, Verdict::kXfail, Joined({kAgentLine, "got timeout, " + kAny})},
    {"PassExpectedErrorWithAnEndedAgentIsXfail", Did::kPass, Entries::kOwnError, kLenient,
     Dated::kUndated, kExited, Verdict::kXfail, Joined({kAgentLine, kOwnError})},
    {"PassExpectedTimeoutWithAHungAgentIsXfail", Did::kPass, Entries::kOwnTimeout, kLenient,
     Dated::kUndated, kHung, Verdict::kXfail, Joined({kAgentLine, kOwnTimeout})},
    {"UnsupportedForANeededFeatureWithAnEndedAgentMeetsNoNeedsEntry", Did::kUnsupported,
     Entries::kNeeds, kStrict, Dated::kUndated, kExited, Verdict::kError, kAgentLine},
};

class DecisionTable : public testing::TestWithParam<Row> {};

TEST_P(DecisionTable, DecidesTheVerdictAndTheMessage) {
  const Row& row = GetParam();
  const Decision decision = Decide(Observed(row.did, row.fault),
                                   Expectations(row.entries, row.strict, row.dated), kId, kToday);
  EXPECT_EQ(decision.verdict, row.verdict);
  EXPECT_EQ(decision.message, row.message);
}

INSTANTIATE_TEST_SUITE_P(Rows, DecisionTable, testing::ValuesIn(kRows),
                         [](const testing::TestParamInfo<Row>& row) {
                           return std::string(row.param.name);
                         });

TEST(Decision, DetailsListTheAgentsEvidenceThenEveryFailedCheck) {
  Observation observed;
  observed.failed_checks = {{"flags.cpp", 12, "first\nsecond"}, {"", 0, "where unknown"}};
  observed.agent_fault = AgentFault{AgentFaultKind::kExited, kAgentEvidence};
  const Decision decision =
      Decide(observed, Expectations(Entries::kNone, kLenient, Dated::kUndated), kId, kToday);
  EXPECT_EQ(decision.details,
            kAgentEvidence + "\nflags.cpp:12: first\nsecond\n?:0: where unknown\n");
  observed.agent_fault.reset();
  EXPECT_EQ(Decide(observed, Expectations(Entries::kNone, kLenient, Dated::kUndated), kId, kToday)
                .details,
            "flags.cpp:12: first\nsecond\n?:0: where unknown\n");
}

TEST(Decision, WithoutFailedChecksOrFaultThereAreNoDetails) {
  for (Did did : {Did::kPass, Did::kUnsupported, Did::kTimeout, Did::kThrew}) {
    EXPECT_EQ(Decide(Observed(did, kNoFault), Expectations(Entries::kAny, kStrict, Dated::kUndated),
                     kId, kToday)
                  .details,
              "");
  }
}

TEST(Decision, AnEntryForAnotherScenarioDoesNotApply) {
  const Decision decision =
      Decide(Observed(Did::kFail, kNoFault),
             Expectations(Entries::kOwnFail, kStrict, Dated::kUndated), "Family.Other", kToday);
  EXPECT_EQ(decision.verdict, Verdict::kFail);
  EXPECT_EQ(decision.message, kCheck);
}

TEST(Decision, AnEntryExpiresTheDayAfterItsDate) {
  const ExpectationSet set =
      Expectations(Entries::kOwnFail, kLenient, Dated::kStillValid);  // expires=2026-06-01
  EXPECT_EQ(Decide(Observed(Did::kFail, kNoFault), set, kId, "2026-06-01").verdict,
            Verdict::kXfail);
  EXPECT_EQ(Decide(Observed(Did::kFail, kNoFault), set, kId, "2026-06-02").verdict, Verdict::kFail);
}

}  // namespace
}  // namespace bitscts
