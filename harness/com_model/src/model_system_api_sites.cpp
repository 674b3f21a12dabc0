// ModelSystemApi: the certificate stores, machine keys and user hives, and the agent sites,
// forwarded to the machine's (certificate_api.h, agent_sites.h).
#include "model_system_api.h"

#include "agent_sites.h"

namespace bitscts::com_model {

// ---- Certificate stores and machine keys ----
// The machine's (certificate_api.h); a user's store is reachable while the user's hive is loaded.

DWORD ModelSystemApi::AddCertificate(const com::CertificateStoreName& store,
                                     std::span<const std::uint8_t> der,
                                     const std::wstring& friendly_name,
                                     const std::wstring& key_container) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.AddCertificate(store, HiveLoaded(store.user_sid), der,
                                               friendly_name, key_container);
}

DWORD ModelSystemApi::ListCertificates(const com::CertificateStoreName& store,
                                       std::vector<com::StoreEntry>* entries) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.ListCertificates(store, HiveLoaded(store.user_sid), entries);
}

DWORD ModelSystemApi::DeleteCertificate(const com::CertificateStoreName& store,
                                        const std::string& thumbprint) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.DeleteCertificate(store, HiveLoaded(store.user_sid), thumbprint);
}

DWORD ModelSystemApi::ImportMachineKey(const std::wstring& container, com::PrivateKeyBytes key,
                                       const std::vector<std::wstring>& user_sids,
                                       const std::wstring& deleter_sid, com::MachineKey* imported) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.ImportMachineKey(container, key, user_sids, deleter_sid, imported);
}

DWORD ModelSystemApi::DeleteImportedKey(com::MachineKey key) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.DeleteImportedKey(key);
}

DWORD ModelSystemApi::DeleteMachineKey(const std::wstring& container) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.DeleteMachineKey(container);
}

DWORD ModelSystemApi::ListMachineKeys(std::vector<std::wstring>* containers) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.ListMachineKeys(containers);
}

// An interactive logon of the local account and its profile, as the Windows shim does.
DWORD ModelSystemApi::LoadUserHive(const std::wstring& user, const com::Secret& password,
                                   com::UserHive* hive) {
  HANDLE token = nullptr;
  if (const DWORD logon = LogonUserW(user, L".", password, LOGON32_LOGON_INTERACTIVE, 0, &token);
      logon != 0) {
    return logon;
  }
  HANDLE profile = nullptr;
  if (const DWORD loaded = LoadUserProfileW(token, user, &profile); loaded != 0) {
    CloseHandle(token);
    return loaded;
  }
  *hive = com::UserHive{token, profile};
  return 0;
}

DWORD ModelSystemApi::UnloadUserHive(const com::UserHive& hive) {
  const DWORD unloaded = UnloadUserProfile(hive.token, hive.profile);
  CloseHandle(hive.token);
  return unloaded;
}

// ---- Agent sites ----
// Pipes, child processes, services and RunAs logons are the machine's agent sites'
// (agent_sites.h), called without the lock; a machine without them answers ERROR_NOT_SUPPORTED,
// as a Windows without the facility would.

DWORD ModelSystemApi::CreateAgentPipe(const std::wstring& name,
                                      const std::vector<std::wstring>& admitted_sids,
                                      HANDLE* pipe) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->CreateAgentPipe(name, admitted_sids, pipe);
}
DWORD ModelSystemApi::ConnectNamedPipe(HANDLE pipe, std::chrono::milliseconds patience) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->ConnectNamedPipe(pipe, patience);
}
DWORD ModelSystemApi::StartChildProcess(const std::wstring& command_line,
                                        std::unique_ptr<com::ChildProcess>* child) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->StartChildProcess(command_line, child);
}
DWORD ModelSystemApi::CreateServiceW(const com::ServiceSpec& spec) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->CreateServiceW(spec);
}
DWORD ModelSystemApi::StartServiceW(const std::wstring& name) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->StartServiceW(name);
}
DWORD ModelSystemApi::StopService(const std::wstring& name, std::chrono::milliseconds patience,
                                  com::ServiceFacts* facts) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->StopService(name, patience, facts);
}
DWORD ModelSystemApi::DeleteService(const std::wstring& name) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->DeleteService(name);
}
DWORD ModelSystemApi::EnumServices(std::vector<std::wstring>* names) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->EnumServices(names);
}
DWORD ModelSystemApi::AwaitServiceRunning(const std::wstring& name,
                                          std::chrono::milliseconds patience,
                                          com::ServiceFacts* facts) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->AwaitServiceRunning(name, patience, facts);
}
DWORD ModelSystemApi::CreateProcessWithLogonW(const std::wstring& user, const std::wstring& domain,
                                              const com::Secret& password,
                                              const std::wstring& command_line, HANDLE* process) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->CreateProcessWithLogonW(user, domain, password, command_line, process);
}
DWORD ModelSystemApi::WaitForProcessExit(HANDLE process, std::chrono::milliseconds patience,
                                         DWORD* exit_code) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->WaitForProcessExit(process, patience, exit_code);
}
DWORD ModelSystemApi::TerminateProcess(HANDLE process, DWORD exit_code) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->TerminateProcess(process, exit_code);
}

}  // namespace bitscts::com_model
