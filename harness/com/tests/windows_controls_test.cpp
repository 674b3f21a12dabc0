// The Windows implementation of the controls' seam methods, on calls that change nothing beyond
// a temporary folder and this process's own tokens and threads (under Wine too).
#include <windows.h>

#include <aclapi.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "windows_system_api.h"

namespace bitscts::com {
namespace {

// Returns true when the process runs under Wine.
bool UnderWine() { return !MakeWindowsSystemApi()->ReadPlatformFacts().wine_version.empty(); }

// Returns the process token opened for duplication and queries; the caller closes it.
HANDLE ProcessToken() {
  HANDLE token = nullptr;
  EXPECT_TRUE(OpenProcessToken(GetCurrentProcess(), TOKEN_DUPLICATE | TOKEN_QUERY, &token))
      << GetLastError();
  return token;
}

TEST(WindowsControls, AWritersFolderHasAProtectedDaclTheRunnerMayReadAndRemoveButNotWrite) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() /
      ("bitscts-writers-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  ASSERT_EQ(system->CreateDirectoryW(folder.wstring()), 0u);
  std::wstring runner;
  ASSERT_EQ(system->CurrentProcessSid(&runner), 0u);
  ASSERT_EQ(system->SetFolderWriters(folder.wstring(), {L"S-1-5-18"}, {L"S-1-5-32-545"}, {runner}),
            0u);
  PACL dacl = nullptr;
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  ASSERT_EQ(GetNamedSecurityInfoW(folder.wstring().c_str(), SE_FILE_OBJECT,
                                  DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl, nullptr,
                                  &descriptor),
            0u);
  SECURITY_DESCRIPTOR_CONTROL control = 0;
  DWORD revision = 0;
  ASSERT_TRUE(GetSecurityDescriptorControl(descriptor, &control, &revision));
  // Wine keeps the entries but does not report SE_DACL_PROTECTED back for a file.
  if (!UnderWine()) {
    EXPECT_TRUE(control & SE_DACL_PROTECTED) << "nothing inherited from the parent";
  }
  ASSERT_NE(dacl, nullptr);
  EXPECT_EQ(dacl->AceCount, 3u) << "LocalSystem, one writer and the runner";
  LocalFree(descriptor);
  // Wine does not check file access against DACLs, so only Windows refuses the write.
  if (!UnderWine()) {
    const std::wstring file = (folder / "write-check.tmp").wstring();
    EXPECT_EQ(system->CreateAndDeleteFile(file), DWORD{ERROR_ACCESS_DENIED})
        << "the runner may not write into a writers' folder";
  }
  EXPECT_NE(system->SetFolderWriters(folder.wstring(), {L"not a sid"}, {}, {}), 0u);
  EXPECT_EQ(system->RemoveDirectoryW(folder.wstring()), 0u) << "the runner may remove it";
}

TEST(WindowsControls, AnIdentificationDuplicateIsAnImpersonationTokenAtThatLevel) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  HANDLE token = ProcessToken();
  HANDLE duplicate = nullptr;
  ASSERT_EQ(system->DuplicateTokenEx(token, SecurityIdentification, &duplicate), 0u);
  SECURITY_IMPERSONATION_LEVEL level = SecurityAnonymous;
  DWORD size = 0;
  ASSERT_TRUE(GetTokenInformation(duplicate, TokenImpersonationLevel, &level, sizeof level, &size))
      << GetLastError();
  EXPECT_EQ(level, SecurityIdentification);
  EXPECT_EQ(system->CloseHandle(duplicate), 0u);
  EXPECT_EQ(system->CloseHandle(token), 0u);
}

TEST(WindowsControls, ARestrictedTokenHasRestrictingSids) {
  if (UnderWine()) {
    GTEST_SKIP() << "Wine's NtFilterToken ignores restricting SIDs (dlls/ntdll/unix/security.c: "
                    "\"support for restricting sids not yet implemented\")";
  }
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  HANDLE token = ProcessToken();
  HANDLE restricted = nullptr;
  ASSERT_EQ(system->CreateRestrictedToken(token, &restricted), 0u);
  EXPECT_TRUE(IsTokenRestricted(restricted));
  EXPECT_FALSE(IsTokenRestricted(token));
  EXPECT_EQ(system->CloseHandle(restricted), 0u);
  EXPECT_EQ(system->CloseHandle(token), 0u);
}

TEST(WindowsControls, ThePumpDispatchesWhatIsQueuedUntilTheQueueIsEmpty) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  MSG peeked{};
  PeekMessageW(&peeked, nullptr, 0, 0, PM_NOREMOVE);  // makes this thread's queue
  ASSERT_TRUE(PostThreadMessageW(GetCurrentThreadId(), WM_APP, 0, 0)) << GetLastError();
  ASSERT_TRUE(PostThreadMessageW(GetCurrentThreadId(), WM_APP, 1, 0)) << GetLastError();
  std::size_t dispatched = 0;
  EXPECT_EQ(system->PumpMessages(&dispatched), 0u);
  EXPECT_EQ(dispatched, 2u);
  EXPECT_EQ(system->PumpMessages(&dispatched), 0u);
  EXPECT_EQ(dispatched, 0u);
}

TEST(WindowsControls, ASingleThreadedApartmentTakesThePumpOnlyFilter) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  HRESULT joined = E_FAIL;
  HRESULT registered = E_FAIL;
  std::thread apartment([&] {
    joined = system->CoInitializeEx(COINIT_APARTMENTTHREADED);
    registered = system->AdmitCallsOnlyWhilePumping();
    if (SUCCEEDED(joined)) system->CoUninitialize();
  });
  apartment.join();
  EXPECT_EQ(joined, S_OK);
  EXPECT_EQ(registered, S_OK);
}

TEST(WindowsControls, AMissingServiceIsNotAwaited) {
  ServiceFacts facts;
  EXPECT_EQ(MakeWindowsSystemApi()->AwaitServiceRunning(L"bitscts-no-such-service",
                                                        std::chrono::milliseconds(100), &facts),
            DWORD{ERROR_SERVICE_DOES_NOT_EXIST});
}

TEST(WindowsControls, ARunningServiceIsSeenRunningAtOnce) {
  ServiceFacts facts;
  EXPECT_EQ(MakeWindowsSystemApi()->AwaitServiceRunning(L"RpcSs", std::chrono::seconds(10), &facts),
            0u);
  EXPECT_EQ(facts.state, DWORD{SERVICE_RUNNING});
}

}  // namespace
}  // namespace bitscts::com
