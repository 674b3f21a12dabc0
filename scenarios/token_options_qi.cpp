// TokenOptionsQi: whether and how a job answers QueryInterface for IBitsTokenOptions.
#include <gtest/gtest.h>

#include <algorithm>

#include <cctype>
#include <cstdint>
#include <optional>
#include <string>

#include "bitscts/scenario.h"
#include "token_steps.h"

namespace bitscts {
namespace {

constexpr const char* kInterfaceDoc =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/nn-bits4_0-ibitstokenoptions";
constexpr const char* kHelperTokensDoc =
    "https://learn.microsoft.com/windows/win32/bits/helper-tokens-for-bits-transfer-jobs";
constexpr const char* kUacDoc = "https://learn.microsoft.com/windows/win32/bits/user-account-control-and-bits";

BITSCTS_SCENARIO(TokenOptionsQi, OwnJobAnswersQuery,
                 {.clauses = {"HT-IF-1", "HT-VER-2"}, .doc = kInterfaceDoc, .needs = {Feature::kTokenOptions}}) {
  auto job = s.CreateJob(s.caller());
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_NE(options.value, nullptr);
  EXPECT_EQ(options.value->GetHelperTokenFlags().hr, hr::kOk) << "the interface must be usable by the owner";
}

BITSCTS_SCENARIO(TokenOptionsQi, AbsentBeforeBits4,
                 {.clauses = {"HT-IF-3", "HT-IF-6"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/what-s-new",
                  .needs = {Feature::kDownload},
                  .unless = {Feature::kBits4}}) {
  auto job = s.CreateJob(s.caller());
  auto options = job->QueryTokenOptions();
  EXPECT_EQ(options.hr, hr::kNoInterface);
  EXPECT_EQ(options.value, nullptr) << "a failed QueryInterface leaves no interface";
}

BITSCTS_SCENARIO(TokenOptionsQi, ClassVersionAgreesWithInterface,
                 {.clauses = {"HT-VER-1", "HT-VER-2"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/determining-the-version-of-bits-on-a-computer",
                  .needs = {Feature::kDownload}}) {
  const Probe bits4 = s.Capability(Feature::kBits4);
  auto job = s.CreateJob(s.caller());
  const auto options = job->QueryTokenOptions();
  EXPECT_EQ(options.hr.Succeeded(), bits4.available)
      << "the versioned classes say " << bits4.evidence << ", the job's QueryInterface says " << options.hr;
}

// The versioned BackgroundCopyManager classes that activate are those of the installed BITS
// and every older one; each newer one answers REGDB_E_CLASSNOTREG. The BITS 4.0 class, that of
// IBitsTokenOptions, activates exactly when a job answers QueryInterface for the interface.
BITSCTS_SCENARIO(TokenOptionsQi, VersionedClassesUpToTheInstalledOne,
                 {.clauses = {"HT-VER-1", "HT-IF-3"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/determining-the-version-of-bits-on-a-computer",
                  .needs = {Feature::kDownload}}) {
  static constexpr const char* kVersions[] = {"1.0", "1.5", "2.0", "2.5", "3.0",
                                              "4.0", "5.0", "10.1", "10.2", "10.3"};
  std::string first_missing;
  bool bits4_class = false;
  for (const std::string version : kVersions) {
    const HResult activated = s.target().ActivateManagerClass(version);
    s.RequireImplemented(Feature::kVersionedClasses, activated, "ActivateManagerClass");
    std::string suffix = version == "1.0" ? "" : version;
    std::replace(suffix.begin(), suffix.end(), '.', '_');
    s.evidence().Call("CoCreateInstance(CLSID_BackgroundCopyManager" + suffix + ")", activated);
    if (version == "4.0") bits4_class = activated.Succeeded();
    if (activated.Failed()) {
      EXPECT_EQ(activated, hr::kClassNotRegistered) << "BITS " << version;
      if (first_missing.empty()) first_missing = version;
      continue;
    }
    EXPECT_EQ(first_missing, "") << "BITS " << version << " activates although the older " << first_missing
                                 << " does not";
  }
  auto job = s.CreateJob(s.caller());
  const auto options = job->QueryTokenOptions();
  EXPECT_EQ(options.hr.Succeeded(), bits4_class) << "QueryInterface(IID_IBitsTokenOptions) returned " << options.hr;
}

// The access check happens at QueryInterface: a pointer obtained as the owner keeps working while
// the thread impersonates the helper, as the documented sample relies on for its flags call.
BITSCTS_SCENARIO(TokenOptionsQi, OwnersPointerServesWhileImpersonatingHelper,
                 {.clauses = {"HT-QI-1", "HT-IMP-7", "HT-SET-1"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);

  steps::Impersonate(s, client, helper);
  EXPECT_EQ(options.value->SetHelperToken(), hr::kOk);
  EXPECT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  const auto flags = options.value->GetHelperTokenFlags();
  client.RevertToSelf();

  EXPECT_EQ(flags.hr, hr::kOk);
  EXPECT_EQ(flags.value, token_usage::kLocalFile) << "got " << TokenUsageName(flags.value);
  const auto sid = options.value->GetHelperTokenSid();
  EXPECT_EQ(sid.hr, hr::kOk);
  EXPECT_EQ(sid.value, helper.sid) << "the helper token is the identity impersonated during SetHelperToken";
}

// 1607+: a non-administrator owner queries the interface as itself, then impersonates its
// non-administrator helper: the QueryInterface-time SID matched the owner, so every call works.
BITSCTS_SCENARIO(TokenOptionsQi, StandardOwnerQueriesBeforeImpersonating,
                 {.clauses = {"HT-QI-2", "HT-QI-4", "HT-SET-5", "HT-ADM-2"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  if (!steps::Is1607OrLater(s)) s.NotApplicable("non-administrator owners use helper tokens from 1607 on; target is " + steps::RulesName(s));
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk) << "the thread SID equals the owner's at QueryInterface";

  steps::Impersonate(s, client, helper);
  EXPECT_EQ(options.value->SetHelperToken(), hr::kOk);
  EXPECT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
  client.RevertToSelf();

  EXPECT_EQ(options.value->GetHelperTokenFlags().value, token_usage::kNetwork);
  const auto sid = options.value->GetHelperTokenSid();
  EXPECT_EQ(sid.hr, hr::kOk);
  EXPECT_EQ(sid.value, helper.sid);
}

// 1607+: a QueryInterface made while impersonating the helper presents the helper's SID, not the
// owner's, so a non-administrator is refused; where the refusal surfaces is undocumented.
BITSCTS_SCENARIO(TokenOptionsQi, QueryWhileImpersonatingHelperIsRefused,
                 {.clauses = {"HT-QI-3", "HT-QI-4"},
                  .doc = kHelperTokensDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  if (!steps::Is1607OrLater(s)) s.NotApplicable("the QueryInterface-time SID rule is a 1607+ rule; target is " + steps::RulesName(s));
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  Caller& client = s.LogOn(owner);
  auto job = s.CreateJob(client);

  steps::Impersonate(s, client, helper);
  auto options = job->QueryTokenOptions();
  HResult set = hr::kOk;
  if (options.hr.Succeeded()) set = options.value->SetHelperToken();
  client.RevertToSelf();

  if (options.hr.Failed()) {
    EXPECT_EQ(options.hr, hr::kAccessDenied) << "QueryInterface as the helper";
    EXPECT_EQ(options.value, nullptr);
    s.evidence().Note("HT-QI-3: the target refused at QueryInterface with " + options.hr.ToString());
  } else {
    EXPECT_EQ(set, hr::kAccessDenied) << "QueryInterface as the helper succeeded, so SetHelperToken must refuse";
    s.evidence().Note("HT-QI-3: QueryInterface succeeded; SetHelperToken returned " + set.ToString());
  }
  auto as_owner = job->QueryTokenOptions();
  ASSERT_EQ(as_owner.hr, hr::kOk);
  EXPECT_EQ(as_owner.value->GetHelperTokenSid().value, std::nullopt) << "the refused call installed no token";
}

// A standard user cannot reach another user's job at all, so it can never ask it for
// IBitsTokenOptions.
BITSCTS_SCENARIO(TokenOptionsQi, AnotherStandardUserCannotOpenTheJob,
                 {.clauses = {"HT-ADM-7"},
                  .doc = "https://learn.microsoft.com/windows/win32/api/bits/nf-bits-ibackgroundcopymanager-createjob",
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal other = s.Provision(PrincipalKind::kStandardUser);
  auto job = s.CreateJob(s.LogOn(owner));
  auto opened = s.LogOn(other).OpenJob(job->Id());
  EXPECT_EQ(opened.hr, hr::kAccessDenied);
  EXPECT_EQ(opened.value, nullptr);
}

// Whether an administrator who does not own a job may use IBitsTokenOptions on it is
// undocumented; the administrator may open the job, and the answer to the query is recorded.
BITSCTS_SCENARIO(TokenOptionsQi, AdministratorQueriesAnotherUsersJob,
                 {.clauses = {"HT-ADM-8", "HT-ADM-7"},
                  .doc = kInterfaceDoc,
                  .needs = {Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kStandardUser);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  auto job = s.CreateJob(s.LogOn(owner));
  auto opened = s.LogOn(admin).OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk) << "an administrator may change other users' jobs";
  auto options = opened.value->QueryTokenOptions();
  EXPECT_TRUE(options.hr == hr::kOk || options.hr == hr::kAccessDenied) << options.hr;
  std::string note = "HT-ADM-8: QueryInterface by a non-owner administrator returned " + options.hr.ToString();
  if (options.hr.Succeeded()) {
    note += "; GetHelperTokenFlags then returned " + options.value->GetHelperTokenFlags().hr.ToString();
  }
  s.evidence().Note(note);
}

// UAC: a job created by a token of higher integrity (LocalSystem) cannot be opened from an
// elevated administrator's context.
BITSCTS_SCENARIO(TokenOptionsQi, AdministratorCannotOpenLocalSystemJob,
                 {.clauses = {"HT-ADM-5"},
                  .doc = kUacDoc,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal system = s.Provision(PrincipalKind::kLocalSystem);
  const Principal admin = s.Provision(PrincipalKind::kAdministrator);
  auto job = s.CreateJob(s.LogOn(system));
  auto opened = s.LogOn(admin).OpenJob(job->Id());
  EXPECT_EQ(opened.hr, hr::kAccessDenied);
  EXPECT_EQ(opened.value, nullptr);
}

// The BITS version a target reports follows its build: helper tokens from Windows 7 (7600),
// BITS 10.2 from 1809 (17763), BITS 10.3 from 1903 (18362).
BITSCTS_SCENARIO(TokenOptionsQi, VersionFollowsBuild,
                 {.clauses = {"HT-VER-4", "HT-VER-5"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/what-s-new",
                  .needs = {Feature::kDownload}}) {
  const TargetDescription& target = s.target().Description();
  const auto number = [](const std::string& version) {
    const std::size_t dot = version.find('.');
    const int major = std::stoi(version.substr(0, dot));
    const int minor = dot == std::string::npos ? 0 : std::stoi(version.substr(dot + 1));
    return major * 100 + minor;
  };
  if (target.bits_version.empty() || !std::isdigit(static_cast<unsigned char>(target.bits_version[0]))) {
    s.Unsupported("the target reports no BITS version (\"" + target.bits_version + "\")");
  }
  const int bits = number(target.bits_version);
  s.evidence().Note("build " + std::to_string(target.os_build) + " reports BITS " + target.bits_version);
  if (target.os_build >= steps::kBuildWindows7) {
    EXPECT_TRUE(s.Capability(Feature::kTokenOptions).available) << s.Capability(Feature::kTokenOptions).evidence;
    EXPECT_GE(bits, 400) << "BITS " << target.bits_version;
  }
  if (target.os_build >= steps::kBuild1809) {
    EXPECT_GE(bits, 1002) << "BITS " << target.bits_version;
  }
  if (target.os_build >= steps::kBuild1903) {
    EXPECT_GE(bits, 1003) << "BITS " << target.bits_version;
  }
}

// The documented way to tell the BITS version is QMgr.dll's file version (the higher of System32
// and System32\Bits): its major.minor must be the one the documentation lists for the BITS
// version the newest activatable class shows. 7.8 is listed for 10.1 and read here as standing
// for every BITS of Windows 10 and later, including "5.0" before 1703 (HT-VER-3 is ambiguous).
BITSCTS_SCENARIO(TokenOptionsQi, FileVersionMatchesClasses,
                 {.clauses = {"HT-VER-3"},
                  .doc = "https://learn.microsoft.com/windows/win32/bits/determining-the-version-of-bits-on-a-computer"}) {
  struct Listed {
    const char* bits;
    const char* file;  // major.minor
  };
  static constexpr Listed kListed[] = {{"1.0", "6.0"}, {"1.2", "6.2"}, {"1.5", "6.5"}, {"2.0", "6.6"},
                                       {"2.5", "6.7"}, {"3.0", "7.0"}, {"4.0", "7.5"}, {"5.0", "7.7"},
                                       {"10.1", "7.8"}, {"10.2", "7.8"}, {"10.3", "7.8"}};
  constexpr std::uint32_t kWindows10 = 10240;
  const TargetDescription& target = s.target().Description();
  const Outcome<std::string> file = s.target().BitsFileVersion();
  s.RequireImplemented(Feature::kFileVersion, file.hr, "BitsFileVersion()");
  s.evidence().Call("QMgr.dll file version" + (file.hr.Succeeded() ? " = " + file.value : std::string()), file.hr);
  ASSERT_EQ(file.hr, hr::kOk) << "QMgr.dll has no readable file version";

  std::string expected;
  for (const Listed& listed : kListed) {
    if (target.bits_version == listed.bits) expected = listed.file;
  }
  if (target.bits_version == "5.0" && target.os_build >= kWindows10) expected = "7.8";
  if (expected.empty()) s.Unsupported("the documentation lists no QMgr.dll version for BITS " + target.bits_version);
  const std::size_t second_dot = file.value.find('.', file.value.find('.') + 1);
  EXPECT_EQ(file.value.substr(0, second_dot), expected)
      << "QMgr.dll " << file.value << " beside the classes of BITS " << target.bits_version << " on build "
      << target.os_build;
}

}  // namespace
}  // namespace bitscts
