// The SystemApi of one emulated process of a Win32Machine: COM runtime calls go to the model's
// COM face (Machine), logons and tokens to the model's Authority (security.h), folders to its
// FolderAcl and real directories, shares to its Service, the registry to the machine's own.
// Every answer is the Win32 error code, NET_API_STATUS or HRESULT Windows gives in that case.
#pragma once

#include <map>
#include <memory>
#include <thread>

#include "bitscts/com/system_api.h"
#include "win32_machine.h"

namespace bitscts::com_model {

class ModelSystemApi final : public com::SystemApi {
 public:
  ModelSystemApi(std::shared_ptr<Win32Machine> machine,
                 std::shared_ptr<model::com_face::ClientProcess> process);

  // ---- COM runtime ----
  HRESULT CoInitializeEx(DWORD concurrency) override;
  HRESULT CoInitializeSecurity(DWORD authentication_level, DWORD impersonation_level,
                               DWORD capabilities) override;
  HRESULT CoCreateInstance(REFCLSID clsid, DWORD context, REFIID iid, void** object) override;
  void CoUninitialize() override;
  void CoTaskMemFree(void* memory) override;
  DWORD ThreadLanguageId() override;
  DWORD PumpMessages(std::size_t* dispatched) override;
  HRESULT AdmitCallsOnlyWhilePumping() override;
  DWORD CallingClientSid(std::wstring* sid) override;

  // ---- Logon, tokens, identities ----
  DWORD LogonUserW(const std::wstring& user, const std::wstring& domain,
                   const com::Secret& password, DWORD logon_type, DWORD provider,
                   HANDLE* token) override;
  DWORD ImpersonateLoggedOnUser(HANDLE token) override;
  DWORD RevertToSelf() override;
  DWORD CloseHandle(HANDLE handle) override;
  DWORD DuplicateTokenEx(HANDLE token, DWORD impersonation_level, HANDLE* duplicate) override;
  DWORD CreateRestrictedToken(HANDLE token, HANDLE* restricted) override;
  DWORD EffectiveTokenFacts(com::TokenFacts* facts) override;
  DWORD CurrentProcessSid(std::wstring* sid) override;
  DWORD LookupAccountNameW(const std::wstring& account, std::wstring* sid) override;
  DWORD LookupAccountSidW(const std::wstring& sid, std::wstring* account) override;

  // ---- Local accounts, randomness ----
  DWORD NetUserAdd(const std::wstring& user, const com::Secret& password,
                   const std::wstring& comment) override;
  DWORD NetUserDel(const std::wstring& user) override;
  DWORD NetUserEnum(std::vector<std::wstring>* users) override;
  DWORD NetLocalGroupAddMembers(const std::wstring& group, const std::wstring& member) override;
  LONG BCryptGenRandom(std::span<std::uint8_t> buffer) override;

  // ---- Platform and preflight ----
  com::PlatformFacts ReadPlatformFacts() override;
  DWORD GetSystemDirectoryW(std::wstring* folder) override;
  DWORD GetFileVersion(const std::wstring& path, com::FileVersion* version) override;
  DWORD ProcessElevation(com::ElevationFacts* facts) override;
  DWORD ProcessSession(com::SessionFacts* facts) override;
  DWORD RegistryValues(const std::wstring& key, std::vector<com::RegistryValue>* values) override;
  DWORD QueryService(const std::wstring& name, com::ServiceFacts* facts) override;
  DWORD ConnectLoopback(std::uint16_t port) override;

  // ---- Folders and shares ----
  DWORD CreateDirectoryW(const std::wstring& path) override;
  DWORD RemoveDirectoryW(const std::wstring& path) override;
  DWORD CreateAndDeleteFile(const std::wstring& path) override;
  DWORD GrantFolderAccess(const std::wstring& path, const std::wstring& sid) override;
  DWORD SetFolderWriters(const std::wstring& path,
                         const std::vector<std::wstring>& full_control_sids,
                         const std::vector<std::wstring>& writer_sids,
                         const std::vector<std::wstring>& remover_sids) override;
  DWORD SetFolderReaders(const std::wstring& path, const std::wstring& writer_sid,
                         const std::vector<std::wstring>& reader_sids) override;
  DWORD GetComputerNameW(std::wstring* name) override;
  DWORD NetShareAdd(const com::ShareSpec& spec) override;
  DWORD NetShareDel(const std::wstring& name) override;
  DWORD NetShareEnum(std::vector<std::wstring>* names) override;

  // ---- Registry and the per-user proxy ----
  DWORD ReadRegistryValue(com::RegistryRoot root, const std::wstring& key, const std::wstring& name,
                          com::RegistryData* data) override;
  DWORD WriteRegistryValue(com::RegistryRoot root, const std::wstring& key,
                           const std::wstring& name, const com::RegistryData& data) override;
  DWORD DeleteRegistryValue(com::RegistryRoot root, const std::wstring& key,
                            const std::wstring& name) override;
  DWORD DeleteRegistryKey(com::RegistryRoot root, const std::wstring& key) override;
  DWORD RegistrySubkeys(com::RegistryRoot root, const std::wstring& key,
                        std::vector<std::wstring>* subkeys) override;
  DWORD LoadUserProfileW(HANDLE token, const std::wstring& user, HANDLE* profile) override;
  DWORD UnloadUserProfile(HANDLE token, HANDLE profile) override;
  DWORD WinHttpGetIEProxyConfigForCurrentUser(com::UserProxyConfig* config) override;

  // ---- Certificate stores and machine keys (certificate_api.h), user hives ----
  DWORD AddCertificate(const com::CertificateStoreName& store, std::span<const std::uint8_t> der,
                       const std::wstring& friendly_name,
                       const std::wstring& key_container) override;
  DWORD ListCertificates(const com::CertificateStoreName& store,
                         std::vector<com::StoreEntry>* entries) override;
  DWORD DeleteCertificate(const com::CertificateStoreName& store,
                          const std::string& thumbprint) override;
  DWORD ImportMachineKey(const std::wstring& container, com::PrivateKeyBytes key,
                         const std::vector<std::wstring>& user_sids,
                         const std::wstring& deleter_sid, com::MachineKey* imported) override;
  DWORD DeleteImportedKey(com::MachineKey key) override;
  DWORD DeleteMachineKey(const std::wstring& container) override;
  DWORD ListMachineKeys(std::vector<std::wstring>* containers) override;
  DWORD LoadUserHive(const std::wstring& user, const com::Secret& password,
                     com::UserHive* hive) override;
  DWORD UnloadUserHive(const com::UserHive& hive) override;

  // ---- Agent sites: pipes, child processes, services, RunAs (agent_sites.h) ----
  DWORD CreateAgentPipe(const std::wstring& name, const std::vector<std::wstring>& admitted_sids,
                        HANDLE* pipe) override;
  DWORD ConnectNamedPipe(HANDLE pipe, std::chrono::milliseconds patience) override;
  DWORD StartChildProcess(const std::wstring& command_line,
                          std::unique_ptr<com::ChildProcess>* child) override;
  DWORD CreateServiceW(const com::ServiceSpec& spec) override;
  DWORD StartServiceW(const std::wstring& name) override;
  DWORD StopService(const std::wstring& name, std::chrono::milliseconds patience,
                    com::ServiceFacts* facts) override;
  DWORD DeleteService(const std::wstring& name) override;
  DWORD EnumServices(std::vector<std::wstring>* names) override;
  DWORD AwaitServiceRunning(const std::wstring& name, std::chrono::milliseconds patience,
                            com::ServiceFacts* facts) override;
  DWORD CreateProcessWithLogonW(const std::wstring& user, const std::wstring& domain,
                                const com::Secret& password, const std::wstring& command_line,
                                HANDLE* process) override;
  DWORD WaitForProcessExit(HANDLE process, std::chrono::milliseconds patience,
                           DWORD* exit_code) override;
  DWORD TerminateProcess(HANDLE process, DWORD exit_code) override;

 private:
  struct ThreadApartment {
    bool single_threaded = false;
    int initialisations = 0;
  };

  // Returns the token the calling thread acts with: its impersonation token, else the
  // process's. Needs the lock.
  const model::Token& ActingToken() const;
  // Returns the account `name` names ("user", ".\user", "<machine>\user", "NT AUTHORITY\...")
  // or null. Needs the lock.
  const model::Account* AccountNamed(const std::wstring& name) const;
  // Returns true if and only if the user hive of `sid` is loaded in HKEY_USERS. Needs the lock.
  bool HiveLoaded(const std::wstring& sid) const;
  // Returns 0 if `key` of `root` may be reached: HKEY_LOCAL_MACHINE, or a loaded user hive.
  DWORD CheckHive(com::RegistryRoot root, const std::wstring& key) const;
  // Feeds the user proxy of the hive `key` is in to the model after its Internet Settings
  // changed. Needs the lock.
  void FeedUserProxy(com::RegistryRoot root, const std::wstring& key);
  // Returns true if the calling thread, or (implicitly, for the multithreaded apartment) some
  // thread of the process, initialised COM. Needs the lock.
  bool ComInitialised() const;

  std::shared_ptr<Win32Machine> machine_;
  std::shared_ptr<model::com_face::ClientProcess> process_;
  std::map<std::thread::id, ThreadApartment> apartments_;  // guarded by the machine's lock
};

}  // namespace bitscts::com_model
