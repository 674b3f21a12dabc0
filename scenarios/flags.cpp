// HelperTokenFlags: which resources BITS opens as the helper (HT-FLAG).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "bitscts/credentials.h"
#include "bitscts/scenario.h"
#include "docs.h"
#include "steps/access_rules.h"
#include "steps/credentials.h"
#include "steps/folders.h"
#include "steps/helper_token.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

constexpr std::uint64_t kSize = 4096;

// Adds `remote` into `local` to `job`, a new job of the token owner, and sets `flags` while it has
// no helper token (HT-FLAG-12); succeeds if every call answered S_OK and the flags read back.
testing::AssertionResult FlagsWithoutToken(steps::TokenJob& job, const std::string& remote,
                                           const std::string& local, std::uint32_t flags) {
  if (testing::AssertionResult queried = job.Query(); !queried) return queried;
  if (const HResult added = job->AddFile(remote, local); added != hr::kOk) {
    return testing::AssertionFailure() << "AddFile returned " << added;
  }
  if (const HResult set = job.options().SetHelperTokenFlags(flags); set != hr::kOk) {
    return testing::AssertionFailure() << "SetHelperTokenFlags(" << TokenUsageName(flags)
                                       << ") before any token returned " << set;
  }
  return steps::FlagsAre(job.options(), flags);
}

// Lets only `helper` read `content` on the server, installs `helper`'s token with BG_TOKEN_NETWORK
// on `job` and adds `content` into `local`; succeeds if every call answered S_OK. The job is not
// resumed.
testing::AssertionResult HelperOnlyFile(Scenario& s, steps::TokenJob& job, const Principal& helper,
                                        const Content& content, const std::string& local) {
  s.server().Allow(content.path(), {helper.name});
  if (testing::AssertionResult installed = job.Install(helper, token_usage::kNetwork); !installed)
    return installed;
  if (const HResult added = job->AddFile(s.ContentUrl(content), local); added != hr::kOk) {
    return testing::AssertionFailure() << "AddFile returned " << added;
  }
  return testing::AssertionSuccess();
}

// A new job has no flags; each flag is stored as set and read back.
BITSCTS_SCENARIO(HelperTokenFlags, EachFlagRoundTrips,
                 {.clauses = {"HT-FLAG-1", "HT-FLAG-10"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions}}) {
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Query());
  BITSCTS_PROVES("HT-FLAG-10")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNone)) << "a new job has no flags";
  for (const std::uint32_t flag : {token_usage::kLocalFile, token_usage::kNetwork}) {
    BITSCTS_PROVES("HT-FLAG-1")
      EXPECT_EQ(job.options().SetHelperTokenFlags(flag), hr::kOk) << TokenUsageName(flag);
    BITSCTS_PROVES("HT-FLAG-10")
      EXPECT_TRUE(steps::FlagsAre(job.options(), flag)) << "set " << TokenUsageName(flag);
  }
}

// Both flags at once are a set of bit flags by one reading and "one of the values" by another;
// whatever the target answers, the stored flags must agree with it.
BITSCTS_SCENARIO(HelperTokenFlags, BothFlagsTogether,
                 {.clauses = {"HT-FLAG-7"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions}}) {
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Query());
  constexpr std::uint32_t kBoth = token_usage::kLocalFile | token_usage::kNetwork;
  const HResult set = job.options().SetHelperTokenFlags(kBoth);
  s.evidence().Note(
      "HT-FLAG-7: SetHelperTokenFlags(BG_TOKEN_LOCAL_FILE|BG_TOKEN_NETWORK) returned " +
      set.ToString());
  BITSCTS_PROVES("HT-FLAG-7")
    EXPECT_TRUE(steps::FlagsAre(job.options(), set.Succeeded() ? kBoth : token_usage::kNone))
        << "SetHelperTokenFlags returned " << set;
}

// Undefined bits: the error is undocumented; E_INVALIDARG and E_NOTIMPL (SetNotifyFlags' code for
// unknown flags) are the candidates, and a refused value leaves the flags as they were.
BITSCTS_SCENARIO(HelperTokenFlags, UndefinedBitsAreRejected,
                 {.clauses = {"HT-FLAG-8"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions}}) {
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Query());
  ASSERT_EQ(job.options().SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  for (const std::uint32_t undefined : {0x4u, 0x80000000u, 0xFFFFFFFFu}) {
    const HResult set = job.options().SetHelperTokenFlags(undefined);
    s.evidence().Note("HT-FLAG-8: SetHelperTokenFlags(" + TokenUsageName(undefined) +
                      ") returned " + set.ToString());
    BITSCTS_PROVES("HT-FLAG-8")
      EXPECT_TRUE(set == hr::kInvalidArg || set == hr::kNotImpl)
          << TokenUsageName(undefined) << ": " << set;
    BITSCTS_PROVES("HT-FLAG-8")
      EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kLocalFile))
          << "after " << TokenUsageName(undefined);
  }
}

// Setting the flags to 0 clears flags that were stored.
BITSCTS_SCENARIO(HelperTokenFlags, ZeroClearsFlags,
                 {.clauses = {"HT-FLAG-6"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions}}) {
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Query());
  ASSERT_EQ(job.options().SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  ASSERT_TRUE(steps::FlagsAre(job.options(), token_usage::kNetwork))
      << "the flag is stored before it is cleared";
  BITSCTS_PROVES("HT-FLAG-6")
    EXPECT_EQ(job.options().SetHelperTokenFlags(token_usage::kNone), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-6")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNone)) << "0 clears the flags";
}

// Flags may be set before any token exists; a job whose local files need the helper then stops in
// ERROR with BG_E_TOKEN_REQUIRED at transfer time, in one of the candidate contexts (recorded),
// and clearing the flags lets it finish as its owner.
BITSCTS_SCENARIO(HelperTokenFlags, LocalFileFlagWithoutTokenNeedsToken,
                 {.clauses = {"HT-FLAG-12", "HT-CLR-3", "JOB-ERR-4", "HT-LOGOFF-6", "HT-LOGOFF-7"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload}}) {
  const Content content = s.NewContent(kSize);
  const std::string local = s.LocalPath("no-token.bin");
  steps::TokenJob job(s, steps::TokenOwner(s));
  BITSCTS_PROVES("HT-FLAG-12")
    ASSERT_TRUE(FlagsWithoutToken(job, s.ContentUrl(content), local, token_usage::kLocalFile));
  BITSCTS_PROVES("HT-LOGOFF-7") ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-12", "HT-CLR-3", "HT-LOGOFF-6", "HT-LOGOFF-7")
    EXPECT_EQ(error.value.code, hr::kTokenRequired);
  s.evidence().Note("JOB-ERR-4: BG_E_TOKEN_REQUIRED came with " + Name(error.value.context));
  BITSCTS_PROVES("JOB-ERR-4")
    EXPECT_TRUE(steps::IsTokenRequiredContext(error.value.context)) << error.value.context;

  ASSERT_EQ(job.options().SetHelperTokenFlags(token_usage::kNone), hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-7")
    ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred)
        << "resumed after the flags were cleared";
  EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

// BG_TOKEN_NETWORK without a token on a server that never challenges: whether BITS still demands
// the token there is undocumented (HT-CLR-3) and recorded. The flag is stored without
// a token; a job that errs does so with BG_E_TOKEN_REQUIRED, and one that transfers presented no
// identity, having none to present as the helper, and leaves the flag in place.
BITSCTS_SCENARIO(HelperTokenFlags, NetworkFlagWithoutTokenOnOpenServer,
                 {.clauses = {"HT-FLAG-12"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload}}) {
  const Content content = s.NewContent(kSize);
  const std::string local = s.LocalPath("network-no-token.bin");
  steps::TokenJob job(s, steps::TokenOwner(s));
  BITSCTS_PROVES("HT-FLAG-12")
    ASSERT_TRUE(FlagsWithoutToken(job, s.ContentUrl(content), local, token_usage::kNetwork));
  const JobState reached = steps::RunToEndWithoutRetries(s, *job);
  s.evidence().Note(
      "HT-FLAG-12: BG_TOKEN_NETWORK without a token on an unchallenging server ended in " +
      Name(reached));
  if (reached == JobState::kError) {
    BITSCTS_PROVES("HT-FLAG-12") EXPECT_TRUE(steps::ErrorIs(*job, hr::kTokenRequired));
    return;
  }
  const steps::Requests requests(s, content.path());
  ASSERT_FALSE(requests.empty())
      << "the job transferred, so the server must have logged a request for " << content.path();
  BITSCTS_PROVES("HT-FLAG-12")
    EXPECT_EQ(requests.LastIdentity(), "") << "no helper token, so no identity to present";
  BITSCTS_PROVES("HT-FLAG-12")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNetwork))
        << "the flag stays without a token";
  EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

// BG_TOKEN_NETWORK without a token where the helper's identity is needed: a file on an SMB share
// is read only as the helper (HT-FLAG-3), so the job stops with BG_E_TOKEN_REQUIRED rather than
// reading it as its owner, although everyone may read the share.
BITSCTS_SCENARIO(HelperTokenFlags, NetworkFlagWithoutTokenCannotReadShares,
                 {.clauses = {"HT-FLAG-12", "HT-CLR-3"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, ShareControl::kFeature}}) {
  Caller& owner = steps::TokenOwner(s);
  const std::string remote =
      steps::SharedFile(steps::ShareFor(s, {}), "open.bin", s.NewContent(kSize));
  steps::TokenJob job(s, owner);
  BITSCTS_PROVES("HT-FLAG-12")
    ASSERT_TRUE(
        FlagsWithoutToken(job, remote, s.LocalPath("share-no-token.bin"), token_usage::kNetwork));
  BITSCTS_PROVES("HT-FLAG-12", "HT-CLR-3")
    ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError)
        << "the share may be read only as the helper, and there is none";
  BITSCTS_PROVES("HT-FLAG-12", "HT-CLR-3") EXPECT_TRUE(steps::ErrorIs(*job, hr::kTokenRequired));
}

// Whether AddFile checks the destination folder as the helper once BG_TOKEN_LOCAL_FILE is set is
// undocumented (JOB-LIM-4): of a folder only the helper may write and one only the owner may
// write, exactly one is accepted, and which one is recorded. Either way the download is made as
// the helper (HT-FLAG-2): into the helper's folder, created and renamed there, or stopped with
// E_ACCESSDENIED in the local-file context in the owner's.
BITSCTS_SCENARIO(HelperTokenFlags, LocalFileFlagWritesAsHelper,
                 {.clauses = {"HT-FLAG-2", "HT-FLAG-1", "JOB-LIM-4"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, FolderControl::kFeature}}) {
  const Content content = s.NewContent(kSize);
  const auto [owner, helper, client] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kAdministrator);
  const std::string helper_local =
      steps::InFolder(steps::FolderFor(s, {helper}), "helper-only.bin");
  const std::string owner_local = steps::InFolder(steps::FolderFor(s, {owner}), "owner-only.bin");
  steps::TokenJob job(s, client);
  ASSERT_TRUE(job.Install(helper, token_usage::kLocalFile));

  const HResult into_helpers = job->AddFile(s.ContentUrl(content), helper_local);
  const HResult into_owners = job->AddFile(s.ContentUrl(content), owner_local);
  s.evidence().Note(
      "JOB-LIM-4: with BG_TOKEN_LOCAL_FILE, AddFile into the helper's folder returned " +
      into_helpers.ToString() + ", into the owner's " + into_owners.ToString());
  const bool as_helper = into_helpers == hr::kOk;
  BITSCTS_PROVES("JOB-LIM-4")
    ASSERT_TRUE(as_helper ? into_owners == hr::kAccessDenied
                          : into_helpers == hr::kAccessDenied && into_owners == hr::kOk)
        << "AddFile checks the folder as exactly one of the helper and the caller";
  const JobState reached = steps::RunToEndWithoutRetries(s, *job);
  if (as_helper) {
    BITSCTS_PROVES("HT-FLAG-2")
      ASSERT_EQ(reached, JobState::kTransferred) << "the helper creates the temporary file";
    BITSCTS_PROVES("HT-FLAG-2", "HT-FLAG-1")
      EXPECT_TRUE(steps::Completes(s, *job, helper_local, content))
          << "the final rename is made as the helper";
    return;
  }
  BITSCTS_PROVES("HT-FLAG-2")
    ASSERT_EQ(reached, JobState::kError) << "the helper may not create the temporary file";
  BITSCTS_PROVES("HT-FLAG-2", "HT-FLAG-1")
    EXPECT_TRUE(steps::ErrorIs(*job, hr::kAccessDenied, ErrorContext::kLocalFile));
}

// BG_TOKEN_LOCAL_FILE, set after AddFile accepted a folder only the owner may write: the helper
// creates the temporary file and is refused, E_ACCESSDENIED in the local-file context. Clearing
// the flags returns local files to the owner, and the resumed job finishes.
BITSCTS_SCENARIO(HelperTokenFlags, ClearedLocalFileFlagWritesAsOwner,
                 {.clauses = {"HT-FLAG-6", "HT-FLAG-2", "HT-FLAG-1", "JOB-ERR-3"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, FolderControl::kFeature}}) {
  const Content content = s.NewContent(kSize);
  const auto [owner, helper, client] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kAdministrator);
  const std::string local = steps::InFolder(steps::FolderFor(s, {owner}), "owner-only.bin");
  steps::TokenJob job(s, client);
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk)
      << "the owner may write the folder";
  ASSERT_TRUE(job.Install(helper, token_usage::kLocalFile));
  BITSCTS_PROVES("HT-FLAG-2")
    ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError)
        << "the helper may not create the temporary file";
  BITSCTS_PROVES("HT-FLAG-2", "JOB-ERR-3")
    EXPECT_TRUE(steps::ErrorIs(*job, hr::kAccessDenied, ErrorContext::kLocalFile));

  BITSCTS_PROVES("HT-FLAG-6")
    ASSERT_EQ(job.options().SetHelperTokenFlags(token_usage::kNone), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-6", "HT-FLAG-1")
    ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred)
        << "without flags the owner writes its own folder";
  BITSCTS_PROVES("HT-FLAG-6") EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

// BG_TOKEN_NETWORK with implicit credentials: the helper's logon credentials answer the server's
// challenge (SetHelperTokenFlags: "in response to an HTTP server or proxy challenge for implicit
// NTLM or Kerberos credentials"), so the job's first request for a path only the helper may read
// goes without an identity and is challenged, and the server then sees the helper.
BITSCTS_SCENARIO(HelperTokenFlags, NetworkFlagPresentsHelperToServer,
                 {.clauses = {"HT-FLAG-3", "HT-FLAG-1"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities}}) {
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const Content content = s.NewContent(kSize);
  const std::string local = s.LocalPath("helper-identity.bin");
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(HelperOnlyFile(s, job, helper, content, local));
  ASSERT_NO_FATAL_FAILURE(steps::SetImplicitCredentials(s, *job, AuthTarget::kServer));
  BITSCTS_PROVES("HT-FLAG-3")
    ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kTransferred);

  const steps::Requests requests(s, content.path());
  ASSERT_FALSE(requests.empty())
      << "the job transferred, so the server must have logged a request for " << content.path();
  BITSCTS_PROVES("HT-FLAG-1") EXPECT_TRUE(requests.PresentedOnly(helper.name));
  BITSCTS_PROVES("HT-FLAG-3")
    EXPECT_TRUE(requests.ServedTo(helper.name))
        << "the server must have served the file to " << helper.name;
  const fakeserver::RequestRecord& first = requests.first();
  s.evidence().Note("HT-FLAG-3: the first request for " + content.path() + " presented " +
                    (first.identity.empty() ? std::string("no identity") : first.identity) +
                    " and was answered " + std::to_string(first.status));
  BITSCTS_PROVES("HT-FLAG-3")
    EXPECT_EQ(first.identity, "")
        << "implicit credentials answer a challenge; they do not go with the first request";
  BITSCTS_PROVES("HT-FLAG-3")
    EXPECT_EQ(first.status, 401) << "the first request meets the server's challenge";
  EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

// Without BG_TOKEN_NETWORK the owner's implicit credentials answer the server, even though the job
// holds a helper token: the server sees the owner, who may not read a path only the helper may
// read, and refuses with 403.
BITSCTS_SCENARIO(HelperTokenFlags, WithoutNetworkFlagOwnerIsPresented,
                 {.clauses = {"HT-FLAG-1", "JOB-ERR-7"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities}}) {
  const auto [owner, helper, client] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kAdministrator);
  const Content content = s.NewContent(kSize);
  s.server().Allow(content.path(), {helper.name});
  steps::TokenJob job(s, client);
  ASSERT_TRUE(job.Install(helper));
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), s.LocalPath("owner-identity.bin")), hr::kOk);
  ASSERT_NO_FATAL_FAILURE(steps::SetImplicitCredentials(s, *job, AuthTarget::kServer));
  BITSCTS_PROVES("JOB-ERR-7") ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError);
  BITSCTS_PROVES("HT-FLAG-1", "JOB-ERR-7")
    EXPECT_TRUE(steps::ErrorIs(*job, hr::kHttpError403, ErrorContext::kRemoteFile))
        << "the server refuses the owner's identity";
  const steps::Requests requests(s, content.path());
  BITSCTS_PROVES("HT-FLAG-1") EXPECT_TRUE(requests.PresentedOnly(owner.name)) << "flags are 0";
  BITSCTS_PROVES("HT-FLAG-1")
    EXPECT_TRUE(requests.Presented(owner.name)) << "the server must have seen " << owner.name;
}

// BG_TOKEN_NETWORK without implicit credentials. SetHelperTokenFlags says an application must call
// SetCredentials(..., NULL, NULL) for the helper's credentials to be sent over HTTP; then the
// server sees no identity, and a missing identity ends the job in ERROR with BG_E_HTTP_ERROR_401
// (JOB-ERR-7). The Authentication page (W32-AUTH) also says BITS answers with implicit
// credentials without SetCredentials when LMCompatibilityLevel is 2 or more (or UseLMCompat is
// 0), settings the suite cannot see: then the helper, and only the helper, may answer. Either way
// the owner is never presented, and which reading the target follows is recorded.
BITSCTS_SCENARIO(HelperTokenFlags, NetworkFlagWithoutImplicitCredentialsPresentsNoOwner,
                 {.clauses = {"HT-FLAG-3", "JOB-ERR-7"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities},
                  .records = {"DOC-AMB-14"}}) {
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const Content content = s.NewContent(kSize);
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(HelperOnlyFile(s, job, helper, content, s.LocalPath("no-implicit-credentials.bin")));
  const JobState reached = steps::RunToEndWithoutRetries(s, *job);
  const steps::Requests requests(s, content.path());
  BITSCTS_PROVES("HT-FLAG-3")
    EXPECT_TRUE(requests.PresentedOnly(helper.name))
        << "with BG_TOKEN_NETWORK only the helper may answer";
  BITSCTS_PROVES("HT-FLAG-3")
    ASSERT_FALSE(requests.empty()) << "the job never asked for " << content.path();
  const std::string presented = requests.LastIdentity();
  s.evidence().Note("DOC-AMB-14: without SetCredentials(..., NULL, NULL) the job ended in " +
                    Name(reached) + " and presented " +
                    (presented.empty() ? std::string("no identity") : presented) +
                    (reached == JobState::kError
                         ? " (as SetHelperTokenFlags says)"
                         : " (as the Authentication page's LMCompatibilityLevel rule allows)"));
  if (reached == JobState::kTransferred) {
    BITSCTS_PROVES("HT-FLAG-3")
      EXPECT_FALSE(presented.empty()) << "only the helper may read " << content.path();
    return;
  }
  BITSCTS_PROVES("HT-FLAG-3")
    EXPECT_EQ(presented, "") << "the job failed, so no credentials were sent";
  BITSCTS_PROVES("JOB-ERR-7")
    EXPECT_TRUE(steps::ErrorIs(*job, hr::kHttpError401, ErrorContext::kRemoteFile))
        << "the unanswered challenge is the error";
}

// 1607+: a non-administrator owner sets flags while the installed helper token is not an
// administrator's.
BITSCTS_SCENARIO(HelperTokenFlags, StandardOwnerSetsFlagsOverStandardHelper,
                 {.clauses = {"HT-FLAG-9", "HT-ADM-2"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .builds = steps::k1607Rules}) {
  auto [owner, helper, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kStandardUser);
  ASSERT_TRUE(job.Query());
  BITSCTS_PROVES("HT-FLAG-9")
    EXPECT_EQ(job.options().SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk)
        << "no token installed yet";
  BITSCTS_PROVES("HT-ADM-2") ASSERT_TRUE(job.Install(helper));
  BITSCTS_PROVES("HT-FLAG-9", "HT-ADM-2")
    EXPECT_EQ(job.options().SetHelperTokenFlags(token_usage::kNetwork), hr::kOk)
        << "a standard user's token installed";
  BITSCTS_PROVES("HT-FLAG-9", "HT-ADM-2")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNetwork));
}

// 1607+: once an administrator has installed an administrator's helper token on a standard
// user's job, that owner may no longer change the flags. Installing it needs a non-owner
// administrator to use IBitsTokenOptions (HT-ADM-8, undocumented); if that is refused, the
// precondition is missing.
BITSCTS_SCENARIO(HelperTokenFlags, StandardOwnerCannotSetFlagsOverAdminHelper,
                 {.clauses = {"HT-FLAG-9"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .builds = steps::k1607Rules}) {
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  const Principal admin_helper = s.Provision(PrincipalKind::kAdministrator);
  steps::TokenJob job(s, s.LogOn(owner));

  const auto as_admin = steps::InstallAsOtherAdministrator(s, admin, job->Id(), admin_helper);
  ASSERT_NE(as_admin, nullptr);

  ASSERT_TRUE(job.Query());
  BITSCTS_PROVES("HT-FLAG-9")
    EXPECT_EQ(job.options().SetHelperTokenFlags(token_usage::kLocalFile), hr::kAccessDenied);
  BITSCTS_PROVES("HT-FLAG-9")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNone))
        << "the refused flags were not stored";
}

// BG_TOKEN_NETWORK also covers SMB: a file on a share only the helper may read is refused to the
// owner's job without the flag and read as the helper with it.
BITSCTS_SCENARIO(HelperTokenFlags, NetworkFlagReadsSharesAsTheHelper,
                 {.clauses = {"HT-FLAG-3", "JOB-LIM-3"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kDownload, Feature::kTokenOptions,
                            Feature::kDistinctIdentities, ShareControl::kFeature}}) {
  Caller& owner = steps::TokenOwner(s);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const Content content = s.NewContent(kSize);
  const std::string remote = steps::SharedFile(steps::ShareFor(s, {helper}), "shared.bin", content);

  auto refused = s.CreateJob(owner);
  ASSERT_EQ(refused->AddFile(remote, s.LocalPath("owner-read.bin")), hr::kOk);
  ASSERT_EQ(steps::RunToEndWithoutRetries(s, *refused), JobState::kError)
      << "only " << helper.name << " may read the share";
  EXPECT_TRUE(steps::ErrorIs(*refused, hr::kAccessDenied, ErrorContext::kRemoteFile));

  const std::string local = s.LocalPath("helper-read.bin");
  steps::TokenJob job(s, owner);
  BITSCTS_PROVES("JOB-LIM-3") ASSERT_EQ(job->AddFile(remote, local), hr::kOk);
  ASSERT_TRUE(job.Install(helper, token_usage::kNetwork));
  BITSCTS_PROVES("HT-FLAG-3", "JOB-LIM-3")
    ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred);
  BITSCTS_PROVES("HT-FLAG-3", "JOB-LIM-3") EXPECT_TRUE(steps::Completes(s, *job, local, content));
}

// Another order than BothFlagsTogether: a job with a helper token and BG_TOKEN_NETWORK is given
// both flags. Whatever the target answers, the flags then agree with it: both if it succeeded,
// the network flag alone if it was refused.
BITSCTS_SCENARIO(HelperTokenFlags, BothFlagsOverOneFlagWithToken,
                 {.clauses = {"HT-FLAG-7"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Install(helper, token_usage::kNetwork));
  constexpr std::uint32_t kBoth = token_usage::kLocalFile | token_usage::kNetwork;
  const HResult set = job.options().SetHelperTokenFlags(kBoth);
  s.evidence().Note("HT-FLAG-7: over BG_TOKEN_NETWORK with a helper token, both flags returned " +
                    set.ToString());
  BITSCTS_PROVES("HT-FLAG-7")
    EXPECT_TRUE(set == hr::kOk || set == hr::kInvalidArg || set == hr::kNotImpl) << set;
  BITSCTS_PROVES("HT-FLAG-7")
    EXPECT_TRUE(steps::FlagsAre(job.options(), set.Succeeded() ? kBoth : token_usage::kNetwork))
        << "SetHelperTokenFlags returned " << set;
  BITSCTS_PROVES("HT-FLAG-7")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), helper.sid)) << "the token stays";
}

// Undefined bits mixed with defined ones, on a job with a helper token and BG_TOKEN_NETWORK: each
// value is refused as a whole (E_INVALIDARG or E_NOTIMPL), so neither its defined bits nor its
// undefined ones are stored, and the token stays.
BITSCTS_SCENARIO(HelperTokenFlags, UndefinedBitsBesideDefinedOnesAreRejected,
                 {.clauses = {"HT-FLAG-8"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  steps::TokenJob job(s, steps::TokenOwner(s));
  ASSERT_TRUE(job.Install(helper, token_usage::kNetwork));
  for (const std::uint32_t mixed : {0x5u, 0x7u, 0x8u, 0x101u, 0x7FFFFFFEu}) {
    const HResult set = job.options().SetHelperTokenFlags(mixed);
    s.evidence().Note("HT-FLAG-8: SetHelperTokenFlags(" + TokenUsageName(mixed) + ") returned " +
                      set.ToString());
    BITSCTS_PROVES("HT-FLAG-8")
      EXPECT_TRUE(set == hr::kInvalidArg || set == hr::kNotImpl)
          << TokenUsageName(mixed) << ": " << set;
    BITSCTS_PROVES("HT-FLAG-8")
      EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNetwork))
          << "after " << TokenUsageName(mixed);
  }
  BITSCTS_PROVES("HT-FLAG-8")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), helper.sid)) << "the token stays";
}

// 1607+, a non-administrator owner and helper, the flag set before the token: the owner's job
// into a folder only the owner may write transfers without the flag, and the same job's twin
// with BG_TOKEN_LOCAL_FILE stops with E_ACCESSDENIED in the local-file context, the helper being
// the one that creates the temporary file.
BITSCTS_SCENARIO(HelperTokenFlags, StandardOwnersLocalFileFlagWritesAsHelper,
                 {.clauses = {"HT-FLAG-2"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities, FolderControl::kFeature},
                  .builds = steps::k1607Rules}) {
  const auto [owner, helper, client] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kStandardUser);
  const std::string folder = steps::FolderFor(s, {owner});
  const Content content = s.NewContent(kSize);

  const std::string plain_local = steps::InFolder(folder, "owner-writes.bin");
  auto plain = s.CreateJob(client);
  ASSERT_EQ(plain->AddFile(s.ContentUrl(content), plain_local), hr::kOk);
  ASSERT_EQ(steps::RunToEnd(s, *plain), JobState::kTransferred)
      << "without the flag the owner writes its own folder";
  EXPECT_TRUE(steps::Completes(s, *plain, plain_local, content));

  steps::TokenJob job(s, client);
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), steps::InFolder(folder, "helper-writes.bin")),
            hr::kOk);
  ASSERT_TRUE(job.Query());
  ASSERT_EQ(job.options().SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_TRUE(job.Install(helper));
  BITSCTS_PROVES("HT-FLAG-2")
    ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError)
        << "the helper may not create the temporary file in the owner's folder";
  BITSCTS_PROVES("HT-FLAG-2")
    EXPECT_TRUE(steps::ErrorIs(*job, hr::kAccessDenied, ErrorContext::kLocalFile));
}

// Implicit credentials are an answer to a challenge, never sent unasked: on a path anyone may
// read, a job with a helper token, BG_TOKEN_NETWORK and SetCredentials(NULL, NULL) transfers and
// presents no identity with any request, and neither does its twin without implicit credentials.
BITSCTS_SCENARIO(HelperTokenFlags, UnchallengedRequestsPresentNoIdentity,
                 {.clauses = {"HT-FLAG-3"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities}}) {
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& owner = steps::TokenOwner(s);
  for (const bool implicit : {true, false}) {
    SCOPED_TRACE(implicit ? "with implicit credentials" : "without credentials");
    const Content content = s.NewContent(kSize);
    const std::string local = s.LocalPath(implicit ? "open-implicit.bin" : "open-none.bin");
    steps::TokenJob job(s, owner);
    ASSERT_TRUE(job.Install(helper, token_usage::kNetwork));
    ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk);
    if (implicit) {
      ASSERT_NO_FATAL_FAILURE(steps::SetImplicitCredentials(s, *job, AuthTarget::kServer));
    }
    BITSCTS_PROVES("HT-FLAG-3")
      ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kTransferred);
    const steps::Requests requests(s, content.path());
    ASSERT_FALSE(requests.empty()) << "the job transferred " << content.path();
    BITSCTS_PROVES("HT-FLAG-3")
      EXPECT_EQ(requests.LastIdentity(), "") << "nobody challenged, so nobody was presented";
    BITSCTS_PROVES("HT-FLAG-3")
      EXPECT_EQ(requests.first().identity, "") << "the first request goes without an identity";
    EXPECT_TRUE(steps::Completes(s, *job, local, content));
  }
}

}  // namespace
}  // namespace bitscts
