// The per-user proxy control: the setting is written in the principal's own hive, saved in a
// marker first, restored at the end of the run (or by the next run after a crash), and read as
// the caller's thread identity.
#include "user_proxy_control.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "mocks/mock_system_api.h"
#include "text.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::_;
using ::testing::NiceMock;
using ::testing::Return;

constexpr std::wstring_view kSettings =
    L"\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
constexpr std::wstring_view kMarkers = L"SOFTWARE\\bitscts\\UserProxy\\";
constexpr RegistryRoot kUsers = RegistryRoot::kUsers;
constexpr RegistryRoot kMachine = RegistryRoot::kLocalMachine;

// A caller the control knows nothing of.
class StrangerCaller final : public Caller {
 public:
  std::string Sid() const override { return "S-1-5-21-1-2-3-4"; }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string&) override {
    return {hr::kNotImpl, nullptr};
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string&) override {
    return {hr::kNotImpl, nullptr};
  }
  HResult Impersonate(const Principal&) override { return hr::kNotImpl; }
  HResult RevertToSelf() override { return hr::kOk; }
};

RegistryData Dword(std::uint8_t number) { return {win32::kRegDword, {number, 0, 0, 0}}; }

RegistryData Text(std::wstring_view text) {
  RegistryData data{win32::kRegSz, {}};
  for (wchar_t c : std::wstring(text) + L'\0') {
    data.bytes.push_back(static_cast<std::uint8_t>(c & 0xFF));
    data.bytes.push_back(static_cast<std::uint8_t>((c >> 8) & 0xFF));
  }
  return data;
}

std::wstring Settings(std::wstring_view sid) { return std::wstring(sid) + std::wstring(kSettings); }
std::wstring Connections(std::wstring_view sid) { return Settings(sid) + L"\\Connections"; }
std::wstring Marker(std::wstring_view sid) { return std::wstring(kMarkers) + std::wstring(sid); }

class UserProxyControlTest : public ::testing::Test {
 protected:
  // The runner, whose hive the mock has loaded; and a test account whose hive it has not.
  const Principal loaded_{"bitscts-runner", Narrow(MockSystemApi::kProcessSid),
                          PrincipalKind::kAdministrator};
  const Principal account_{"bitscts-helper1", Narrow(MockSystemApi::kAccountSid),
                           PrincipalKind::kStandardUser};

  std::unique_ptr<ComUserProxyControl> MakeControl() {
    return std::make_unique<ComUserProxyControl>(
        system_, runner_, [this](const std::string& account) -> const Secret* {
          return account == account_.name ? &password_ : nullptr;
        });
  }
  // Returns the value at `key`/`name` of `root`, or nullopt.
  std::optional<RegistryData> Value(RegistryRoot root, const std::wstring& key,
                                    const std::wstring& name) {
    const auto registry = system_.registry();
    const auto found = registry.find({root, key, name});
    if (found == registry.end()) return std::nullopt;
    return found->second;
  }

  // Returns whether `key` of HKEY_LOCAL_MACHINE exists.
  bool KeyExists(const std::wstring& key) {
    std::vector<std::wstring> subkeys;
    return system_.RegistrySubkeys(kMachine, key, &subkeys) == ERROR_SUCCESS;
  }

  NiceMock<MockSystemApi> system_;
  StrangerCaller runner_;
  const Secret password_{L"Helper-Pa55word"};
};

TEST_F(UserProxyControlTest, WritesTheSettingInThePrincipalsOwnHive) {
  EXPECT_CALL(system_, LoadUserProfileW).Times(0);
  auto control = MakeControl();
  ASSERT_EQ(control->SetUserProxy(loaded_, "proxy.test:8080"), hr::kOk) << control->last_calls();
  const std::wstring sid(MockSystemApi::kProcessSid);
  EXPECT_EQ(Value(kUsers, Settings(sid), L"ProxyEnable"), Dword(1));
  EXPECT_EQ(Value(kUsers, Settings(sid), L"ProxyServer"), Text(L"proxy.test:8080"));
  EXPECT_EQ(Value(kUsers, Connections(sid), L"DefaultConnectionSettings"),
            (RegistryData{win32::kRegBinary, ConnectionSettingsBlob("proxy.test:8080", 1)}));
}

TEST_F(UserProxyControlTest, ADirectConnectionDisablesTheProxyAndRemovesItsServer) {
  const std::wstring sid(MockSystemApi::kProcessSid);
  system_.SetRegistry(kUsers, Settings(sid), L"ProxyServer", Text(L"old.test:1"));
  auto control = MakeControl();
  ASSERT_EQ(control->SetUserProxy(loaded_, ""), hr::kOk) << control->last_calls();
  EXPECT_EQ(Value(kUsers, Settings(sid), L"ProxyEnable"), Dword(0));
  EXPECT_EQ(Value(kUsers, Settings(sid), L"ProxyServer"), std::nullopt);
  EXPECT_EQ(Value(kUsers, Connections(sid), L"DefaultConnectionSettings"),
            (RegistryData{win32::kRegBinary, ConnectionSettingsBlob("", 1)}));
}

TEST_F(UserProxyControlTest, TheConnectionSettingsCounterMovesOnFromTheOneThere) {
  const std::wstring sid(MockSystemApi::kProcessSid);
  system_.SetRegistry(kUsers, Connections(sid), L"DefaultConnectionSettings",
                      {win32::kRegBinary, ConnectionSettingsBlob("", 41)});
  auto control = MakeControl();
  ASSERT_EQ(control->SetUserProxy(loaded_, "proxy.test:8080"), hr::kOk);
  EXPECT_EQ(Value(kUsers, Connections(sid), L"DefaultConnectionSettings"),
            (RegistryData{win32::kRegBinary, ConnectionSettingsBlob("proxy.test:8080", 42)}));
}

TEST_F(UserProxyControlTest, TheMarkerHoldsWhatWasThereWhileTheRunLasts) {
  const std::wstring sid(MockSystemApi::kProcessSid);
  system_.SetRegistry(kUsers, Settings(sid), L"ProxyEnable", Dword(0));
  auto control = MakeControl();
  ASSERT_EQ(control->SetUserProxy(loaded_, "proxy.test:8080"), hr::kOk);
  ASSERT_EQ(control->SetUserProxy(loaded_, "other.test:9090"), hr::kOk);
  EXPECT_EQ(Value(kMachine, Marker(sid), L"ProxyEnable"), Dword(0)) << "the first value, kept";
  EXPECT_EQ(Value(kMachine, Marker(sid), L"ProxyServer"), (RegistryData{win32::kRegNone, {}}))
      << "absent before the run";
  EXPECT_EQ(Value(kMachine, Marker(sid), L"Connections\\DefaultConnectionSettings"),
            (RegistryData{win32::kRegNone, {}}));
}

TEST_F(UserProxyControlTest, TheEndOfTheRunRestoresWhatWasThereAndDropsTheMarker) {
  const std::wstring sid(MockSystemApi::kProcessSid);
  system_.SetRegistry(kUsers, Settings(sid), L"ProxyEnable", Dword(0));
  system_.SetRegistry(kUsers, Settings(sid), L"ProxyServer", Text(L"old.test:1"));
  const auto before = system_.registry();
  auto control = MakeControl();
  ASSERT_EQ(control->SetUserProxy(loaded_, "proxy.test:8080"), hr::kOk);
  ASSERT_EQ(control->SetUserProxy(loaded_, "other.test:9090"), hr::kOk);
  control.reset();
  EXPECT_EQ(system_.registry(), before);
  std::vector<std::wstring> markers;
  system_.RegistrySubkeys(kMachine, L"SOFTWARE\\bitscts\\UserProxy", &markers);
  EXPECT_THAT(markers, ::testing::IsEmpty());
}

TEST_F(UserProxyControlTest, TheEndOfTheRunDeletesTheMarkersKeysItMade) {
  auto control = MakeControl();
  ASSERT_EQ(control->SetUserProxy(loaded_, "proxy.test:8080"), hr::kOk);
  ASSERT_TRUE(KeyExists(L"SOFTWARE\\bitscts\\UserProxy"));
  control.reset();
  EXPECT_FALSE(KeyExists(L"SOFTWARE\\bitscts\\UserProxy"));
  EXPECT_FALSE(KeyExists(L"SOFTWARE\\bitscts")) << "nothing of the run is left on the machine";
}

TEST_F(UserProxyControlTest, TheMarkersKeysStayWhileAMarkerIsLeftInThem) {
  // An earlier run's marker for an account that exists but whose hive is not loaded.
  const std::wstring unloaded = L"S-1-5-21-1000000001-1000000002-1000000003-3000";
  system_.SetRegistry(kMachine, Marker(unloaded), L"ProxyEnable", Dword(0));
  auto control = MakeControl();
  ASSERT_EQ(control->SetUserProxy(loaded_, "proxy.test:8080"), hr::kOk);
  control.reset();
  EXPECT_EQ(Value(kMachine, Marker(unloaded), L"ProxyEnable"), Dword(0));
  EXPECT_FALSE(KeyExists(Marker(MockSystemApi::kProcessSid))) << "the run's own marker is gone";
}

TEST_F(UserProxyControlTest, TheParentKeyStaysWhileItHoldsAValue) {
  system_.SetRegistry(kMachine, L"SOFTWARE\\bitscts", L"Other", Dword(1));
  auto control = MakeControl();
  ASSERT_EQ(control->SetUserProxy(loaded_, "proxy.test:8080"), hr::kOk);
  control.reset();
  EXPECT_FALSE(KeyExists(L"SOFTWARE\\bitscts\\UserProxy"));
  EXPECT_EQ(Value(kMachine, L"SOFTWARE\\bitscts", L"Other"), Dword(1));
}

TEST_F(UserProxyControlTest, RestoringLeftoversDeletesTheMarkersKeysOnceEmpty) {
  const std::wstring sid(MockSystemApi::kProcessSid);
  system_.SetRegistry(kMachine, Marker(sid), L"ProxyEnable", Dword(0));
  const CallLog restored = MakeControl()->RestoreLeftovers();
  EXPECT_TRUE(restored.Succeeded()) << restored;
  EXPECT_TRUE(restored.Contains("RegDeleteKeyExW(SOFTWARE\\bitscts)")) << restored;
  EXPECT_FALSE(KeyExists(L"SOFTWARE\\bitscts"));
}

TEST_F(UserProxyControlTest, AnUnloadedHiveOfATestAccountIsLoadedAndUnloadedAtTheEnd) {
  EXPECT_CALL(system_,
              LogonUserW(std::wstring(L"bitscts-helper1"), std::wstring(L"."), _, _, _, _));
  EXPECT_CALL(system_,
              LoadUserProfileW(MockSystemApi::kLogonToken, std::wstring(L"bitscts-helper1"), _));
  auto control = MakeControl();
  ASSERT_EQ(control->SetUserProxy(account_, "proxy.test:8080"), hr::kOk) << control->last_calls();
  EXPECT_EQ(Value(kUsers, Settings(MockSystemApi::kAccountSid), L"ProxyEnable"), Dword(1));
  ::testing::Mock::VerifyAndClearExpectations(&system_);
  EXPECT_CALL(system_, UnloadUserProfile(MockSystemApi::kLogonToken, MockSystemApi::kProfile));
  EXPECT_CALL(system_, CloseHandle(MockSystemApi::kLogonToken));
  control.reset();
}

TEST_F(UserProxyControlTest, APrincipalWithoutALoadedHiveOrPasswordIsAClearFailure) {
  const Principal service{"NT SERVICE\\bitscts-svc", "S-1-5-80-1-2-3-4-5",
                          PrincipalKind::kWindowsService};
  auto control = MakeControl();
  EXPECT_EQ(control->SetUserProxy(service, "proxy.test:8080"),
            FromWin32(win32::kErrorFileNotFound));
  EXPECT_THAT(control->last_calls().ToString(), ::testing::HasSubstr("is not loaded"));
  EXPECT_THAT(system_.registry(), ::testing::IsEmpty()) << "nothing written";
}

TEST_F(UserProxyControlTest, TheFirstSetRestoresWhatACrashedRunLeft) {
  const std::wstring sid(MockSystemApi::kProcessSid);
  system_.SetRegistry(kMachine, Marker(sid), L"ProxyEnable", Dword(0));
  system_.SetRegistry(kMachine, Marker(sid), L"ProxyServer", {win32::kRegNone, {}});
  system_.SetRegistry(kUsers, Settings(sid), L"ProxyEnable", Dword(1));
  system_.SetRegistry(kUsers, Settings(sid), L"ProxyServer", Text(L"crashed.test:1"));
  auto control = MakeControl();
  ASSERT_EQ(control->SetUserProxy(account_, "proxy.test:8080"), hr::kOk);
  EXPECT_EQ(Value(kUsers, Settings(sid), L"ProxyEnable"), Dword(0));
  EXPECT_EQ(Value(kUsers, Settings(sid), L"ProxyServer"), std::nullopt);
  EXPECT_EQ(Value(kMachine, Marker(sid), L"ProxyEnable"), std::nullopt) << "marker dropped";
}

TEST_F(UserProxyControlTest, MarkersOfAccountsThatAreGoneAreDropped) {
  const std::wstring gone = L"S-1-5-21-1000000001-1000000002-1000000003-2000";
  system_.SetRegistry(kMachine, Marker(gone), L"ProxyEnable", Dword(0));
  EXPECT_CALL(system_, LookupAccountSidW(gone, _)).WillOnce(Return(win32::kErrorNoneMapped));
  auto control = MakeControl();
  ASSERT_EQ(control->SetUserProxy(loaded_, "proxy.test:8080"), hr::kOk);
  std::vector<std::wstring> markers;
  system_.RegistrySubkeys(kMachine, L"SOFTWARE\\bitscts\\UserProxy", &markers);
  EXPECT_THAT(markers, ::testing::ElementsAre(std::wstring(MockSystemApi::kProcessSid)));
}

TEST_F(UserProxyControlTest, TheRunnersSettingIsReadInThisProcess) {
  EXPECT_CALL(system_, WinHttpGetIEProxyConfigForCurrentUser)
      .WillOnce([](UserProxyConfig* config) {
        config->proxy = L"http=proxy.test:8080;https=secure.test:8443";
        return DWORD{ERROR_SUCCESS};
      })
      .WillOnce([](UserProxyConfig* config) {
        config->proxy = L"http://one.test:3128";
        return DWORD{ERROR_SUCCESS};
      })
      .WillOnce(Return(DWORD{ERROR_SUCCESS}))
      .WillOnce(Return(DWORD{12180}));  // ERROR_WINHTTP_AUTODETECTION_FAILED
  auto control = MakeControl();
  EXPECT_EQ(control->UserProxyOf(runner_).value, "proxy.test:8080");
  EXPECT_EQ(control->UserProxyOf(runner_).value, "one.test:3128");
  const Outcome<std::string> direct = control->UserProxyOf(runner_);
  EXPECT_EQ(direct.hr, hr::kOk);
  EXPECT_EQ(direct.value, "");
  EXPECT_EQ(control->UserProxyOf(runner_).hr, FromWin32(12180));
}

TEST_F(UserProxyControlTest, ACallerThatIsNeitherTheRunnerNorAnAgentIsRefused) {
  StrangerCaller stranger;
  EXPECT_CALL(system_, WinHttpGetIEProxyConfigForCurrentUser).Times(0);
  EXPECT_EQ(MakeControl()->UserProxyOf(stranger).hr, hr::kInvalidArg);
}

}  // namespace
}  // namespace bitscts::com
