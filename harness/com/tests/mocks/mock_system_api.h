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
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
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
  // The token handle the default DuplicateTokenEx and CreateRestrictedToken hand out.
  static inline const HANDLE kShapedToken =
      reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(0x7003));
  // The pipe handle the default CreateAgentPipe hands out.
  static inline const HANDLE kAgentPipe =
      reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(0x7002));
  // The Remote Management Users group's name the default LookupAccountSidW reports for
  // S-1-5-32-580.
  static constexpr std::wstring_view kRemoteManagementUsersName =
      L"Utilisateurs de gestion a distance";

  // The hive the default LoadUserHive hands out.
  static inline const com::UserHive kUserHive{
      reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(0x7003)),
      reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(0x7004))};

  // The key the default ImportMachineKey hands out.
  static constexpr com::MachineKey kMachineKey{0x7005};

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
  // By default the UAC policy of an administrator with UAC on, and any other key's values in the
  // in-memory registry (below).
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
  // ---- Controls around BITS ----
  // By default the registry is the in-memory one registry() shows (empty at first: no key
  // exists), HKEY_USERS holds the hive of kProcessSid, LoadUserProfileW loads the hive of
  // kAccountSid and hands out kProfile, WinHttpGetIEProxyConfigForCurrentUser answers a direct
  // connection, the computer is kComputerName, shares live in shares() and RunAs processes
  // (kRunAsProcess) exit with 0 as soon as they are waited for.
  MOCK_METHOD(DWORD, ReadRegistryValue,
              (com::RegistryRoot root, const std::wstring& key, const std::wstring& name,
               com::RegistryData* data),
              (override));
  MOCK_METHOD(DWORD, WriteRegistryValue,
              (com::RegistryRoot root, const std::wstring& key, const std::wstring& name,
               const com::RegistryData& data),
              (override));
  MOCK_METHOD(DWORD, DeleteRegistryValue,
              (com::RegistryRoot root, const std::wstring& key, const std::wstring& name),
              (override));
  MOCK_METHOD(DWORD, DeleteRegistryKey, (com::RegistryRoot root, const std::wstring& key),
              (override));
  MOCK_METHOD(DWORD, RegistrySubkeys,
              (com::RegistryRoot root, const std::wstring& key, std::vector<std::wstring>* subkeys),
              (override));
  MOCK_METHOD(DWORD, LoadUserProfileW, (HANDLE token, const std::wstring& user, HANDLE* profile),
              (override));
  MOCK_METHOD(DWORD, UnloadUserProfile, (HANDLE token, HANDLE profile), (override));
  MOCK_METHOD(DWORD, WinHttpGetIEProxyConfigForCurrentUser, (com::UserProxyConfig * config),
              (override));
  MOCK_METHOD(DWORD, GetComputerNameW, (std::wstring * name), (override));
  MOCK_METHOD(DWORD, NetShareAdd, (const com::ShareSpec& spec), (override));
  MOCK_METHOD(DWORD, NetShareDel, (const std::wstring& name), (override));
  MOCK_METHOD(DWORD, NetShareEnum, (std::vector<std::wstring> * names), (override));
  MOCK_METHOD(DWORD, SetFolderReaders,
              (const std::wstring& path, const std::wstring& writer_sid,
               const std::vector<std::wstring>& reader_sids),
              (override));
  MOCK_METHOD(DWORD, CreateProcessWithLogonW,
              (const std::wstring& user, const std::wstring& domain, const com::Secret& password,
               const std::wstring& command_line, HANDLE* process),
              (override));
  MOCK_METHOD(DWORD, WaitForProcessExit,
              (HANDLE process, std::chrono::milliseconds patience, DWORD* exit_code), (override));
  MOCK_METHOD(DWORD, TerminateProcess, (HANDLE process, DWORD exit_code), (override));

  // The hive handle the default LoadUserProfileW hands out.
  static inline const HANDLE kProfile =
      reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(0x7003));
  // The process handle the default CreateProcessWithLogonW hands out.
  static inline const HANDLE kRunAsProcess =
      reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(0x7004));
  // The name the default GetComputerNameW reports.
  static constexpr std::wstring_view kComputerName = L"TESTHOST";
  // One value of the default in-memory registry: its root, key path and name.
  using RegistryPlace = std::tuple<com::RegistryRoot, std::wstring, std::wstring>;
  // Returns the default registry's values (a copy).
  std::map<RegistryPlace, com::RegistryData> registry() const;
  // Puts `data` into the default registry (as WriteRegistryValue does).
  void SetRegistry(com::RegistryRoot root, const std::wstring& key, const std::wstring& name,
                   com::RegistryData data);
  // Returns the names of the shares the default NetShareAdd made and NetShareDel did not delete.
  std::set<std::wstring> shares() const;
  // ---- Certificate stores and machine keys ----
  // By default every store is empty, no machine key exists, every addition, import and deletion
  // succeeds without being remembered, and a user's hive loads as kUserHive.
  MOCK_METHOD(DWORD, AddCertificate,
              (const com::CertificateStoreName& store, std::span<const std::uint8_t> der,
               const std::wstring& friendly_name, const std::wstring& key_container),
              (override));
  MOCK_METHOD(DWORD, ListCertificates,
              (const com::CertificateStoreName& store, std::vector<com::StoreEntry>* entries),
              (override));
  MOCK_METHOD(DWORD, DeleteCertificate,
              (const com::CertificateStoreName& store, const std::string& thumbprint), (override));
  MOCK_METHOD(DWORD, ImportMachineKey,
              (const std::wstring& container, com::PrivateKeyBytes key,
               const std::vector<std::wstring>& user_sids, const std::wstring& deleter_sid,
               com::MachineKey* imported),
              (override));
  MOCK_METHOD(DWORD, DeleteImportedKey, (com::MachineKey key), (override));
  MOCK_METHOD(DWORD, DeleteMachineKey, (const std::wstring& container), (override));
  MOCK_METHOD(DWORD, ListMachineKeys, (std::vector<std::wstring> * containers), (override));
  MOCK_METHOD(DWORD, LoadUserHive,
              (const std::wstring& user, const com::Secret& password, com::UserHive* hive),
              (override));
  MOCK_METHOD(DWORD, UnloadUserHive, (const com::UserHive& hive), (override));
  // By default folder DACLs are set, tokens are duplicated and restricted into kShapedToken,
  // the message queue is empty, and a service reaches SERVICE_RUNNING at once.
  MOCK_METHOD(DWORD, SetFolderWriters,
              (const std::wstring& path, const std::vector<std::wstring>& full_control_sids,
               const std::vector<std::wstring>& writer_sids,
               const std::vector<std::wstring>& remover_sids),
              (override));
  MOCK_METHOD(DWORD, DuplicateTokenEx, (HANDLE token, DWORD impersonation_level, HANDLE* duplicate),
              (override));
  MOCK_METHOD(DWORD, CreateRestrictedToken, (HANDLE token, HANDLE* restricted), (override));
  MOCK_METHOD(DWORD, PumpMessages, (std::size_t * dispatched), (override));
  MOCK_METHOD(HRESULT, AdmitCallsOnlyWhilePumping, (), (override));
  MOCK_METHOD(DWORD, AwaitServiceRunning,
              (const std::wstring& name, std::chrono::milliseconds patience,
               com::ServiceFacts* facts),
              (override));
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
  std::map<RegistryPlace, com::RegistryData> registry_;        // the default registry's values
  std::set<std::pair<com::RegistryRoot, std::wstring>> keys_;  // and its keys
  std::set<std::wstring> shares_;                              // the default shares
  std::atomic<bool> impersonating_{
      false};  // by the defaults of ImpersonateLoggedOnUser and RevertToSelf
};

}  // namespace bitscts::mocks

namespace bitscts::com {
// Prints a private key as its size alone: a double never shows key material.
void PrintTo(const PrivateKeyBytes& key, std::ostream* out);
// Prints a machine key's handle.
void PrintTo(const MachineKey& key, std::ostream* out);
// Prints a store as "machine MY" or "<sid> MY".
void PrintTo(const CertificateStoreName& store, std::ostream* out);
}  // namespace bitscts::com
