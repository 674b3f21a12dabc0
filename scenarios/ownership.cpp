// Ownership: who owns a job, how an administrator takes it over, and the credentials the owner
// gives it for the server, and the identities of service-owned jobs (JOB-OWN).
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "bitscts/credentials.h"
#include "bitscts/scenario.h"
#include "bitscts/windows_build.h"
#include "docs.h"
#include "steps/access_rules.h"
#include "steps/credentials.h"
#include "steps/folders.h"
#include "steps/helper_token.h"
#include "steps/ownership.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

constexpr std::uint64_t kSize = 4096;

// An account of the fakeserver that no principal of the target has: only explicit credentials
// can present it.
struct ServerAccount {
  std::string name;
  Password password;

  // Returns Basic server credentials for the account.
  Credentials Basic() const {
    return Credentials{AuthTarget::kServer, AuthScheme::kBasic, name,
                       Password(std::string(password.Reveal()))};
  }
};

// Adds a fresh account to the fakeserver and lets only it read `content`.
ServerAccount AccountFor(Scenario& s, const Content& content, const std::string& name) {
  ServerAccount account{name, Password::Random(24)};
  s.server().AddUser(account.name, std::string(account.password.Reveal()));
  s.server().Allow(content.path(), {account.name});
  return account;
}

// Taking ownership needs administrator rights, even of one's own job.
BITSCTS_SCENARIO(Ownership, OnlyAnAdministratorTakesOwnership,
                 {.clauses = {"JOB-OWN-7", "JOB-OWN-1"},
                  .doc = docs::kTakeOwnership,
                  .needs = {Feature::kDistinctIdentities}}) {
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  auto job = s.CreateJob(s.LogOn(user));
  BITSCTS_PROVES("JOB-OWN-1")
    EXPECT_EQ(steps::OwnerOf(*job), user.sid) << "the creator owns the job";
  BITSCTS_PROVES("JOB-OWN-7") EXPECT_EQ(job->TakeOwnership(), hr::kAccessDenied);
  BITSCTS_PROVES("JOB-OWN-7")
    EXPECT_EQ(steps::OwnerOf(*job), user.sid) << "a refused TakeOwnership changes nothing";
}

// An administrator takes over a user's job: the job becomes the administrator's, the user can no
// longer open it, and the credentials the user set are gone (the job never presents them, and the
// server's refusal is the job's error) until the new owner sets its own. A final job cannot be
// taken over.
BITSCTS_SCENARIO(Ownership, AdministratorTakesOverWithoutTheCredentials,
                 {.clauses = {"JOB-OWN-7", "JOB-OWN-8", "HT-ADM-7", "JOB-ERR-7"},
                  .doc = docs::kTakeOwnership,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Content content = s.NewContent(kSize);
  const ServerAccount account = AccountFor(s, content, "bitscts-takeover");
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  Caller& user_session = s.LogOn(user);
  auto job = s.CreateJob(user_session);
  const std::string local = s.LocalPath("taken.bin");
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk);
  ASSERT_EQ(steps::SetCredentialsOn(*job, account.Basic()), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);

  auto taken = s.LogOn(admin).OpenJob(job->Id());
  BITSCTS_PROVES("HT-ADM-7") ASSERT_EQ(taken.hr, hr::kOk) << "an administrator opens every job";
  BITSCTS_PROVES("JOB-OWN-7") ASSERT_EQ(steps::TakeOwnership(*taken.value), hr::kOk);
  BITSCTS_PROVES("JOB-OWN-7") EXPECT_EQ(steps::OwnerOf(*taken.value), admin.sid);
  BITSCTS_PROVES("HT-ADM-7")
    EXPECT_EQ(user_session.OpenJob(job->Id()).hr, hr::kAccessDenied)
        << "the job is no longer the user's";

  ASSERT_EQ(steps::RunToEnd(s, *taken.value), JobState::kError)
      << "without the user's credentials the server refuses the file";
  const auto refused = taken.value->Error();
  ASSERT_EQ(refused.hr, hr::kOk);
  const steps::Requests requests(s, content.path());
  const int last_status = requests.empty() ? 0 : requests.last().status;
  BITSCTS_PROVES("JOB-OWN-7")
    EXPECT_FALSE(requests.Presented(account.name))
        << "TakeOwnership removed the credentials of " << account.name;
  ASSERT_TRUE(last_status == 401 || last_status == 403) << "the server answered " << last_status;
  BITSCTS_PROVES("JOB-ERR-7")
    EXPECT_EQ(refused.value.code, last_status == 401 ? hr::kHttpError401 : hr::kHttpError403)
        << "the server answered " << last_status;

  BITSCTS_PROVES("JOB-OWN-8")
    ASSERT_EQ(steps::SetCredentialsOn(*taken.value, account.Basic()), hr::kOk)
        << "the new owner sets its own";
  BITSCTS_PROVES("JOB-OWN-8") ASSERT_EQ(steps::RunToEnd(s, *taken.value), JobState::kTransferred);
  EXPECT_TRUE(steps::Completes(s, *taken.value, local, content));
  BITSCTS_PROVES("JOB-OWN-7")
    EXPECT_EQ(taken.value->TakeOwnership(), hr::kInvalidState) << "an acknowledged job is final";
}

// The new owner must be able to reach the temporary files BITS already wrote for the old one:
// here they lie in a folder only the old owner may write.
BITSCTS_SCENARIO(Ownership, NewOwnerNeedsTheTemporaryFiles,
                 {.clauses = {"JOB-OWN-7"},
                  .doc = docs::kTakeOwnership,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities,
                            FolderControl::kFeature}}) {
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  const std::string local = steps::InFolder(steps::FolderFor(s, {user}), "private.bin");
  auto job = s.CreateJob(s.LogOn(user));
  ASSERT_EQ(job->AddFile(s.ContentUrl(s.NewContent(kSize)), local), hr::kOk);
  ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred);

  auto taken = s.LogOn(admin).OpenJob(job->Id());
  ASSERT_EQ(taken.hr, hr::kOk);
  BITSCTS_PROVES("JOB-OWN-7")
    EXPECT_EQ(steps::TakeOwnership(*taken.value), hr::kNewOwnerNoFileAccess);
  BITSCTS_PROVES("JOB-OWN-7")
    EXPECT_EQ(steps::OwnerOf(*job), user.sid) << "a refused TakeOwnership changes nothing";
}

// TakeOwnership makes the calling administrator the owner of a job that holds a helper token and
// flags, and the new owner queries the job's IBitsTokenOptions. Whether the token and the flags
// survive is undocumented (JOB-OWN-7) and recorded, as is the answer to a QueryInterface by
// the administrator before it owns the job (HT-ADM-8).
BITSCTS_SCENARIO(Ownership, HelperTokenAfterTakeOwnership,
                 {.clauses = {"JOB-OWN-7"},
                  .doc = docs::kTakeOwnership,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .records = {"HT-ADM-8"}}) {
  const Principal first_admin = s.Provision(PrincipalKind::kAdministrator);
  const Principal second_admin = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  steps::TokenJob job(s, s.LogOn(first_admin));
  ASSERT_TRUE(job.Install(helper, token_usage::kLocalFile));
  ASSERT_TRUE(steps::HelperSidIs(job.options(), helper.sid))
      << "the job holds the helper token before TakeOwnership";
  ASSERT_TRUE(steps::FlagsAre(job.options(), token_usage::kLocalFile));
  ASSERT_EQ(steps::OwnerOf(*job), first_admin.sid);

  Caller& taker = s.LogOn(second_admin);
  auto taken = taker.OpenJob(job->Id());
  ASSERT_EQ(taken.hr, hr::kOk);
  const auto peek = taken.value->QueryTokenOptions();
  s.evidence().Note(
      "HT-ADM-8: QueryInterface by an administrator who does not own the job returned " +
      peek.hr.ToString());
  ASSERT_EQ(steps::TakeOwnership(*taken.value), hr::kOk);
  BITSCTS_PROVES("JOB-OWN-7")
    EXPECT_EQ(steps::OwnerOf(*taken.value), second_admin.sid) << "the caller is the owner now";

  steps::TokenJob owned(s, taker, std::move(taken.value));
  ASSERT_TRUE(owned.Query()) << "the new owner, an administrator, queries its job";
  const auto sid = owned.options().GetHelperTokenSid();
  const auto flags = owned.options().GetHelperTokenFlags();
  ASSERT_EQ(sid.hr, hr::kOk);
  ASSERT_EQ(flags.hr, hr::kOk);
  const std::string token = !sid.value                 ? std::string("dropped")
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
                 {.clauses = {"JOB-OWN-8", "JOB-STATE-9"}, .doc = docs::kSetCredentials}) {
  auto job = s.CreateJob(s.caller());
  const Credentials implicit{AuthTarget::kServer, AuthScheme::kNtlm, std::nullopt, std::nullopt};
  BITSCTS_PROVES("JOB-OWN-8")
    EXPECT_EQ(steps::SetCredentialsOn(*job, implicit), hr::kOk) << "implicit credentials";
  EXPECT_EQ(job->SetCredentials(Credentials{static_cast<AuthTarget>(3), AuthScheme::kNtlm,
                                            std::nullopt, std::nullopt}),
            hr::kInvalidAuthTarget);
  EXPECT_EQ(job->SetCredentials(Credentials{AuthTarget::kServer, static_cast<AuthScheme>(6),
                                            std::nullopt, std::nullopt}),
            hr::kInvalidAuthScheme);
  BITSCTS_PROVES("JOB-OWN-8")
    EXPECT_EQ(job->SetCredentials(
                  Credentials{AuthTarget::kServer, AuthScheme::kBasic, std::nullopt, std::nullopt}),
              hr::kInvalidArg)
        << "implicit credentials are NTLM's or Negotiate's, not Basic's";
  BITSCTS_PROVES("JOB-OWN-8")
    EXPECT_EQ(job->SetCredentials(
                  Credentials{AuthTarget::kProxy, AuthScheme::kDigest, "bitscts", std::nullopt}),
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
                 {.clauses = {"JOB-OWN-8"},
                  .doc = docs::kSetCredentials,
                  .needs = {Feature::kDownload}}) {
  const Content content = s.NewContent(kSize);
  const ServerAccount account = AccountFor(s, content, "bitscts-explicit");
  auto job = s.CreateJob(s.caller());
  const std::string local = s.LocalPath("explicit.bin");
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk);
  ASSERT_EQ(steps::SetCredentialsOn(*job, account.Basic()), hr::kOk);
  ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kTransferred);
  BITSCTS_PROVES("JOB-OWN-8")
    EXPECT_TRUE(steps::Requests(s, content.path()).ServedTo(account.name))
        << "the server must have served the file to " << account.name;
  EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

// Credentials are set in the owner's context: an administrator who opened a user's job sets them
// while impersonating the owner, and the job presents them to the server. What the administrator's
// own SetCredentials returns is undocumented and recorded; the wrong password it names is replaced.
BITSCTS_SCENARIO(Ownership, CredentialsFromAnotherAccount,
                 {.clauses = {"JOB-OWN-8"},
                  .doc = docs::kSetCredentials,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Content content = s.NewContent(kSize);
  const ServerAccount account = AccountFor(s, content, "bitscts-owner-context");
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  auto job = s.CreateJob(s.LogOn(user));
  const std::string local = s.LocalPath("owner-context.bin");
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk);
  Caller& administrator = s.LogOn(admin);
  auto opened = administrator.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);

  const Credentials wrong{AuthTarget::kServer, AuthScheme::kBasic, account.name,
                          Password::Random(24)};
  const HResult as_admin = steps::SetCredentialsOn(*opened.value, wrong);
  s.evidence().Note(
      "JOB-OWN-8: SetCredentials by an administrator who does not own the job returned " +
      as_admin.ToString());
  steps::Impersonate(s, administrator, user);
  const HResult as_owner = opened.value->SetCredentials(account.Basic());
  administrator.RevertToSelf();
  BITSCTS_PROVES("JOB-OWN-8")
    ASSERT_EQ(as_owner, hr::kOk) << "SetCredentials in the owner's context";

  ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kTransferred);
  BITSCTS_PROVES("JOB-OWN-8")
    EXPECT_TRUE(steps::Requests(s, content.path()).ServedTo(account.name))
        << "the server must have served the file to " << account.name;
  EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

// Without a helper token a service account's job with implicit credentials (SetCredentials(...,
// NULL, NULL), which the Authentication page asks for) authenticates as the computer account
// (LocalSystem, NetworkService) or not at all (LocalService). The file is readable only by a
// user account, so the server challenges every request and logs the identity each presents:
// a computer account's name ends in "$"; LocalService presents none.
BITSCTS_SCENARIO(Ownership, ServiceOwnersPresentTheComputerOrNobody,
                 {.clauses = {"JOB-OWN-5", "JOB-OWN-3"},
                  .doc = docs::kBitsAndServiceAccounts,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal reader = s.Provision(PrincipalKind::kStandardUser);
  const struct {
    PrincipalKind kind;
    bool computer;  // presents the computer account, else nothing
  } owners[] = {{PrincipalKind::kLocalSystem, true},
                {PrincipalKind::kNetworkService, true},
                {PrincipalKind::kLocalService, false}};
  for (const auto& owner : owners) {
    SCOPED_TRACE(Name(owner.kind));
    const Principal service = s.Provision(owner.kind);
    const Content content = s.NewContent(kSize);
    s.server().Allow(content.path(), {reader.name});
    auto job = s.CreateJob(s.LogOn(service));
    ASSERT_EQ(job->AddFile(s.ContentUrl(content), s.LocalPath("service-owned.bin")), hr::kOk);
    ASSERT_NO_FATAL_FAILURE(steps::SetImplicitCredentials(s, *job, AuthTarget::kServer));
    EXPECT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError)
        << "only " << reader.name << " may read the file";

    const steps::Requests requests(s, content.path());
    const std::string presented = requests.LastIdentity();
    BITSCTS_PROVES("JOB-OWN-3")
      ASSERT_FALSE(requests.empty()) << "the job never asked for its file";
    if (owner.computer) {
      BITSCTS_PROVES("JOB-OWN-5")
        EXPECT_TRUE(presented.ends_with("$"))
            << "presented \"" << presented << "\", not a computer account";
    } else {
      BITSCTS_PROVES("JOB-OWN-5")
        EXPECT_EQ(presented, "") << "LocalService authenticates as nobody";
    }
    s.evidence().Note("JOB-OWN-5: a job of " + service.name + " presented " +
                      (presented.empty() ? std::string("no identity") : presented));
  }
}

// For BITS a user is logged on only through an interactive logon (and, from 1607, a PowerShell
// remote session). Without one, BITS refuses the owner's job its files with
// HRESULT_FROM_WIN32(ERROR_NOT_LOGGED_ON) at CreateJob or AddFile (RW-2: which one is recorded);
// once the owner logs on interactively, the job takes its file and runs.

// A standard user's download from a logon of one kind: the job that logon created, if
// CreateJob succeeded, and what CreateJob or, after it, AddFile returned.
struct DownloadFromLogon {
  Principal user;
  Content content;
  std::string local;
  std::unique_ptr<Job> job;
  HResult added;
};

// Provisions a standard user, logs it on as `kind` says and lets that logon create a job and add
// a new file to it; nothing is checked.
DownloadFromLogon StartFromLogon(Scenario& s, LogonKind kind) {
  DownloadFromLogon download{s.Provision(PrincipalKind::kStandardUser), s.NewContent(kSize),
                             s.LocalPath("logon-kind.bin"), nullptr, hr::kOk};
  auto created = s.LogOnAs(download.user, kind).CreateDownloadJob("bitscts logon kind");
  download.job = std::move(created.value);
  download.added = created.hr;
  if (created.hr.Succeeded())
    download.added = download.job->AddFile(s.ContentUrl(download.content), download.local);
  s.evidence().Note(std::string(created.hr.Succeeded() ? "AddFile" : "CreateJob") + " returned " +
                    download.added.ToString());
  return download;
}

// Returns success if the download's file, added again once its user is logged on interactively
// (to its job if there is one, else to a new job), arrives intact.
testing::AssertionResult TransfersOnceLoggedOn(Scenario& s, DownloadFromLogon& download) {
  Caller& interactive = s.LogOn(download.user);
  if (!download.job) download.job = s.CreateJob(interactive);
  if (const HResult added = download.job->AddFile(s.ContentUrl(download.content), download.local);
      added.Failed()) {
    return testing::AssertionFailure() << "AddFile returned " << added;
  }
  if (const JobState state = steps::RunToEnd(s, *download.job); state != JobState::kTransferred) {
    return testing::AssertionFailure() << "the job ended in " << Name(state);
  }
  return steps::Completes(s, *download.job, download.local, download.content);
}

BITSCTS_SCENARIO(Ownership, RunAsIsNoLogonForBits,
                 {.clauses = {"JOB-OWN-2", "JOB-OWN-1", "RW-2"},
                  .doc = docs::kUsersAndNetworkConnections,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities,
                            LogonControl::kFeature}}) {
  DownloadFromLogon download = StartFromLogon(s, LogonKind::kSecondary);
  BITSCTS_PROVES("JOB-OWN-2", "RW-2")
    EXPECT_EQ(download.added, hr::kNotLoggedOn) << "a RunAs session is no logon for BITS";
  BITSCTS_PROVES("JOB-OWN-1")
    EXPECT_TRUE(TransfersOnceLoggedOn(s, download)) << "the owner is logged on interactively now";
}

BITSCTS_SCENARIO(Ownership, PowerShellRemoteCountsFrom1607,
                 {.clauses = {"HT-VER-6", "JOB-OWN-2"},
                  .doc = docs::kWhatsNew,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities,
                            LogonControl::kFeature}}) {
  DownloadFromLogon download = StartFromLogon(s, LogonKind::kPowerShellRemote);
  if (!steps::Is1607OrLater(s)) {
    BITSCTS_PROVES("HT-VER-6", "JOB-OWN-2")
      EXPECT_EQ(download.added, hr::kNotLoggedOn)
          << "before 1607 a PowerShell remote session is no logon for BITS";
    EXPECT_TRUE(TransfersOnceLoggedOn(s, download)) << "the owner is logged on interactively now";
    return;
  }
  BITSCTS_PROVES("HT-VER-6", "JOB-OWN-2")
    ASSERT_EQ(download.added, hr::kOk) << "from 1607 a PowerShell remote session counts as a logon";
  BITSCTS_PROVES("HT-VER-6")
    ASSERT_EQ(steps::RunToEnd(s, *download.job), JobState::kTransferred)
        << "the job runs while only the remote session is logged on";
  EXPECT_TRUE(steps::Completes(s, *download.job, download.local, download.content));
}

// From 1607 a job started in a PowerShell remote session is its user's: AddFile into a folder only
// another user may write is refused, and the job writes its file into a folder only its user may
// write.
BITSCTS_SCENARIO(Ownership, PowerShellRemoteJobWritesAsItsUser,
                 {.clauses = {"HT-VER-6", "JOB-LIM-4"},
                  .doc = docs::kWhatsNew,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities,
                            LogonControl::kFeature, FolderControl::kFeature},
                  .builds = {.from = builds::kWindows1607,
                             .why = "a PowerShell remote session is a logon for BITS from 1607"}}) {
  const Content content = s.NewContent(kSize);
  const Principal user = s.Provision(PrincipalKind::kStandardUser);
  const Principal other = s.Provision(PrincipalKind::kStandardUser);
  const std::string theirs = steps::InFolder(steps::FolderFor(s, {other}), "remote.bin");
  const std::string own = steps::InFolder(steps::FolderFor(s, {user}), "remote.bin");
  auto job = s.CreateJob(s.LogOnAs(user, LogonKind::kPowerShellRemote));
  BITSCTS_PROVES("JOB-LIM-4")
    EXPECT_EQ(job->AddFile(s.ContentUrl(content), theirs), hr::kAccessDenied)
        << "the remote session's user may not write " << other.name << "'s folder";
  BITSCTS_PROVES("HT-VER-6")
    ASSERT_EQ(job->AddFile(s.ContentUrl(content), own), hr::kOk)
        << "the remote session's user adds a file to its own folder";
  BITSCTS_PROVES("HT-VER-6")
    ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kTransferred)
        << "the job writes as the remote session's user";
  BITSCTS_PROVES("HT-VER-6") EXPECT_TRUE(steps::Completes(s, *job, own, content));
}

// From 1903 a job that a service creates keeps the service's identity: the service SID of its
// token still opens a folder only that SID may write. Before 1903 such a job is LocalSystem's
// alone, and creating its file there is denied (the AddFile check, made as the calling service
// process itself, passes on every build).
BITSCTS_SCENARIO(Ownership, ServiceJobsKeepTheServiceSidFrom1903,
                 {.clauses = {"JOB-OWN-6", "JOB-OWN-3"},
                  .doc = docs::kWhatsNew,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities,
                            FolderControl::kFeature}}) {
  const Content content = s.NewContent(kSize);
  const Principal service = s.Provision(PrincipalKind::kWindowsService);
  Caller& process = s.LogOn(service);
  const std::string local = steps::InFolder(steps::FolderFor(s, {service}), "service.bin");
  auto job = s.CreateJob(process);
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk)
      << "the service itself may write there";
  const JobState state = steps::RunToEndWithoutRetries(s, *job);
  if (steps::BuildFrom(s, builds::kWindows1903)) {
    BITSCTS_PROVES("JOB-OWN-6", "JOB-OWN-3")
      ASSERT_EQ(state, JobState::kTransferred) << "the job writes with the service SID";
    BITSCTS_PROVES("JOB-OWN-6") EXPECT_TRUE(steps::Completes(s, *job, local, content));
  } else {
    BITSCTS_PROVES("JOB-OWN-3")
      ASSERT_EQ(state, JobState::kError) << "before 1903 the job writes as LocalSystem only";
    BITSCTS_PROVES("JOB-OWN-6")
      EXPECT_TRUE(steps::ErrorIs(*job, hr::kAccessDenied, ErrorContext::kLocalFile));
  }
}

}  // namespace
}  // namespace bitscts
