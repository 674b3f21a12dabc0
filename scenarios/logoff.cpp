// Logoff: what happens to a job's helper token when a logon session ends (HT-LOGOFF).
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bitscts/scenario.h"
#include "docs.h"
#include "steps/access_rules.h"
#include "steps/callbacks.h"
#include "steps/folders.h"
#include "steps/held_requests.h"
#include "steps/helper_token.h"
#include "steps/sessions.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

constexpr std::uint64_t kSize = 65536;

// A job of an owner (by default an administrator, who may use helper tokens on every build; a
// standard user may from 1607 on, steps::k1607Rules), into a folder both it and the helper may
// write, with the helper's token and BG_TOKEN_LOCAL_FILE, in the middle of its transfer: the server
// holds its request.
struct HeldJob {
  Principal owner;
  Principal helper;
  Caller* session = nullptr;  // the owner's logon that created the job
  std::string local;
  Content content;
  std::unique_ptr<steps::TokenJob> job;  // the session's handle, kept until the end
};

// Starts a HeldJob; returns nullopt, with the failed check recorded, if a step on the way failed.
std::optional<HeldJob> StartHeldJob(Scenario& s,
                                    PrincipalKind owner_kind = PrincipalKind::kAdministrator) {
  HeldJob held;
  held.content = s.NewContent(kSize);
  held.owner = s.Provision(owner_kind);
  held.helper = s.Provision(PrincipalKind::kStandardUser);
  held.local = steps::InFolder(steps::FolderFor(s, {held.owner, held.helper}), "held.bin");
  held.session = &s.LogOn(held.owner);
  held.job = std::make_unique<steps::TokenJob>(s, *held.session);
  steps::TokenJob& job = *held.job;
  const testing::AssertionResult installed = job.Install(held.helper, token_usage::kLocalFile);
  EXPECT_TRUE(installed);
  if (!installed) return std::nullopt;
  const HResult added = job->AddFile(steps::HeldUrl(s, held.content), held.local);
  EXPECT_EQ(added, hr::kOk) << "AddFile";
  if (added.Failed()) return std::nullopt;
  const bool in_flight = steps::ResumeIntoHeldRequestWithoutRetries(s, *job);
  EXPECT_TRUE(in_flight) << "the job is in the middle of its transfer, its request held";
  if (!in_flight) return std::nullopt;
  return held;
}

// Starts a HeldJob, runs `before_logoff` (if any) and logs its owner off; the held requests stay
// held. Returns nullopt, with the failed check recorded, if a step on the way did not succeed.
std::optional<HeldJob> StartThenLogOff(
    Scenario& s, const std::function<void(const HeldJob&)>& before_logoff = {},
    PrincipalKind owner_kind = PrincipalKind::kAdministrator) {
  std::optional<HeldJob> held = StartHeldJob(s, owner_kind);
  if (!held) return std::nullopt;
  if (before_logoff) before_logoff(*held);
  steps::EndSession(s, *held->session, "owner");
  return held;
}

// Waits for a job whose transfer the server holds to settle after a logoff or a restart, in
// ERROR or (against HT-LOGOFF-2) TRANSFERRED, then lets the server answer; returns the state.
JobState SettleAfterLogoff(Scenario& s, Job& job) {
  const JobState state = s.AwaitState(job, {JobState::kError, JobState::kTransferred});
  steps::ReleaseHeld(s);
  return state;
}

// Waits for `job`, seen by a caller other than its owner while the owner stays logged off, to
// leave the middle of its transfer; returns ERROR or TRANSFERRED, or nullopt after a failed check
// if it was in neither by the deadline (a BITS that errs only at the owner's next logon).
std::optional<JobState> AwaitSettledWhileLoggedOff(Scenario& s, Job& job) {
  try {
    return s.AwaitState(job, {JobState::kError, JobState::kTransferred});
  } catch (const TimeoutError& timeout) {
    ADD_FAILURE() << "the job neither erred nor finished while its owner stayed logged off: "
                  << timeout.what();
    return std::nullopt;
  }
}

// How long a target in real time is given to send a request it should not send.
constexpr std::chrono::seconds kQuietPeriod{5};

// Returns how many requests for `content` (held or not) the fakeserver's log has.
std::size_t RequestsFor(Scenario& s, const Content& content) {
  std::size_t count = 0;
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    if (request.path.ends_with(content.path())) ++count;
  }
  return count;
}

// For a job in ERROR whose owner logged off while the fakeserver held its one request for
// `content`: lets time pass (in virtual time 30 minutes, three default retry delays), lets the
// server answer and time pass again; returns success if the server saw no request for `content`
// but the one it held at the logoff, and the job is still in ERROR. While holding is armed every
// request for the content is held, so a second held request is one made after the logoff; once
// released, the held request reaches the log when its answer is sent, maybe after this reads it,
// so the log may show at most that one.
testing::AssertionResult NoRequestSinceLogoff(Scenario& s, Job& job, const Content& content) {
  const bool virtual_time = s.AdvanceVirtualTime(std::chrono::minutes(30));
  if (s.server().WaitForHeld(2, virtual_time ? std::chrono::milliseconds(0) : kQuietPeriod)) {
    return testing::AssertionFailure()
           << "the fakeserver holds a second request of the job's content after the logoff";
  }
  steps::ReleaseHeld(s);
  if (!s.AdvanceVirtualTime(std::chrono::minutes(30))) {
    s.server().WaitForHeld(2, kQuietPeriod);  // nothing is held now: a quiet period
  }
  s.server().WaitForFinished(std::chrono::seconds(10));
  const std::size_t requests = RequestsFor(s, content);
  s.evidence().Note("fakeserver: " + std::to_string(requests) +
                    " request(s) for the job's content in its log after the release");
  if (requests > 1) {
    return testing::AssertionFailure()
           << "the fakeserver saw " << requests
           << " requests for the job's content, not only the one held at the logoff";
  }
  const Outcome<JobState> state = job.State();
  if (state.hr != hr::kOk || state.value != JobState::kError) {
    return testing::AssertionFailure()
           << "the job left ERROR by itself: "
           << (state.hr.Succeeded() ? Name(state.value) : state.hr.ToString());
  }
  return testing::AssertionSuccess();
}

// Returns "<state>, error <code> in <context>" for `job` (or what GetError answered), for notes.
std::string StateAndError(Job& job) {
  const Outcome<JobState> state = job.State();
  std::string text = state.hr.Succeeded() ? Name(state.value) : "GetState " + state.hr.ToString();
  const auto error = job.Error();
  if (error.hr.Succeeded()) {
    text += ", error " + error.value.code.ToString() + " in " + Name(error.value.context);
  } else {
    text += ", GetError " + error.hr.ToString();
  }
  return text;
}

// A HeldJob whose owner logged off, as the owner finds it once logged on again.
struct Returned {
  HeldJob held;
  steps::TokenJob job;  // reopened by the owner's new session
  JobState settled;     // the state it settled in (SettleAfterLogoff)
};

// Starts a HeldJob of an owner of `owner_kind` and logs its owner off (StartThenLogOff), then
// logs the owner on again, reopens the job and waits for it to settle; returns nullopt, with the
// failed check recorded, if a step on the way did not succeed.
std::optional<Returned> LogOffAndReturn(Scenario& s,
                                        PrincipalKind owner_kind = PrincipalKind::kAdministrator) {
  std::optional<HeldJob> held = StartThenLogOff(s, {}, owner_kind);
  if (!held) return std::nullopt;
  Caller& owner = s.LogOn(held->owner);
  auto opened = owner.OpenJob((*held->job)->Id());
  EXPECT_EQ(opened.hr, hr::kOk) << "the owner reopens its job";
  if (opened.hr.Failed()) return std::nullopt;
  const JobState settled = SettleAfterLogoff(s, *opened.value);
  return Returned{std::move(*held), steps::TokenJob(s, owner, std::move(opened.value)), settled};
}

// Logs `principal` on again and returns the state of its job `job_id`, which that logon reopens
// into `*reopened`; a failed reopen or GetState is a failed check (call it inside
// ASSERT_NO_FATAL_FAILURE).
void ReopenAndReadState(Scenario& s, const Principal& principal, const std::string& job_id,
                        std::unique_ptr<steps::TokenJob>* reopened, JobState* state) {
  Caller& again = s.LogOn(principal);
  auto opened = again.OpenJob(job_id);
  ASSERT_EQ(opened.hr, hr::kOk) << "the owner reopens its job";
  const Outcome<JobState> read = opened.value->State();
  ASSERT_EQ(read.hr, hr::kOk) << "GetState";
  *state = read.value;
  *reopened = std::make_unique<steps::TokenJob>(s, again, std::move(opened.value));
}

// Returns success if `job` holds no helper token and still has BG_TOKEN_LOCAL_FILE: what BITS
// keeps of a job whose helper token it discarded.
testing::AssertionResult TokenGoneFlagsKept(steps::TokenJob& job) {
  if (testing::AssertionResult queried = job.Query(); !queried) return queried;
  if (testing::AssertionResult none = steps::HelperSidIs(job.options(), std::nullopt); !none)
    return none;
  return steps::FlagsAre(job.options(), token_usage::kLocalFile);
}

// When the owner logs off, BITS drops the helper token and puts the unfinished job in ERROR with
// BG_E_TOKEN_REQUIRED; the flags stay. The error context is undocumented and recorded.
BITSCTS_SCENARIO(
    Logoff, OwnerLogoffDropsTokenAndErrsJob,
    {.clauses = {"HT-LOGOFF-1", "HT-LOGOFF-2", "HT-SET-8", "HT-LOGOFF-6", "HT-FLAG-11"},
     .doc = docs::kHelperTokens,
     .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities,
               Feature::kLogoff, FolderControl::kFeature},
     .records = {"JOB-ERR-4"}}) {
  auto back = LogOffAndReturn(s);
  ASSERT_TRUE(back.has_value());
  BITSCTS_PROVES("HT-LOGOFF-2")
    ASSERT_EQ(back->settled, JobState::kError) << "the owner logged off before the job finished";
  steps::TokenJob& job = back->job;
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-2", "HT-LOGOFF-6") EXPECT_EQ(error.value.code, hr::kTokenRequired);
  s.evidence().Note("JOB-ERR-4: BG_E_TOKEN_REQUIRED after logoff came with " +
                    Name(error.value.context));
  BITSCTS_PROVES("HT-LOGOFF-1", "HT-SET-8", "HT-FLAG-11")
    EXPECT_TRUE(TokenGoneFlagsKept(job))
        << "the helper token was dropped at logoff; the flags survive it";
}

// Returns success if the owner, back after a logoff that left its job in ERROR, gives the job a
// fresh helper token (the same helper's) that GetHelperTokenSid then reports.
testing::AssertionResult TakesFreshToken(Returned& back) {
  if (testing::AssertionResult installed = back.job.Install(back.held.helper); !installed)
    return installed;
  return steps::HelperSidIs(back.job.options(), back.held.helper.sid);
}

// Returns success if Resume takes the returned owner's job out of ERROR and the job then
// transfers and completes into its file.
testing::AssertionResult ResumesAndCompletes(Scenario& s, Returned& back) {
  Job& job = *back.job;
  if (const HResult resumed = job.Resume(); resumed != hr::kOk)
    return testing::AssertionFailure() << "Resume returned " << resumed;
  if (const Outcome<JobState> state = job.State(); state.hr != hr::kOk) {
    return testing::AssertionFailure() << "GetState returned " << state.hr;
  } else if (state.value == JobState::kError) {
    return testing::AssertionFailure() << "Resume left the job in ERROR";
  }
  if (const JobState ended = s.AwaitState(job, {JobState::kTransferred, JobState::kError});
      ended != JobState::kTransferred) {
    return testing::AssertionFailure() << "the resumed job ended in " << Name(ended);
  }
  return steps::Completes(s, job, back.held.local, back.held.content);
}

// Returns success if flags 0, set on the returned owner's job, read back as 0 and the job holds
// no helper token: it goes on as its owner alone.
testing::AssertionResult ZeroFlagsLeaveOwnerAlone(Returned& back) {
  steps::TokenJob& job = back.job;
  if (testing::AssertionResult queried = job.Query(); !queried) return queried;
  if (const HResult set = job.options().SetHelperTokenFlags(token_usage::kNone); set != hr::kOk)
    return testing::AssertionFailure() << "SetHelperTokenFlags(0) returned " << set;
  if (testing::AssertionResult cleared = steps::FlagsAre(job.options(), token_usage::kNone);
      !cleared) {
    return cleared << " (0 clears the flags)";
  }
  return steps::HelperSidIs(job.options(), std::nullopt);
}

// Returns success if the returned owner's job runs to TRANSFERRED and completes into its file.
testing::AssertionResult RunsToEndAndCompletes(Scenario& s, Returned& back) {
  if (const JobState ended = steps::RunToEnd(s, *back.job); ended != JobState::kTransferred)
    return testing::AssertionFailure() << "the job ended in " << Name(ended);
  return steps::Completes(s, *back.job, back.held.local, back.held.content);
}

// Recovery A: the owner supplies a fresh helper token and resumes; the job finishes.
BITSCTS_SCENARIO(Logoff, NewTokenAndResumeRecover,
                 {.clauses = {"HT-LOGOFF-3", "HT-LOGOFF-7", "HT-SET-10"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature}}) {
  auto back = LogOffAndReturn(s);
  ASSERT_TRUE(back.has_value());
  BITSCTS_PROVES("HT-LOGOFF-7")
    ASSERT_TRUE(steps::ErrorIs(*back->job, hr::kTokenRequired)) << "a reason for ERROR";
  BITSCTS_PROVES("HT-SET-10") ASSERT_TRUE(TakesFreshToken(*back));
  BITSCTS_PROVES("HT-LOGOFF-3", "HT-LOGOFF-7") EXPECT_TRUE(ResumesAndCompletes(s, *back));
}

// Recovery A for a standard-user owner, who may give its own job a helper token from 1607 on.
BITSCTS_SCENARIO(Logoff, StandardUserOwnerNewTokenAndResumeRecover,
                 {.clauses = {"HT-LOGOFF-3", "HT-LOGOFF-7", "HT-SET-10"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature},
                  .builds = steps::k1607Rules}) {
  auto back = LogOffAndReturn(s, PrincipalKind::kStandardUser);
  ASSERT_TRUE(back.has_value());
  BITSCTS_PROVES("HT-LOGOFF-7")
    ASSERT_TRUE(steps::ErrorIs(*back->job, hr::kTokenRequired)) << "a reason for ERROR";
  BITSCTS_PROVES("HT-SET-10") ASSERT_TRUE(TakesFreshToken(*back));
  BITSCTS_PROVES("HT-LOGOFF-3", "HT-LOGOFF-7") EXPECT_TRUE(ResumesAndCompletes(s, *back));
}

// Recovery B: the owner clears the flags and resumes; the job finishes as its owner alone.
BITSCTS_SCENARIO(Logoff, ClearedFlagsAndResumeRecover,
                 {.clauses = {"HT-LOGOFF-4", "HT-FLAG-6"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature}}) {
  auto back = LogOffAndReturn(s);
  ASSERT_TRUE(back.has_value());
  ASSERT_TRUE(steps::ErrorIs(*back->job, hr::kTokenRequired))
      << "the owner logged off before the job finished";
  BITSCTS_PROVES("HT-FLAG-6") ASSERT_TRUE(ZeroFlagsLeaveOwnerAlone(*back));
  BITSCTS_PROVES("HT-LOGOFF-4", "HT-FLAG-6") EXPECT_TRUE(RunsToEndAndCompletes(s, *back));
}

// Recovery B for a standard-user owner (1607 on).
BITSCTS_SCENARIO(Logoff, StandardUserOwnerClearedFlagsAndResumeRecover,
                 {.clauses = {"HT-LOGOFF-4", "HT-FLAG-6"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature},
                  .builds = steps::k1607Rules}) {
  auto back = LogOffAndReturn(s, PrincipalKind::kStandardUser);
  ASSERT_TRUE(back.has_value());
  ASSERT_TRUE(steps::ErrorIs(*back->job, hr::kTokenRequired))
      << "the owner logged off before the job finished";
  BITSCTS_PROVES("HT-FLAG-6") ASSERT_TRUE(ZeroFlagsLeaveOwnerAlone(*back));
  BITSCTS_PROVES("HT-LOGOFF-4", "HT-FLAG-6") EXPECT_TRUE(RunsToEndAndCompletes(s, *back));
}

// A job of an owner of `owner_kind` logged on twice, in the middle of its transfer, whose helper
// token (with BG_TOKEN_LOCAL_FILE) the second session gave and whose second session then ended.
struct SecondSessionEnded {
  steps::JobWithHelper setup;
  std::unique_ptr<steps::TokenJob> from_second;  // the second session's handle, kept to the end
};

// Starts a SecondSessionEnded; returns nullopt, with the failed check recorded, if a step on the
// way did not succeed.
std::optional<SecondSessionEnded> EndSecondSessionThatGaveToken(Scenario& s,
                                                                PrincipalKind owner_kind) {
  const Content content = s.NewContent(kSize);
  SecondSessionEnded ended{steps::NewJobWithHelper(s, owner_kind), nullptr};
  steps::JobWithHelper& setup = ended.setup;
  const std::string local =
      steps::InFolder(steps::FolderFor(s, {setup.owner, setup.helper}), "session.bin");
  Caller& second_session = s.LogOn(setup.owner);
  const HResult added = setup.job->AddFile(steps::HeldUrl(s, content), local);
  EXPECT_EQ(added, hr::kOk) << "AddFile";
  auto opened = second_session.OpenJob(setup.job->Id());
  EXPECT_EQ(opened.hr, hr::kOk) << "the second session opens the job";
  if (added.Failed() || opened.hr.Failed()) return std::nullopt;
  ended.from_second = std::make_unique<steps::TokenJob>(s, second_session, std::move(opened.value));
  const testing::AssertionResult installed =
      ended.from_second->Install(setup.helper, token_usage::kLocalFile);
  EXPECT_TRUE(installed);
  if (!installed) return std::nullopt;
  const bool in_flight = steps::ResumeIntoHeldRequestWithoutRetries(s, *setup.job);
  EXPECT_TRUE(in_flight) << "the session ends in the middle of the transfer";
  if (!in_flight) return std::nullopt;
  steps::EndSession(s, second_session, "second session");
  return ended;
}

// Returns success if `job`, whose helper token's session ended in the middle of its transfer,
// settles in ERROR with BG_E_TOKEN_REQUIRED and no longer holds a helper token.
testing::AssertionResult ErrsWithoutTheSessionsToken(Scenario& s, steps::TokenJob& job) {
  if (const JobState settled = SettleAfterLogoff(s, *job); settled != JobState::kError) {
    return testing::AssertionFailure()
           << "the session that gave the helper token ended before the job finished, yet the "
              "job settled in "
           << Name(settled);
  }
  if (testing::AssertionResult erred = steps::ErrorIs(*job, hr::kTokenRequired); !erred)
    return erred;
  if (testing::AssertionResult queried = job.Query(); !queried) return queried;
  return steps::HelperSidIs(job.options(), std::nullopt) << " (the session's token was discarded)";
}

// Terminal Services: the owner is logged on twice; the helper token set from the second session
// is discarded when that session ends, though the owner stays logged on in the first, and the
// unfinished job errs.
BITSCTS_SCENARIO(Logoff, SessionLogoffDropsTokensFromThatSession,
                 {.clauses = {"HT-LOGOFF-5", "HT-LOGOFF-2"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature}}) {
  auto ended = EndSecondSessionThatGaveToken(s, PrincipalKind::kAdministrator);
  ASSERT_TRUE(ended.has_value());
  BITSCTS_PROVES("HT-LOGOFF-5", "HT-LOGOFF-2")
    EXPECT_TRUE(ErrsWithoutTheSessionsToken(s, ended->setup.job));
}

// The same for a standard user logged on twice (1607 on, when it may give its job a helper token).
BITSCTS_SCENARIO(Logoff, StandardUserSessionLogoffDropsTokensFromThatSession,
                 {.clauses = {"HT-LOGOFF-5", "HT-LOGOFF-2"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature},
                  .builds = steps::k1607Rules}) {
  auto ended = EndSecondSessionThatGaveToken(s, PrincipalKind::kStandardUser);
  ASSERT_TRUE(ended.has_value());
  BITSCTS_PROVES("HT-LOGOFF-5", "HT-LOGOFF-2")
    EXPECT_TRUE(ErrsWithoutTheSessionsToken(s, ended->setup.job));
}

// What the owner of kind `owner_kind` (a service account) finds after its caller's logon ended in
// the middle of its job's transfer, the job holding a standard user's helper token.
struct ServiceJobAfterLogoff {
  testing::AssertionResult in_flight = testing::AssertionSuccess();   // still mid-transfer
  testing::AssertionResult kept_token = testing::AssertionSuccess();  // the helper's SID reads
  testing::AssertionResult completed = testing::AssertionSuccess();   // then finishes intact
};

// Runs that story: the service's caller starts the job, its logon ends, a new logon of the
// service reopens the job, reads it, lets the server answer and waits for it to finish. A step
// that fails before the readings is a failed check (call it inside ASSERT_NO_FATAL_FAILURE).
void EndServiceLogonMidTransfer(Scenario& s, PrincipalKind owner_kind,
                                ServiceJobAfterLogoff* after) {
  const Content content = s.NewContent(kSize);
  auto [service_account, helper, service, job] = steps::NewJobWithHelper(s, owner_kind);
  const std::string local = s.LocalPath("service.bin");
  ASSERT_EQ(job->AddFile(steps::HeldUrl(s, content), local), hr::kOk);
  ASSERT_TRUE(job.Install(helper));
  ASSERT_TRUE(steps::ResumeIntoHeldRequestWithoutRetries(s, *job))
      << "the logon ends in the middle of the transfer";
  steps::EndSession(s, service, Name(owner_kind) + " caller");

  std::unique_ptr<steps::TokenJob> reopened;
  JobState state = JobState::kQueued;
  ASSERT_NO_FATAL_FAILURE(ReopenAndReadState(s, service_account, job->Id(), &reopened, &state));
  if (!steps::InFlight(state)) {
    after->in_flight = testing::AssertionFailure()
                       << "the logoff stopped the transfer; the job is " << Name(state);
  }
  after->kept_token = reopened->Query();
  if (after->kept_token) after->kept_token = steps::HelperSidIs(reopened->options(), helper.sid);
  steps::ReleaseHeld(s);
  const JobState ended = s.AwaitState(**reopened, {JobState::kTransferred, JobState::kError});
  after->completed = ended == JobState::kTransferred
                         ? steps::Completes(s, **reopened, local, content)
                         : testing::AssertionFailure() << "the job ended in " << Name(ended);
}

// Service accounts never log off: ending a LocalSystem caller's logon in the middle of its job's
// transfer keeps the job's helper token, and the job goes on transferring.
BITSCTS_SCENARIO(Logoff, ServiceOwnerKeepsToken,
                 {.clauses = {"HT-LOGOFF-9", "JOB-OWN-3"},
                  .doc = docs::kServiceAccounts,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff}}) {
  ServiceJobAfterLogoff after;
  ASSERT_NO_FATAL_FAILURE(EndServiceLogonMidTransfer(s, PrincipalKind::kLocalSystem, &after));
  BITSCTS_PROVES("JOB-OWN-3") EXPECT_TRUE(after.in_flight);
  BITSCTS_PROVES("HT-LOGOFF-9") EXPECT_TRUE(after.kept_token) << "a service owner never logs off";
  BITSCTS_PROVES("JOB-OWN-3") EXPECT_TRUE(after.completed);
}

// The same for a NetworkService owner, a non-administrator that may give its own job a helper
// token from 1607 on.
BITSCTS_SCENARIO(Logoff, NetworkServiceOwnerKeepsToken,
                 {.clauses = {"HT-LOGOFF-9", "JOB-OWN-3"},
                  .doc = docs::kServiceAccounts,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff},
                  .builds = steps::k1607Rules}) {
  ServiceJobAfterLogoff after;
  ASSERT_NO_FATAL_FAILURE(EndServiceLogonMidTransfer(s, PrincipalKind::kNetworkService, &after));
  BITSCTS_PROVES("JOB-OWN-3") EXPECT_TRUE(after.in_flight);
  BITSCTS_PROVES("HT-LOGOFF-9") EXPECT_TRUE(after.kept_token) << "a service owner never logs off";
  BITSCTS_PROVES("JOB-OWN-3") EXPECT_TRUE(after.completed);
}

// A restart of the BITS service (as at a reboot) in the middle of a transfer keeps the job and
// its flags but not the helper token, which is not persistent; the unfinished job then needs a
// token it no longer has. HT-LOGOFF-8 marks this unclear and expects BG_E_TOKEN_REQUIRED.
BITSCTS_SCENARIO(Logoff, ServiceRestartDropsTokenKeepsFlags,
                 {.clauses = {"HT-LOGOFF-8", "HT-SET-8", "HT-FLAG-11"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, FolderControl::kFeature,
                            ServiceControl::kFeature}}) {
  const std::optional<HeldJob> held = StartHeldJob(s);
  ASSERT_TRUE(held.has_value());
  s.RestartService();

  auto opened = held->session->OpenJob((*held->job)->Id());
  ASSERT_EQ(opened.hr, hr::kOk) << "the job outlives the restart";
  steps::TokenJob job(s, *held->session, std::move(opened.value));
  const JobState state = SettleAfterLogoff(s, *job);
  s.evidence().Note("HT-LOGOFF-8: after the restart the job reached " + Name(state));
  BITSCTS_PROVES("HT-LOGOFF-8")
    ASSERT_EQ(state, JobState::kError) << "the flagged job has no helper token after the restart";
  BITSCTS_PROVES("HT-LOGOFF-8") EXPECT_TRUE(steps::ErrorIs(*job, hr::kTokenRequired));
  BITSCTS_PROVES("HT-LOGOFF-8", "HT-SET-8", "HT-FLAG-11")
    EXPECT_TRUE(TokenGoneFlagsKept(job)) << "helper tokens are not persistent; the flags are";
}

// Without a helper token a logoff does not err the job: it waits (queued or suspended, the
// documents disagree) and finishes once its owner is logged on again. The job runs as its owner,
// into a folder only the owner may write.
BITSCTS_SCENARIO(Logoff, LogoffWithoutTokenOnlyPausesJob,
                 {.clauses = {"HT-LOGOFF-10", "JOB-OWN-1"},
                  .doc = docs::kUsersAndNetworkConnections,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature}}) {
  const Content content = s.NewContent(kSize);
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const std::string local = steps::InFolder(steps::FolderFor(s, {user}), "owner-only.bin");
  Caller& session = s.LogOn(user);
  auto job = s.CreateJob(session);
  ASSERT_EQ(job->AddFile(steps::HeldUrl(s, content), local), hr::kOk);
  ASSERT_TRUE(steps::ResumeIntoHeldRequestWithoutRetries(s, *job))
      << "the owner logs off in the middle of the transfer";
  steps::EndSession(s, session, "owner");

  std::unique_ptr<steps::TokenJob> reopened;
  JobState state = JobState::kQueued;
  ASSERT_NO_FATAL_FAILURE(ReopenAndReadState(s, user, job->Id(), &reopened, &state));
  s.evidence().Note("HT-LOGOFF-10: after the owner's logoff and logon the job was " + Name(state));
  BITSCTS_PROVES("HT-LOGOFF-10")
    EXPECT_NE(state, JobState::kError) << "without a helper token a logoff is no error";
  steps::ReleaseHeld(s);
  if (state == JobState::kSuspended) {
    EXPECT_EQ((*reopened)->Resume(), hr::kOk);
  }
  BITSCTS_PROVES("HT-LOGOFF-10", "JOB-OWN-1")
    ASSERT_EQ(s.AwaitState(**reopened, {JobState::kTransferred, JobState::kError}),
              JobState::kTransferred)
        << "the job goes on once its owner is back, writing as its owner";
  BITSCTS_PROVES("JOB-OWN-1") EXPECT_TRUE(steps::Completes(s, **reopened, local, content));
}

// JobError when the owner's logoff errs the job. The owner is logged on twice; its second
// session registers the notify interface (the last registration wins) and stays, so the
// interface outlives the logoff: the job enters ERROR, and JobError must reach that interface
// with the job's BG_E_TOKEN_REQUIRED.
BITSCTS_SCENARIO(Logoff, JobErrorAfterOwnerLogoff,
                 {.clauses = {"JOB-CB-7", "JOB-CB-3", "HT-LOGOFF-2"},
                  .doc = docs::kJobError,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature}}) {
  std::unique_ptr<Job> watched;
  const auto logged_off = StartThenLogOff(s, [&s, &watched](const HeldJob& started) {
    auto opened = s.LogOn(started.owner).OpenJob((*started.job)->Id());
    ASSERT_EQ(opened.hr, hr::kOk) << "the owner's second session opens the job";
    ASSERT_NO_FATAL_FAILURE(steps::Listen(*opened.value));
    watched = std::move(opened.value);
  });
  ASSERT_TRUE(logged_off.has_value());
  ASSERT_NE(watched, nullptr);
  BITSCTS_PROVES("HT-LOGOFF-2") ASSERT_EQ(SettleAfterLogoff(s, *watched), JobState::kError);
  BITSCTS_PROVES("HT-LOGOFF-2") EXPECT_TRUE(steps::ErrorIs(*watched, hr::kTokenRequired));

  const auto received = watched->WaitForNotification(JobEvent::kError, std::chrono::seconds(10));
  ASSERT_EQ(received.hr, hr::kOk);
  s.evidence().Note("JOB-CB-7: after the owner's logoff the other session's interface received " +
                    std::to_string(steps::Count(received.value, JobEvent::kError)) +
                    " JobError call(s)");
  BITSCTS_PROVES("JOB-CB-3", "JOB-CB-7")
    ASSERT_EQ(steps::Count(received.value, JobEvent::kError), 1)
        << "the job entered ERROR with an interface registered";
  EXPECT_EQ(steps::Count(received.value, JobEvent::kTransferred), 0) << "the job never transferred";
  for (const Notification& notification : received.value) {
    if (notification.event != JobEvent::kError) continue;
    ASSERT_TRUE(notification.error.has_value()) << "a JobError carries the job's error";
    BITSCTS_PROVES("JOB-CB-7") EXPECT_EQ(notification.error->code, hr::kTokenRequired);
  }
}

// An error that comes from the logoff rather than from a file transfer. Its context is
// undocumented but one of GENERAL_QUEUE_MANAGER, LOCAL_FILE and REMOTE_FILE, and GetFile agrees
// with it: a file context names the job's file, a queue-manager error is tied to no file
// (BG_E_FILE_NOT_AVAILABLE) and to no protocol (BG_E_PROTOCOL_NOT_AVAILABLE).
BITSCTS_SCENARIO(Logoff, TokenRequiredErrorAndItsFile,
                 {.clauses = {"JOB-ERR-6", "JOB-ERR-4"},
                  .doc = docs::kErrorGetFile,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature}}) {
  auto back = LogOffAndReturn(s);
  ASSERT_TRUE(back.has_value());
  Job& job = *back->job;
  const auto error = job.Error();
  ASSERT_EQ(error.hr, hr::kOk) << "the owner logged off before the job finished";
  ASSERT_EQ(error.value.code, hr::kTokenRequired);

  const ErrorContext context = error.value.context;
  s.evidence().Note("JOB-ERR-4: BG_E_TOKEN_REQUIRED after logoff came with " + Name(context));
  BITSCTS_PROVES("JOB-ERR-4") EXPECT_TRUE(steps::IsTokenRequiredContext(context)) << Name(context);
  const auto file = job.ErrorFile();
  const auto protocol = job.ErrorProtocol();
  s.evidence().Note("JOB-ERR-6: for BG_E_TOKEN_REQUIRED after logoff GetFile returned " +
                    file.hr.ToString() + ", GetProtocol " + protocol.hr.ToString());
  if (context == ErrorContext::kGeneralQueueManager) {
    BITSCTS_PROVES("JOB-ERR-4", "JOB-ERR-6")
      EXPECT_EQ(file.hr, hr::kFileNotAvailable)
          << "an error of the queue manager is tied to no file";
    BITSCTS_PROVES("JOB-ERR-6")
      EXPECT_EQ(protocol.hr, hr::kProtocolNotAvailable) << "nor to a protocol";
    return;
  }
  BITSCTS_PROVES("JOB-ERR-4", "JOB-ERR-6")
    ASSERT_EQ(file.hr, hr::kOk) << "an error in " << Name(context) << " is tied to a file";
  BITSCTS_PROVES("JOB-ERR-6")
    EXPECT_EQ(std::filesystem::path(file.value.local_path), std::filesystem::path(back->held.local))
        << "the only file of the job";
  if (protocol.hr.Failed()) {
    EXPECT_EQ(protocol.hr, hr::kProtocolNotAvailable);
  }
}

// The owner logs off and STAYS logged off: the job must reach ERROR with BG_E_TOKEN_REQUIRED by
// itself, as an administrator sees it, with its helper token gone, and without another request
// of its content (a BITS that only errs at the owner's next logon, or that goes on transferring,
// fails). The error's context and file are undocumented for this error and recorded.
BITSCTS_SCENARIO(Logoff, JobErrsWhileOwnerStaysLoggedOff,
                 {.clauses = {"HT-LOGOFF-1", "HT-LOGOFF-2"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature},
                  .records = {"JOB-ERR-4", "JOB-ERR-6"}}) {
  const std::optional<HeldJob> held = StartThenLogOff(s);
  ASSERT_TRUE(held.has_value());
  const Principal administrator = s.Provision(PrincipalKind::kAdministrator);
  Caller& observer = s.LogOn(administrator);
  auto opened = observer.OpenJob((*held->job)->Id());
  ASSERT_EQ(opened.hr, hr::kOk) << "an administrator opens the job of another user";
  steps::TokenJob job(s, observer, std::move(opened.value));

  const std::optional<JobState> state = AwaitSettledWhileLoggedOff(s, *job);
  ASSERT_TRUE(state.has_value());
  BITSCTS_PROVES("HT-LOGOFF-2")
    ASSERT_EQ(*state, JobState::kError) << "the owner logged off before the job finished";
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-2") EXPECT_EQ(error.value.code, hr::kTokenRequired);
  s.evidence().Note("JOB-ERR-4: BG_E_TOKEN_REQUIRED with the owner still logged off came with " +
                    Name(error.value.context));
  const auto file = job->ErrorFile();
  s.evidence().Note("JOB-ERR-6: GetFile returned " + file.hr.ToString() +
                    (file.hr.Succeeded() ? " naming " + file.value.local_path : std::string()));
  ASSERT_TRUE(job.Query()) << "(as the administrator)";
  BITSCTS_PROVES("HT-LOGOFF-1")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), std::nullopt))
        << "the owner is logged off: its job's helper token is gone";
  BITSCTS_PROVES("HT-LOGOFF-2")
    EXPECT_TRUE(NoRequestSinceLogoff(s, *job, held->content)) << "a job in ERROR transfers nothing";
}

// HT-LOGOFF-1 does not say whether the owner "logs off" when the session that created the job
// ends while the owner is still logged on in another. Two owners, each with a job holding a
// helper token and BG_TOKEN_LOCAL_FILE in the middle of its transfer: one has no other session
// (the documented case: checked), the other stays logged on in a second session (recorded).
BITSCTS_SCENARIO(Logoff, CreatingSessionEndsWithAndWithoutAnotherSession,
                 {.clauses = {"HT-LOGOFF-2"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature},
                  .records = {"HT-LOGOFF-1", "JOB-ERR-4"}}) {
  const Content alone_content = s.NewContent(kSize);
  const Content twice_content = s.NewContent(kSize);
  const Principal alone = s.Provision(PrincipalKind::kAdministrator);
  const Principal twice = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string folder = steps::FolderFor(s, {alone, twice, helper});
  Caller& alone_session = s.LogOn(alone);
  Caller& creating_session = s.LogOn(twice);
  Caller& staying_session = s.LogOn(twice);

  steps::TokenJob alone_job(s, alone_session);
  ASSERT_TRUE(alone_job.Install(helper, token_usage::kLocalFile));
  ASSERT_EQ(alone_job->AddFile(steps::HeldUrl(s, alone_content),
                               steps::InFolder(folder, "alone.bin")),
            hr::kOk);
  ASSERT_TRUE(steps::ResumeIntoHeldRequestWithoutRetries(s, *alone_job, 1));
  steps::TokenJob twice_job(s, creating_session);
  ASSERT_TRUE(twice_job.Install(helper, token_usage::kLocalFile));
  ASSERT_EQ(twice_job->AddFile(steps::HeldUrl(s, twice_content),
                               steps::InFolder(folder, "twice.bin")),
            hr::kOk);
  ASSERT_TRUE(steps::ResumeIntoHeldRequestWithoutRetries(s, *twice_job, 2));

  steps::EndSession(s, alone_session, "owner with no other session");
  steps::EndSession(s, creating_session, "owner's creating session, another still logged on");
  auto alone_seen = staying_session.OpenJob(alone_job->Id());
  ASSERT_EQ(alone_seen.hr, hr::kOk) << "an administrator opens the job of another user";
  auto twice_seen = staying_session.OpenJob(twice_job->Id());
  ASSERT_EQ(twice_seen.hr, hr::kOk) << "the owner's other session opens its job";

  const std::optional<JobState> alone_state = AwaitSettledWhileLoggedOff(s, *alone_seen.value);
  ASSERT_TRUE(alone_state.has_value());
  s.evidence().Note("HT-LOGOFF-1: the owner with no other session logged off; its job: " +
                    StateAndError(*alone_seen.value));
  s.evidence().Note(
      "HT-LOGOFF-1: the session that created the other job ended, its owner still logged on in "
      "another; that job, when the first one settled: " +
      StateAndError(*twice_seen.value));
  BITSCTS_PROVES("HT-LOGOFF-2")
    EXPECT_EQ(*alone_state, JobState::kError) << "its owner logged off before it finished";
  BITSCTS_PROVES("HT-LOGOFF-2") EXPECT_TRUE(steps::ErrorIs(*alone_seen.value, hr::kTokenRequired));

  steps::ReleaseHeld(s);
  try {
    s.AwaitState(*twice_seen.value, {JobState::kError, JobState::kTransferred},
                 std::chrono::seconds(30));
  } catch (const TimeoutError& timeout) {
    s.evidence().Note(std::string("HT-LOGOFF-1: the other job settled in neither ERROR nor "
                                  "TRANSFERRED once the server answered: ") +
                      timeout.what());
    return;
  }
  s.evidence().Note("HT-LOGOFF-1: the other job once the server answered: " +
                    StateAndError(*twice_seen.value));
}

// HT-LOGOFF-2 (DOC-AMB-9): which of the owner's unfinished jobs holding a helper token err at its
// logoff? Three jobs of one owner hold the helper's token: one in the middle of its transfer with
// BG_TOKEN_LOCAL_FILE (the documented case: checked), one in the middle of its transfer with
// flags 0, one SUSPENDED with BG_TOKEN_LOCAL_FILE (both recorded). Every one of them loses its
// helper token (HT-LOGOFF-1: checked), as an administrator sees while the owner stays away.
BITSCTS_SCENARIO(Logoff, LogoffScopeOverTheOwnersTokenJobs,
                 {.clauses = {"HT-LOGOFF-1", "HT-LOGOFF-2"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature},
                  .records = {"DOC-AMB-9"}}) {
  const auto [owner, helper, session] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kAdministrator);
  const Principal administrator = s.Provision(PrincipalKind::kAdministrator);
  const std::string folder = steps::FolderFor(s, {owner, helper});

  steps::TokenJob flagged(s, session);
  ASSERT_TRUE(flagged.Install(helper, token_usage::kLocalFile));
  ASSERT_EQ(flagged->AddFile(steps::HeldUrl(s, s.NewContent(kSize)),
                             steps::InFolder(folder, "flagged.bin")),
            hr::kOk);
  ASSERT_TRUE(steps::ResumeIntoHeldRequestWithoutRetries(s, *flagged, 1));
  steps::TokenJob unflagged(s, session);
  ASSERT_TRUE(unflagged.Install(helper, token_usage::kNone));
  ASSERT_EQ(unflagged->AddFile(steps::HeldUrl(s, s.NewContent(kSize)),
                               steps::InFolder(folder, "unflagged.bin")),
            hr::kOk);
  ASSERT_TRUE(steps::ResumeIntoHeldRequestWithoutRetries(s, *unflagged, 2));
  steps::TokenJob suspended(s, session);
  ASSERT_TRUE(suspended.Install(helper, token_usage::kLocalFile));
  ASSERT_EQ(suspended->AddFile(s.ContentUrl(s.NewContent(kSize)),
                               steps::InFolder(folder, "suspended.bin")),
            hr::kOk);
  steps::EndSession(s, session, "owner");

  Caller& observer = s.LogOn(administrator);
  struct Seen {
    const char* what;
    std::string id;
    std::unique_ptr<steps::TokenJob> job;
  };
  Seen seen[] = {{"in transfer, BG_TOKEN_LOCAL_FILE", flagged->Id(), nullptr},
                 {"in transfer, flags 0", unflagged->Id(), nullptr},
                 {"SUSPENDED, BG_TOKEN_LOCAL_FILE", suspended->Id(), nullptr}};
  for (Seen& one : seen) {
    auto opened = observer.OpenJob(one.id);
    ASSERT_EQ(opened.hr, hr::kOk) << "an administrator opens the job of another user";
    one.job = std::make_unique<steps::TokenJob>(s, observer, std::move(opened.value));
  }
  const std::optional<JobState> state = AwaitSettledWhileLoggedOff(s, **seen[0].job);
  ASSERT_TRUE(state.has_value());
  BITSCTS_PROVES("HT-LOGOFF-2")
    EXPECT_EQ(*state, JobState::kError) << "the owner logged off before the job finished";
  BITSCTS_PROVES("HT-LOGOFF-2") EXPECT_TRUE(steps::ErrorIs(**seen[0].job, hr::kTokenRequired));
  for (Seen& one : seen) {
    s.evidence().Note(std::string("DOC-AMB-9: after the owner's logoff its job (") + one.what +
                      ") was " + StateAndError(**one.job));
    ASSERT_TRUE(one.job->Query()) << "(as the administrator)";
    BITSCTS_PROVES("HT-LOGOFF-1")
      EXPECT_TRUE(steps::HelperSidIs(one.job->options(), std::nullopt))
          << "the owner logged off: the helper token of its job (" << one.what << ") is gone";
  }
}

// A restart of the BITS service while the job waits SUSPENDED (not in the middle of a transfer):
// the job keeps its flags but not its helper token, and when resumed needs the token it no
// longer has (HT-LOGOFF-8 expects BG_E_TOKEN_REQUIRED). Another order than
// ServiceRestartDropsTokenKeepsFlags: the restart comes before the job ever ran.
BITSCTS_SCENARIO(Logoff, ServiceRestartBeforeResumeNeedsToken,
                 {.clauses = {"HT-LOGOFF-8", "HT-SET-8", "HT-FLAG-11"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, FolderControl::kFeature,
                            ServiceControl::kFeature}}) {
  const Content content = s.NewContent(kSize);
  const auto [owner, helper, session] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kAdministrator);
  const std::string local = steps::InFolder(steps::FolderFor(s, {owner, helper}), "restart.bin");
  steps::TokenJob created(s, session);
  ASSERT_TRUE(created.Install(helper, token_usage::kLocalFile));
  ASSERT_EQ(created->AddFile(s.ContentUrl(content), local), hr::kOk);
  ASSERT_EQ(created->SetNoProgressTimeout(0), hr::kOk);
  s.RestartService();

  auto opened = session.OpenJob(created->Id());
  ASSERT_EQ(opened.hr, hr::kOk) << "the job outlives the restart";
  steps::TokenJob job(s, session, std::move(opened.value));
  BITSCTS_PROVES("HT-LOGOFF-8", "HT-SET-8", "HT-FLAG-11")
    EXPECT_TRUE(TokenGoneFlagsKept(job)) << "helper tokens are not persistent; the flags are";
  ASSERT_EQ(job->Resume(), hr::kOk);
  const JobState state = s.AwaitState(*job, {JobState::kError, JobState::kTransferred});
  s.evidence().Note("HT-LOGOFF-8: resumed after the restart the job reached " + Name(state));
  BITSCTS_PROVES("HT-LOGOFF-8")
    ASSERT_EQ(state, JobState::kError) << "the flagged job has no helper token after the restart";
  BITSCTS_PROVES("HT-LOGOFF-8") EXPECT_TRUE(steps::ErrorIs(*job, hr::kTokenRequired));
}

// Without a helper token an administrator owner's logoff does not err its job either, as another
// administrator sees while the owner stays logged off; the job finishes once the owner is back.
BITSCTS_SCENARIO(Logoff, LogoffWithoutTokenSeenWhileOwnerAway,
                 {.clauses = {"HT-LOGOFF-10"},
                  .doc = docs::kUsersAndNetworkConnections,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff,
                            FolderControl::kFeature}}) {
  const Content content = s.NewContent(kSize);
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal administrator = s.Provision(PrincipalKind::kAdministrator);
  const std::string local = steps::InFolder(steps::FolderFor(s, {owner}), "away.bin");
  Caller& session = s.LogOn(owner);
  auto job = s.CreateJob(session);
  ASSERT_EQ(job->AddFile(steps::HeldUrl(s, content), local), hr::kOk);
  ASSERT_TRUE(steps::ResumeIntoHeldRequestWithoutRetries(s, *job))
      << "the owner logs off in the middle of the transfer";
  steps::EndSession(s, session, "owner");

  auto seen = s.LogOn(administrator).OpenJob(job->Id());
  ASSERT_EQ(seen.hr, hr::kOk) << "an administrator opens the job of another user";
  s.AdvanceVirtualTime(std::chrono::minutes(30));
  const Outcome<JobState> away = seen.value->State();
  ASSERT_EQ(away.hr, hr::kOk);
  s.evidence().Note("HT-LOGOFF-10: with its owner logged off the job was " + Name(away.value));
  BITSCTS_PROVES("HT-LOGOFF-10")
    EXPECT_NE(away.value, JobState::kError) << "without a helper token a logoff is no error";

  std::unique_ptr<steps::TokenJob> reopened;
  JobState state = JobState::kQueued;
  ASSERT_NO_FATAL_FAILURE(ReopenAndReadState(s, owner, job->Id(), &reopened, &state));
  steps::ReleaseHeld(s);
  if (state == JobState::kSuspended) {
    EXPECT_EQ((*reopened)->Resume(), hr::kOk);
  }
  BITSCTS_PROVES("HT-LOGOFF-10")
    ASSERT_EQ(s.AwaitState(**reopened, {JobState::kTransferred, JobState::kError}),
              JobState::kTransferred)
        << "the job goes on once its owner is back";
  EXPECT_TRUE(steps::Completes(s, **reopened, local, content));
}

}  // namespace
}  // namespace bitscts
