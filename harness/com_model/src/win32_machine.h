// The Win32 side of an emulated machine whose BITS is the reference model: what every emulated
// process's SystemApi shares (token and profile handles, the accounts' passwords, the registry,
// the folders given writers, the certificate stores and machine keys), beside the model's COM
// face (Machine). All of it is guarded by the Machine's lock.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"
#include "certificate_api.h"
#include "machine.h"
#include "registry.h"

namespace bitscts::com_model {

class AgentSites;  // the agent sites (pipes, child processes, services, RunAs): agent_sites.h

// Handles the emulated Win32 API hands out: logon tokens (LogonUserW, DuplicateTokenEx,
// CreateRestrictedToken) and loaded user profiles (LoadUserProfileW).
class HandleTable {
 public:
  // Returns a new handle to a copy of `token`.
  HANDLE OpenToken(const model::Token& token);
  // Returns the token `handle` refers to, or null if it is no open token handle.
  const model::Token* Token(HANDLE handle) const;
  // Returns a new handle to the loaded profile of `sid`.
  HANDLE OpenProfile(const std::string& sid);
  // Returns the SID of the profile `handle` refers to, or null if it is no open profile handle.
  const std::string* Profile(HANDLE handle) const;
  // Closes `handle`; false if it was no open handle of this table.
  bool Close(HANDLE handle);

 private:
  HANDLE Next();

  std::uintptr_t next_ = 0x1000;
  std::map<std::uintptr_t, model::Token> tokens_;
  std::map<std::uintptr_t, std::string> profiles_;
};

// The hives below HKEY_USERS that are always loaded: the default user's and the service accounts'.
inline constexpr const wchar_t* kAlwaysLoadedHives[] = {L".DEFAULT", L"S-1-5-18", L"S-1-5-19",
                                                        L"S-1-5-20"};

struct Win32Machine {
  // Seeds the registry with what the preflight reads: UAC on, and
  // LocalAccountTokenFilterPolicy 1 (an administrator's network logon gets a full token).
  explicit Win32Machine(std::shared_ptr<model::com_face::Machine> machine);

  // The password check of every logon (LogonUserW, CreateProcessWithLogonW, a remote session):
  // the account `user` ("<name>" or "<domain>\<name>") names, whose domain (and `domain`) is
  // empty, "." or the machine's name, when `password` is the password NetUserAdd gave it; else
  // null and `*error` ERROR_LOGON_FAILURE. The caller holds bits->Lock().
  const model::Account* CheckLogon(const std::wstring& user, const std::wstring& domain,
                                   const com::Secret& password, DWORD* error) const;

  std::shared_ptr<model::com_face::Machine> bits;
  // ---- guarded by bits->Lock() ----
  HandleTable handles;
  std::map<std::string, com::Secret, std::less<>> passwords;  // of NetUserAdd's accounts, by SID
  Registry registry;
  std::map<std::string, int, std::less<>> hive_loads;  // loaded user profiles, by SID
  CertificateApi certificates;  // the certificate stores and machine keys, mirrored into the model
  // Folders SetFolderWriters restricted: who may create files in them, by the model's path.
  std::map<std::string, std::set<std::string>> folder_writers;
  // ---- set once before any process runs ----
  AgentSites* sites = nullptr;
};

// Returns the SystemApi of the emulated process `process` of `machine`.
std::shared_ptr<com::SystemApi> MakeProcessApi(
    std::shared_ptr<Win32Machine> machine, std::shared_ptr<model::com_face::ClientProcess> process);

// Returns the Internet Settings key of the user `sid` below HKEY_USERS, whose ProxyEnable and
// ProxyServer are that user's proxy.
std::wstring InternetSettingsKey(const std::wstring& sid);

}  // namespace bitscts::com_model
