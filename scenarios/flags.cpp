// HelperTokenFlags: which resources BITS opens as the helper (HT-FLAG).
#include <gtest/gtest.h>

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

constexpr const char* kSetFlagsDoc =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/nf-bits4_0-ibitstokenoptions-sethelpertokenflags";
constexpr const char* kHelperTokensDoc =
    "https://learn.microsoft.com/windows/win32/bits/helper-tokens-for-bits-transfer-jobs";
constexpr std::uint64_t kSize = 4096;

// Makes `*job`: a job of the token owner holding `helper`'s token with BG_TOKEN_NETWORK, whose one
// file is `path` (which the server lets only `helper` read) into `local`. The job is not resumed.
void MakeHelperNetworkJob(Scenario& s, const Principal& helper, const std::string& path, const std::string& local,
                          std::unique_ptr<Job>* job) {
  s.server().Allow(path, {helper.name});
  Caller& owner = steps::TokenOwner(s);
  *job = s.CreateJob(owner);
  auto options = (*job)->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, owner, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  ASSERT_EQ((*job)->AddFile(s.server().Url(path), local), hr::kOk);
}

// A new job has no flags; each flag is stored as set and read back.
BITSCTS_SCENARIO(HelperTokenFlags, EachFlagRoundTrips,
                 {.clauses = {"HT-FLAG-1", "HT-FLAG-10"}, .doc = kSetFlagsDoc, .needs = {Feature::kTokenOptions}}) {
  auto job = s.CreateJob(steps::TokenOwner(s));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  const auto fresh = options.value->GetHelperTokenFlags();
  BITSCTS_PROVES("HT-FLAG-10") ASSERT_EQ(fresh.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-10") EXPECT_EQ(fresh.value, token_usage::kNone) << "a new job has no flags";
  for (const std::uint32_t flag : {token_usage::kLocalFile, token_usage::kNetwork}) {
    BITSCTS_PROVES("HT-FLAG-1") EXPECT_EQ(options.value->SetHelperTokenFlags(flag), hr::kOk) << TokenUsageName(flag);
    const auto read = options.value->GetHelperTokenFlags();
    BITSCTS_PROVES("HT-FLAG-10") ASSERT_EQ(read.hr, hr::kOk);
    BITSCTS_PROVES("HT-FLAG-10") EXPECT_EQ(read.value, flag)
        << "set " << TokenUsageName(flag) << ", read " << TokenUsageName(read.value);
  }
}

// Both flags at once are a set of bit flags by one reading and "one of the values" by another;
// whatever the target answers, the stored flags must agree with it.
BITSCTS_SCENARIO(HelperTokenFlags, BothFlagsTogether,
                 {.clauses = {"HT-FLAG-7"}, .doc = kSetFlagsDoc, .needs = {Feature::kTokenOptions}}) {
  auto job = s.CreateJob(steps::TokenOwner(s));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  constexpr std::uint32_t kBoth = token_usage::kLocalFile | token_usage::kNetwork;
  const HResult set = options.value->SetHelperTokenFlags(kBoth);
  s.evidence().Note("HT-FLAG-7: SetHelperTokenFlags(BG_TOKEN_LOCAL_FILE|BG_TOKEN_NETWORK) returned " + set.ToString());
  const auto read = options.value->GetHelperTokenFlags();
  ASSERT_EQ(read.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-7") EXPECT_EQ(read.value, set.Succeeded() ? kBoth : token_usage::kNone)
      << "SetHelperTokenFlags returned " << set << ", read " << TokenUsageName(read.value);
}

// Undefined bits: the error is undocumented; E_INVALIDARG and E_NOTIMPL (SetNotifyFlags' code for
// unknown flags) are the candidates, and a refused value leaves the flags as they were.
BITSCTS_SCENARIO(HelperTokenFlags, UndefinedBitsAreRejected,
                 {.clauses = {"HT-FLAG-8"}, .doc = kSetFlagsDoc, .needs = {Feature::kTokenOptions}}) {
  auto job = s.CreateJob(steps::TokenOwner(s));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  for (const std::uint32_t undefined : {0x4u, 0x80000000u, 0xFFFFFFFFu}) {
    const HResult set = options.value->SetHelperTokenFlags(undefined);
    s.evidence().Note("HT-FLAG-8: SetHelperTokenFlags(" + TokenUsageName(undefined) + ") returned " + set.ToString());
    BITSCTS_PROVES("HT-FLAG-8") EXPECT_TRUE(set == hr::kInvalidArg || set == hr::kNotImpl)
        << TokenUsageName(undefined) << ": " << set;
    const auto read = options.value->GetHelperTokenFlags();
    ASSERT_EQ(read.hr, hr::kOk);
    BITSCTS_PROVES("HT-FLAG-8") EXPECT_EQ(read.value, token_usage::kLocalFile) << "after " << TokenUsageName(undefined);
  }
}

// Setting the flags to 0 clears flags that were stored.
BITSCTS_SCENARIO(HelperTokenFlags, ZeroClearsFlags,
                 {.clauses = {"HT-FLAG-6"}, .doc = kHelperTokensDoc, .needs = {Feature::kTokenOptions}}) {
  auto job = s.CreateJob(steps::TokenOwner(s));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  const auto set = options.value->GetHelperTokenFlags();
  ASSERT_EQ(set.hr, hr::kOk);
  ASSERT_EQ(set.value, token_usage::kNetwork) << "the flag is stored before it is cleared";
  BITSCTS_PROVES("HT-FLAG-6") EXPECT_EQ(options.value->SetHelperTokenFlags(token_usage::kNone), hr::kOk);
  const auto cleared = options.value->GetHelperTokenFlags();
  ASSERT_EQ(cleared.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-6") EXPECT_EQ(cleared.value, token_usage::kNone) << "0 clears the flags";
}

// Flags may be set before any token exists; a job whose local files need the helper then stops in
// ERROR with BG_E_TOKEN_REQUIRED at transfer time, in one of the candidate contexts (recorded),
// and clearing the flags lets it finish as its owner.
BITSCTS_SCENARIO(HelperTokenFlags, LocalFileFlagWithoutTokenNeedsToken,
                 {.clauses = {"HT-FLAG-12", "HT-CLR-3", "JOB-ERR-4", "HT-LOGOFF-6", "HT-LOGOFF-7"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 301;
  auto job = s.CreateJob(steps::TokenOwner(s));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  const std::string local = s.LocalPath("no-token.bin");
  ASSERT_EQ(job->AddFile(s.ContentUrl(kSeed, kSize), local), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-12") ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk)
      << "flags before any token";
  const auto flags = options.value->GetHelperTokenFlags();
  ASSERT_EQ(flags.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-12") ASSERT_EQ(flags.value, token_usage::kLocalFile);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  EXPECT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-7")
  ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-12") BITSCTS_PROVES("HT-CLR-3") BITSCTS_PROVES("HT-LOGOFF-6") BITSCTS_PROVES("HT-LOGOFF-7")
  EXPECT_EQ(error.value.code, hr::kTokenRequired);
  s.evidence().Note("JOB-ERR-4: BG_E_TOKEN_REQUIRED came with " + Name(error.value.context));
  BITSCTS_PROVES("JOB-ERR-4")
  EXPECT_TRUE(error.value.context == ErrorContext::kGeneralQueueManager ||
              error.value.context == ErrorContext::kLocalFile || error.value.context == ErrorContext::kRemoteFile)
      << error.value.context;

  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNone), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("HT-LOGOFF-7")
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred)
      << "resumed after the flags were cleared";
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// BG_TOKEN_NETWORK without a token on a server that never challenges: whether BITS still demands
// the token there is undocumented (HT-CLR-3) and recorded. The flag is stored without
// a token; a job that errs does so with BG_E_TOKEN_REQUIRED, and one that transfers presented no
// identity, having none to present as the helper, and leaves the flag in place.
BITSCTS_SCENARIO(HelperTokenFlags, NetworkFlagWithoutTokenOnOpenServer,
                 {.clauses = {"HT-FLAG-12"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 302;
  auto job = s.CreateJob(steps::TokenOwner(s));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  const std::string path = fakeserver::ContentPath(kSeed, kSize);
  const std::string local = s.LocalPath("network-no-token.bin");
  ASSERT_EQ(job->AddFile(s.server().Url(path), local), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-12") ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk)
      << "flags before any token";
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  EXPECT_EQ(job->Resume(), hr::kOk);
  const JobState reached = s.AwaitState(*job, {JobState::kError, JobState::kTransferred});
  s.evidence().Note("HT-FLAG-12: BG_TOKEN_NETWORK without a token on an unchallenging server ended in " + Name(reached));
  if (reached == JobState::kError) {
    const auto error = job->Error();
    ASSERT_EQ(error.hr, hr::kOk);
    BITSCTS_PROVES("HT-FLAG-12") EXPECT_EQ(error.value.code, hr::kTokenRequired);
    return;
  }
  bool requested = false;
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    if (request.path != path) continue;
    requested = true;
    BITSCTS_PROVES("HT-FLAG-12") EXPECT_EQ(request.identity, "") << "no helper token, so no identity to present";
  }
  ASSERT_TRUE(requested) << "the job transferred, so the server must have logged a request for " << path;
  const auto flags = options.value->GetHelperTokenFlags();
  ASSERT_EQ(flags.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-12") EXPECT_EQ(flags.value, token_usage::kNetwork) << "the flag stays without a token";
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// BG_TOKEN_NETWORK without a token where the helper's identity is needed: a file on an SMB share
// is read only as the helper (HT-FLAG-3), so the job stops with BG_E_TOKEN_REQUIRED rather than
// reading it as its owner, although everyone may read the share.
BITSCTS_SCENARIO(HelperTokenFlags, NetworkFlagWithoutTokenCannotReadShares,
                 {.clauses = {"HT-FLAG-12", "HT-CLR-3"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload}}) {
  Caller& owner = steps::TokenOwner(s);
  const Share share = steps::ShareFor(s, {});
  steps::WriteContentFile(steps::InFolder(share.local_folder, "open.bin"), 307, kSize);
  auto job = s.CreateJob(owner);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(job->AddFile(share.unc + "\\open.bin", s.LocalPath("share-no-token.bin")), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-12") ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk)
      << "flags before any token";
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  EXPECT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-12") BITSCTS_PROVES("HT-CLR-3")
  ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError)
      << "the share may be read only as the helper, and there is none";
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-12") BITSCTS_PROVES("HT-CLR-3") EXPECT_EQ(error.value.code, hr::kTokenRequired);
}

// Whether AddFile checks the destination folder as the helper once BG_TOKEN_LOCAL_FILE is set is
// undocumented (JOB-LIM-4): of a folder only the helper may write and one only the owner may
// write, exactly one is accepted, and which one is recorded. Either way the download is made as
// the helper (HT-FLAG-2): into the helper's folder, created and renamed there, or stopped with
// E_ACCESSDENIED in the local-file context in the owner's.
BITSCTS_SCENARIO(HelperTokenFlags, LocalFileFlagWritesAsHelper,
                 {.clauses = {"HT-FLAG-2", "HT-FLAG-1", "JOB-LIM-4"},
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 303;
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string helper_local = steps::InFolder(steps::FolderFor(s, {helper}), "helper-only.bin");
  const std::string owner_local = steps::InFolder(steps::FolderFor(s, {owner}), "owner-only.bin");
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, client, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);

  const HResult into_helpers = job->AddFile(s.ContentUrl(kSeed, kSize), helper_local);
  const HResult into_owners = job->AddFile(s.ContentUrl(kSeed, kSize), owner_local);
  s.evidence().Note("JOB-LIM-4: with BG_TOKEN_LOCAL_FILE, AddFile into the helper's folder returned " +
                    into_helpers.ToString() + ", into the owner's " + into_owners.ToString());
  const bool as_helper = into_helpers == hr::kOk;
  BITSCTS_PROVES("JOB-LIM-4")
  ASSERT_TRUE(as_helper ? into_owners == hr::kAccessDenied : into_helpers == hr::kAccessDenied && into_owners == hr::kOk)
      << "AddFile checks the folder as exactly one of the helper and the caller";
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const JobState reached = s.AwaitState(*job, {JobState::kTransferred, JobState::kError});
  if (as_helper) {
    BITSCTS_PROVES("HT-FLAG-2") ASSERT_EQ(reached, JobState::kTransferred) << "the helper creates the temporary file";
    BITSCTS_PROVES("HT-FLAG-2") EXPECT_EQ(job->Complete(), hr::kOk) << "the final rename is made as the helper";
    BITSCTS_PROVES("HT-FLAG-1") EXPECT_EQ(s.VerifyContent(helper_local, kSeed, kSize), "");
    return;
  }
  BITSCTS_PROVES("HT-FLAG-2") ASSERT_EQ(reached, JobState::kError) << "the helper may not create the temporary file";
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-2") BITSCTS_PROVES("HT-FLAG-1") EXPECT_EQ(error.value.code, hr::kAccessDenied);
  EXPECT_EQ(error.value.context, ErrorContext::kLocalFile);
}

// BG_TOKEN_LOCAL_FILE, set after AddFile accepted a folder only the owner may write: the helper
// creates the temporary file and is refused, E_ACCESSDENIED in the local-file context. Clearing
// the flags returns local files to the owner, and the resumed job finishes.
BITSCTS_SCENARIO(HelperTokenFlags, ClearedLocalFileFlagWritesAsOwner,
                 {.clauses = {"HT-FLAG-6", "HT-FLAG-2", "HT-FLAG-1", "JOB-ERR-3"},
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 304;
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string local = steps::InFolder(steps::FolderFor(s, {owner}), "owner-only.bin");
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);
  ASSERT_EQ(job->AddFile(s.ContentUrl(kSeed, kSize), local), hr::kOk) << "the owner may write the folder";
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, client, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-2")
  ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError)
      << "the helper may not create the temporary file";
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-2") EXPECT_EQ(error.value.code, hr::kAccessDenied);
  BITSCTS_PROVES("JOB-ERR-3") EXPECT_EQ(error.value.context, ErrorContext::kLocalFile);

  BITSCTS_PROVES("HT-FLAG-6") ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNone), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-6") BITSCTS_PROVES("HT-FLAG-1")
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred)
      << "without flags the owner writes its own folder";
  EXPECT_EQ(job->Complete(), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-6") EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// BG_TOKEN_NETWORK with implicit credentials: the helper's logon credentials answer the server's
// challenge (SetHelperTokenFlags: "in response to an HTTP server or proxy challenge for implicit
// NTLM or Kerberos credentials"), so the job's first request for a path only the helper may read
// goes without an identity and is challenged, and the server then sees the helper.
BITSCTS_SCENARIO(HelperTokenFlags, NetworkFlagPresentsHelperToServer,
                 {.clauses = {"HT-FLAG-3", "HT-FLAG-1"},
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 305;
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string path = fakeserver::ContentPath(kSeed, kSize);
  const std::string local = s.LocalPath("helper-identity.bin");
  std::unique_ptr<Job> job;
  ASSERT_NO_FATAL_FAILURE(MakeHelperNetworkJob(s, helper, path, local, &job));
  ASSERT_NO_FATAL_FAILURE(steps::SetImplicitCredentials(s, *job, AuthTarget::kServer));
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-3")
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);

  bool served_to_helper = false;
  std::optional<fakeserver::RequestRecord> first;
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    if (request.path != path) continue;
    if (!first) first = request;
    if (request.identity.empty()) continue;
    BITSCTS_PROVES("HT-FLAG-1") EXPECT_TRUE(fakeserver::NamesAccount(request.identity, helper.name))
        << "request presented " << request.identity;
    served_to_helper = served_to_helper || (request.status / 100 == 2 && fakeserver::NamesAccount(request.identity, helper.name));
  }
  BITSCTS_PROVES("HT-FLAG-3") EXPECT_TRUE(served_to_helper) << "the server must have served the file to " << helper.name;
  ASSERT_TRUE(first.has_value()) << "the job transferred, so the server must have logged a request for " << path;
  s.evidence().Note("HT-FLAG-3: the first request for " + path + " presented " +
                    (first->identity.empty() ? std::string("no identity") : first->identity) + " and was answered " +
                    std::to_string(first->status));
  BITSCTS_PROVES("HT-FLAG-3") EXPECT_EQ(first->identity, "")
      << "implicit credentials answer a challenge; they do not go with the first request";
  BITSCTS_PROVES("HT-FLAG-3") EXPECT_EQ(first->status, 401) << "the first request meets the server's challenge";
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// Without BG_TOKEN_NETWORK the owner's implicit credentials answer the server, even though the job
// holds a helper token: the server sees the owner, who may not read a path only the helper may
// read, and refuses with 403.
BITSCTS_SCENARIO(HelperTokenFlags, WithoutNetworkFlagOwnerIsPresented,
                 {.clauses = {"HT-FLAG-1", "JOB-ERR-7"},
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 306;
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string path = fakeserver::ContentPath(kSeed, kSize);
  s.server().Allow(path, {helper.name});
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, client, *options.value, helper), hr::kOk);
  ASSERT_EQ(job->AddFile(s.server().Url(path), s.LocalPath("owner-identity.bin")), hr::kOk);
  ASSERT_NO_FATAL_FAILURE(steps::SetImplicitCredentials(s, *job, AuthTarget::kServer));
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("JOB-ERR-7")
  ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-1") BITSCTS_PROVES("JOB-ERR-7") EXPECT_EQ(error.value.code, hr::kHttpError403)
      << "the server refuses the owner's identity";
  EXPECT_EQ(error.value.context, ErrorContext::kRemoteFile);
  bool owner_presented = false;
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    if (request.path != path || request.identity.empty()) continue;
    BITSCTS_PROVES("HT-FLAG-1") EXPECT_TRUE(fakeserver::NamesAccount(request.identity, owner.name))
        << "flags are 0, yet the request presented " << request.identity;
    owner_presented = owner_presented || fakeserver::NamesAccount(request.identity, owner.name);
  }
  BITSCTS_PROVES("HT-FLAG-1") EXPECT_TRUE(owner_presented) << "the server must have seen " << owner.name;
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
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities},
                  .records = {"DOC-AMB-14"}}) {
  constexpr std::uint64_t kSeed = 308;
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string path = fakeserver::ContentPath(kSeed, kSize);
  std::unique_ptr<Job> job;
  ASSERT_NO_FATAL_FAILURE(MakeHelperNetworkJob(s, helper, path, s.LocalPath("no-implicit-credentials.bin"), &job));
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  const JobState reached = s.AwaitState(*job, {JobState::kError, JobState::kTransferred});
  std::string presented;
  bool asked = false;
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    if (request.path != path) continue;
    asked = true;
    if (request.identity.empty()) continue;
    presented = request.identity;
    BITSCTS_PROVES("HT-FLAG-3") EXPECT_TRUE(fakeserver::NamesAccount(request.identity, helper.name))
        << "with BG_TOKEN_NETWORK only the helper may answer, yet a request presented " << request.identity;
  }
  BITSCTS_PROVES("HT-FLAG-3") ASSERT_TRUE(asked) << "the job never asked for " << path;
  s.evidence().Note("DOC-AMB-14: without SetCredentials(..., NULL, NULL) the job ended in " + Name(reached) +
                    " and presented " + (presented.empty() ? std::string("no identity") : presented) +
                    (reached == JobState::kError ? " (as SetHelperTokenFlags says)"
                                                 : " (as the Authentication page's LMCompatibilityLevel rule allows)"));
  if (reached == JobState::kTransferred) {
    BITSCTS_PROVES("HT-FLAG-3") EXPECT_FALSE(presented.empty()) << "only the helper may read " << path;
    return;
  }
  const Outcome<JobError> error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-3") EXPECT_EQ(presented, "") << "the job failed, so no credentials were sent";
  BITSCTS_PROVES("JOB-ERR-7") EXPECT_EQ(error.value.code, hr::kHttpError401) << "the unanswered challenge is the error";
  BITSCTS_PROVES("JOB-ERR-7") EXPECT_EQ(error.value.context, ErrorContext::kRemoteFile);
}

// 1607+: a non-administrator owner sets flags while the installed helper token is not an
// administrator's.
BITSCTS_SCENARIO(HelperTokenFlags, StandardOwnerSetsFlagsOverStandardHelper,
                 {.clauses = {"HT-FLAG-9", "HT-ADM-2"},
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  if (!steps::Is1607OrLater(s)) s.NotApplicable("non-administrator owners use helper tokens from 1607 on; target is " + steps::RulesName(s));
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-9") EXPECT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk)
      << "no token installed yet";
  BITSCTS_PROVES("HT-ADM-2") ASSERT_EQ(steps::SetHelperTokenAs(s, client, *options.value, helper), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-9") BITSCTS_PROVES("HT-ADM-2")
  EXPECT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk) << "a standard user's token installed";
  const auto flags = options.value->GetHelperTokenFlags();
  BITSCTS_PROVES("HT-ADM-2") ASSERT_EQ(flags.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-9") EXPECT_EQ(flags.value, token_usage::kNetwork);
}

// 1607+: once an administrator has installed an administrator's helper token on a standard
// user's job, that owner may no longer change the flags. Installing it needs a non-owner
// administrator to use IBitsTokenOptions (HT-ADM-8, undocumented); if that is refused, the
// precondition is missing.
BITSCTS_SCENARIO(HelperTokenFlags, StandardOwnerCannotSetFlagsOverAdminHelper,
                 {.clauses = {"HT-FLAG-9"},
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  if (!steps::Is1607OrLater(s)) s.NotApplicable("non-administrator owners use helper tokens from 1607 on; target is " + steps::RulesName(s));
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  const Principal admin_helper = s.Provision(PrincipalKind::kAdministrator);
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);

  Caller& administrator = s.LogOn(admin);
  auto opened = administrator.OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  auto admin_options = opened.value->QueryTokenOptions();
  if (admin_options.hr.Failed()) {
    s.Unsupported("a non-owner administrator cannot query IBitsTokenOptions (HT-ADM-8): " + admin_options.hr.ToString());
  }
  const HResult installed = steps::SetHelperTokenAs(s, administrator, *admin_options.value, admin_helper);
  if (installed.Failed()) {
    s.Unsupported("a non-owner administrator cannot install a helper token (HT-ADM-8): " + installed.ToString());
  }
  const auto sid = admin_options.value->GetHelperTokenSid();
  ASSERT_EQ(sid.hr, hr::kOk);
  ASSERT_EQ(sid.value, admin_helper.sid) << "the administrator's helper token is installed";

  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-9") EXPECT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kAccessDenied);
  const auto flags = options.value->GetHelperTokenFlags();
  ASSERT_EQ(flags.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-9") EXPECT_EQ(flags.value, token_usage::kNone) << "the refused flags were not stored";
}

// BG_TOKEN_NETWORK also covers SMB: a file on a share only the helper may read is refused to the
// owner's job without the flag and read as the helper with it.
BITSCTS_SCENARIO(HelperTokenFlags, NetworkFlagReadsSharesAsTheHelper,
                 {.clauses = {"HT-FLAG-3", "JOB-LIM-3"},
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kDownload, Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  Caller& owner = steps::TokenOwner(s);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const Share share = steps::ShareFor(s, {helper});
  steps::WriteContentFile(steps::InFolder(share.local_folder, "shared.bin"), 330, kSize);
  const std::string remote = share.unc + "\\shared.bin";

  auto refused = s.CreateJob(owner);
  ASSERT_EQ(refused->AddFile(remote, s.LocalPath("owner-read.bin")), hr::kOk);
  ASSERT_EQ(refused->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(refused->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*refused, {JobState::kError, JobState::kTransferred}), JobState::kError)
      << "only " << helper.name << " may read the share";
  const Outcome<JobError> error = refused->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  EXPECT_EQ(error.value.code, hr::kAccessDenied);
  EXPECT_EQ(error.value.context, ErrorContext::kRemoteFile);

  const std::string local = s.LocalPath("helper-read.bin");
  auto job = s.CreateJob(owner);
  BITSCTS_PROVES("JOB-LIM-3") ASSERT_EQ(job->AddFile(remote, local), hr::kOk);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, owner, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-3") BITSCTS_PROVES("JOB-LIM-3")
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-3") BITSCTS_PROVES("JOB-LIM-3") EXPECT_EQ(s.VerifyContent(local, 330, kSize), "");
}

}  // namespace
}  // namespace bitscts
