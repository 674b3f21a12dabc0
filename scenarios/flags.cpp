// HelperTokenFlags: which resources BITS opens as the helper (HT-FLAG).
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bitscts/fakeserver/content.h"
#include "bitscts/scenario.h"
#include "token_steps.h"

namespace bitscts {
namespace {

constexpr const char* kSetFlagsDoc =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/nf-bits4_0-ibitstokenoptions-sethelpertokenflags";
constexpr const char* kHelperTokensDoc =
    "https://learn.microsoft.com/windows/win32/bits/helper-tokens-for-bits-transfer-jobs";
constexpr std::uint64_t kSize = 4096;

BITSCTS_SCENARIO(HelperTokenFlags, EachFlagRoundTrips,
                 {.clauses = {"HT-FLAG-1", "HT-FLAG-10"}, .doc = kSetFlagsDoc, .needs = {Feature::kTokenOptions}}) {
  auto job = s.CreateJob(steps::TokenOwner(s));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  for (const std::uint32_t flag : {token_usage::kLocalFile, token_usage::kNetwork}) {
    EXPECT_EQ(options.value->SetHelperTokenFlags(flag), hr::kOk) << TokenUsageName(flag);
    const auto read = options.value->GetHelperTokenFlags();
    EXPECT_EQ(read.hr, hr::kOk);
    EXPECT_EQ(read.value, flag) << "set " << TokenUsageName(flag) << ", read " << TokenUsageName(read.value);
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
  EXPECT_EQ(read.hr, hr::kOk);
  EXPECT_EQ(read.value, set.Succeeded() ? kBoth : token_usage::kNone) << "read " << TokenUsageName(read.value);
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
    EXPECT_TRUE(set == hr::kInvalidArg || set == hr::kNotImpl) << TokenUsageName(undefined) << ": " << set;
    s.evidence().Note("HT-FLAG-8: SetHelperTokenFlags(" + TokenUsageName(undefined) + ") returned " + set.ToString());
    EXPECT_EQ(options.value->GetHelperTokenFlags().value, token_usage::kLocalFile) << "after " << TokenUsageName(undefined);
  }
}

BITSCTS_SCENARIO(HelperTokenFlags, ZeroClearsFlags,
                 {.clauses = {"HT-FLAG-6"}, .doc = kHelperTokensDoc, .needs = {Feature::kTokenOptions}}) {
  auto job = s.CreateJob(steps::TokenOwner(s));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  EXPECT_EQ(options.value->SetHelperTokenFlags(token_usage::kNone), hr::kOk) << "0 clears the flags";
  EXPECT_EQ(options.value->GetHelperTokenFlags().value, token_usage::kNone);
}

// Flags may be set before any token exists; a job whose local files need the helper then stops in
// ERROR with BG_E_TOKEN_REQUIRED at transfer time, and clearing the flags lets it finish as its
// owner. The error context is undocumented and recorded.
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
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk) << "flags before any token";
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  EXPECT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  EXPECT_EQ(error.value.code, hr::kTokenRequired);
  EXPECT_TRUE(error.value.context == ErrorContext::kGeneralQueueManager ||
              error.value.context == ErrorContext::kLocalFile || error.value.context == ErrorContext::kRemoteFile)
      << error.value.context;
  s.evidence().Note("JOB-ERR-4: BG_E_TOKEN_REQUIRED came with " + Name(error.value.context));

  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNone), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// BG_TOKEN_NETWORK without a token on a server that never challenges: whether BITS still demands
// the token is undocumented (spec section 4 Q10); either outcome is recorded, nothing else passes.
BITSCTS_SCENARIO(HelperTokenFlags, NetworkFlagWithoutTokenOnOpenServer,
                 {.clauses = {"HT-FLAG-12"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload}}) {
  constexpr std::uint64_t kSeed = 302;
  auto job = s.CreateJob(steps::TokenOwner(s));
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(job->AddFile(s.ContentUrl(kSeed, kSize), s.LocalPath("network-no-token.bin")), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  EXPECT_EQ(job->Resume(), hr::kOk);
  const JobState reached = s.AwaitState(*job, {JobState::kError, JobState::kTransferred});
  if (reached == JobState::kError) {
    EXPECT_EQ(job->Error().value.code, hr::kTokenRequired);
  }
  s.evidence().Note("HT-FLAG-12: BG_TOKEN_NETWORK without a token on an unchallenging server ended in " + Name(reached));
}

// BG_TOKEN_LOCAL_FILE: the temporary file is created and renamed as the helper, so the download
// lands in a folder only the helper may write. Whether AddFile checks that folder as the helper
// too is undocumented (JOB-LIM-4) and recorded.
BITSCTS_SCENARIO(HelperTokenFlags, LocalFileFlagWritesAsHelper,
                 {.clauses = {"HT-FLAG-2", "HT-FLAG-1", "JOB-LIM-4", "JOB-STATE-6"},
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 303;
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string folder = steps::FolderFor(s, {helper});
  Caller& owner = steps::TokenOwner(s);
  auto job = s.CreateJob(owner);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, owner, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);

  const std::string local = steps::InFolder(folder, "helper-only.bin");
  const HResult added = job->AddFile(s.ContentUrl(kSeed, kSize), local);
  EXPECT_TRUE(added == hr::kOk || added == hr::kAccessDenied) << added;
  s.evidence().Note("JOB-LIM-4: AddFile into a helper-only folder with BG_TOKEN_LOCAL_FILE returned " + added.ToString());
  if (added == hr::kAccessDenied) {
    s.Unsupported("AddFile checks the destination as the caller (JOB-LIM-4), so a helper-only folder cannot be named");
  }
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk) << "the final rename is made as the helper";
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// Clearing BG_TOKEN_LOCAL_FILE returns local files to the owner, who may not write to the
// helper's folder: the job stops with an access error in the local-file context.
BITSCTS_SCENARIO(HelperTokenFlags, ClearedLocalFileFlagWritesAsOwner,
                 {.clauses = {"HT-FLAG-6", "HT-FLAG-1", "JOB-ERR-3"},
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 304;
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string folder = steps::FolderFor(s, {helper});
  Caller& owner = steps::TokenOwner(s);
  auto job = s.CreateJob(owner);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, owner, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  const HResult added = job->AddFile(s.ContentUrl(kSeed, kSize), steps::InFolder(folder, "owner-denied.bin"));
  if (added == hr::kAccessDenied) {
    s.Unsupported("AddFile checks the destination as the caller (JOB-LIM-4), so a helper-only folder cannot be named");
  }
  ASSERT_EQ(added, hr::kOk);

  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNone), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  EXPECT_EQ(error.value.code, hr::kAccessDenied);
  EXPECT_EQ(error.value.context, ErrorContext::kLocalFile);
}

// BG_TOKEN_NETWORK: the server sees the helper's identity, on a path only the helper may read.
BITSCTS_SCENARIO(HelperTokenFlags, NetworkFlagPresentsHelperToServer,
                 {.clauses = {"HT-FLAG-3", "HT-FLAG-1"},
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 305;
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string path = fakeserver::ContentPath(kSeed, kSize);
  s.server().Allow(path, {helper.name});
  Caller& owner = steps::TokenOwner(s);
  auto job = s.CreateJob(owner);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, owner, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  const std::string local = s.LocalPath("helper-identity.bin");
  ASSERT_EQ(job->AddFile(s.server().Url(path), local), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);

  bool served_to_helper = false;
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    if (request.path != path || request.identity.empty()) continue;
    EXPECT_TRUE(steps::IsIdentity(request.identity, helper.name)) << "request presented " << request.identity;
    served_to_helper = served_to_helper || (request.status / 100 == 2 && steps::IsIdentity(request.identity, helper.name));
  }
  EXPECT_TRUE(served_to_helper) << "the server must have served the file to " << helper.name;
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, kSeed, kSize), "");
}

// Without BG_TOKEN_NETWORK the owner is presented, even though the job holds a helper token, and
// a path only the helper may read is refused (401 or 403).
BITSCTS_SCENARIO(HelperTokenFlags, WithoutNetworkFlagOwnerIsPresented,
                 {.clauses = {"HT-FLAG-1", "JOB-ERR-7"},
                  .doc = kSetFlagsDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDownload, Feature::kDistinctIdentities}}) {
  constexpr std::uint64_t kSeed = 306;
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string path = fakeserver::ContentPath(kSeed, kSize);
  s.server().Allow(path, {helper.name});
  Caller& owner = steps::TokenOwner(s);
  auto job = s.CreateJob(owner);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, owner, *options.value, helper), hr::kOk);
  ASSERT_EQ(job->AddFile(s.server().Url(path), s.LocalPath("owner-identity.bin")), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const auto error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  EXPECT_TRUE(error.value.code == hr::kHttpError401 || error.value.code == hr::kHttpError403) << error.value.code;
  EXPECT_EQ(error.value.context, ErrorContext::kRemoteFile);
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    if (request.path == path) {
      EXPECT_FALSE(steps::IsIdentity(request.identity, helper.name)) << "flags are 0";
    }
  }
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
  EXPECT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk) << "no token installed yet";
  ASSERT_EQ(steps::SetHelperTokenAs(s, client, *options.value, helper), hr::kOk);
  EXPECT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk) << "a standard user's token installed";
  EXPECT_EQ(options.value->GetHelperTokenFlags().value, token_usage::kNetwork);
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

  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  EXPECT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kAccessDenied);
  EXPECT_EQ(options.value->GetHelperTokenFlags().value, token_usage::kNone) << "the refused flags were not stored";
}

// BG_TOKEN_NETWORK also covers SMB: a file on a share only the helper may read is read as the
// helper when the flag is set, and refused to the owner's job without it.
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
  ASSERT_EQ(job->AddFile(remote, local), hr::kOk);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, owner, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  EXPECT_EQ(s.VerifyContent(local, 330, kSize), "");
}

}  // namespace
}  // namespace bitscts
