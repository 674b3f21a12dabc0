// Windows only: the SystemApi methods of the controls around BITS (the per-user proxy, SMB
// shares, RunAs logons), each over the Win32 function it is named after.
#include "bitscts/com/bits_api.h"  // windows.h first

#include <aclapi.h>
#include <lm.h>
#include <sddl.h>
#include <userenv.h>
#include <winhttp.h>

#include <array>
#include <vector>

#include "explicit_dacl.h"
#include "windows_system_api.h"

namespace bitscts::com {
namespace {

DWORD LastError() {
  const DWORD error = GetLastError();
  return error != ERROR_SUCCESS ? error : ERROR_GEN_FAILURE;
}

HKEY RootKey(RegistryRoot root) {
  return root == RegistryRoot::kUsers ? HKEY_USERS : HKEY_LOCAL_MACHINE;
}

// Closes a registry key at the end of a scope.
struct KeyHandle {
  HKEY key = nullptr;
  ~KeyHandle() {
    if (key != nullptr) RegCloseKey(key);
  }
};

// Enables a privilege the process token holds (LoadUserProfileW needs backup and restore).
DWORD EnablePrivilege(const wchar_t* name) {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token))
    return LastError();
  TOKEN_PRIVILEGES privileges{};
  privileges.PrivilegeCount = 1;
  privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
  DWORD result = ERROR_SUCCESS;
  if (!LookupPrivilegeValueW(nullptr, name, &privileges.Privileges[0].Luid) ||
      !AdjustTokenPrivileges(token, FALSE, &privileges, 0, nullptr, nullptr)) {
    result = LastError();
  } else {
    result = GetLastError();  // ERROR_NOT_ALL_ASSIGNED when the token lacks it
  }
  CloseHandle(token);
  return result;
}

}  // namespace

DWORD WindowsReadRegistryValue(RegistryRoot root, const std::wstring& key, const std::wstring& name,
                               RegistryData* data) {
  KeyHandle opened;
  LSTATUS status =
      RegOpenKeyExW(RootKey(root), key.c_str(), 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &opened.key);
  if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
  DWORD type = 0;
  DWORD size = 0;
  status = RegQueryValueExW(opened.key, name.c_str(), nullptr, &type, nullptr, &size);
  if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
  data->type = type;
  data->bytes.resize(size);
  status = RegQueryValueExW(opened.key, name.c_str(), nullptr, &type, data->bytes.data(), &size);
  data->bytes.resize(size);
  return static_cast<DWORD>(status);
}

DWORD WindowsWriteRegistryValue(RegistryRoot root, const std::wstring& key,
                                const std::wstring& name, const RegistryData& data) {
  KeyHandle created;
  LSTATUS status = RegCreateKeyExW(RootKey(root), key.c_str(), 0, nullptr, 0,
                                   KEY_SET_VALUE | KEY_WOW64_64KEY, nullptr, &created.key, nullptr);
  if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
  status = RegSetValueExW(created.key, name.c_str(), 0, data.type, data.bytes.data(),
                          static_cast<DWORD>(data.bytes.size()));
  return static_cast<DWORD>(status);
}

DWORD WindowsDeleteRegistryValue(RegistryRoot root, const std::wstring& key,
                                 const std::wstring& name) {
  KeyHandle opened;
  const LSTATUS status =
      RegOpenKeyExW(RootKey(root), key.c_str(), 0, KEY_SET_VALUE | KEY_WOW64_64KEY, &opened.key);
  if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
  return static_cast<DWORD>(RegDeleteValueW(opened.key, name.c_str()));
}

DWORD WindowsDeleteRegistryKey(RegistryRoot root, const std::wstring& key) {
  return static_cast<DWORD>(RegDeleteKeyExW(RootKey(root), key.c_str(), KEY_WOW64_64KEY, 0));
}

DWORD WindowsRegistrySubkeys(RegistryRoot root, const std::wstring& key,
                             std::vector<std::wstring>* subkeys) {
  KeyHandle opened;
  LSTATUS status = RegOpenKeyExW(RootKey(root), key.c_str(), 0,
                                 KEY_ENUMERATE_SUB_KEYS | KEY_WOW64_64KEY, &opened.key);
  if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
  std::array<wchar_t, 256> name{};  // a key name has at most 255 characters
  for (DWORD index = 0;; ++index) {
    auto length = static_cast<DWORD>(name.size());
    status =
        RegEnumKeyExW(opened.key, index, name.data(), &length, nullptr, nullptr, nullptr, nullptr);
    if (status == ERROR_NO_MORE_ITEMS) return ERROR_SUCCESS;
    if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
    subkeys->emplace_back(name.data(), length);
  }
}

DWORD WindowsLoadUserProfile(HANDLE token, const std::wstring& user, HANDLE* profile) {
  for (const wchar_t* privilege : {SE_BACKUP_NAME, SE_RESTORE_NAME}) {
    if (const DWORD error = EnablePrivilege(privilege); error != ERROR_SUCCESS) return error;
  }
  std::wstring name = user;
  PROFILEINFOW info{};
  info.dwSize = sizeof info;
  info.dwFlags = PI_NOUI;
  info.lpUserName = name.data();
  if (!LoadUserProfileW(token, &info)) return LastError();
  *profile = info.hProfile;
  return ERROR_SUCCESS;
}

DWORD WindowsUnloadUserProfile(HANDLE token, HANDLE profile) {
  return UnloadUserProfile(token, profile) ? ERROR_SUCCESS : LastError();
}

DWORD WindowsUserProxyConfig(UserProxyConfig* config) {
  WINHTTP_CURRENT_USER_IE_PROXY_CONFIG read{};
  if (!WinHttpGetIEProxyConfigForCurrentUser(&read)) return LastError();
  config->auto_detect = read.fAutoDetect != FALSE;
  for (auto [text, copy] : {std::pair{read.lpszAutoConfigUrl, &config->auto_config_url},
                            std::pair{read.lpszProxy, &config->proxy},
                            std::pair{read.lpszProxyBypass, &config->bypass}}) {
    copy->assign(text != nullptr ? text : L"");
    if (text != nullptr) GlobalFree(text);
  }
  return ERROR_SUCCESS;
}

DWORD WindowsComputerName(std::wstring* name) {
  std::array<wchar_t, MAX_COMPUTERNAME_LENGTH + 1> buffer{};
  auto size = static_cast<DWORD>(buffer.size());
  if (!GetComputerNameW(buffer.data(), &size)) return LastError();
  name->assign(buffer.data(), size);
  return ERROR_SUCCESS;
}

DWORD WindowsNetShareAdd(const ShareSpec& spec) {
  std::vector<AccessGrant> readers;
  for (const std::wstring& sid : spec.reader_sids)
    readers.push_back({sid, GENERIC_READ | GENERIC_EXECUTE});
  ExplicitDacl dacl;
  DWORD result = dacl.Build(readers, NO_INHERITANCE);
  if (result != ERROR_SUCCESS) return result;
  SECURITY_DESCRIPTOR absolute{};
  std::vector<BYTE> relative;
  result = DescriptorWithDacl(dacl.get(), false, &absolute);
  if (result == ERROR_SUCCESS) result = SelfRelativeCopy(&absolute, &relative);
  if (result == ERROR_SUCCESS) {
    std::wstring name = spec.name;
    std::wstring path = spec.path;
    std::wstring remark = spec.remark;
    SHARE_INFO_502 info{};
    info.shi502_netname = name.data();
    info.shi502_type = STYPE_DISKTREE;
    info.shi502_remark = remark.data();
    info.shi502_permissions = ACCESS_READ;
    info.shi502_max_uses = static_cast<DWORD>(-1);  // SHI_USES_UNLIMITED
    info.shi502_path = path.data();
    info.shi502_security_descriptor = relative.data();
    DWORD parameter_error = 0;
    result = NetShareAdd(nullptr, 502, reinterpret_cast<LPBYTE>(&info), &parameter_error);
  }
  return result;
}

DWORD WindowsNetShareDel(const std::wstring& name) {
  return NetShareDel(nullptr, const_cast<LPWSTR>(name.c_str()), 0);
}

DWORD WindowsNetShareEnum(std::vector<std::wstring>* names) {
  DWORD resume = 0;
  NET_API_STATUS status = ERROR_MORE_DATA;
  while (status == ERROR_MORE_DATA) {
    LPBYTE buffer = nullptr;
    DWORD read = 0;
    DWORD total = 0;
    status = NetShareEnum(nullptr, 0, &buffer, MAX_PREFERRED_LENGTH, &read, &total, &resume);
    if (status == NERR_Success || status == ERROR_MORE_DATA) {
      const auto* shares = reinterpret_cast<const SHARE_INFO_0*>(buffer);
      for (DWORD i = 0; i < read; ++i) names->emplace_back(shares[i].shi0_netname);
    }
    if (buffer != nullptr) NetApiBufferFree(buffer);
  }
  return status;
}

DWORD WindowsSetFolderReaders(const std::wstring& path, const std::wstring& writer_sid,
                              const std::vector<std::wstring>& reader_sids) {
  std::vector<AccessGrant> grants;
  for (const std::wstring& full :
       {std::wstring(L"S-1-5-18"), std::wstring(L"S-1-5-32-544"), writer_sid}) {
    grants.push_back({full, FILE_ALL_ACCESS});
  }
  for (const std::wstring& reader : reader_sids)
    grants.push_back({reader, FILE_GENERIC_READ | FILE_GENERIC_EXECUTE});
  ExplicitDacl dacl;
  const DWORD result = dacl.Build(grants, SUB_CONTAINERS_AND_OBJECTS_INHERIT);
  return result != ERROR_SUCCESS ? result : SetProtectedFileDacl(path, dacl.get());
}

DWORD WindowsCreateProcessWithLogon(const std::wstring& user, const std::wstring& domain,
                                    const Secret& password, const std::wstring& command_line,
                                    HANDLE* process) {
  // A folder every account may enter: the runner's current one may be closed to the account.
  std::array<wchar_t, MAX_PATH + 1> system_folder{};
  if (GetSystemDirectoryW(system_folder.data(), static_cast<UINT>(system_folder.size())) == 0)
    return LastError();
  std::wstring line = command_line;  // CreateProcessWithLogonW may write into it
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION created{};
  if (!CreateProcessWithLogonW(user.c_str(), domain.c_str(), password.Expose(), LOGON_WITH_PROFILE,
                               nullptr, line.data(), CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT,
                               nullptr, system_folder.data(), &startup, &created)) {
    return LastError();
  }
  CloseHandle(created.hThread);
  *process = created.hProcess;
  return ERROR_SUCCESS;
}

DWORD WindowsWaitForProcessExit(HANDLE process, std::chrono::milliseconds patience,
                                DWORD* exit_code) {
  const DWORD waited = WaitForSingleObject(process, static_cast<DWORD>(patience.count()));
  if (waited == WAIT_TIMEOUT) return WAIT_TIMEOUT;
  if (waited != WAIT_OBJECT_0) return LastError();
  return GetExitCodeProcess(process, exit_code) ? ERROR_SUCCESS : LastError();
}

DWORD WindowsTerminateProcess(HANDLE process, DWORD exit_code) {
  return TerminateProcess(process, exit_code) ? ERROR_SUCCESS : LastError();
}

}  // namespace bitscts::com
