// Ownership: who owns a job, how an administrator takes it over, and the credentials the owner
// gives it for the server, and the identities of service-owned jobs (JOB-OWN).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "bitscts/credentials.h"
#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/identity.h"
#include "bitscts/scenario.h"
#include "token_steps.h"

namespace bitscts {
namespace {

constexpr const char* kTakeOwnershipDoc =
    "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopyjob-takeownership";
constexpr const char* kSetCredentialsDoc =
    "https://learn.microsoft.com/windows/win32/api/bits1_5/nf-bits1_5-ibackgroundcopyjob2-setcredentials";
constexpr std::uint64_t kSize = 4096;

// An account of the fakeserver that no principal of the target has: only explicit credentials
// can present it.
struct ServerAccount {
  std::string name;
  Password password;

  // Returns Basic server credentials for the account.
  Credentials Basic() const {
    return Credentials{AuthTarget::kServer, AuthScheme::kBasic, name, Password(std::string(password.Reveal()))};
  }
};

// Returns true if and only if the fakeserver answered a request for `path` with success to the
// identity `account`.
bool ServedTo(Scenario& s, const std::string& path, const std::string& account) {
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    if (request.path == path && request.status / 100 == 2 && fakeserver::NamesAccount(request.identity, account)) return true;
  }
  return false;
}

// Adds a fresh account to the fakeserver and lets only it read `path`.
ServerAccount AccountFor(Scenario& s, const std::string& path, const std::string& name) {
  ServerAccount account{name, Password::Random(24)};
  s.server().AddUser(account.name, std::string(account.password.Reveal()));
  s.server().Allow(path, {account.name});
  return account;
}

// Returns `job`'s owner SID; ends the scenario as unsupported if the target cannot tell.
std::string OwnerOf(Scenario& s, Job& job) {
  const auto owner = job.OwnerSid();
  s.RequireImplemented(Feature::kOwnership, owner.hr, "GetOwner");
  EXPECT_EQ(owner.hr, hr::kOk);
  return owner.value;
}

// Sets `credentials` on `job`; ends the scenario as unsupported if the target cannot.
HResult SetCredentialsOn(Scenario& s, Job& job, const Credentials& credentials) {
  const HResult result = job.SetCredentials(credentials);
  s.RequireImplemented(Feature::kCredentials, result, "SetCredentials");
  return result;
}

// Taking ownership needs administrator rights, even of one's own job.
BITSCTS_SCENARIO(Ownership, OnlyAnAdministratorTakesOwnership,
                 {.clauses = {"JOB-OWN-7", "JOB-OWN-1"}, .doc = kTakeOwnershipDoc, .needs = {Feature::kDistinctIdentities}}) {
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  Caller& session = s.LogOn(user);
  auto job = s.CreateJob(session);
  BITSCTS_PROVES("JOB-OWN-1") EXPECT_EQ(OwnerOf(s, *job), user.sid) << "the creator owns the job";
  BITSCTS_PROVES("JOB-OWN-7") EXPECT_EQ(job->TakeOwnership(), hr::kAccessDenied);
  BITSCTS_PROVES("JOB-OWN-7") EXPECT_EQ(OwnerOf(s, *job), user.sid) << "a refused TakeOwnership changes nothing";
}

// An administrator takes over a user's job: the job becomes the administrator's, the user can no
// longer open it, and the credentials the user set are gone (the job never presents them, and the
// server's refusal is the job's error) until the new owner sets its own. A final job cannot be
// taken over.
BITSCTS_SCENARIO(Ownership, AdministratorTakesOverWithoutTheCredentials,
                 {.clauses = {"JOB-OWN-7", "JOB-OWN-8", "HT-ADM-7", "JOB-ERR-7"},
                  .doc = kTakeOwnershipDoc,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 1001;
  const std::string path = fakeserver::ContentPath(kSeed, kSize);
  const ServerAccount account = AccountFor(s, path, "bitscts-takeover");
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  Caller& user_session = s.LogOn(user);
  auto job = s.CreateJob(user_session);
  const std::string local = s.LocalPath("taken.bin");
  ASSERT_EQ(job->AddFile(s.server().Url(path), local), hr::kOk);
  ASSERT_EQ(SetCredentialsOn(s, *job, account.Basic()), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);

  Caller& administrator = s.LogOn(admin);
  auto taken = administrator.OpenJob(job->Id());
  BITSCTS_PROVES("HT-ADM-7") ASSERT_EQ(taken.hr, hr::kOk) << "an administrator opens every job";
  const HResult took = taken.value->TakeOwnership();
  s.RequireImplemented(Feature::kOwnership, took, "TakeOwnership");
  BITSCTS_PROVES("JOB-OWN-7") ASSERT_EQ(took, hr::kOk);
  BITSCTS_PROVES("JOB-OWN-7") EXPECT_EQ(OwnerOf(s, *taken.value), admin.sid);
  BITSCTS_PROVES("HT-ADM-7")
      EXPECT_EQ(user_session.OpenJob(job->Id()).hr, hr::kAccessDenied) << "the job is no longer the user's";

  ASSERT_EQ(taken.value->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*taken.value, {JobState::kError, JobState::kTransferred}), JobState::kError)
      << "without the user's credentials the server refuses the file";
  const auto refused = taken.value->Error();
  ASSERT_EQ(refused.hr, hr::kOk);
  int last_status = 0;
  bool presented = false;
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    if (request.path != path) continue;
    last_status = request.status;
    presented = presented || fakeserver::NamesAccount(request.identity, account.name);
  }
  BITSCTS_PROVES("JOB-OWN-7") EXPECT_FALSE(presented) << "TakeOwnership removed the credentials of " << account.name;
  ASSERT_TRUE(last_status == 401 || last_status == 403) << "the server answered " << last_status;
  BITSCTS_PROVES("JOB-ERR-7")
      EXPECT_EQ(refused.value.code, last_status == 401 ? hr::kHttpError401 : hr::kHttpError403)
      << "the server answered " << last_status;

  BITSCTS_PROVES("JOB-OWN-8")
      ASSERT_EQ(SetCredentialsOn(s, *taken.value, account.Basic()), hr::kOk) << "the new owner sets its own";
  ASSERT_EQ(taken.value->Resume(), hr::kOk);
  BITSCTS_PROVES("JOB-OWN-8")
      ASSERT_EQ(s.AwaitState(*taken.value, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  ASSERT_EQ(taken.value->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
  BITSCTS_PROVES("JOB-OWN-7") EXPECT_EQ(taken.value->TakeOwnership(), hr::kInvalidState) << "an acknowledged job is final";
}

// The new owner must be able to reach the temporary files BITS already wrote for the old one:
// here they lie in a folder only the old owner may write.
BITSCTS_SCENARIO(Ownership, NewOwnerNeedsTheTemporaryFiles,
                 {.clauses = {"JOB-OWN-7"}, .doc = kTakeOwnershipDoc, .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 1002;
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  const std::string folder = steps::FolderFor(s, {user});
  Caller& user_session = s.LogOn(user);
  auto job = s.CreateJob(user_session);
  ASSERT_EQ(job->AddFile(s.ContentUrl(kSeed, kSize), steps::InFolder(folder, "private.bin")), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);

  Caller& administrator = s.LogOn(admin);
  auto taken = administrator.OpenJob(job->Id());
  ASSERT_EQ(taken.hr, hr::kOk);
  const HResult took = taken.value->TakeOwnership();
  s.RequireImplemented(Feature::kOwnership, took, "TakeOwnership");
  BITSCTS_PROVES("JOB-OWN-7") EXPECT_EQ(took, hr::kNewOwnerNoFileAccess);
  BITSCTS_PROVES("JOB-OWN-7") EXPECT_EQ(OwnerOf(s, *job), user.sid) << "a refused TakeOwnership changes nothing";
}

// TakeOwnership makes the calling administrator the owner of a job that holds a helper token and
// flags, and the new owner queries the job's IBitsTokenOptions. Whether the token and the flags
// survive is undocumented (JOB-OWN-7) and recorded, as is the answer to a QueryInterface by
// the administrator before it owns the job (HT-ADM-8).
BITSCTS_SCENARIO(Ownership, HelperTokenAfterTakeOwnership,
                 {.clauses = {"JOB-OWN-7"},
                  .doc = kTakeOwnershipDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .records = {"HT-ADM-8"}}) {
  const Principal first_admin = s.Provision(PrincipalKind::kAdministrator);
  const Principal second_admin = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& owner = s.LogOn(first_admin);
  auto job = s.CreateJob(owner);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, owner, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  const auto sid_before = options.value->GetHelperTokenSid();
  ASSERT_EQ(sid_before.hr, hr::kOk);
  ASSERT_EQ(sid_before.value, helper.sid) << "the job holds the helper token before TakeOwnership";
  const auto flags_before = options.value->GetHelperTokenFlags();
  ASSERT_EQ(flags_before.hr, hr::kOk);
  ASSERT_EQ(flags_before.value, token_usage::kLocalFile) << "got " << TokenUsageName(flags_before.value);
  ASSERT_EQ(OwnerOf(s, *job), first_admin.sid);

  Caller& taker = s.LogOn(second_admin);
  auto taken = taker.OpenJob(job->Id());
  ASSERT_EQ(taken.hr, hr::kOk);
  const auto peek = taken.value->QueryTokenOptions();
  s.evidence().Note("HT-ADM-8: QueryInterface by an administrator who does not own the job returned " +
                    peek.hr.ToString());
  const HResult took = taken.value->TakeOwnership();
  s.RequireImplemented(Feature::kOwnership, took, "TakeOwnership");
  ASSERT_EQ(took, hr::kOk);
  BITSCTS_PROVES("JOB-OWN-7") EXPECT_EQ(OwnerOf(s, *taken.value), second_admin.sid) << "the caller is the owner now";

  auto new_options = taken.value->QueryTokenOptions();
  ASSERT_EQ(new_options.hr, hr::kOk) << "the new owner, an administrator, queries its job";
  const auto sid = new_options.value->GetHelperTokenSid();
  const auto flags = new_options.value->GetHelperTokenFlags();
  ASSERT_EQ(sid.hr, hr::kOk);
  ASSERT_EQ(flags.hr, hr::kOk);
  const std::string token = !sid.value                ? std::string("dropped")
                            : *sid.value == helper.sid ? "kept"
                                                       : "replaced by " + *sid.value;
  s.evidence().Note("JOB-OWN-7 (section 4 Q7): after TakeOwnership the helper token was " + token +
                    " and the flags read " + TokenUsageName(flags.value) + " (" +
                    TokenUsageName(token_usage::kLocalFile) + " before)");
}

// SetCredentials checks what it is given: the target and scheme must be known, Basic and Digest
// need a user name and a password, and each has a length limit; NULL names with NTLM mean the
// implicit credentials. A final job takes none.
BITSCTS_SCENARIO(Ownership, CredentialsAreValidated,
                 {.clauses = {"JOB-OWN-8", "JOB-STATE-9"}, .doc = kSetCredentialsDoc}) {
  auto job = s.CreateJob(s.caller());
  const Credentials implicit{AuthTarget::kServer, AuthScheme::kNtlm, std::nullopt, std::nullopt};
  BITSCTS_PROVES("JOB-OWN-8") EXPECT_EQ(SetCredentialsOn(s, *job, implicit), hr::kOk) << "implicit credentials";
  EXPECT_EQ(job->SetCredentials(Credentials{static_cast<AuthTarget>(3), AuthScheme::kNtlm, std::nullopt, std::nullopt}),
            hr::kInvalidAuthTarget);
  EXPECT_EQ(job->SetCredentials(Credentials{AuthTarget::kServer, static_cast<AuthScheme>(6), std::nullopt, std::nullopt}),
            hr::kInvalidAuthScheme);
  BITSCTS_PROVES("JOB-OWN-8")
      EXPECT_EQ(job->SetCredentials(Credentials{AuthTarget::kServer, AuthScheme::kBasic, std::nullopt, std::nullopt}),
                hr::kInvalidArg)
      << "implicit credentials are NTLM's or Negotiate's, not Basic's";
  BITSCTS_PROVES("JOB-OWN-8")
      EXPECT_EQ(job->SetCredentials(Credentials{AuthTarget::kProxy, AuthScheme::kDigest, "bitscts", std::nullopt}),
                hr::kInvalidArg);

  const auto basic = [](std::size_t user_length, std::size_t password_length) {
    return Credentials{AuthTarget::kServer, AuthScheme::kBasic, std::string(user_length, 'u'),
                       Password(std::string(password_length, 'p'))};
  };
  EXPECT_EQ(job->SetCredentials(basic(kMaxCredentialUserName, 8)), hr::kOk);
  EXPECT_EQ(job->SetCredentials(basic(kMaxCredentialUserName + 1, 8)), hr::kUsernameTooLarge);
  EXPECT_EQ(job->SetCredentials(basic(8, kMaxCredentialPassword)), hr::kOk);
  // One more than either documented limit (65535, or 65536 in bitsmsg.h: DOC-AMB-16).
  EXPECT_EQ(job->SetCredentials(basic(8, kMaxCredentialPassword + 2)), hr::kPasswordTooLarge);

  ASSERT_TRUE(job->Cancel().Succeeded());
  BITSCTS_PROVES("JOB-STATE-9") EXPECT_EQ(job->SetCredentials(implicit), hr::kInvalidState);
}

// Explicit server credentials are what the job presents to a server that asks: the file, which
// only the credentials' account may read, is served to that account.
BITSCTS_SCENARIO(Ownership, ExplicitServerCredentialsArePresented,
                 {.clauses = {"JOB-OWN-8"}, .doc = kSetCredentialsDoc, .needs = {Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 1003;
  const std::string path = fakeserver::ContentPath(kSeed, kSize);
  const ServerAccount account = AccountFor(s, path, "bitscts-explicit");
  auto job = s.CreateJob(s.caller());
  const std::string local = s.LocalPath("explicit.bin");
  ASSERT_EQ(job->AddFile(s.server().Url(path), local), hr::kOk);
  ASSERT_EQ(SetCredentialsOn(s, *job, account.Basic()), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  BITSCTS_PROVES("JOB-OWN-8") EXPECT_TRUE(ServedTo(s, path, account.name))
      << "the server must have served the file to " << account.name;
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// Credentials are set in the owner's context: an administrator who opened a user's job sets them
// while impersonating the owner, and the job presents them to the server. What the administrator's
// own SetCredentials returns is undocumented and recorded; the wrong password it names is replaced.
BITSCTS_SCENARIO(Ownership, CredentialsFromAnotherAccount,
                 {.clauses = {"JOB-OWN-8"},
                  .doc = kSetCredentialsDoc,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 1004;
  const std::string path = fakeserver::ContentPath(kSeed, kSize);
  const ServerAccount account = AccountFor(s, path, "bitscts-owner-context");
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  Caller& user_session = s.LogOn(user);
  auto job = s.CreateJob(user_session);
  const std::string local = s.LocalPath("owner-context.bin");
  ASSERT_EQ(job->AddFile(s.server().Url(path), local), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  Caller& administrator = s.LogOn(admin);
  auto opened = administrator.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);

  const Credentials wrong{AuthTarget::kServer, AuthScheme::kBasic, account.name, Password::Random(24)};
  const HResult as_admin = SetCredentialsOn(s, *opened.value, wrong);
  s.evidence().Note("JOB-OWN-8: SetCredentials by an administrator who does not own the job returned " +
                    as_admin.ToString());
  steps::Impersonate(s, administrator, user);
  const HResult as_owner = opened.value->SetCredentials(account.Basic());
  administrator.RevertToSelf();
  BITSCTS_PROVES("JOB-OWN-8") ASSERT_EQ(as_owner, hr::kOk) << "SetCredentials in the owner's context";

  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  BITSCTS_PROVES("JOB-OWN-8") EXPECT_TRUE(ServedTo(s, path, account.name))
      << "the server must have served the file to " << account.name;
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// Without a helper token a service account's job with implicit credentials (SetCredentials(...,
// NULL, NULL), which the Authentication page asks for) authenticates as the computer account
// (LocalSystem, NetworkService) or not at all (LocalService). The file is readable only by a
// user account, so the server challenges every request and logs the identity each presents:
// a computer account's name ends in "$"; LocalService presents none.
BITSCTS_SCENARIO(Ownership, ServiceOwnersPresentTheComputerOrNobody,
                 {.clauses = {"JOB-OWN-5", "JOB-OWN-3"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/bits-and-service-accounts",
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal reader = s.Provision(PrincipalKind::kStandardUser);
  const struct {
    PrincipalKind kind;
    std::uint64_t seed;
    bool computer;  // presents the computer account, else nothing
  } owners[] = {{PrincipalKind::kLocalSystem, 711, true},
                {PrincipalKind::kNetworkService, 712, true},
                {PrincipalKind::kLocalService, 713, false}};
  for (const auto& owner : owners) {
    SCOPED_TRACE(Name(owner.kind));
    const Principal service = s.Provision(owner.kind);
    const std::string path = fakeserver::ContentPath(owner.seed, kSize);
    s.server().Allow(path, {reader.name});
    Caller& caller = s.LogOn(service);
    auto job = s.CreateJob(caller);
    ASSERT_EQ(job->AddFile(s.server().Url(path), s.LocalPath("service-owned.bin")), hr::kOk);
    ASSERT_NO_FATAL_FAILURE(steps::SetImplicitCredentials(s, *job, AuthTarget::kServer));
    ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
    ASSERT_EQ(job->Resume(), hr::kOk);
    EXPECT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError)
        << "only " << reader.name << " may read the file";

    std::string presented;
    bool asked = false;
    for (const fakeserver::RequestRecord& request : s.server().Log()) {
      if (request.path != path) continue;
      asked = true;
      if (!request.identity.empty()) presented = request.identity;
    }
    BITSCTS_PROVES("JOB-OWN-3") ASSERT_TRUE(asked) << "the job never asked for its file";
    if (owner.computer) {
      BITSCTS_PROVES("JOB-OWN-5")
          EXPECT_TRUE(presented.ends_with("$")) << "presented \"" << presented << "\", not a computer account";
    } else {
      BITSCTS_PROVES("JOB-OWN-5") EXPECT_EQ(presented, "") << "LocalService authenticates as nobody";
    }
    s.evidence().Note("JOB-OWN-5: a job of " + service.name + " presented " +
                      (presented.empty() ? std::string("no identity") : presented));
  }
}

// For BITS a user is logged on only through an interactive logon (and, from 1607, a PowerShell
// remote session). Without one, BITS refuses the owner's job its files with
// HRESULT_FROM_WIN32(ERROR_NOT_LOGGED_ON) at CreateJob or AddFile (RW-2: which one is recorded);
// once the owner logs on interactively, the job takes its file and runs.

// A job that `session` created for one file, and what CreateJob or, after it, AddFile returned.
struct JobWithFile {
  std::unique_ptr<Job> job;
  HResult added;
};

// Creates a job as `session` and adds `url` to it; nothing is checked.
JobWithFile CreateWithFile(Scenario& s, Caller& session, const std::string& url, const std::string& local) {
  auto created = session.CreateDownloadJob("bitscts logon kind");
  JobWithFile result{std::move(created.value), created.hr};
  if (created.hr.Succeeded()) result.added = result.job->AddFile(url, local);
  s.evidence().Note(std::string(created.hr.Succeeded() ? "AddFile" : "CreateJob") + " returned " +
                    result.added.ToString());
  return result;
}

// Logs `user` on interactively and adds the file again, to the job if there is one, else to a new
// job; returns that job's file after Resume and Complete: empty if it arrived intact, else what
// went wrong.
std::string TransferOnceLoggedOn(Scenario& s, const Principal& user, JobWithFile& first, const std::string& url,
                                 const std::string& local, std::uint64_t seed) {
  Caller& interactive = s.LogOn(user);
  if (!first.job) first.job = s.CreateJob(interactive);
  if (const HResult added = first.job->AddFile(url, local); added.Failed()) return "AddFile returned " + added.ToString();
  if (const HResult resumed = first.job->Resume(); resumed.Failed()) return "Resume returned " + resumed.ToString();
  const JobState state = s.AwaitState(*first.job, {JobState::kTransferred, JobState::kError});
  if (state != JobState::kTransferred) return "the job ended in " + Name(state);
  if (const HResult completed = first.job->Complete(); completed.Failed()) return "Complete returned " + completed.ToString();
  return s.VerifyContent(local, seed, kSize);
}

BITSCTS_SCENARIO(Ownership, RunAsIsNoLogonForBits,
                 {.clauses = {"JOB-OWN-2", "JOB-OWN-1", "RW-2"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/users-and-network-connections",
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 714;
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const std::string url = s.ContentUrl(kSeed, kSize);
  const std::string local = s.LocalPath("logon-kind.bin");
  JobWithFile first = CreateWithFile(s, s.LogOnAs(user, LogonKind::kSecondary), url, local);
  BITSCTS_PROVES("JOB-OWN-2") BITSCTS_PROVES("RW-2")
      EXPECT_EQ(first.added, hr::kNotLoggedOn) << "a RunAs session is no logon for BITS";
  BITSCTS_PROVES("JOB-OWN-1")
      EXPECT_EQ(TransferOnceLoggedOn(s, user, first, url, local, kSeed), "") << "the owner is logged on interactively now";
}

BITSCTS_SCENARIO(Ownership, PowerShellRemoteCountsFrom1607,
                 {.clauses = {"HT-VER-6", "JOB-OWN-2"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/what-s-new",
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 715;
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const std::string url = s.ContentUrl(kSeed, kSize);
  const std::string local = s.LocalPath("logon-kind.bin");
  JobWithFile first = CreateWithFile(s, s.LogOnAs(user, LogonKind::kPowerShellRemote), url, local);
  if (steps::Is1607OrLater(s)) {
    BITSCTS_PROVES("HT-VER-6") BITSCTS_PROVES("JOB-OWN-2")
        ASSERT_EQ(first.added, hr::kOk) << "from 1607 a PowerShell remote session counts as a logon";
    ASSERT_EQ(first.job->Resume(), hr::kOk);
    BITSCTS_PROVES("HT-VER-6")
        ASSERT_EQ(s.AwaitState(*first.job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred)
        << "the job runs while only the remote session is logged on";
    EXPECT_EQ(first.job->Complete(), hr::kOk);
    EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
  } else {
    BITSCTS_PROVES("HT-VER-6") BITSCTS_PROVES("JOB-OWN-2")
        EXPECT_EQ(first.added, hr::kNotLoggedOn) << "before 1607 a PowerShell remote session is no logon for BITS";
    EXPECT_EQ(TransferOnceLoggedOn(s, user, first, url, local, kSeed), "") << "the owner is logged on interactively now";
  }
}

// From 1903 a job that a service creates keeps the service's identity: the service SID of its
// token still opens a folder only that SID may write. Before 1903 such a job is LocalSystem's
// alone, and creating its file there is denied (the AddFile check, made as the calling service
// process itself, passes on every build).
BITSCTS_SCENARIO(Ownership, ServiceJobsKeepTheServiceSidFrom1903,
                 {.clauses = {"JOB-OWN-6", "JOB-OWN-3"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/what-s-new",
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal service = s.Provision(PrincipalKind::kWindowsService);
  Caller& process = s.LogOn(service);
  const std::string local = steps::InFolder(steps::FolderFor(s, {service}), "service.bin");
  auto job = s.CreateJob(process);
  ASSERT_EQ(job->AddFile(s.ContentUrl(716, kSize), local), hr::kOk) << "the service itself may write there";
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const JobState state = s.AwaitState(*job, {JobState::kTransferred, JobState::kError});
  if (s.target().Description().os_build >= builds::kWindows1903) {
    BITSCTS_PROVES("JOB-OWN-6") BITSCTS_PROVES("JOB-OWN-3")
        ASSERT_EQ(state, JobState::kTransferred) << "the job writes with the service SID";
    EXPECT_EQ(job->Complete(), hr::kOk);
    BITSCTS_PROVES("JOB-OWN-6") EXPECT_EQ(s.VerifyContent(local, 716, kSize), "");
  } else {
    BITSCTS_PROVES("JOB-OWN-3") ASSERT_EQ(state, JobState::kError) << "before 1903 the job writes as LocalSystem only";
    const Outcome<JobError> error = job->Error();
    ASSERT_EQ(error.hr, hr::kOk);
    BITSCTS_PROVES("JOB-OWN-6") EXPECT_EQ(error.value.code, hr::kAccessDenied);
    BITSCTS_PROVES("JOB-OWN-6") EXPECT_EQ(error.value.context, ErrorContext::kLocalFile);
  }
}

}  // namespace
}  // namespace bitscts
