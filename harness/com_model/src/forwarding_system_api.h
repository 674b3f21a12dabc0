// Internal: a SystemApi that forwards every call to another, for decorators that change a few
// of them (broken_client.h).
#pragma once

#include <memory>
#include <utility>

#include "bitscts/com/system_api.h"

namespace bitscts::com_model {

class ForwardingSystemApi : public com::SystemApi {
 public:
  explicit ForwardingSystemApi(std::shared_ptr<com::SystemApi> inner) : inner_(std::move(inner)) {}

  using Secret = com::Secret;
  using PlatformFacts = com::PlatformFacts;
  using FileVersion = com::FileVersion;
  using ElevationFacts = com::ElevationFacts;
  using SessionFacts = com::SessionFacts;
  using RegistryValue = com::RegistryValue;
  using ServiceFacts = com::ServiceFacts;
  using ServiceSpec = com::ServiceSpec;
  using ChildProcess = com::ChildProcess;
  using TokenFacts = com::TokenFacts;
  using RegistryRoot = com::RegistryRoot;
  using RegistryData = com::RegistryData;
  using UserProxyConfig = com::UserProxyConfig;
  using ShareSpec = com::ShareSpec;
  using CertificateStoreName = com::CertificateStoreName;
  using StoreEntry = com::StoreEntry;
  using PrivateKeyBytes = com::PrivateKeyBytes;
  using MachineKey = com::MachineKey;
  using UserHive = com::UserHive;

  HRESULT CoInitializeEx(DWORD concurrency) override { return inner_->CoInitializeEx(concurrency); }
  HRESULT CoInitializeSecurity(DWORD authentication_level, DWORD impersonation_level,
                               DWORD capabilities) override {
    return inner_->CoInitializeSecurity(authentication_level, impersonation_level, capabilities);
  }
  HRESULT CoCreateInstance(REFCLSID clsid, DWORD context, REFIID iid, void** object) override {
    return inner_->CoCreateInstance(clsid, context, iid, object);
  }
  void CoUninitialize() override { inner_->CoUninitialize(); }
  void CoTaskMemFree(void* memory) override { inner_->CoTaskMemFree(memory); }
  DWORD ThreadLanguageId() override { return inner_->ThreadLanguageId(); }
  DWORD LogonUserW(const std::wstring& user, const std::wstring& domain, const Secret& password,
                   DWORD logon_type, DWORD provider, HANDLE* token) override {
    return inner_->LogonUserW(user, domain, password, logon_type, provider, token);
  }
  DWORD ImpersonateLoggedOnUser(HANDLE token) override {
    return inner_->ImpersonateLoggedOnUser(token);
  }
  DWORD RevertToSelf() override { return inner_->RevertToSelf(); }
  DWORD CloseHandle(HANDLE handle) override { return inner_->CloseHandle(handle); }
  DWORD CurrentProcessSid(std::wstring* sid) override { return inner_->CurrentProcessSid(sid); }
  DWORD LookupAccountNameW(const std::wstring& account, std::wstring* sid) override {
    return inner_->LookupAccountNameW(account, sid);
  }
  DWORD LookupAccountSidW(const std::wstring& sid, std::wstring* account) override {
    return inner_->LookupAccountSidW(sid, account);
  }
  DWORD NetUserAdd(const std::wstring& user, const Secret& password,
                   const std::wstring& comment) override {
    return inner_->NetUserAdd(user, password, comment);
  }
  DWORD NetUserDel(const std::wstring& user) override { return inner_->NetUserDel(user); }
  DWORD NetUserEnum(std::vector<std::wstring>* users) override {
    return inner_->NetUserEnum(users);
  }
  DWORD NetLocalGroupAddMembers(const std::wstring& group, const std::wstring& member) override {
    return inner_->NetLocalGroupAddMembers(group, member);
  }
  LONG BCryptGenRandom(std::span<std::uint8_t> buffer) override {
    return inner_->BCryptGenRandom(buffer);
  }
  PlatformFacts ReadPlatformFacts() override { return inner_->ReadPlatformFacts(); }
  DWORD GetSystemDirectoryW(std::wstring* folder) override {
    return inner_->GetSystemDirectoryW(folder);
  }
  DWORD GetFileVersion(const std::wstring& path, FileVersion* version) override {
    return inner_->GetFileVersion(path, version);
  }
  DWORD ProcessElevation(ElevationFacts* facts) override { return inner_->ProcessElevation(facts); }
  DWORD ProcessSession(SessionFacts* facts) override { return inner_->ProcessSession(facts); }
  DWORD RegistryValues(const std::wstring& key, std::vector<RegistryValue>* values) override {
    return inner_->RegistryValues(key, values);
  }
  DWORD QueryService(const std::wstring& name, ServiceFacts* facts) override {
    return inner_->QueryService(name, facts);
  }
  DWORD ConnectLoopback(std::uint16_t port) override { return inner_->ConnectLoopback(port); }
  DWORD CreateDirectoryW(const std::wstring& path) override {
    return inner_->CreateDirectoryW(path);
  }
  DWORD RemoveDirectoryW(const std::wstring& path) override {
    return inner_->RemoveDirectoryW(path);
  }
  DWORD CreateAndDeleteFile(const std::wstring& path) override {
    return inner_->CreateAndDeleteFile(path);
  }
  DWORD GrantFolderAccess(const std::wstring& path, const std::wstring& sid) override {
    return inner_->GrantFolderAccess(path, sid);
  }
  DWORD CreateAgentPipe(const std::wstring& name, const std::vector<std::wstring>& admitted_sids,
                        HANDLE* pipe) override {
    return inner_->CreateAgentPipe(name, admitted_sids, pipe);
  }
  DWORD ConnectNamedPipe(HANDLE pipe, std::chrono::milliseconds patience) override {
    return inner_->ConnectNamedPipe(pipe, patience);
  }
  DWORD CreateServiceW(const ServiceSpec& spec) override { return inner_->CreateServiceW(spec); }
  DWORD StartServiceW(const std::wstring& name) override { return inner_->StartServiceW(name); }
  DWORD StopService(const std::wstring& name, std::chrono::milliseconds patience,
                    ServiceFacts* facts) override {
    return inner_->StopService(name, patience, facts);
  }
  DWORD DeleteService(const std::wstring& name) override { return inner_->DeleteService(name); }
  DWORD EnumServices(std::vector<std::wstring>* names) override {
    return inner_->EnumServices(names);
  }
  DWORD StartChildProcess(const std::wstring& command_line,
                          std::unique_ptr<ChildProcess>* child) override {
    return inner_->StartChildProcess(command_line, child);
  }
  DWORD EffectiveTokenFacts(TokenFacts* facts) override {
    return inner_->EffectiveTokenFacts(facts);
  }
  DWORD ReadRegistryValue(RegistryRoot root, const std::wstring& key, const std::wstring& name,
                          RegistryData* data) override {
    return inner_->ReadRegistryValue(root, key, name, data);
  }
  DWORD WriteRegistryValue(RegistryRoot root, const std::wstring& key, const std::wstring& name,
                           const RegistryData& data) override {
    return inner_->WriteRegistryValue(root, key, name, data);
  }
  DWORD DeleteRegistryValue(RegistryRoot root, const std::wstring& key,
                            const std::wstring& name) override {
    return inner_->DeleteRegistryValue(root, key, name);
  }
  DWORD DeleteRegistryKey(RegistryRoot root, const std::wstring& key) override {
    return inner_->DeleteRegistryKey(root, key);
  }
  DWORD RegistrySubkeys(RegistryRoot root, const std::wstring& key,
                        std::vector<std::wstring>* subkeys) override {
    return inner_->RegistrySubkeys(root, key, subkeys);
  }
  DWORD LoadUserProfileW(HANDLE token, const std::wstring& user, HANDLE* profile) override {
    return inner_->LoadUserProfileW(token, user, profile);
  }
  DWORD UnloadUserProfile(HANDLE token, HANDLE profile) override {
    return inner_->UnloadUserProfile(token, profile);
  }
  DWORD WinHttpGetIEProxyConfigForCurrentUser(UserProxyConfig* config) override {
    return inner_->WinHttpGetIEProxyConfigForCurrentUser(config);
  }
  DWORD GetComputerNameW(std::wstring* name) override { return inner_->GetComputerNameW(name); }
  DWORD NetShareAdd(const ShareSpec& spec) override { return inner_->NetShareAdd(spec); }
  DWORD NetShareDel(const std::wstring& name) override { return inner_->NetShareDel(name); }
  DWORD NetShareEnum(std::vector<std::wstring>* names) override {
    return inner_->NetShareEnum(names);
  }
  DWORD SetFolderReaders(const std::wstring& path, const std::wstring& writer_sid,
                         const std::vector<std::wstring>& reader_sids) override {
    return inner_->SetFolderReaders(path, writer_sid, reader_sids);
  }
  DWORD CreateProcessWithLogonW(const std::wstring& user, const std::wstring& domain,
                                const Secret& password, const std::wstring& command_line,
                                HANDLE* process) override {
    return inner_->CreateProcessWithLogonW(user, domain, password, command_line, process);
  }
  DWORD WaitForProcessExit(HANDLE process, std::chrono::milliseconds patience,
                           DWORD* exit_code) override {
    return inner_->WaitForProcessExit(process, patience, exit_code);
  }
  DWORD TerminateProcess(HANDLE process, DWORD exit_code) override {
    return inner_->TerminateProcess(process, exit_code);
  }
  DWORD AddCertificate(const CertificateStoreName& store, std::span<const std::uint8_t> der,
                       const std::wstring& friendly_name,
                       const std::wstring& key_container) override {
    return inner_->AddCertificate(store, der, friendly_name, key_container);
  }
  DWORD ListCertificates(const CertificateStoreName& store,
                         std::vector<StoreEntry>* entries) override {
    return inner_->ListCertificates(store, entries);
  }
  DWORD DeleteCertificate(const CertificateStoreName& store,
                          const std::string& thumbprint) override {
    return inner_->DeleteCertificate(store, thumbprint);
  }
  DWORD ImportMachineKey(const std::wstring& container, PrivateKeyBytes key,
                         const std::vector<std::wstring>& user_sids,
                         const std::wstring& deleter_sid, MachineKey* imported) override {
    return inner_->ImportMachineKey(container, std::move(key), user_sids, deleter_sid, imported);
  }
  DWORD DeleteImportedKey(MachineKey key) override {
    return inner_->DeleteImportedKey(std::move(key));
  }
  DWORD DeleteMachineKey(const std::wstring& container) override {
    return inner_->DeleteMachineKey(container);
  }
  DWORD ListMachineKeys(std::vector<std::wstring>* containers) override {
    return inner_->ListMachineKeys(containers);
  }
  DWORD LoadUserHive(const std::wstring& user, const Secret& password, UserHive* hive) override {
    return inner_->LoadUserHive(user, password, hive);
  }
  DWORD UnloadUserHive(const UserHive& hive) override { return inner_->UnloadUserHive(hive); }
  DWORD SetFolderWriters(const std::wstring& path,
                         const std::vector<std::wstring>& full_control_sids,
                         const std::vector<std::wstring>& writer_sids,
                         const std::vector<std::wstring>& remover_sids) override {
    return inner_->SetFolderWriters(path, full_control_sids, writer_sids, remover_sids);
  }
  DWORD DuplicateTokenEx(HANDLE token, DWORD impersonation_level, HANDLE* duplicate) override {
    return inner_->DuplicateTokenEx(token, impersonation_level, duplicate);
  }
  DWORD CreateRestrictedToken(HANDLE token, HANDLE* restricted) override {
    return inner_->CreateRestrictedToken(token, restricted);
  }
  DWORD PumpMessages(std::size_t* dispatched) override { return inner_->PumpMessages(dispatched); }
  HRESULT AdmitCallsOnlyWhilePumping() override { return inner_->AdmitCallsOnlyWhilePumping(); }
  DWORD AwaitServiceRunning(const std::wstring& name, std::chrono::milliseconds patience,
                            ServiceFacts* facts) override {
    return inner_->AwaitServiceRunning(name, patience, facts);
  }
  DWORD CallingClientSid(std::wstring* sid) override { return inner_->CallingClientSid(sid); }

 protected:
  com::SystemApi& inner() { return *inner_; }

 private:
  std::shared_ptr<com::SystemApi> inner_;
};

}  // namespace bitscts::com_model
