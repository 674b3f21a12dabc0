// Logoff: what happens to a job's helper token when a logon session ends (HT-LOGOFF).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bitscts/scenario.h"
#include "token_steps.h"

namespace bitscts {
namespace {

constexpr const char* kHelperTokensDoc =
    "https://learn.microsoft.com/windows/win32/bits/helper-tokens-for-bits-transfer-jobs";
constexpr std::uint64_t kSize = 65536;

// A job with a helper token and BG_TOKEN_LOCAL_FILE whose owner has logged off mid-transfer.
struct LoggedOffJob {
  Principal owner;
  Principal helper;
  std::string job_id;
  std::string local;
  std::uint64_t seed = 0;
  std::unique_ptr<Job> owners_handle;  // the logged-off caller's handle, kept until the end
};

// An administrator (who may use helper tokens on every build) creates a job into a folder both
// it and the helper may write, installs the helper with BG_TOKEN_LOCAL_FILE, resumes the job and,
// once a request of it is in flight (the server holding it), runs `before_logoff` (if any) and
// logs off. The held requests stay held. Returns nullopt, with the failed checks recorded, if a
// step on the way did not succeed.
std::optional<LoggedOffJob> StartThenLogOff(Scenario& s, std::uint64_t seed,
                                            const std::function<void(const LoggedOffJob&)>& before_logoff = {}) {
  LoggedOffJob result;
  result.seed = seed;
  result.owner = s.Provision(PrincipalKind::kAdministrator);
  result.helper = s.Provision(PrincipalKind::kStandardUser);
  result.local = steps::InFolder(steps::FolderFor(s, {result.owner, result.helper}), "logoff.bin");

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
      !succeeded(job.AddFile(steps::HeldUrl(s, seed, kSize), result.local), "AddFile") ||
      !succeeded(job.SetNoProgressTimeout(0), "SetNoProgressTimeout") || !succeeded(job.Resume(), "Resume")) {
    return std::nullopt;
  }
  const JobState in_flight = steps::AwaitHeldRequest(s, job);
  EXPECT_TRUE(steps::InFlight(in_flight)) << "the owner logs off in the middle of the transfer; the job is "
                                          << Name(in_flight);
  if (!steps::InFlight(in_flight)) return std::nullopt;
  if (before_logoff) before_logoff(result);
  const HResult logged_off = s.LogOff(client);
  if (logged_off.Failed()) s.Unsupported("LogOff(owner) returned " + logged_off.ToString());
  return result;
}

// The owner, logged on again, reopens its job; returns null, with the failed check recorded, if
// it cannot.
std::unique_ptr<Job> Reopen(Caller& owner, const LoggedOffJob& logged_off) {
  auto opened = owner.OpenJob(logged_off.job_id);
  EXPECT_EQ(opened.hr, hr::kOk) << "the owner reopens its job";
  if (opened.hr.Failed()) return nullptr;
  return std::move(opened.value);
}

// Waits for a job whose transfer the server holds to settle after a logoff or a restart, in
// ERROR or (against HT-LOGOFF-2) TRANSFERRED, then lets the server answer; returns the state.
JobState SettleAfterLogoff(Scenario& s, Job& job) {
  const JobState state = s.AwaitState(job, {JobState::kError, JobState::kTransferred});
  steps::ReleaseHeld(s);
  return state;
}

// Returns how many of `received` are `event`.
int Count(const std::vector<Notification>& received, JobEvent event) {
  int count = 0;
  for (const Notification& notification : received) count += notification.event == event ? 1 : 0;
  return count;
}

// When the owner logs off, BITS drops the helper token and puts the unfinished job in ERROR with
// BG_E_TOKEN_REQUIRED; the flags stay. The error context is undocumented and recorded.
BITSCTS_SCENARIO(Logoff, OwnerLogoffDropsTokenAndErrsJob,
                 {.clauses = {"HT-LOGOFF-1", "HT-LOGOFF-2", "HT-SET-8", "HT-LOGOFF-6", "HT-FLAG-11"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff},
                  .records = {"JOB-ERR-4"}}) {
  const auto logged_off = StartThenLogOff(s, 501);
  ASSERT_TRUE(logged_off.has_value());
  Caller& owner = s.LogOn(logged_off->owner);
  auto job = Reopen(owner, *logged_off);
  ASSERT_NE(job, nullptr);
  BITSCTS_PROVES("HT-LOGOFF-2") ASSERT_EQ(SettleAfterLogoff(s, *job), JobState::kError)
      << "the owner logged off before the job finished";

  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-2") BITSCTS_PROVES("HT-LOGOFF-6") EXPECT_EQ(error.value.code, hr::kTokenRequired);
  s.evidence().Note("JOB-ERR-4: BG_E_TOKEN_REQUIRED after logoff came with " + Name(error.value.context));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  const auto sid = options.value->GetHelperTokenSid();
  ASSERT_EQ(sid.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-1") BITSCTS_PROVES("HT-SET-8")
      EXPECT_EQ(sid.value, std::nullopt) << "the helper token was dropped at logoff";
  const auto flags = options.value->GetHelperTokenFlags();
  ASSERT_EQ(flags.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-11") EXPECT_EQ(flags.value, token_usage::kLocalFile) << "the flags survive the token";
}

// Recovery A: the owner supplies a fresh helper token and resumes; the job finishes.
BITSCTS_SCENARIO(Logoff, NewTokenAndResumeRecover,
                 {.clauses = {"HT-LOGOFF-3", "HT-LOGOFF-7", "HT-SET-10"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff}}) {
  const auto logged_off = StartThenLogOff(s, 502);
  ASSERT_TRUE(logged_off.has_value());
  Caller& owner = s.LogOn(logged_off->owner);
  auto job = Reopen(owner, *logged_off);
  ASSERT_NE(job, nullptr);
  ASSERT_EQ(SettleAfterLogoff(s, *job), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-7") ASSERT_EQ(error.value.code, hr::kTokenRequired) << "a reason for ERROR";

  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  BITSCTS_PROVES("HT-SET-10")
      ASSERT_EQ(steps::SetHelperTokenAs(s, owner, *options.value, logged_off->helper), hr::kOk);
  const auto sid = options.value->GetHelperTokenSid();
  ASSERT_EQ(sid.hr, hr::kOk);
  BITSCTS_PROVES("HT-SET-10") EXPECT_EQ(sid.value, logged_off->helper.sid) << "the fresh token is stored";
  BITSCTS_PROVES("HT-LOGOFF-3") EXPECT_EQ(job->Resume(), hr::kOk);
  const auto resumed = job->State();
  ASSERT_EQ(resumed.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-3") EXPECT_NE(resumed.value, JobState::kError) << "Resume takes the job out of ERROR";
  BITSCTS_PROVES("HT-LOGOFF-3") BITSCTS_PROVES("HT-LOGOFF-7")
      ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-3") EXPECT_EQ(s.VerifyContent(logged_off->local, logged_off->seed, kSize), "");
}

// Recovery B: the owner clears the flags and resumes; the job finishes as its owner alone.
BITSCTS_SCENARIO(Logoff, ClearedFlagsAndResumeRecover,
                 {.clauses = {"HT-LOGOFF-4", "HT-FLAG-6"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff}}) {
  const auto logged_off = StartThenLogOff(s, 503);
  ASSERT_TRUE(logged_off.has_value());
  Caller& owner = s.LogOn(logged_off->owner);
  auto job = Reopen(owner, *logged_off);
  ASSERT_NE(job, nullptr);
  ASSERT_EQ(SettleAfterLogoff(s, *job), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  ASSERT_EQ(error.value.code, hr::kTokenRequired);

  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNone), hr::kOk);
  const auto flags = options.value->GetHelperTokenFlags();
  ASSERT_EQ(flags.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-6") EXPECT_EQ(flags.value, token_usage::kNone) << "0 clears the flags";
  const auto sid = options.value->GetHelperTokenSid();
  ASSERT_EQ(sid.hr, hr::kOk);
  ASSERT_EQ(sid.value, std::nullopt) << "the job goes on without a helper token";
  EXPECT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-4") BITSCTS_PROVES("HT-FLAG-6")
      ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-4") EXPECT_EQ(s.VerifyContent(logged_off->local, logged_off->seed, kSize), "");
}

// Terminal Services: the owner is logged on twice; the helper token set from the second session
// is discarded when that session ends, though the owner stays logged on in the first, and the
// unfinished job errs.
BITSCTS_SCENARIO(Logoff, SessionLogoffDropsTokensFromThatSession,
                 {.clauses = {"HT-LOGOFF-5", "HT-LOGOFF-2"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff}}) {
  constexpr std::uint64_t kSeed = 504;
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string local = steps::InFolder(steps::FolderFor(s, {owner, helper}), "session.bin");
  Caller& first_session = s.LogOn(owner);
  Caller& second_session = s.LogOn(owner);
  auto job = s.CreateJob(first_session);
  ASSERT_EQ(job->AddFile(steps::HeldUrl(s, kSeed, kSize), local), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);

  auto opened = second_session.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  auto options = opened.value->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, second_session, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_TRUE(steps::InFlight(steps::AwaitHeldRequest(s, *job))) << "the session ends in the middle of the transfer";
  const HResult logged_off = s.LogOff(second_session);
  if (logged_off.Failed()) s.Unsupported("LogOff(second session) returned " + logged_off.ToString());

  BITSCTS_PROVES("HT-LOGOFF-5") BITSCTS_PROVES("HT-LOGOFF-2") ASSERT_EQ(SettleAfterLogoff(s, *job), JobState::kError)
      << "the session that gave the helper token ended before the job finished";
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-5") BITSCTS_PROVES("HT-LOGOFF-2") EXPECT_EQ(error.value.code, hr::kTokenRequired);
  auto first_options = job->QueryTokenOptions();
  ASSERT_EQ(first_options.hr, hr::kOk);
  const auto sid = first_options.value->GetHelperTokenSid();
  ASSERT_EQ(sid.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-5") EXPECT_EQ(sid.value, std::nullopt) << "the session's token was discarded";
}

// Service accounts never log off: ending a LocalSystem caller's logon in the middle of its job's
// transfer keeps the job's helper token, and the job goes on transferring.
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
  ASSERT_EQ(job->AddFile(steps::HeldUrl(s, kSeed, kSize), local), hr::kOk);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, service, *options.value, helper), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_TRUE(steps::InFlight(steps::AwaitHeldRequest(s, *job))) << "the logon ends in the middle of the transfer";
  const HResult logged_off = s.LogOff(service);
  if (logged_off.Failed()) s.Unsupported("HT-LOGOFF-9 needs the LocalSystem caller's logon ended; LogOff returned " +
                                         logged_off.ToString());

  Caller& again = s.LogOn(system);
  auto opened = again.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  const auto state = opened.value->State();
  ASSERT_EQ(state.hr, hr::kOk);
  BITSCTS_PROVES("JOB-OWN-3") EXPECT_TRUE(steps::InFlight(state.value))
      << "the logoff did not stop the transfer; the job is " << Name(state.value);
  auto reopened_options = opened.value->QueryTokenOptions();
  ASSERT_EQ(reopened_options.hr, hr::kOk);
  const auto sid = reopened_options.value->GetHelperTokenSid();
  ASSERT_EQ(sid.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-9") EXPECT_EQ(sid.value, helper.sid) << "a service owner never logs off";
  steps::ReleaseHeld(s);
  BITSCTS_PROVES("JOB-OWN-3")
      ASSERT_EQ(s.AwaitState(*opened.value, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(opened.value->Complete(), hr::kOk);
  BITSCTS_PROVES("JOB-OWN-3") EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// A restart of the BITS service (as at a reboot) in the middle of a transfer keeps the job and
// its flags but not the helper token, which is not persistent; the unfinished job then needs a
// token it no longer has. HT-LOGOFF-8 marks this unclear and expects BG_E_TOKEN_REQUIRED.
BITSCTS_SCENARIO(Logoff, ServiceRestartDropsTokenKeepsFlags,
                 {.clauses = {"HT-LOGOFF-8", "HT-SET-8", "HT-FLAG-11"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 509;
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string local = steps::InFolder(steps::FolderFor(s, {owner, helper}), "restart.bin");
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, client, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_EQ(job->AddFile(steps::HeldUrl(s, kSeed, kSize), local), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_TRUE(steps::InFlight(steps::AwaitHeldRequest(s, *job))) << "the restart comes in the middle of the transfer";
  s.RestartService();

  auto reopened = client.OpenJob(job->Id());
  ASSERT_EQ(reopened.hr, hr::kOk) << "the job outlives the restart";
  const JobState state = SettleAfterLogoff(s, *reopened.value);
  s.evidence().Note("HT-LOGOFF-8: after the restart the job reached " + Name(state));
  BITSCTS_PROVES("HT-LOGOFF-8") ASSERT_EQ(state, JobState::kError) << "the flagged job has no helper token after the restart";
  const auto error = reopened.value->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-8") EXPECT_EQ(error.value.code, hr::kTokenRequired);
  auto after = reopened.value->QueryTokenOptions();
  ASSERT_EQ(after.hr, hr::kOk);
  const auto sid = after.value->GetHelperTokenSid();
  ASSERT_EQ(sid.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-8") BITSCTS_PROVES("HT-SET-8")
      EXPECT_EQ(sid.value, std::nullopt) << "helper tokens are not persistent";
  const auto flags = after.value->GetHelperTokenFlags();
  ASSERT_EQ(flags.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-11") EXPECT_EQ(flags.value, token_usage::kLocalFile) << "the flags are persistent";
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
  const std::string local = steps::InFolder(steps::FolderFor(s, {user}), "owner-only.bin");

  Caller& session = s.LogOn(user);
  auto job = s.CreateJob(session);
  ASSERT_EQ(job->AddFile(steps::HeldUrl(s, kSeed, kSize), local), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_TRUE(steps::InFlight(steps::AwaitHeldRequest(s, *job))) << "the owner logs off in the middle of the transfer";
  const HResult logged_off = s.LogOff(session);
  if (logged_off.Failed()) s.Unsupported("LogOff(owner) returned " + logged_off.ToString());

  Caller& again = s.LogOn(user);
  auto opened = again.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  const auto state = opened.value->State();
  ASSERT_EQ(state.hr, hr::kOk);
  s.evidence().Note("HT-LOGOFF-10: after the owner's logoff and logon the job was " + Name(state.value));
  BITSCTS_PROVES("HT-LOGOFF-10") EXPECT_NE(state.value, JobState::kError) << "without a helper token a logoff is no error";
  steps::ReleaseHeld(s);
  if (state.value == JobState::kSuspended) {
    EXPECT_EQ(opened.value->Resume(), hr::kOk);
  }
  BITSCTS_PROVES("HT-LOGOFF-10") BITSCTS_PROVES("JOB-OWN-1")
      ASSERT_EQ(s.AwaitState(*opened.value, {JobState::kTransferred, JobState::kError}), JobState::kTransferred)
      << "the job goes on once its owner is back, writing as its owner";
  EXPECT_EQ(opened.value->Complete(), hr::kOk);
  BITSCTS_PROVES("JOB-OWN-1") EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// JobError when the owner's logoff errs the job. The owner is logged on twice; its second
// session registers the notify interface (the last registration wins) and stays, so the
// interface outlives the logoff: the job enters ERROR, and JobError must reach that interface
// with the job's BG_E_TOKEN_REQUIRED.
BITSCTS_SCENARIO(Logoff, JobErrorAfterOwnerLogoff,
                 {.clauses = {"JOB-CB-7", "JOB-CB-3", "HT-LOGOFF-2"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopycallback-joberror",
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff}}) {
  std::unique_ptr<Job> watched;
  const auto logged_off = StartThenLogOff(s, 507, [&s, &watched](const LoggedOffJob& started) {
    Caller& second_session = s.LogOn(started.owner);
    auto opened = second_session.OpenJob(started.job_id);
    ASSERT_EQ(opened.hr, hr::kOk) << "the owner's second session opens the job";
    const HResult registered = opened.value->SetNotifyInterface();
    s.RequireImplemented(Feature::kNotifications, registered, "SetNotifyInterface");
    ASSERT_EQ(registered, hr::kOk);
    watched = std::move(opened.value);
  });
  ASSERT_TRUE(logged_off.has_value());
  ASSERT_NE(watched, nullptr);
  BITSCTS_PROVES("HT-LOGOFF-2") ASSERT_EQ(SettleAfterLogoff(s, *watched), JobState::kError);
  const auto error = watched->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-2") EXPECT_EQ(error.value.code, hr::kTokenRequired);

  const auto received = watched->WaitForNotification(JobEvent::kError, std::chrono::seconds(10));
  ASSERT_EQ(received.hr, hr::kOk);
  s.evidence().Note("JOB-CB-7: after the owner's logoff the other session's interface received " +
                    std::to_string(Count(received.value, JobEvent::kError)) + " JobError call(s)");
  BITSCTS_PROVES("JOB-CB-3") BITSCTS_PROVES("JOB-CB-7")
      ASSERT_EQ(Count(received.value, JobEvent::kError), 1) << "the job entered ERROR with an interface registered";
  EXPECT_EQ(Count(received.value, JobEvent::kTransferred), 0) << "the job never transferred";
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
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyerror-getfile",
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities, Feature::kLogoff}}) {
  const auto logged_off = StartThenLogOff(s, 508);
  ASSERT_TRUE(logged_off.has_value());
  Caller& owner = s.LogOn(logged_off->owner);
  auto job = Reopen(owner, *logged_off);
  ASSERT_NE(job, nullptr);
  ASSERT_EQ(SettleAfterLogoff(s, *job), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  ASSERT_EQ(error.value.code, hr::kTokenRequired);

  const ErrorContext context = error.value.context;
  s.evidence().Note("JOB-ERR-4: BG_E_TOKEN_REQUIRED after logoff came with " + Name(context));
  BITSCTS_PROVES("JOB-ERR-4")
      EXPECT_TRUE(context == ErrorContext::kGeneralQueueManager || context == ErrorContext::kLocalFile ||
                  context == ErrorContext::kRemoteFile)
      << Name(context);
  const auto file = job->ErrorFile();
  s.RequireImplemented(Feature::kErrorDetails, file.hr, "IBackgroundCopyError::GetFile");
  const auto protocol = job->ErrorProtocol();
  s.evidence().Note("JOB-ERR-6: for BG_E_TOKEN_REQUIRED after logoff GetFile returned " + file.hr.ToString() +
                    ", GetProtocol " + protocol.hr.ToString());
  if (context == ErrorContext::kGeneralQueueManager) {
    BITSCTS_PROVES("JOB-ERR-4") BITSCTS_PROVES("JOB-ERR-6")
        EXPECT_EQ(file.hr, hr::kFileNotAvailable) << "an error of the queue manager is tied to no file";
    BITSCTS_PROVES("JOB-ERR-6") EXPECT_EQ(protocol.hr, hr::kProtocolNotAvailable) << "nor to a protocol";
    return;
  }
  BITSCTS_PROVES("JOB-ERR-4") BITSCTS_PROVES("JOB-ERR-6")
      ASSERT_EQ(file.hr, hr::kOk) << "an error in " << Name(context) << " is tied to a file";
  BITSCTS_PROVES("JOB-ERR-6")
      EXPECT_EQ(std::filesystem::path(file.value.local_path), std::filesystem::path(logged_off->local))
      << "the only file of the job";
  if (protocol.hr.Failed()) {
    EXPECT_EQ(protocol.hr, hr::kProtocolNotAvailable);
  }
}

}  // namespace
}  // namespace bitscts
