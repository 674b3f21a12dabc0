// The Windows implementation of the seam, on calls that change nothing on the machine. Under
// Wine the process runs as S-1-5-21-0-0-0-1000, an administrator.
#include "windows_system_api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace bitscts::com {
namespace {

TEST(WindowsSystemApi, ProcessSidIsAUserSid) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::wstring sid;
  ASSERT_EQ(system->CurrentProcessSid(&sid), 0u);
  EXPECT_EQ(sid.rfind(L"S-1-5-", 0), 0u);
}

TEST(WindowsSystemApi, AdministratorsGroupIsFoundByItsWellKnownSid) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::wstring name;
  ASSERT_EQ(system->LookupAccountSidW(L"S-1-5-32-544", &name), 0u);
  EXPECT_FALSE(name.empty());
  std::wstring none;
  EXPECT_NE(system->LookupAccountSidW(L"not a sid", &none), 0u);
}

TEST(WindowsSystemApi, RandomBytesComeFromTheSystemGenerator) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::array<std::uint8_t, 32> first{};
  std::array<std::uint8_t, 32> second{};
  EXPECT_EQ(system->BCryptGenRandom(first), 0);
  EXPECT_EQ(system->BCryptGenRandom(second), 0);
  EXPECT_NE(first, second);
}

TEST(WindowsSystemApi, LocalAccountsCanBeListed) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::vector<std::wstring> users;
  EXPECT_EQ(system->NetUserEnum(&users), 0u);
}

TEST(WindowsSystemApi, PlatformFactsNameAVersion) {
  const PlatformFacts facts = MakeWindowsSystemApi()->ReadPlatformFacts();
  EXPECT_GE(facts.major, 6u);
  EXPECT_FALSE(facts.administrator_evidence.empty());
}

TEST(WindowsSystemApi, FileVersionsAreReadFromTheVersionResource) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::wstring system32;
  ASSERT_EQ(system->GetSystemDirectoryW(&system32), 0u);
  FileVersion version{};
  ASSERT_EQ(system->GetFileVersion(system32 + L"\\kernel32.dll", &version), 0u);
  EXPECT_GE(version[0], 5u) << "kernel32.dll is at least Windows 2000's";
  EXPECT_NE(system->GetFileVersion(system32 + L"\\bitscts-no-such-file.dll", &version), 0u);
}

TEST(WindowsSystemApi, RevertingWithoutImpersonatingSucceeds) {
  EXPECT_EQ(MakeWindowsSystemApi()->RevertToSelf(), 0u);
}

TEST(WindowsSystemApi, TheProcessTokensElevationIsRead) {
  ElevationFacts facts;
  facts.type = 0;
  ASSERT_EQ(MakeWindowsSystemApi()->ProcessElevation(&facts), 0u);
  EXPECT_GE(facts.type, 1u);
  EXPECT_LE(facts.type, 3u);
}

TEST(WindowsSystemApi, TheProcessSessionIsRead) {
  SessionFacts facts;
  EXPECT_EQ(MakeWindowsSystemApi()->ProcessSession(&facts), 0u);
}

TEST(WindowsSystemApi, RegistryValuesOfAKeyAreListedWithTheirTypes) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::vector<RegistryValue> values;
  ASSERT_EQ(system->RegistryValues(L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", &values),
            0u);
  bool found = false;
  for (const RegistryValue& value : values) {
    if (value.name != L"CurrentBuildNumber") continue;
    found = true;
    EXPECT_EQ(value.type, DWORD{REG_SZ});
    EXPECT_FALSE(value.text.empty());
    EXPECT_NE(value.text.back(), L'\0');
  }
  EXPECT_TRUE(found);
  std::vector<RegistryValue> none;
  EXPECT_EQ(system->RegistryValues(L"SOFTWARE\\bitscts-no-such-key", &none),
            DWORD{ERROR_FILE_NOT_FOUND});
}

TEST(WindowsSystemApi, ServicesAreQueriedByName) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  ServiceFacts facts;
  ASSERT_EQ(system->QueryService(L"RpcSs", &facts), 0u);
  EXPECT_NE(facts.state, 0u);
  EXPECT_EQ(system->QueryService(L"bitscts-no-such-service", &facts),
            DWORD{ERROR_SERVICE_DOES_NOT_EXIST});
}

TEST(WindowsSystemApi, AClosedLoopbackPortRefusesTheConnection) {
  EXPECT_NE(MakeWindowsSystemApi()->ConnectLoopback(1), 0u);
}

TEST(WindowsSystemApi, AFolderIsMadeGrantedWrittenAndRemoved) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() /
      ("bitscts-seam-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  ASSERT_EQ(system->CreateDirectoryW(folder.wstring()), 0u);
  EXPECT_EQ(system->CreateDirectoryW(folder.wstring()), DWORD{ERROR_ALREADY_EXISTS});
  std::wstring sid;
  ASSERT_EQ(system->CurrentProcessSid(&sid), 0u);
  EXPECT_EQ(system->GrantFolderAccess(folder.wstring(), sid), 0u);
  EXPECT_NE(system->GrantFolderAccess(folder.wstring(), L"not a sid"), 0u);
  const std::wstring file = (folder / "write-check.tmp").wstring();
  EXPECT_EQ(system->CreateAndDeleteFile(file), 0u);
  EXPECT_FALSE(std::filesystem::exists(file)) << "the file is deleted again";
  EXPECT_EQ(system->RemoveDirectoryW(folder.wstring()), 0u);
  EXPECT_NE(system->CreateAndDeleteFile(file), 0u) << "no folder any more";
}

// ---- Child processes and the effective token ----

// Returns "<system folder>\\cmd.exe /c <script>".
std::wstring Cmd(SystemApi& system, const std::wstring& script) {
  std::wstring folder;
  EXPECT_EQ(system.GetSystemDirectoryW(&folder), 0u);
  return L"\"" + folder + L"\\cmd.exe\" /c " + script;
}

TEST(WindowsSystemApi, AChildsOutputIsReadLineByLineAndItsExitCodeCollected) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::unique_ptr<ChildProcess> child;
  ASSERT_EQ(system->StartChildProcess(Cmd(*system, L"echo one& echo two& exit 3"), &child), 0u);
  ASSERT_TRUE(child);
  std::string line;
  ASSERT_EQ(child->ReadLine(&line), 0u);
  EXPECT_EQ(line, "one");
  ASSERT_EQ(child->ReadLine(&line), 0u);
  EXPECT_EQ(line, "two");
  EXPECT_EQ(child->ReadLine(&line), DWORD{ERROR_BROKEN_PIPE}) << "the output ends with the child";
  DWORD exit_code = 0;
  ASSERT_EQ(child->WaitForExit(std::chrono::seconds(30), &exit_code), 0u);
  EXPECT_EQ(exit_code, 3u);
}

TEST(WindowsSystemApi, AChildReadsWhatIsWrittenToItsInput) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::unique_ptr<ChildProcess> child;
  // One line only: Wine's "set /p" takes whatever the pipe holds, several lines at once.
  ASSERT_EQ(system->StartChildProcess(Cmd(*system, L"set /p line=& call echo [%line%]"), &child),
            0u);
  ASSERT_EQ(child->Write("plain "), 0u);
  ASSERT_EQ(child->WriteSecretLine(Secret(L"Secret-123")), 0u);
  std::string line;
  ASSERT_EQ(child->ReadLine(&line), 0u);
  EXPECT_EQ(line, "[plain Secret-123]");
  DWORD exit_code = 1;
  EXPECT_EQ(child->WaitForExit(std::chrono::seconds(30), &exit_code), 0u);
  EXPECT_EQ(exit_code, 0u);
}

TEST(WindowsSystemApi, AChildThatWaitsIsTerminated) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::unique_ptr<ChildProcess> child;
  ASSERT_EQ(system->StartChildProcess(Cmd(*system, L"set /p never="), &child), 0u);
  DWORD exit_code = 0;
  EXPECT_EQ(child->WaitForExit(std::chrono::milliseconds(100), &exit_code), DWORD{WAIT_TIMEOUT});
  EXPECT_EQ(child->Terminate(7), 0u);
  ASSERT_EQ(child->WaitForExit(std::chrono::seconds(30), &exit_code), 0u);
  EXPECT_EQ(exit_code, 7u);
  std::string line;
  EXPECT_EQ(child->ReadLine(&line), DWORD{ERROR_BROKEN_PIPE});
}

TEST(WindowsSystemApi, AMissingProgramIsNotStarted) {
  std::unique_ptr<ChildProcess> child;
  EXPECT_NE(MakeWindowsSystemApi()->StartChildProcess(L"C:\\bitscts-no-such-program.exe", &child),
            0u);
  EXPECT_FALSE(child);
}

TEST(WindowsSystemApi, TheEffectiveTokenIsTheProcessTokenWithoutImpersonation) {
  TokenFacts facts;
  facts.impersonating = true;
  ASSERT_EQ(MakeWindowsSystemApi()->EffectiveTokenFacts(&facts), 0u);
  EXPECT_FALSE(facts.impersonating);
  EXPECT_GE(facts.elevation_type, 1u);
  EXPECT_LE(facts.elevation_type, 3u);
}

}  // namespace
}  // namespace bitscts::com

namespace bitscts::com {
namespace {

// ---- Controls around BITS ----

TEST(WindowsSystemApi, ARegistryValueIsWrittenReadListedAndDeleted) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  const std::wstring parent = L"SOFTWARE\\bitscts-api-test";
  const std::wstring key = parent + L"\\" + std::to_wstring(GetCurrentProcessId());
  const RegistryData data{win32::kRegBinary, {1, 2, 3, 4, 5}};
  ASSERT_EQ(system->WriteRegistryValue(RegistryRoot::kLocalMachine, key, L"value", data), 0u);
  RegistryData read;
  EXPECT_EQ(system->ReadRegistryValue(RegistryRoot::kLocalMachine, key, L"value", &read), 0u);
  EXPECT_EQ(read, data);
  std::vector<std::wstring> subkeys;
  EXPECT_EQ(system->RegistrySubkeys(RegistryRoot::kLocalMachine, parent, &subkeys), 0u);
  EXPECT_NE(std::find(subkeys.begin(), subkeys.end(), std::to_wstring(GetCurrentProcessId())),
            subkeys.end());
  EXPECT_EQ(system->DeleteRegistryValue(RegistryRoot::kLocalMachine, key, L"value"), 0u);
  EXPECT_EQ(system->ReadRegistryValue(RegistryRoot::kLocalMachine, key, L"value", &read),
            win32::kErrorFileNotFound);
  EXPECT_EQ(system->DeleteRegistryKey(RegistryRoot::kLocalMachine, key), 0u);
  system->DeleteRegistryKey(RegistryRoot::kLocalMachine, parent);
}

TEST(WindowsSystemApi, TheProcessUsersHiveIsLoadedUnderHkeyUsers) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::wstring sid;
  ASSERT_EQ(system->CurrentProcessSid(&sid), 0u);
  std::vector<std::wstring> hives;
  ASSERT_EQ(system->RegistrySubkeys(RegistryRoot::kUsers, L"", &hives), 0u);
  EXPECT_NE(std::find(hives.begin(), hives.end(), sid), hives.end());
}

TEST(WindowsSystemApi, TheUserProxyOfTheProcessIsRead) {
  UserProxyConfig config;
  EXPECT_EQ(MakeWindowsSystemApi()->WinHttpGetIEProxyConfigForCurrentUser(&config), 0u);
}

TEST(WindowsSystemApi, TheComputerHasAName) {
  std::wstring name;
  EXPECT_EQ(MakeWindowsSystemApi()->GetComputerNameW(&name), 0u);
  EXPECT_FALSE(name.empty());
}

TEST(WindowsSystemApi, AProcessThatDoesNotExitInTimeIsReportedRunning) {
  // The current process never exits while it waits for itself.
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  DWORD exit_code = 0;
  EXPECT_EQ(system->WaitForProcessExit(GetCurrentProcess(), std::chrono::milliseconds(1),
                                       &exit_code),
            win32::kWaitTimeout);
}

}  // namespace
}  // namespace bitscts::com
