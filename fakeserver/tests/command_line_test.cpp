#include "command_line.h"

#include <gtest/gtest.h>

namespace bitscts::fakeserver::tool {
namespace {

TEST(CommandLine, DefaultsToAnEphemeralLoopbackPort) {
  const auto parsed = ParseCommandLine({});
  ASSERT_TRUE(std::holds_alternative<ToolOptions>(parsed));
  EXPECT_EQ(std::get<ToolOptions>(parsed).server.host, "127.0.0.1");
  EXPECT_EQ(std::get<ToolOptions>(parsed).server.port, 0);
}

TEST(CommandLine, ReadsEveryOption) {
  const auto parsed = ParseCommandLine({"--host", "::1", "--port", "8080", "--folder", "/srv"});
  ASSERT_TRUE(std::holds_alternative<ToolOptions>(parsed));
  const ToolOptions& options = std::get<ToolOptions>(parsed);
  EXPECT_EQ(options.server.host, "::1");
  EXPECT_EQ(options.server.port, 8080);
  EXPECT_EQ(options.server.folder, std::filesystem::path("/srv"));
  EXPECT_FALSE(options.help);
  EXPECT_TRUE(std::get<ToolOptions>(ParseCommandLine({"--help"})).help);
}

TEST(CommandLine, ANonLoopbackHostNeedsAnExplicitFlag) {
  EXPECT_TRUE(std::holds_alternative<std::string>(ParseCommandLine({"--host", "0.0.0.0"})));
  EXPECT_TRUE(std::holds_alternative<ToolOptions>(
      ParseCommandLine({"--host", "0.0.0.0", "--allow-remote"})));
}

TEST(CommandLine, BadOptionsGiveOneLineErrors) {
  for (const std::vector<std::string>& arguments :
       std::vector<std::vector<std::string>>{{"--port"},
                                             {"--port", "x"},
                                             {"--port", "70000"},
                                             {"--port", "-1"},
                                             {"--bogus"},
                                             {"--folder", ""},
                                             {"--host", ""}}) {
    const auto parsed = ParseCommandLine(arguments);
    ASSERT_TRUE(std::holds_alternative<std::string>(parsed)) << arguments.front();
    const std::string& error = std::get<std::string>(parsed);
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
}

}  // namespace
}  // namespace bitscts::fakeserver::tool
