// Logoff: what happens to a job's helper token when a logon session ends (HT-LOGOFF).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/fault.h"
#include "bitscts/scenario.h"
#include "token_steps.h"

namespace bitscts {
namespace {

constexpr const char* kHelperTokensDoc =
    "https://learn.microsoft.com/windows/win32/bits/helper-tokens-for-bits-transfer-jobs";
constexpr std::uint64_t kSize = 65536;
// The first request for a job's file is answered this late, so that the job is still unfinished
// when its owner logs off right after Resume. This is timing, not an event: it is to be replaced
// by a server-side hold that the scenario releases once the logoff happened (open in issue 5,
// together with the com target's logoff mechanism, the only target where it matters).
constexpr std::chrono::milliseconds kFirstAnswerDelay{300};

// A job with a helper token and BG_TOKEN_LOCAL_FILE whose owner has logged off mid-transfer.
struct LoggedOffJob {
  Principal owner;
  Principal helper;
  std::string job_id;
  std::string local;
  std::uint64_t seed = 0;
  std::unique_ptr<Job> owners_handle;  // the logged-off caller's handle, kept until the end
};

// Returns a URL for `seed` whose first request is answered late.
std::string SlowFirstUrl(Scenario& s, std::uint64_t seed) {
  fakeserver::Fault slow;
  slow.delay = kFirstAnswerDelay;
  slow.times = 1;
  return s.server().Url(fakeserver::FaultPath(slow, fakeserver::ContentPath(seed, kSize)));
}

// An administrator (who may use helper tokens on every build) creates a job into a folder both
// it and the helper may write, installs the helper with BG_TOKEN_LOCAL_FILE, resumes the job and
// logs off before the transfer can finish. Returns nullopt, with the failed checks recorded, if
// a step on the way did not succeed.
std::optional<LoggedOffJob> StartThenLogOff(Scenario& s, std::uint64_t seed) {
  LoggedOffJob result;
  result.seed = seed;
  result.owner = s.Provision(PrincipalKind::kAdministrator);
  result.helper = s.Provision(PrincipalKind::kStandardUser);
  const Outcome<std::string> folder = s.target().CreateFolder({result.owner, result.helper});
  if (folder.hr.Failed()) s.Unsupported("CreateFolder returned " + folder.hr.ToString());
  result.local = (std::filesystem::path(folder.value) / "logoff.bin").string();

  Caller& client = s.LogOn(result.owner);
  result.owners_handle = s.CreateJob(client);
  Job& job = *result.owners_handle;
  result.job_id = job.Id();
  const auto succeeded = [](HResult outcome, const char* what) {
    EXPECT_EQ(outcome, hr::kOk) << what;
    return outcome == hr::kOk;
  };
  auto options = job.QueryTokenOptions();
  if (!succeeded(options.hr, "QueryInterface by an administrator owner") ||
      !succeeded(steps::SetHelperTokenAs(s, client, *options.value, result.helper), "SetHelperToken") ||
      !succeeded(options.value->SetHelperTokenFlags(token_usage::kLocalFile), "SetHelperTokenFlags") ||
      !succeeded(job.AddFile(SlowFirstUrl(s, seed), result.local), "AddFile") ||
      !succeeded(job.SetNoProgressTimeout(0), "SetNoProgressTimeout") || !succeeded(job.Resume(), "Resume")) {
    return std::nullopt;
  }
  const HResult logged_off = s.LogOff(client);
  if (logged_off.Failed()) s.Unsupported("LogOff(owner) returned " + logged_off.ToString());
  return result;
}

// The owner, logged on again, reopens its job and waits for it to reach ERROR; returns null, with
// the failed check recorded, if the job cannot be reopened.
std::unique_ptr<Job> ReopenErroredJob(Scenario& s, Caller& owner, const LoggedOffJob& logged_off) {
  auto opened = owner.OpenJob(logged_off.job_id);
  EXPECT_EQ(opened.hr, hr::kOk) << "the owner reopens its job";
  if (opened.hr.Failed()) return nullptr;
  const JobState state = s.AwaitState(*opened.value, {JobState::kError, JobState::kTransferred});
  if (state == JobState::kTransferred) s.Unsupported("the job finished before its owner's logoff took effect");
  return std::move(opened.value);
}

// When the owner logs off, BITS drops the helper token and puts the unfinished job in ERROR with
// BG_E_TOKEN_REQUIRED; the flags stay. The error context is undocumented and recorded.
BITSCTS_SCENARIO(Logoff, OwnerLogoffDropsTokenAndErrsJob,
                 {.clauses = {"HT-LOGOFF-1", "HT-LOGOFF-2", "HT-SET-8", "HT-LOGOFF-6", "HT-FLAG-11", "JOB-ERR-4"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff}}) {
  const auto logged_off = StartThenLogOff(s, 501);
  ASSERT_TRUE(logged_off.has_value());
  Caller& owner = s.LogOn(logged_off->owner);
  auto job = ReopenErroredJob(s, owner, *logged_off);
  ASSERT_NE(job, nullptr);

  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  EXPECT_EQ(error.value.code, hr::kTokenRequired);
  s.evidence().Note("JOB-ERR-4: BG_E_TOKEN_REQUIRED after logoff came with " + Name(error.value.context));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  const auto sid = options.value->GetHelperTokenSid();
  EXPECT_EQ(sid.hr, hr::kOk);
  EXPECT_EQ(sid.value, std::nullopt) << "the helper token was dropped at logoff";
  EXPECT_EQ(options.value->GetHelperTokenFlags().value, token_usage::kLocalFile) << "the flags survive the token";
}

// Recovery A: the owner supplies a fresh helper token and resumes; the job finishes.
BITSCTS_SCENARIO(Logoff, NewTokenAndResumeRecover,
                 {.clauses = {"HT-LOGOFF-3", "HT-LOGOFF-7", "HT-SET-10"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff}}) {
  const auto logged_off = StartThenLogOff(s, 502);
  ASSERT_TRUE(logged_off.has_value());
  Caller& owner = s.LogOn(logged_off->owner);
  auto job = ReopenErroredJob(s, owner, *logged_off);
  ASSERT_NE(job, nullptr);
  ASSERT_EQ(job->Error().value.code, hr::kTokenRequired);

  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, owner, *options.value, logged_off->helper), hr::kOk);
  EXPECT_EQ(job->Resume(), hr::kOk);
  EXPECT_NE(job->State().value, JobState::kError) << "Resume takes the job out of ERROR";
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(logged_off->local, logged_off->seed, kSize), "");
}

// Recovery B: the owner clears the flags and resumes; the job finishes as its owner alone.
BITSCTS_SCENARIO(Logoff, ClearedFlagsAndResumeRecover,
                 {.clauses = {"HT-LOGOFF-4", "HT-FLAG-6"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff}}) {
  const auto logged_off = StartThenLogOff(s, 503);
  ASSERT_TRUE(logged_off.has_value());
  Caller& owner = s.LogOn(logged_off->owner);
  auto job = ReopenErroredJob(s, owner, *logged_off);
  ASSERT_NE(job, nullptr);
  ASSERT_EQ(job->Error().value.code, hr::kTokenRequired);

  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNone), hr::kOk);
  EXPECT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(logged_off->local, logged_off->seed, kSize), "");
  EXPECT_EQ(options.value->GetHelperTokenSid().value, std::nullopt) << "no token was needed";
}

// Terminal Services: the owner is logged on twice; the helper token set from the second session
// is discarded when that session ends, though the owner stays logged on in the first.
BITSCTS_SCENARIO(Logoff, SessionLogoffDropsTokensFromThatSession,
                 {.clauses = {"HT-LOGOFF-5", "HT-LOGOFF-2"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff}}) {
  constexpr std::uint64_t kSeed = 504;
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const Outcome<std::string> folder = s.target().CreateFolder({owner, helper});
  if (folder.hr.Failed()) s.Unsupported("CreateFolder returned " + folder.hr.ToString());
  Caller& first_session = s.LogOn(owner);
  Caller& second_session = s.LogOn(owner);
  auto job = s.CreateJob(first_session);
  const std::string local = (std::filesystem::path(folder.value) / "session.bin").string();
  ASSERT_EQ(job->AddFile(SlowFirstUrl(s, kSeed), local), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);

  auto opened = second_session.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  auto options = opened.value->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, second_session, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const HResult logged_off = s.LogOff(second_session);
  if (logged_off.Failed()) s.Unsupported("LogOff(second session) returned " + logged_off.ToString());

  const JobState state = s.AwaitState(*job, {JobState::kError, JobState::kTransferred});
  if (state == JobState::kTransferred) s.Unsupported("the job finished before the session's logoff took effect");
  EXPECT_EQ(job->Error().value.code, hr::kTokenRequired);
  auto first_options = job->QueryTokenOptions();
  ASSERT_EQ(first_options.hr, hr::kOk);
  EXPECT_EQ(first_options.value->GetHelperTokenSid().value, std::nullopt) << "the session's token was discarded";
}

// Service accounts never log off: ending a LocalSystem caller's logon keeps its job's helper
// token, and the job runs whenever the machine does.
BITSCTS_SCENARIO(Logoff, ServiceOwnerKeepsToken,
                 {.clauses = {"HT-LOGOFF-9", "JOB-OWN-3"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/service-accounts-and-bits",
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff}}) {
  constexpr std::uint64_t kSeed = 505;
  const Principal system = s.Provision(PrincipalKind::kLocalSystem);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& service = s.LogOn(system);
  auto job = s.CreateJob(service);
  const std::string local = s.LocalPath("service.bin");
  ASSERT_EQ(job->AddFile(s.ContentUrl(kSeed, kSize), local), hr::kOk);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, service, *options.value, helper), hr::kOk);
  s.evidence().Note("HT-LOGOFF-9: LogOff(LocalSystem caller) returned " + s.LogOff(service).ToString());

  Caller& again = s.LogOn(system);
  auto opened = again.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  auto reopened_options = opened.value->QueryTokenOptions();
  ASSERT_EQ(reopened_options.hr, hr::kOk);
  EXPECT_EQ(reopened_options.value->GetHelperTokenSid().value, helper.sid) << "a service owner never logs off";
  ASSERT_EQ(opened.value->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(opened.value->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*opened.value, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(opened.value->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// Without a helper token a logoff does not err the job: it waits (queued or suspended, the
// documents disagree) and finishes once its owner is logged on again. The job runs as its owner,
// into a folder only the owner may write.
BITSCTS_SCENARIO(Logoff, LogoffWithoutTokenOnlyPausesJob,
                 {.clauses = {"HT-LOGOFF-10", "JOB-OWN-1"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/users-and-network-connections",
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff}}) {
  constexpr std::uint64_t kSeed = 506;
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const Outcome<std::string> folder = s.target().CreateFolder({user});
  if (folder.hr.Failed()) s.Unsupported("CreateFolder returned " + folder.hr.ToString());
  const std::string local = (std::filesystem::path(folder.value) / "owner-only.bin").string();

  Caller& session = s.LogOn(user);
  auto job = s.CreateJob(session);
  ASSERT_EQ(job->AddFile(SlowFirstUrl(s, kSeed), local), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const HResult logged_off = s.LogOff(session);
  if (logged_off.Failed()) s.Unsupported("LogOff(owner) returned " + logged_off.ToString());

  Caller& again = s.LogOn(user);
  auto opened = again.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  const auto state = opened.value->State();
  ASSERT_EQ(state.hr, hr::kOk);
  EXPECT_NE(state.value, JobState::kError) << "without a helper token a logoff is no error";
  s.evidence().Note("HT-LOGOFF-10: after the owner's logoff and logon the job was " + Name(state.value));
  if (state.value == JobState::kSuspended) {
    EXPECT_EQ(opened.value->Resume(), hr::kOk);
  }
  ASSERT_EQ(s.AwaitState(*opened.value, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(opened.value->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

}  // namespace
}  // namespace bitscts
