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
  const auto result = Parse({"--target=com", "--model-build=7601", "--report-dir=out", "--expectations=x.expect",
                             "--gtest_filter=A.*"});
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
}

TEST(Options, BadInputGivesOneLineErrors) {
  EXPECT_EQ(ErrorOf({"--target=vms"}), "unknown target 'vms' (expected model or com)");
  for (const char* build : {"--model-build=", "--model-build=abc", "--model-build=12x", "--model-build=100",
                            "--model-build=4294967296", "--model-build=-1"}) {
    const std::string error = ErrorOf({build});
    EXPECT_EQ(error.rfind("bad build number", 0), 0u) << build << ": " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos);
  }
  EXPECT_EQ(ErrorOf({"--report-dir="}), "--report-dir needs a folder");
  EXPECT_EQ(ErrorOf({"--frobnicate"}), "unknown option '--frobnicate' (see --help)");
}

TEST(Options, UsageNamesEveryOption) {
  const std::string usage = Usage();
  for (const char* option : {"--target=", "--model-build=", "--report-dir=", "--no-report", "--expectations=",
                             "--list", "--clauses", "--model-readings", "--help"}) {
    EXPECT_NE(usage.find(option), std::string::npos) << option;
  }
}

}  // namespace
}  // namespace bitscts::runner
