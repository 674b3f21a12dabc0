// A GoogleMock double of the SystemApi seam. Its default actions describe a quiet, healthy
// machine: every call succeeds, LogonUserW hands out kLogonToken, random bytes come from a
// deterministic generator, and CoTaskMemFree frees (and counts) the strings TaskString made.
// For the preconditions of a run: the process is elevated in session 1 with a visible window
// station, UAC is on (EnableLUA 1), local administrators' remote sessions get full tokens
// (LocalAccountTokenFilterPolicy 1), Remote Management Users exists, no BITS policy is configured,
// every service runs, every loopback port accepts, CreateDirectoryW and RemoveDirectoryW really
// create and remove the folder (code under test may put files there), and file writes and grants
// succeed untouched. Agents outside the runner's children: CreateAgentPipe hands out kAgentPipe, a
// client connects at once, and every service call succeeds with no services installed and a stop
// that stops. Notifications: BITS calls back as the process's own identity (kProcessSid).
#pragma once

#include <gmock/gmock.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/com/system_api.h"
#include "mocks/com_object.h"  // also how GUID arguments print

namespace bitscts::mocks {

class MockSystemApi : public com::SystemApi {
 public:
  // The logon token handle the default LogonUserW hands out.
  static inline const HANDLE kLogonToken =
      reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(0x7001));
  // The process SID the default CurrentProcessSid reports.
  static constexpr std::wstring_view kProcessSid =
      L"S-1-5-21-1000000001-1000000002-1000000003-1000";
  // The SID the default LookupAccountNameW reports for any account.
  static constexpr std::wstring_view kAccountSid =
      L"S-1-5-21-1000000001-1000000002-1000000003-1001";
  // The Administrators group's name the default LookupAccountSidW reports (deliberately not
  // English).
  static constexpr std::wstring_view kAdministratorsName = L"Administrateurs";
  // The pipe handle the default CreateAgentPipe hands out.
  static inline const HANDLE kAgentPipe =
      reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(0x7002));
  // The Remote Management Users group's name the default LookupAccountSidW reports for
  // S-1-5-32-580.
  static constexpr std::wstring_view kRemoteManagementUsersName =
      L"Utilisateurs de gestion a distance";

  MockSystemApi();
  ~MockSystemApi() override;

  MOCK_METHOD(HRESULT, CoInitializeEx, (DWORD concurrency), (override));
  MOCK_METHOD(HRESULT, CoInitializeSecurity,
              (DWORD authentication_level, DWORD impersonation_level, DWORD capabilities),
              (override));
  MOCK_METHOD(HRESULT, CoCreateInstance, (REFCLSID clsid, DWORD context, REFIID iid, void** object),
              (override));
  MOCK_METHOD(void, CoUninitialize, (), (override));
  MOCK_METHOD(void, CoTaskMemFree, (void* memory), (override));
  MOCK_METHOD(DWORD, ThreadLanguageId, (), (override));
  MOCK_METHOD(DWORD, LogonUserW,
              (const std::wstring& user, const std::wstring& domain, const com::Secret& password,
               DWORD logon_type, DWORD provider, HANDLE* token),
              (override));
  MOCK_METHOD(DWORD, ImpersonateLoggedOnUser, (HANDLE token), (override));
  MOCK_METHOD(DWORD, RevertToSelf, (), (override));
  MOCK_METHOD(DWORD, CloseHandle, (HANDLE handle), (override));
  MOCK_METHOD(DWORD, CurrentProcessSid, (std::wstring * sid), (override));
  MOCK_METHOD(DWORD, LookupAccountNameW, (const std::wstring& account, std::wstring* sid),
              (override));
  MOCK_METHOD(DWORD, LookupAccountSidW, (const std::wstring& sid, std::wstring* account),
              (override));
  MOCK_METHOD(DWORD, NetUserAdd,
              (const std::wstring& user, const com::Secret& password, const std::wstring& comment),
              (override));
  MOCK_METHOD(DWORD, NetUserDel, (const std::wstring& user), (override));
  MOCK_METHOD(DWORD, NetUserEnum, (std::vector<std::wstring> * users), (override));
  MOCK_METHOD(DWORD, NetLocalGroupAddMembers,
              (const std::wstring& group, const std::wstring& member), (override));
  MOCK_METHOD(LONG, BCryptGenRandom, (std::span<std::uint8_t> buffer), (override));
  MOCK_METHOD(com::PlatformFacts, ReadPlatformFacts, (), (override));
  MOCK_METHOD(DWORD, GetSystemDirectoryW, (std::wstring * folder), (override));
  MOCK_METHOD(DWORD, GetFileVersion, (const std::wstring& path, com::FileVersion* version),
              (override));
  MOCK_METHOD(DWORD, ProcessElevation, (com::ElevationFacts * facts), (override));
  MOCK_METHOD(DWORD, ProcessSession, (com::SessionFacts * facts), (override));
  MOCK_METHOD(DWORD, RegistryValues,
              (const std::wstring& key, std::vector<com::RegistryValue>* values), (override));
  MOCK_METHOD(DWORD, QueryService, (const std::wstring& name, com::ServiceFacts* facts),
              (override));
  MOCK_METHOD(DWORD, ConnectLoopback, (std::uint16_t port), (override));
  MOCK_METHOD(DWORD, CreateDirectoryW, (const std::wstring& path), (override));
  MOCK_METHOD(DWORD, RemoveDirectoryW, (const std::wstring& path), (override));
  MOCK_METHOD(DWORD, CreateAndDeleteFile, (const std::wstring& path), (override));
  MOCK_METHOD(DWORD, GrantFolderAccess, (const std::wstring& path, const std::wstring& sid),
              (override));
  MOCK_METHOD(DWORD, CreateAgentPipe,
              (const std::wstring& name, const std::vector<std::wstring>& admitted_sids,
               HANDLE* pipe),
              (override));
  MOCK_METHOD(DWORD, ConnectNamedPipe, (HANDLE pipe, std::chrono::milliseconds patience),
              (override));
  MOCK_METHOD(DWORD, CreateServiceW, (const com::ServiceSpec& spec), (override));
  MOCK_METHOD(DWORD, StartServiceW, (const std::wstring& name), (override));
  MOCK_METHOD(DWORD, StopService,
              (const std::wstring& name, std::chrono::milliseconds patience,
               com::ServiceFacts* facts),
              (override));
  MOCK_METHOD(DWORD, DeleteService, (const std::wstring& name), (override));
  MOCK_METHOD(DWORD, EnumServices, (std::vector<std::wstring> * names), (override));
  // ---- Child processes and the effective token ----
  // By default no child process starts (ERROR_FILE_NOT_FOUND), and the thread acts with the
  // process's full administrator token (TokenElevationTypeFull, Administrators enabled), or with
  // a standard user's token while the default ImpersonateLoggedOnUser's impersonation lasts.
  MOCK_METHOD(DWORD, StartChildProcess,
              (const std::wstring& command_line, std::unique_ptr<com::ChildProcess>* child),
              (override));
  MOCK_METHOD(DWORD, EffectiveTokenFacts, (com::TokenFacts * facts), (override));
  // ---- Notifications ----
  MOCK_METHOD(DWORD, CallingClientSid, (std::wstring * sid), (override));

  // Returns a copy of `text` in memory that the default CoTaskMemFree frees: what a COM method
  // hands out to its caller.
  LPWSTR TaskString(std::wstring_view text);
  // Returns how many TaskString results were not freed yet.
  std::size_t outstanding_task_memory() const;
  // Returns how many CoTaskMemFree calls freed memory TaskString had not made or had freed before.
  std::size_t bad_task_memory_frees() const;
  // Fills `buffer` with the next bytes of the deterministic generator (what BCryptGenRandom does by
  // default).
  void FillDeterministic(std::span<std::uint8_t> buffer);

 private:
  void FreeTaskString(void* memory);

  mutable std::mutex mutex_;
  std::set<void*> task_memory_;
  std::size_t bad_frees_ = 0;
  std::uint64_t generator_ = 0x2545F4914F6CDD1Du;
  std::atomic<bool> impersonating_{
      false};  // by the defaults of ImpersonateLoggedOnUser and RevertToSelf
};

}  // namespace bitscts::mocks
