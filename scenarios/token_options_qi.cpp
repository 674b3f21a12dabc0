// TokenOptionsQi: whether and how a job answers QueryInterface for IBitsTokenOptions.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "bitscts/scenario.h"
#include "bitscts/windows_build.h"
#include "docs.h"
#include "steps/access_rules.h"
#include "steps/helper_token.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

constexpr std::uint64_t kSize = 4096;

// Checks that `options`, obtained by the job's creator, works as IBitsTokenOptions: its flags read
// back as a set of BG_TOKEN_* bits. Before 1607 a creator that is no administrator is refused the
// read (HT-ADM-1), which says nothing about the interface.
void ExpectWorkingTokenOptions(Scenario& s, TokenOptions& options) {
  const auto flags = options.GetHelperTokenFlags();
  if (!steps::Is1607OrLater(s) && flags.hr == hr::kAccessDenied) return;
  ASSERT_EQ(flags.hr, hr::kOk) << "GetHelperTokenFlags on the interface QueryInterface returned";
  EXPECT_EQ(flags.value & ~(token_usage::kLocalFile | token_usage::kNetwork), 0u)
      << "GetHelperTokenFlags answered " << TokenUsageName(flags.value)
      << ", not a set of BG_TOKEN_* flags";
}

// A job of BITS 4.0 and later answers QueryInterface for IBitsTokenOptions.
BITSCTS_SCENARIO(TokenOptionsQi, OwnJobAnswersQuery,
                 {.clauses = {"HT-IF-1", "HT-VER-2"},
                  .doc = docs::kTokenOptions,
                  .needs = {Feature::kTokenOptions}}) {
  auto job = s.CreateJob(s.caller());
  auto options = job->QueryTokenOptions();
  BITSCTS_PROVES("HT-IF-1", "HT-VER-2") ASSERT_EQ(options.hr, hr::kOk);
  BITSCTS_PROVES("HT-IF-1") ASSERT_NE(options.value, nullptr);
  EXPECT_EQ(options.value->GetHelperTokenFlags().hr, hr::kOk)
      << "the interface must be usable by the owner";
}

// Before BITS 4.0 (and on Wine) a job has no IBitsTokenOptions.
BITSCTS_SCENARIO(TokenOptionsQi, AbsentBeforeBits4,
                 {.clauses = {"HT-IF-3", "HT-IF-6"},
                  .doc = docs::kWhatsNew,
                  .needs = {Feature::kDownload},
                  .unless = {Feature::kBits4}}) {
  auto job = s.CreateJob(s.caller());
  auto options = job->QueryTokenOptions();
  BITSCTS_PROVES("HT-IF-3", "HT-IF-6") EXPECT_EQ(options.hr, hr::kNoInterface);
  BITSCTS_PROVES("HT-IF-3")
    EXPECT_EQ(options.value, nullptr) << "a failed QueryInterface leaves no interface";
}

// The version test by class (BITS 4.0 or not) and the one by interface (a job's IBitsTokenOptions,
// which must then work) agree.
BITSCTS_SCENARIO(TokenOptionsQi, ClassVersionAgreesWithInterface,
                 {.clauses = {"HT-VER-1", "HT-VER-2"},
                  .doc = docs::kDeterminingTheVersion,
                  .needs = {Feature::kDownload}}) {
  const Probe bits4 = s.Capability(Feature::kBits4);
  auto job = s.CreateJob(s.caller());
  const auto options = job->QueryTokenOptions();
  BITSCTS_PROVES("HT-VER-1", "HT-VER-2")
    EXPECT_EQ(options.hr.Succeeded(), bits4.available)
        << "the versioned classes say " << bits4.evidence << ", the job's QueryInterface says "
        << options.hr;
  if (options.hr.Succeeded()) ExpectWorkingTokenOptions(s, *options.value);
}

// The versioned BackgroundCopyManager classes that activate are those of the installed BITS
// and every older one, the newest being the BITS version the target reports; each newer one
// answers REGDB_E_CLASSNOTREG. The BITS 4.0 class, that of IBitsTokenOptions, activates exactly
// when a job answers QueryInterface for a working interface.
BITSCTS_SCENARIO(TokenOptionsQi, VersionedClassesUpToTheInstalledOne,
                 {.clauses = {"HT-VER-1", "HT-IF-3"},
                  .doc = docs::kDeterminingTheVersion,
                  .needs = {Feature::kDownload}}) {
  static constexpr const char* kVersions[] = {"1.0", "1.5", "2.0",  "2.5",  "3.0",
                                              "4.0", "5.0", "10.1", "10.2", "10.3"};
  std::string first_missing;
  std::string newest;
  bool bits4_class = false;
  for (const std::string version : kVersions) {
    const HResult activated = s.target().ActivateManagerClass(version);
    std::string suffix = version == "1.0" ? "" : version;
    std::replace(suffix.begin(), suffix.end(), '.', '_');
    s.evidence().Call("CoCreateInstance(CLSID_BackgroundCopyManager" + suffix + ")", activated);
    if (version == "4.0") bits4_class = activated.Succeeded();
    if (activated.Failed()) {
      BITSCTS_PROVES("HT-VER-1")
        EXPECT_EQ(activated, hr::kClassNotRegistered) << "BITS " << version;
      if (first_missing.empty()) first_missing = version;
      continue;
    }
    newest = version;
    BITSCTS_PROVES("HT-VER-1")
      EXPECT_EQ(first_missing, "")
          << "BITS " << version << " activates although the older " << first_missing << " does not";
  }
  BITSCTS_PROVES("HT-VER-1")
    EXPECT_EQ(newest, s.target().Description().bits_version) << "the newest class that activates";
  auto job = s.CreateJob(s.caller());
  const auto options = job->QueryTokenOptions();
  BITSCTS_PROVES("HT-VER-1", "HT-IF-3")
    EXPECT_EQ(options.hr.Succeeded(), bits4_class)
        << "QueryInterface(IID_IBitsTokenOptions) returned " << options.hr;
  if (options.hr.Succeeded()) {
    ExpectWorkingTokenOptions(s, *options.value);
  } else {
    BITSCTS_PROVES("HT-IF-3") EXPECT_EQ(options.hr, hr::kNoInterface);
    BITSCTS_PROVES("HT-IF-3") EXPECT_EQ(options.value, nullptr);
  }
}

// The access check happens at QueryInterface: a pointer obtained as the owner keeps working while
// the thread impersonates the helper, as the documented sample relies on for its flags call.
BITSCTS_SCENARIO(TokenOptionsQi, OwnersPointerServesWhileImpersonatingHelper,
                 {.clauses = {"HT-QI-1", "HT-IMP-7", "HT-SET-1"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  auto [owner, helper, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kAdministrator);
  ASSERT_TRUE(job.Query());

  steps::Impersonate(s, client, helper);
  const HResult set = job.options().SetHelperToken();
  const HResult set_flags = job.options().SetHelperTokenFlags(token_usage::kLocalFile);
  const auto flags = job.options().GetHelperTokenFlags();
  client.RevertToSelf();

  BITSCTS_PROVES("HT-QI-1", "HT-SET-1") EXPECT_EQ(set, hr::kOk);
  BITSCTS_PROVES("HT-QI-1", "HT-IMP-7") EXPECT_EQ(set_flags, hr::kOk);
  BITSCTS_PROVES("HT-IMP-7") ASSERT_EQ(flags.hr, hr::kOk);
  BITSCTS_PROVES("HT-IMP-7")
    EXPECT_EQ(flags.value, token_usage::kLocalFile) << "got " << TokenUsageName(flags.value);
  BITSCTS_PROVES("HT-SET-1")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), helper.sid))
        << "the helper token is the identity impersonated during SetHelperToken";
}

// 1607+: a non-administrator owner queries the interface as itself, then impersonates its
// non-administrator helper: the QueryInterface-time SID matched the owner, so every call works,
// the flags call made while still impersonating too, as in the documented sample (HT-IMP-7). A
// check per call against the thread's identity (the helper, neither owner nor administrator)
// would refuse both (HT-QI-1).
BITSCTS_SCENARIO(TokenOptionsQi, StandardOwnerQueriesBeforeImpersonating,
                 {.clauses = {"HT-QI-2", "HT-QI-4", "HT-SET-5", "HT-ADM-2", "HT-IF-1", "HT-QI-1",
                              "HT-IMP-7"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .builds = steps::k1607Rules}) {
  auto [owner, helper, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kStandardUser);
  BITSCTS_PROVES("HT-QI-2", "HT-QI-4", "HT-IF-1")
    ASSERT_TRUE(job.Query()) << "the thread SID equals the owner's at QueryInterface";

  steps::Impersonate(s, client, helper);
  const HResult set = job.options().SetHelperToken();
  const HResult set_flags = job.options().SetHelperTokenFlags(token_usage::kNetwork);
  client.RevertToSelf();

  BITSCTS_PROVES("HT-SET-5", "HT-QI-4", "HT-QI-1") EXPECT_EQ(set, hr::kOk);
  BITSCTS_PROVES("HT-ADM-2", "HT-QI-1", "HT-IMP-7") EXPECT_EQ(set_flags, hr::kOk);
  BITSCTS_PROVES("HT-ADM-2") EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNetwork));
  BITSCTS_PROVES("HT-SET-5", "HT-ADM-2") EXPECT_TRUE(steps::HelperSidIs(job.options(), helper.sid));
}

// 1607+: a QueryInterface made while impersonating the helper presents the helper's SID, not the
// owner's, so a non-administrator is refused; where the refusal surfaces is undocumented.
BITSCTS_SCENARIO(TokenOptionsQi, QueryWhileImpersonatingHelperIsRefused,
                 {.clauses = {"HT-QI-3", "HT-QI-4"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities},
                  .builds = {.from = builds::kWindows1607,
                             .why = "the QueryInterface-time SID rule is a 1607+ rule"}}) {
  auto [owner, helper, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kStandardUser);

  steps::Impersonate(s, client, helper);
  auto options = job->QueryTokenOptions();
  HResult set = hr::kOk;
  if (options.hr.Succeeded()) set = options.value->SetHelperToken();
  client.RevertToSelf();

  if (options.hr.Failed()) {
    BITSCTS_PROVES("HT-QI-3", "HT-QI-4")
      EXPECT_EQ(options.hr, hr::kAccessDenied) << "QueryInterface as the helper";
    EXPECT_EQ(options.value, nullptr);
    s.evidence().Note("HT-QI-3: the target refused at QueryInterface with " +
                      options.hr.ToString());
  } else {
    BITSCTS_PROVES("HT-QI-3", "HT-QI-4")
      EXPECT_EQ(set, hr::kAccessDenied)
          << "QueryInterface as the helper succeeded, so SetHelperToken must refuse";
    s.evidence().Note("HT-QI-3: QueryInterface succeeded; SetHelperToken returned " +
                      set.ToString());
  }
  ASSERT_TRUE(job.Query()) << "as the owner";
  BITSCTS_PROVES("HT-QI-4")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), std::nullopt))
        << "the refused call installed no token";
}

// What another principal got from a job whose owner's thread impersonated it: its QueryInterface
// for IBitsTokenOptions, each method it then called if that succeeded, and what the owner read
// afterwards.
struct ForeignUse {
  std::string who;
  HResult query = hr::kOk;
  bool pointer = false;
  HResult set_token = hr::kAccessDenied;
  HResult set_flags = hr::kAccessDenied;
  HResult get_flags = hr::kAccessDenied;
  HResult get_sid = hr::kAccessDenied;
  HResult clear = hr::kAccessDenied;
  testing::AssertionResult unchanged = testing::AssertionSuccess();
};

// Creates a job as a new principal of kind `owner_kind`, lets a new principal of kind
// `intruder_kind` query it (the owner's thread impersonating the intruder, the only way a
// non-administrator reaches another user's job) and call every IBitsTokenOptions method, then
// reads the job's token and flags as the owner where the build lets it.
ForeignUse UseAsAnother(Scenario& s, PrincipalKind owner_kind, PrincipalKind intruder_kind) {
  const Principal owner = s.Provision(owner_kind);
  const Principal intruder = s.Provision(intruder_kind);
  Caller& client = s.LogOn(owner);
  steps::TokenJob job(s, client);
  ForeignUse use{.who = Name(intruder_kind) + " on the job of " + owner.name + " (" +
                        Name(owner_kind) + "), " + steps::RulesName(s)};

  steps::Impersonate(s, client, intruder);
  auto options = job->QueryTokenOptions();
  use.query = options.hr;
  use.pointer = options.value != nullptr;
  if (options.hr.Succeeded() && options.value != nullptr) {
    use.set_token = options.value->SetHelperToken();
    use.set_flags = options.value->SetHelperTokenFlags(token_usage::kLocalFile);
    use.get_flags = options.value->GetHelperTokenFlags().hr;
    use.get_sid = options.value->GetHelperTokenSid().hr;
    use.clear = options.value->ClearHelperToken();
  }
  client.RevertToSelf();
  s.evidence().Note("HT-QI-3: " + use.who + ": QueryInterface " + use.query.ToString() +
                    (options.hr.Succeeded()
                         ? ", SetHelperToken " + use.set_token.ToString() +
                               ", SetHelperTokenFlags " + use.set_flags.ToString() +
                               ", GetHelperTokenFlags " + use.get_flags.ToString() +
                               ", GetHelperTokenSid " + use.get_sid.ToString() +
                               ", ClearHelperToken " + use.clear.ToString()
                         : std::string()));

  if (owner_kind == PrincipalKind::kAdministrator || steps::Is1607OrLater(s)) {
    if (testing::AssertionResult queried = job.Query(); !queried) {
      use.unchanged = queried;
    } else if (testing::AssertionResult sid = steps::HelperSidIs(job.options(), std::nullopt);
               !sid) {
      use.unchanged = sid << " (the refused calls installed a token)";
    } else if (testing::AssertionResult flags = steps::FlagsAre(job.options(), token_usage::kNone);
               !flags) {
      use.unchanged = flags << " (the refused calls set flags)";
    }
  }
  return use;
}

// Returns success if `use` was refused with E_ACCESSDENIED, at QueryInterface (no interface) or
// at SetHelperToken, SetHelperTokenFlags, GetHelperTokenFlags and GetHelperTokenSid.
testing::AssertionResult RefusedAtQueryOrMethods(const ForeignUse& use) {
  if (use.query.Failed()) {
    if (use.query != hr::kAccessDenied) {
      return testing::AssertionFailure()
             << use.who << ": QueryInterface returned " << use.query << ", not E_ACCESSDENIED";
    }
    if (use.pointer) {
      return testing::AssertionFailure() << use.who << ": a refused QueryInterface returned an "
                                         << "interface";
    }
    return testing::AssertionSuccess();
  }
  for (const auto& [method, result] :
       {std::pair<const char*, HResult>{"SetHelperToken", use.set_token},
        {"SetHelperTokenFlags", use.set_flags},
        {"GetHelperTokenFlags", use.get_flags},
        {"GetHelperTokenSid", use.get_sid}}) {
    if (result != hr::kAccessDenied) {
      return testing::AssertionFailure() << use.who << ": QueryInterface succeeded and " << method
                                         << " returned " << result << ", not E_ACCESSDENIED";
    }
  }
  return testing::AssertionSuccess();
}

// Every side of the QueryInterface check for callers without administrator rights, before 1607
// and after: a standard user and a UAC-filtered administrator (HT-ADM-4 reading: no
// administrator) that do not own the job of an administrator, or of another standard user, are
// refused IBitsTokenOptions on it, at QueryInterface or at every method, with E_ACCESSDENIED.
BITSCTS_SCENARIO(TokenOptionsQi, OtherNonAdministratorRefusedOnAnyOwnersJob,
                 {.clauses = {"HT-QI-2", "HT-QI-3", "HT-CLR-5"},
                  .doc = docs::kHelperTokens,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  for (const PrincipalKind owner : {PrincipalKind::kAdministrator, PrincipalKind::kStandardUser}) {
    for (const PrincipalKind intruder :
         {PrincipalKind::kStandardUser, PrincipalKind::kFilteredAdministrator}) {
      const ForeignUse use = UseAsAnother(s, owner, intruder);
      BITSCTS_PROVES("HT-QI-3") EXPECT_TRUE(RefusedAtQueryOrMethods(use));
      if (steps::Is1607OrLater(s)) {
        BITSCTS_PROVES("HT-QI-2")
          EXPECT_EQ(use.clear, hr::kAccessDenied) << use.who << ": ClearHelperToken";
        BITSCTS_PROVES("HT-QI-2") EXPECT_TRUE(use.unchanged);
      } else {
        BITSCTS_PROVES("HT-CLR-5")
          EXPECT_EQ(use.clear, hr::kAccessDenied) << use.who << ": ClearHelperToken";
        EXPECT_TRUE(use.unchanged);
      }
    }
  }
}

// Another administrator opens an administrator's job that has a helper token and flags. Whether
// it may use IBitsTokenOptions there is undocumented (HT-ADM-8): a refusal must be
// E_ACCESSDENIED, and an interface it gets must show the job's own token and flags.
BITSCTS_SCENARIO(TokenOptionsQi, OtherAdministratorReadsAdministratorsJob,
                 {.clauses = {"HT-ADM-8"},
                  .doc = docs::kTokenOptions,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  auto [owner, helper, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kAdministrator);
  ASSERT_TRUE(job.Install(helper, token_usage::kLocalFile));
  const Principal other = s.Provision(PrincipalKind::kAdministrator);
  auto opened = s.LogOn(other).OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk) << "an administrator opens other users' jobs";

  auto options = opened.value->QueryTokenOptions();
  std::string note =
      "HT-ADM-8: QueryInterface by another administrator on an administrator's "
      "job, " +
      steps::RulesName(s) + ", returned " + options.hr.ToString();
  BITSCTS_PROVES("HT-ADM-8")
    EXPECT_TRUE(options.hr == hr::kOk || options.hr == hr::kAccessDenied) << options.hr;
  if (options.hr.Succeeded()) {
    const auto flags = options.value->GetHelperTokenFlags();
    const auto sid = options.value->GetHelperTokenSid();
    note +=
        "; GetHelperTokenFlags " + flags.hr.ToString() + ", GetHelperTokenSid " + sid.hr.ToString();
    BITSCTS_PROVES("HT-ADM-8")
      EXPECT_TRUE(flags.hr == hr::kOk || flags.hr == hr::kAccessDenied) << flags.hr;
    BITSCTS_PROVES("HT-ADM-8")
      EXPECT_TRUE(sid.hr == hr::kOk || sid.hr == hr::kAccessDenied) << sid.hr;
    if (flags.hr.Succeeded()) {
      BITSCTS_PROVES("HT-ADM-8")
        EXPECT_EQ(flags.value, token_usage::kLocalFile)
            << "the owner's flags; got " << TokenUsageName(flags.value);
    }
    if (sid.hr.Succeeded()) {
      BITSCTS_PROVES("HT-ADM-8")
        EXPECT_EQ(sid.value, std::optional<std::string>(helper.sid)) << "the owner's helper";
    }
  }
  s.evidence().Note(note);
  BITSCTS_PROVES("HT-ADM-8")
    EXPECT_TRUE(steps::HelperSidIs(job.options(), helper.sid))
        << "the owner still sees its helper token";
}

// Returns success if a principal of kind `opener`, when it opens a new job of a principal of kind
// `creator`, is refused with E_ACCESSDENIED and no job.
testing::AssertionResult CannotOpenJobOf(Scenario& s, PrincipalKind creator, PrincipalKind opener) {
  const Principal owner = s.Provision(creator);
  const Principal other = s.Provision(opener);
  auto job = s.CreateJob(s.LogOn(owner));
  auto opened = s.LogOn(other).OpenJob(job->Id());
  if (opened.hr != hr::kAccessDenied) {
    return testing::AssertionFailure()
           << "OpenJob by " << Name(opener) << " returned " << opened.hr << ", not E_ACCESSDENIED";
  }
  if (opened.value != nullptr)
    return testing::AssertionFailure() << "a refused OpenJob returned a job";
  return testing::AssertionSuccess();
}

// A standard user cannot reach another user's job at all, so it can never ask it for
// IBitsTokenOptions.
BITSCTS_SCENARIO(TokenOptionsQi, AnotherStandardUserCannotOpenTheJob,
                 {.clauses = {"HT-ADM-7"},
                  .doc = docs::kCreateJob,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  BITSCTS_PROVES("HT-ADM-7")
    EXPECT_TRUE(CannotOpenJobOf(s, PrincipalKind::kStandardUser, PrincipalKind::kStandardUser));
}

// An administrator may change another user's job: a file it adds to a standard user's job is
// transferred. Whether it may also use IBitsTokenOptions there is undocumented (HT-ADM-8): a
// refusal must be E_ACCESSDENIED, and an interface it gets must read the job's flags, none.
BITSCTS_SCENARIO(TokenOptionsQi, AdministratorQueriesAnotherUsersJob,
                 {.clauses = {"HT-ADM-8", "HT-ADM-7"},
                  .doc = docs::kTokenOptions,
                  .needs = {Feature::kTokenOptions, Feature::kDownload,
                            Feature::kDistinctIdentities}}) {
  const Content content = s.NewContent(kSize);
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  auto job = s.CreateJob(s.LogOn(owner));
  auto opened = s.LogOn(admin).OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk) << "an administrator opens other users' jobs";
  const std::string local = s.LocalPath("added-by-admin.bin");
  BITSCTS_PROVES("HT-ADM-7")
    ASSERT_EQ(opened.value->AddFile(s.ContentUrl(content), local), hr::kOk);

  auto options = opened.value->QueryTokenOptions();
  std::string note =
      "HT-ADM-8: QueryInterface by a non-owner administrator returned " + options.hr.ToString();
  BITSCTS_PROVES("HT-ADM-8")
    EXPECT_TRUE(options.hr == hr::kOk || options.hr == hr::kAccessDenied) << options.hr;
  if (options.hr.Succeeded()) {
    const auto flags = options.value->GetHelperTokenFlags();
    note += "; GetHelperTokenFlags then returned " + flags.hr.ToString();
    BITSCTS_PROVES("HT-ADM-8")
      EXPECT_TRUE(flags.hr == hr::kOk || flags.hr == hr::kAccessDenied) << flags.hr;
    if (flags.hr.Succeeded()) {
      BITSCTS_PROVES("HT-ADM-8")
        EXPECT_EQ(flags.value, token_usage::kNone)
            << "the owner set no flags; got " << TokenUsageName(flags.value);
    }
  }
  s.evidence().Note(note);

  ASSERT_EQ(steps::RunToEnd(s, *opened.value), JobState::kTransferred);
  BITSCTS_PROVES("HT-ADM-7")
    EXPECT_TRUE(steps::Completes(s, *opened.value, local, content))
        << "the file the administrator added was transferred";
}

// UAC: a job created by a token of higher integrity (LocalSystem) cannot be opened from an
// elevated administrator's context.
BITSCTS_SCENARIO(TokenOptionsQi, AdministratorCannotOpenLocalSystemJob,
                 {.clauses = {"HT-ADM-5"},
                  .doc = docs::kUserAccountControl,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  BITSCTS_PROVES("HT-ADM-5")
    EXPECT_TRUE(CannotOpenJobOf(s, PrincipalKind::kLocalSystem, PrincipalKind::kAdministrator));
}

// UAC: a job created by a service account (NetworkService, whose token has the system integrity
// level) cannot be opened from an elevated administrator's context either.
BITSCTS_SCENARIO(TokenOptionsQi, AdministratorCannotOpenNetworkServiceJob,
                 {.clauses = {"HT-ADM-5"},
                  .doc = docs::kUserAccountControl,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  BITSCTS_PROVES("HT-ADM-5")
    EXPECT_TRUE(CannotOpenJobOf(s, PrincipalKind::kNetworkService, PrincipalKind::kAdministrator));
}

// A UAC-filtered administrator (Administrators deny-only) counts as no administrator when it owns
// the job and queries it (HT-ADM-4 reading): before 1607 its own job takes no helper token
// (HT-SET-3), from 1607 it may not install an administrator's token (HT-SET-4). A refusal at the
// query itself must be E_ACCESSDENIED. Either way the job holds no token afterwards.
BITSCTS_SCENARIO(TokenOptionsQi, FilteredAdministratorOwnerCountsAsNonAdministrator,
                 {.clauses = {"HT-ADM-4"},
                  .doc = docs::kSetHelperToken,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const PrincipalKind helper_kind =
      steps::Is1607OrLater(s) ? PrincipalKind::kAdministrator : PrincipalKind::kStandardUser;
  auto [owner, helper, client, job] =
      steps::NewJobWithHelper(s, PrincipalKind::kFilteredAdministrator, helper_kind);
  auto options = job->QueryTokenOptions();
  if (options.hr.Failed()) {
    s.evidence().Note("HT-ADM-4: QueryInterface by a filtered administrator on its own job, " +
                      steps::RulesName(s) + ": " + options.hr.ToString());
    BITSCTS_PROVES("HT-ADM-4")
      EXPECT_EQ(options.hr, hr::kAccessDenied) << "a refusal, not a missing interface";
    return;
  }
  const HResult set = steps::SetHelperTokenAs(s, client, *options.value, helper);
  s.evidence().Note("HT-ADM-4: a filtered administrator owner installs a " + Name(helper_kind) +
                    "'s token, " + steps::RulesName(s) + ": " + set.ToString());
  BITSCTS_PROVES("HT-ADM-4")
    EXPECT_EQ(set, hr::kAccessDenied)
        << "a filtered administrator is no administrator; helper " << Name(helper_kind);
  if (steps::Is1607OrLater(s)) {
    BITSCTS_PROVES("HT-ADM-4")
      EXPECT_TRUE(steps::HelperSidIs(*options.value, std::nullopt))
          << "the refused SetHelperToken stored nothing";
  }
}

// A token with restricting SIDs may not change a job (BITS 1.5 and later), its IBitsTokenOptions
// settings included: the owner, impersonating a restricted copy of its own token, is refused at
// QueryInterface (E_ACCESSDENIED) or at SetHelperTokenFlags and ClearHelperToken; unrestricted
// again, it finds the flags it set before unchanged.
BITSCTS_SCENARIO(TokenOptionsQi, RestrictedTokenCannotChangeTokenOptions,
                 {.clauses = {"HT-ADM-6"},
                  .doc = docs::kUsersAndNetworkConnections,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities,
                            TokenShapeControl::kFeature}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  Caller& client = s.LogOn(owner);
  steps::TokenJob job(s, client);
  ASSERT_TRUE(job.Query());
  ASSERT_EQ(job.options().SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);

  const HResult restricted =
      s.ImpersonateWith(client, owner, TokenShape{ImpersonationLevel::kImpersonate, true});
  if (restricted.Failed())
    s.Unsupported("a restricted token of " + owner.name + ": " + restricted.ToString());
  auto options = job->QueryTokenOptions();
  HResult set_flags = options.hr;
  HResult cleared = options.hr;
  if (options.hr.Succeeded()) {
    set_flags = options.value->SetHelperTokenFlags(token_usage::kLocalFile);
    cleared = options.value->ClearHelperToken();
  }
  client.RevertToSelf();

  s.evidence().Note("HT-ADM-6: with a restricted token QueryInterface returned " +
                    options.hr.ToString() + ", SetHelperTokenFlags " + set_flags.ToString() +
                    ", ClearHelperToken " + cleared.ToString());
  if (options.hr.Failed()) {
    BITSCTS_PROVES("HT-ADM-6")
      EXPECT_EQ(options.hr, hr::kAccessDenied) << "a refusal, not a missing interface";
  }
  BITSCTS_PROVES("HT-ADM-6")
    EXPECT_TRUE(set_flags.Failed()) << "SetHelperTokenFlags with a restricted token";
  BITSCTS_PROVES("HT-ADM-6")
    EXPECT_TRUE(cleared.Failed()) << "ClearHelperToken with a restricted token";
  BITSCTS_PROVES("HT-ADM-6")
    EXPECT_TRUE(steps::FlagsAre(job.options(), token_usage::kNetwork))
        << "the restricted token changed no flags";
}

// The BITS version follows the build: helper tokens from Windows 7 (7600), BITS 10.2 from 1809
// (17763) and 10.3 from 1903 (18362), in the reported version and in the classes that activate.
// No class marks 1607 (14393): from that build on, and only then, a standard user's job takes a
// helper token.
BITSCTS_SCENARIO(TokenOptionsQi, VersionFollowsBuild,
                 {.clauses = {"HT-VER-4", "HT-VER-5"},
                  .doc = docs::kWhatsNew,
                  .needs = {Feature::kDownload}}) {
  const TargetDescription& target = s.target().Description();
  const auto number = [](const std::string& version) {
    const std::size_t dot = version.find('.');
    const int major = std::stoi(version.substr(0, dot));
    const int minor = dot == std::string::npos ? 0 : std::stoi(version.substr(dot + 1));
    return major * 100 + minor;
  };
  if (target.bits_version.empty() ||
      !std::isdigit(static_cast<unsigned char>(target.bits_version[0]))) {
    s.Unsupported("the target reports no BITS version (\"" + target.bits_version + "\")");
  }
  const int bits = number(target.bits_version);
  s.evidence().Note("build " + std::to_string(target.os_build) + " reports BITS " +
                    target.bits_version);
  if (target.os_build >= builds::kWindows7) {
    EXPECT_TRUE(s.Capability(Feature::kTokenOptions).available)
        << s.Capability(Feature::kTokenOptions).evidence;
    EXPECT_GE(bits, 400) << "BITS " << target.bits_version;
  }
  BITSCTS_PROVES("HT-VER-5")
    EXPECT_EQ(bits >= 1002, target.os_build >= builds::kWindows1809)
        << "BITS " << target.bits_version;
  BITSCTS_PROVES("HT-VER-5")
    EXPECT_EQ(bits >= 1003, target.os_build >= builds::kWindows1903)
        << "BITS " << target.bits_version;
  for (const auto& [version, build] :
       {std::pair<std::string, std::uint32_t>{"10.2", builds::kWindows1809},
        std::pair<std::string, std::uint32_t>{"10.3", builds::kWindows1903}}) {
    const HResult activated = s.target().ActivateManagerClass(version);
    if (activated == hr::kNotImpl)
      continue;  // no versioned classes on this target: the version says it
    BITSCTS_PROVES("HT-VER-5")
      EXPECT_EQ(activated, target.os_build >= build ? hr::kOk : hr::kClassNotRegistered)
          << "BITS " << version << " class";
  }

  if (target.os_build < builds::kWindows7 || !s.Capability(Feature::kTokenOptions).available ||
      !s.Capability(Feature::kDistinctIdentities).available) {
    return;
  }
  auto [owner, helper, client, job] = steps::NewJobWithHelper(s, PrincipalKind::kStandardUser);
  if (steps::Is1607OrLater(s)) {
    BITSCTS_PROVES("HT-VER-4") ASSERT_TRUE(job.Install(helper)) << "a 1607+ build";
    BITSCTS_PROVES("HT-VER-4") EXPECT_TRUE(steps::HelperSidIs(job.options(), helper.sid));
  } else {
    auto options = job->QueryTokenOptions();
    const HResult refused = options.hr.Failed()
                                ? options.hr
                                : steps::SetHelperTokenAs(s, client, *options.value, helper);
    BITSCTS_PROVES("HT-VER-4") EXPECT_EQ(refused, hr::kAccessDenied) << "a build before 1607";
  }
}

// The documented way to tell the BITS version is QMgr.dll's file version (the higher of System32
// and System32\Bits): its major.minor must be the one the documentation lists for the BITS
// version the newest activatable class shows. 7.8 is listed for 10.1 and read here as standing
// for every BITS of Windows 10 and later, including "5.0" before 1703 (HT-VER-3 is ambiguous).
BITSCTS_SCENARIO(TokenOptionsQi, FileVersionMatchesClasses,
                 {.clauses = {"HT-VER-3"},
                  .doc = docs::kDeterminingTheVersion,
                  .needs = {FileVersionControl::kFeature}}) {
  struct Listed {
    const char* bits;
    const char* file;  // major.minor
  };
  static constexpr Listed kListed[] = {{"1.0", "6.0"},  {"1.2", "6.2"}, {"1.5", "6.5"},
                                       {"2.0", "6.6"},  {"2.5", "6.7"}, {"3.0", "7.0"},
                                       {"4.0", "7.5"},  {"5.0", "7.7"}, {"10.1", "7.8"},
                                       {"10.2", "7.8"}, {"10.3", "7.8"}};
  const TargetDescription& target = s.target().Description();
  const Outcome<std::string> file = s.BitsFileVersion();
  ASSERT_EQ(file.hr, hr::kOk) << "QMgr.dll has no readable file version";

  std::string expected;
  for (const Listed& listed : kListed) {
    if (target.bits_version == listed.bits) expected = listed.file;
  }
  if (target.bits_version == "5.0" && target.os_build >= builds::kWindows10) expected = "7.8";
  if (expected.empty())
    s.Unsupported("the documentation lists no QMgr.dll version for BITS " + target.bits_version);
  const std::size_t second_dot = file.value.find('.', file.value.find('.') + 1);
  BITSCTS_PROVES("HT-VER-3")
    EXPECT_EQ(file.value.substr(0, second_dot), expected)
        << "QMgr.dll " << file.value << " beside the classes of BITS " << target.bits_version
        << " on build " << target.os_build;
}

}  // namespace
}  // namespace bitscts
