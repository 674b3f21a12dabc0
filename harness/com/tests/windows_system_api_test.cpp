// The Windows implementation of the seam, on calls that change nothing on the machine. Under
// Wine the process runs as S-1-5-21-0-0-0-1000, an administrator.
#include "windows_system_api.h"

#include <gtest/gtest.h>

#include <array>

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

}  // namespace
}  // namespace bitscts::com
