// The per-user proxy control over the real Windows API, on the process's own hive: what it sets
// is what WinHttpGetIEProxyConfigForCurrentUser then reads, and the end of the control restores
// what was read before. It changes the process user's setting for the test's duration only.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "text.h"
#include "user_proxy_control.h"
#include "windows_system_api.h"

namespace bitscts::com {
namespace {

// The runner: its calls are never made here.
class Runner final : public Caller {
 public:
  std::string Sid() const override { return {}; }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string&) override {
    return {hr::kNotImpl, nullptr};
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string&) override {
    return {hr::kNotImpl, nullptr};
  }
  HResult Impersonate(const Principal&) override { return hr::kNotImpl; }
  HResult RevertToSelf() override { return hr::kOk; }
};

TEST(UserProxyWindows, TheSettingIsWhatWinHttpReadsUntilTheControlEnds) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::wstring sid;
  ASSERT_EQ(system->CurrentProcessSid(&sid), 0u);
  Runner runner;
  const Outcome<std::string> before = ReadUserProxy(*system);
  ASSERT_EQ(before.hr, hr::kOk);
  {
    ComUserProxyControl control(*system, runner, [](const std::string&) { return nullptr; });
    const Principal self{"runner", Narrow(sid), PrincipalKind::kAdministrator};
    ASSERT_EQ(control.SetUserProxy(self, "proxy.test:8080"), hr::kOk) << control.last_calls();
    const Outcome<std::string> set = control.UserProxyOf(runner);
    EXPECT_EQ(set.hr, hr::kOk);
    EXPECT_EQ(set.value, "proxy.test:8080");
  }
  const Outcome<std::string> after = ReadUserProxy(*system);
  EXPECT_EQ(after.hr, hr::kOk);
  EXPECT_EQ(after.value, before.value);
}

}  // namespace
}  // namespace bitscts::com
