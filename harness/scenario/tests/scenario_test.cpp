// The scenario framework: a job the machine refuses is an error verdict whose message says what
// to change; a scenario's meta admits it or ends it before its body; content seeds are handed out
// fresh, the same in every run.
#include "bitscts/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/server.h"
#include "bitscts/windows_build.h"

namespace bitscts {
namespace {

// A caller whose job creation fails with a fixed HRESULT.
class RefusedCaller final : public Caller {
 public:
  explicit RefusedCaller(HResult refusal) : refusal_(refusal) {}
  std::string Sid() const override { return "S-1-5-21-1-2-3-1000"; }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string&) override {
    return {refusal_, nullptr};
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string&) override { return {refusal_, nullptr}; }
  HResult Impersonate(const Principal&) override { return hr::kNotImpl; }
  HResult RevertToSelf() override { return hr::kOk; }

 private:
  HResult refusal_;
};

// A target with nothing but that caller, at build `os_build`.
class RefusingTarget final : public Target {
 public:
  explicit RefusingTarget(HResult refusal, std::uint32_t os_build = builds::kDefault)
      : caller_(refusal) {
    description_.os_build = os_build;
  }
  const TargetDescription& Description() const override { return description_; }
  Capabilities Probe() override { return {}; }
  Caller& CurrentCaller() override { return caller_; }
  Outcome<Principal> Provision(PrincipalKind) override { return {hr::kNotImpl, {}}; }
  Outcome<std::unique_ptr<Caller>> LogOn(const Principal&, CallerSettings) override {
    return {hr::kNotImpl, nullptr};
  }
  HResult LogOff(Caller&) override { return hr::kNotImpl; }
  int CancelLeftoverJobs() override { return 0; }
  HResult ActivateManagerClass(const std::string&) override { return hr::kOk; }
  HResult ReleaseCallbacks() override { return hr::kOk; }
  const ControlSet& Controls() const override { return controls_; }

 private:
  TargetDescription description_;
  RefusedCaller caller_;
  ControlSet controls_;
};

// Returns the message of the EnvironmentError that creating a job on `target` throws.
std::string CreateJobFailure(HResult refusal) {
  RefusingTarget target(refusal);
  fakeserver::Server server;
  Scenario scenario(target, Capabilities{}, server, ::testing::TempDir());
  try {
    scenario.CreateJob(scenario.caller(), "bitscts refused");
  } catch (const EnvironmentError& error) {
    return error.what();
  }
  return "no EnvironmentError";
}

TEST(Scenario, NoInteractiveLogonSaysWhatToChange) {
  const std::string message = CreateJobFailure(hr::kNotLoggedOn);
  EXPECT_THAT(message, ::testing::StartsWith(
                           "CreateJob failed with HRESULT_FROM_WIN32(ERROR_NOT_LOGGED_ON)"));
  EXPECT_THAT(message, ::testing::HasSubstr("interactive logon session"));
}

TEST(Scenario, OtherRefusalsAreNamedWithoutAdvice) {
  EXPECT_EQ(CreateJobFailure(hr::kAccessDenied),
            "CreateJob failed with E_ACCESSDENIED (0x80070005)");
}

// Two scenarios registered for the seed tests; their bodies never run.
BITSCTS_SCENARIO(SeedTest, First, {.clauses = {}, .doc = ""}) {}
BITSCTS_SCENARIO(SeedTest, Second, {.clauses = {}, .doc = ""}) {}

// Returns how Admit ends a scenario with `meta` on a target at `os_build` that offers `offered`:
// "admitted", or the UnsupportedError's kind and text.
std::string AdmitAt(std::uint32_t os_build, const ScenarioMeta& meta,
                    std::optional<Feature> offered = std::nullopt) {
  RefusingTarget target(hr::kOk, os_build);
  Capabilities capabilities;
  if (offered) capabilities.Set(*offered, true, "probed");
  fakeserver::Server server;
  Scenario scenario(target, capabilities, server, ::testing::TempDir());
  try {
    scenario.Admit(meta);
  } catch (const UnsupportedError& unsupported) {
    return std::string(unsupported.why() == Inapplicability::kOtherVersion ? "not applicable: "
                                                                           : "unsupported: ") +
           unsupported.what();
  }
  return "admitted";
}

TEST(ScenarioAdmit, BuildBeforeTheRangeIsNotApplicableWithTheRulesReach) {
  const ScenarioMeta meta{.clauses = {},
                          .doc = "",
                          .builds = {.from = builds::kWindows1607, .why = "a 1607+ rule"}};
  EXPECT_EQ(AdmitAt(7601, meta), "not applicable: a 1607+ rule; target is pre-1607 (build 7601)");
  EXPECT_EQ(AdmitAt(builds::kWindows1607, meta), "admitted") << "the range starts at `from`";
}

TEST(ScenarioAdmit, BuildAtTheRangesEndIsNotApplicable) {
  const ScenarioMeta meta{.clauses = {},
                          .doc = "",
                          .builds = {.before = builds::kWindows1607, .why = "a pre-1607 rule"}};
  EXPECT_EQ(AdmitAt(builds::kWindows1607 - 1, meta), "admitted");
  EXPECT_EQ(AdmitAt(19045, meta), "not applicable: a pre-1607 rule; target is 1607+ (build 19045)");
}

TEST(ScenarioAdmit, NoRangeAdmitsEveryBuild) {
  EXPECT_EQ(AdmitAt(builds::kOldest, ScenarioMeta{}), "admitted");
  EXPECT_EQ(AdmitAt(builds::kNewest, ScenarioMeta{}), "admitted");
}

TEST(ScenarioAdmit, AMissingFeatureIsSaidBeforeTheBuild) {
  const ScenarioMeta meta{.clauses = {},
                          .doc = "",
                          .needs = {Feature::kTokenOptions},
                          .builds = {.from = builds::kWindows1607, .why = "a 1607+ rule"}};
  EXPECT_THAT(AdmitAt(7601, meta), ::testing::StartsWith("unsupported: needs token-options"));
  EXPECT_EQ(AdmitAt(7601, meta, Feature::kTokenOptions),
            "not applicable: a 1607+ rule; target is pre-1607 (build 7601)");
}

TEST(ScenarioAdmit, AFeatureNamedInUnlessIsNotApplicable) {
  const ScenarioMeta meta{.clauses = {}, .doc = "", .unless = {Feature::kBits4}};
  EXPECT_EQ(AdmitAt(19045, meta), "admitted");
  EXPECT_EQ(AdmitAt(19045, meta, Feature::kBits4),
            "not applicable: applies only without bits-4.0: probed");
}

TEST(BuildRange, DescribesItsBoundsWithTheirReleases) {
  EXPECT_EQ(BuildRange{}.Describe(), "any");
  EXPECT_EQ((BuildRange{.from = builds::kWindows1607}.Describe()), "from 14393 (1607)");
  EXPECT_EQ((BuildRange{.before = builds::kWindows1607}.Describe()), "before 14393 (1607)");
  EXPECT_EQ((BuildRange{.from = builds::kVista, .before = 9999}.Describe()),
            "from 6000 (Vista) before 9999 (9999)");
}

// Returns the first `count` seeds a scenario with the id `id` hands out.
std::vector<std::uint64_t> SeedsOf(const std::string& id, int count) {
  RefusingTarget target(hr::kOk);
  fakeserver::Server server;
  Scenario scenario(target, Capabilities{}, server, ::testing::TempDir(), id);
  std::vector<std::uint64_t> seeds;
  for (int i = 0; i < count; ++i) seeds.push_back(scenario.NewContent(16).seed);
  return seeds;
}

TEST(ScenarioContent, EachCallGetsAFreshSeed) {
  const std::vector<std::uint64_t> seeds = SeedsOf("SeedTest.First", 5);
  EXPECT_EQ(std::set<std::uint64_t>(seeds.begin(), seeds.end()).size(), seeds.size());
}

TEST(ScenarioContent, AScenarioGetsTheSameSeedsInEveryRun) {
  EXPECT_EQ(SeedsOf("SeedTest.Second", 3), SeedsOf("SeedTest.Second", 3));
}

TEST(ScenarioContent, NoTwoScenariosShareASeed) {
  const std::vector<std::uint64_t> first = SeedsOf("SeedTest.First", 999);
  const std::vector<std::uint64_t> second = SeedsOf("SeedTest.Second", 999);
  std::set<std::uint64_t> all(first.begin(), first.end());
  all.insert(second.begin(), second.end());
  EXPECT_EQ(all.size(), first.size() + second.size());
}

TEST(ScenarioContent, AScenarioHasNineHundredNinetyNineSeeds) {
  RefusingTarget target(hr::kOk);
  fakeserver::Server server;
  Scenario scenario(target, Capabilities{}, server, ::testing::TempDir(), "SeedTest.First");
  for (int i = 0; i < 999; ++i) scenario.NewContent(16);
  EXPECT_THROW(scenario.NewContent(16), EnvironmentError);
}

// Writes `size` bytes of the content of `seed` to `path`.
void WriteContent(const std::string& path, std::uint64_t seed, std::uint64_t size) {
  std::string bytes(size, '\0');
  fakeserver::FillContent(seed, 0, reinterpret_cast<std::uint8_t*>(bytes.data()), bytes.size());
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(ScenarioContent, VerifyContentTellsTheContentFromAnother) {
  RefusingTarget target(hr::kOk);
  fakeserver::Server server;
  Scenario scenario(target, Capabilities{}, server, ::testing::TempDir(), "SeedTest.First");
  const Content content = scenario.NewContent(64);
  const Content other = scenario.NewContent(64);
  const std::string path = ::testing::TempDir() + "/scenario-test-content.bin";
  WriteContent(path, content.seed, content.size);
  EXPECT_EQ(scenario.VerifyContent(path, content), "");
  EXPECT_THAT(scenario.VerifyContent(path, other),
              ::testing::HasSubstr("differs from the served content"));
  EXPECT_EQ(content.path(), fakeserver::ContentPath(content.seed, 64));
}

}  // namespace
}  // namespace bitscts
