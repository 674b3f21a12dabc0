#include "options.h"

#include <gtest/gtest.h>

#include <vector>

namespace bitscts::runner {
namespace {

std::variant<Options, std::string> Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "bitscts");
  return ParseOptions(static_cast<int>(args.size()), args.data());
}

std::string ErrorOf(std::vector<const char*> args) {
  const auto result = Parse(std::move(args));
  const auto* error = std::get_if<std::string>(&result);
  return error != nullptr ? *error : "(no error)";
}

TEST(Options, DefaultsRunTheModelAtBuild19045) {
  const auto result = Parse({});
  const Options& options = std::get<Options>(result);
  EXPECT_EQ(options.action, Action::kRun);
  EXPECT_EQ(options.target, TargetKind::kModel);
  EXPECT_EQ(options.model_build, 19045u);
  EXPECT_EQ(options.report_dir, "bitscts-reports");
}

TEST(Options, ParsesEveryOption) {
  const auto result = Parse({"--target=com", "--model-build=7601", "--report-dir=out",
                             "--expectations=x.expect", "--gtest_filter=A.*"});
  const Options& options = std::get<Options>(result);
  EXPECT_EQ(options.target, TargetKind::kCom);
  EXPECT_EQ(options.model_build, 7601u);
  EXPECT_EQ(options.report_dir, "out");
  EXPECT_EQ(options.expectations_file, "x.expect");
  ASSERT_EQ(options.gtest_args.size(), 2u);
  EXPECT_EQ(options.gtest_args[1], "--gtest_filter=A.*");
  EXPECT_TRUE(std::get<Options>(Parse({"--no-report"})).report_dir.empty());
  EXPECT_EQ(std::get<Options>(Parse({"--list"})).action, Action::kList);
  EXPECT_EQ(std::get<Options>(Parse({"--help"})).action, Action::kHelp);
  const Options preflight = std::get<Options>(Parse({"--preflight", "--secret-witness=w.txt"}));
  EXPECT_EQ(preflight.action, Action::kPreflight);
  EXPECT_EQ(preflight.secret_witness, "w.txt");
}

TEST(Options, BadInputGivesOneLineErrors) {
  EXPECT_EQ(ErrorOf({"--target=vms"}),
            "unknown target 'vms' (expected model, com, null or com-model)");
  for (const char* build : {"--model-build=", "--model-build=abc", "--model-build=12x",
                            "--model-build=100", "--model-build=4294967296", "--model-build=-1"}) {
    const std::string error = ErrorOf({build});
    EXPECT_EQ(error.rfind("bad build number", 0), 0u) << build << ": " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos);
  }
  EXPECT_EQ(ErrorOf({"--report-dir="}), "--report-dir needs a folder");
  EXPECT_EQ(ErrorOf({"--frobnicate"}), "unknown option '--frobnicate' (see --help)");
  EXPECT_EQ(ErrorOf({"--agent", "--impersonation=high"}),
            "unknown impersonation level 'high' (expected default, anonymous, identify, "
            "impersonate or delegate)");
  EXPECT_EQ(ErrorOf({"--cloaking=cape"}),
            "unknown cloaking 'cape' (expected none, static or dynamic)");
  EXPECT_EQ(ErrorOf({"--secret-witness="}), "--secret-witness needs a file");
  EXPECT_EQ(ErrorOf({"--test-only-hang-in=Logoff"}),
            "--test-only-hang-in needs a scenario, as <Family>.<Name>");
}

TEST(Options, AnAgentMayServeOverTheRunnersPipeAsAService) {
  const Options options =
      std::get<Options>(Parse({"--agent", "--agent-pipe=\\\\.\\pipe\\bitscts-agent-k2j4m9qa7z",
                               "--agent-service=bitscts-agent-0123456789"}));
  EXPECT_EQ(options.agent_pipe, "\\\\.\\pipe\\bitscts-agent-k2j4m9qa7z");
  EXPECT_EQ(options.agent_service, "bitscts-agent-0123456789");
  EXPECT_TRUE(std::get<Options>(Parse({"--agent"})).agent_pipe.empty());
  EXPECT_EQ(ErrorOf({"--agent", "--agent-pipe=\\\\.\\pipe\\other"}),
            "--agent-pipe needs a pipe the runner made, \\\\.\\pipe\\bitscts-agent-*");
  EXPECT_EQ(ErrorOf({"--agent-pipe=\\\\.\\pipe\\bitscts-agent-x"}), "--agent-pipe needs --agent");
  EXPECT_EQ(ErrorOf({"--agent", "--agent-service=x"}), "--agent-service needs --agent-pipe");
}

TEST(Options, TestOnlyHangInNamesAScenarioAndStaysOutOfTheUsage) {
  EXPECT_EQ(std::get<Options>(Parse({"--test-only-hang-in=Logoff.JobStops"})).test_only_hang_in,
            "Logoff.JobStops");
  EXPECT_TRUE(std::get<Options>(Parse({})).test_only_hang_in.empty());
  EXPECT_EQ(Usage().find("--test-only"), std::string::npos)
      << "a test hook, not an option for users";
}

TEST(Options, TestOnlyBrokenClientNamesOneAndNeedsTheComModelTarget) {
  EXPECT_EQ(std::get<Options>(
                Parse({"--target=com-model", "--test-only-broken-client=no-cloaking"}))
                .test_only_broken_client,
            "no-cloaking");
  EXPECT_EQ(std::get<Options>(Parse({"--target=com-model"})).target, TargetKind::kComModel);
  EXPECT_EQ(ErrorOf({"--target=com-model", "--test-only-broken-client=bent"}),
            "--test-only-broken-client: expected no-cloaking or notify-flags, not 'bent'");
  EXPECT_EQ(ErrorOf({"--test-only-broken-client=notify-flags"}),
            "--test-only-broken-client needs --target=com-model");
  EXPECT_EQ(ErrorOf({"--target=com-model", "--withhold=shares"}),
            "--withhold works with the model and null targets only (the com target's controls are "
            "what the machine allows)");
  EXPECT_EQ(Usage().find("--test-only-broken"), std::string::npos)
      << "a test hook, not an option for users";
}

TEST(Options, AgentModeTakesItsComSecuritySettings) {
  const auto parsed = Parse({"--agent", "--impersonation=identify", "--cloaking=none"});
  const Options& options = std::get<Options>(parsed);
  EXPECT_EQ(options.action, Action::kAgent);
  EXPECT_EQ(options.agent_settings.level, ImpersonationLevel::kIdentify);
  EXPECT_EQ(options.agent_settings.cloaking, Cloaking::kNone);
  const Options defaults = std::get<Options>(Parse({"--agent"}));
  EXPECT_EQ(defaults.agent_settings.level, ImpersonationLevel::kImpersonate);
  EXPECT_EQ(defaults.agent_settings.cloaking, Cloaking::kDynamic);
}

TEST(Options, AgentModeTakesItsApartment) {
  EXPECT_EQ(
      std::get<Options>(Parse({"--agent", "--apartment=single-threaded"})).agent_settings.apartment,
      Apartment::kSingleThreaded);
  EXPECT_EQ(
      std::get<Options>(Parse({"--agent", "--apartment=multithreaded"})).agent_settings.apartment,
      Apartment::kMultithreaded);
  EXPECT_EQ(std::get<Options>(Parse({"--agent"})).agent_settings.apartment,
            Apartment::kMultithreaded);
  EXPECT_EQ(ErrorOf({"--agent", "--apartment=sta"}),
            "unknown apartment 'sta' (expected multithreaded or single-threaded)");
}

TEST(Options, EveryLevelAndCloakingWordParsesBack) {
  for (ImpersonationLevel level :
       {ImpersonationLevel::kDefault, ImpersonationLevel::kAnonymous, ImpersonationLevel::kIdentify,
        ImpersonationLevel::kImpersonate, ImpersonationLevel::kDelegate}) {
    const std::string arg = "--impersonation=" + LevelWord(level);
    EXPECT_EQ(std::get<Options>(Parse({arg.c_str()})).agent_settings.level, level) << arg;
  }
  for (Cloaking cloaking : {Cloaking::kNone, Cloaking::kStatic, Cloaking::kDynamic}) {
    const std::string arg = "--cloaking=" + CloakingWord(cloaking);
    EXPECT_EQ(std::get<Options>(Parse({arg.c_str()})).agent_settings.cloaking, cloaking) << arg;
  }
}

TEST(Options, LevelAndCloakingWordsAreTheSdkNamesInLowerCase) {
  EXPECT_EQ(LevelWord(ImpersonationLevel::kDefault), "default");
  EXPECT_EQ(LevelWord(ImpersonationLevel::kIdentify), "identify");
  EXPECT_EQ(LevelWord(ImpersonationLevel::kDelegate), "delegate");
  EXPECT_EQ(CloakingWord(Cloaking::kNone), "none");
  EXPECT_EQ(CloakingWord(Cloaking::kStatic), "static");
  EXPECT_EQ(CloakingWord(Cloaking::kDynamic), "dynamic");
}

TEST(Options, UsageNamesEveryOption) {
  const std::string usage = Usage();
  for (const char* option : {"--target=", "--model-build=", "--report-dir=", "--no-report",
                             "--expectations=", "--list", "--clauses", "--model-readings", "--help",
                             "--agent", "--impersonation=", "--cloaking=", "--secret-witness="}) {
    EXPECT_NE(usage.find(option), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace bitscts::runner
