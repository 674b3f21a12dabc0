// Windows only: the SystemApi over Windows itself. Each method forwards to the function it is
// named after and converts only what the interface's conventions ask for: GetLastError codes
// returned instead of BOOL, textual SIDs, and the buffers the functions allocate freed here.
#include "windows_system_api.h"

#include "bitscts/com/bits_api.h"  // windows.h first

#include <aclapi.h>
#include <bcrypt.h>
#include <lm.h>
#include <sddl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <vector>

namespace bitscts::com {
namespace {

// Returns the calling thread's last error, never 0 (a failed call that set none is reported as
// ERROR_GEN_FAILURE rather than as success).
DWORD LastError() {
  const DWORD error = GetLastError();
  return error != ERROR_SUCCESS ? error : ERROR_GEN_FAILURE;
}

// Closes a service control manager handle at the end of a scope.
struct ServiceHandle {
  SC_HANDLE handle = nullptr;
  ~ServiceHandle() { Close(); }
  void Close() {
    if (handle != nullptr) CloseServiceHandle(handle);
    handle = nullptr;
  }
};

// NotifyServiceStatusChangeW's callback: runs as an APC on the waiting thread and wakes it.
void CALLBACK ServiceStatusChanged(PVOID context) {
  SetEvent(static_cast<HANDLE>(static_cast<SERVICE_NOTIFYW*>(context)->pContext));
}

// Converts a SID to text into `*text`.
DWORD SidText(PSID sid, std::wstring* text) {
  LPWSTR converted = nullptr;
  if (!ConvertSidToStringSidW(sid, &converted)) return LastError();
  *text = converted;
  LocalFree(converted);
  return ERROR_SUCCESS;
}

// Reads the user of `token` as text into `*text`.
DWORD TokenUserText(HANDLE token, std::wstring* text) {
  DWORD size = 0;
  GetTokenInformation(token, TokenUser, nullptr, 0, &size);
  if (size == 0) return LastError();
  std::vector<BYTE> buffer(size);
  if (!GetTokenInformation(token, TokenUser, buffer.data(), size, &size)) return LastError();
  return SidText(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid, text);
}

class WindowsSystemApi final : public SystemApi {
 public:
  HRESULT CoInitializeEx(DWORD concurrency) override {
    return ::CoInitializeEx(nullptr, concurrency);
  }

  HRESULT CoInitializeSecurity(DWORD authentication_level, DWORD impersonation_level,
                               DWORD capabilities) override {
    return ::CoInitializeSecurity(nullptr, -1, nullptr, nullptr, authentication_level,
                                  impersonation_level, nullptr, capabilities, nullptr);
  }

  HRESULT CoCreateInstance(REFCLSID clsid, DWORD context, REFIID iid, void** object) override {
    return ::CoCreateInstance(clsid, nullptr, context, iid, object);
  }

  void CoUninitialize() override { ::CoUninitialize(); }
  void CoTaskMemFree(void* memory) override { ::CoTaskMemFree(memory); }
  DWORD ThreadLanguageId() override { return LANGIDFROMLCID(GetThreadLocale()); }

  DWORD LogonUserW(const std::wstring& user, const std::wstring& domain, const Secret& password,
                   DWORD logon_type, DWORD provider, HANDLE* token) override {
    return ::LogonUserW(user.c_str(), domain.c_str(), password.Expose(), logon_type, provider,
                        token)
               ? ERROR_SUCCESS
               : LastError();
  }

  DWORD ImpersonateLoggedOnUser(HANDLE token) override {
    return ::ImpersonateLoggedOnUser(token) ? ERROR_SUCCESS : LastError();
  }

  DWORD RevertToSelf() override { return ::RevertToSelf() ? ERROR_SUCCESS : LastError(); }
  DWORD CloseHandle(HANDLE handle) override {
    return ::CloseHandle(handle) ? ERROR_SUCCESS : LastError();
  }

  DWORD CurrentProcessSid(std::wstring* sid) override {
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return LastError();
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<BYTE> buffer(size);
    DWORD result = ERROR_SUCCESS;
    if (size == 0 || !GetTokenInformation(token, TokenUser, buffer.data(), size, &size)) {
      result = LastError();
    } else {
      result = SidText(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid, sid);
    }
    ::CloseHandle(token);
    return result;
  }

  DWORD LookupAccountNameW(const std::wstring& account, std::wstring* sid) override {
    DWORD sid_size = 0;
    DWORD domain_size = 0;
    SID_NAME_USE use{};
    ::LookupAccountNameW(nullptr, account.c_str(), nullptr, &sid_size, nullptr, &domain_size, &use);
    if (sid_size == 0) return LastError();
    std::vector<BYTE> buffer(sid_size);
    std::vector<wchar_t> domain(domain_size + 1);
    if (!::LookupAccountNameW(nullptr, account.c_str(), buffer.data(), &sid_size, domain.data(),
                              &domain_size, &use)) {
      return LastError();
    }
    return SidText(buffer.data(), sid);
  }

  DWORD LookupAccountSidW(const std::wstring& sid, std::wstring* account) override {
    PSID binary = nullptr;
    if (!ConvertStringSidToSidW(sid.c_str(), &binary)) return LastError();
    DWORD name_size = 0;
    DWORD domain_size = 0;
    SID_NAME_USE use{};
    ::LookupAccountSidW(nullptr, binary, nullptr, &name_size, nullptr, &domain_size, &use);
    DWORD result = ERROR_SUCCESS;
    if (name_size == 0) {
      result = LastError();
    } else {
      std::vector<wchar_t> name(name_size + 1);
      std::vector<wchar_t> domain(domain_size + 1);
      if (::LookupAccountSidW(nullptr, binary, name.data(), &name_size, domain.data(), &domain_size,
                              &use)) {
        *account = name.data();
      } else {
        result = LastError();
      }
    }
    LocalFree(binary);
    return result;
  }

  DWORD NetUserAdd(const std::wstring& user, const Secret& password,
                   const std::wstring& comment) override {
    USER_INFO_1 info{};
    info.usri1_name = const_cast<LPWSTR>(user.c_str());
    info.usri1_password = const_cast<LPWSTR>(password.Expose());
    info.usri1_priv = USER_PRIV_USER;
    info.usri1_comment = const_cast<LPWSTR>(comment.c_str());
    info.usri1_flags = UF_SCRIPT | UF_DONT_EXPIRE_PASSWD;
    DWORD bad_parameter = 0;
    return ::NetUserAdd(nullptr, 1, reinterpret_cast<LPBYTE>(&info), &bad_parameter);
  }

  DWORD NetUserDel(const std::wstring& user) override {
    return ::NetUserDel(nullptr, user.c_str());
  }

  DWORD NetUserEnum(std::vector<std::wstring>* users) override {
    DWORD resume = 0;
    NET_API_STATUS status = NERR_Success;
    do {
      LPBYTE buffer = nullptr;
      DWORD read = 0;
      DWORD total = 0;
      status = ::NetUserEnum(nullptr, 0, FILTER_NORMAL_ACCOUNT, &buffer, MAX_PREFERRED_LENGTH,
                             &read, &total, &resume);
      if ((status == NERR_Success || status == ERROR_MORE_DATA) && buffer != nullptr) {
        const auto* entries = reinterpret_cast<const USER_INFO_0*>(buffer);
        for (DWORD i = 0; i < read; ++i) users->emplace_back(entries[i].usri0_name);
      }
      if (buffer != nullptr) NetApiBufferFree(buffer);
    } while (status == ERROR_MORE_DATA);
    return status;
  }

  DWORD NetLocalGroupAddMembers(const std::wstring& group, const std::wstring& member) override {
    LOCALGROUP_MEMBERS_INFO_3 info{};
    info.lgrmi3_domainandname = const_cast<LPWSTR>(member.c_str());
    return ::NetLocalGroupAddMembers(nullptr, group.c_str(), 3, reinterpret_cast<LPBYTE>(&info), 1);
  }

  LONG BCryptGenRandom(std::span<std::uint8_t> buffer) override {
    return ::BCryptGenRandom(nullptr, buffer.data(), static_cast<ULONG>(buffer.size()),
                             BCRYPT_USE_SYSTEM_PREFERRED_RNG);
  }

  PlatformFacts ReadPlatformFacts() override { return ReadWindowsPlatformFacts(); }

  DWORD GetSystemDirectoryW(std::wstring* folder) override {
    std::array<wchar_t, MAX_PATH> buffer{};
    const UINT length = ::GetSystemDirectoryW(buffer.data(), static_cast<UINT>(buffer.size()));
    if (length == 0) return LastError();
    if (length >= buffer.size()) return ERROR_INSUFFICIENT_BUFFER;
    folder->assign(buffer.data(), length);
    return ERROR_SUCCESS;
  }

  DWORD GetFileVersion(const std::wstring& path, FileVersion* version) override {
    DWORD ignored = 0;
    const DWORD size = ::GetFileVersionInfoSizeW(path.c_str(), &ignored);
    if (size == 0) return LastError();
    std::vector<std::uint8_t> data(size);
    if (!::GetFileVersionInfoW(path.c_str(), 0, size, data.data())) return LastError();
    void* block = nullptr;
    UINT length = 0;
    if (!::VerQueryValueW(data.data(), L"\\", &block, &length) || block == nullptr ||
        length < sizeof(VS_FIXEDFILEINFO)) {
      return ERROR_RESOURCE_TYPE_NOT_FOUND;
    }
    const auto* fixed = static_cast<const VS_FIXEDFILEINFO*>(block);
    *version = {HIWORD(fixed->dwFileVersionMS), LOWORD(fixed->dwFileVersionMS),
                HIWORD(fixed->dwFileVersionLS), LOWORD(fixed->dwFileVersionLS)};
    return ERROR_SUCCESS;
  }

  DWORD ProcessElevation(ElevationFacts* facts) override {
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return LastError();
    TOKEN_ELEVATION elevation{};
    TOKEN_ELEVATION_TYPE type{};
    DWORD size = 0;
    DWORD result = ERROR_SUCCESS;
    if (!GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &size) ||
        !GetTokenInformation(token, TokenElevationType, &type, sizeof type, &size)) {
      result = LastError();
    } else {
      facts->elevated = elevation.TokenIsElevated != 0;
      facts->type = static_cast<DWORD>(type);
    }
    ::CloseHandle(token);
    return result;
  }

  DWORD ProcessSession(SessionFacts* facts) override {
    DWORD session = 0;
    if (!ProcessIdToSessionId(GetCurrentProcessId(), &session)) return LastError();
    facts->session_id = session;
    HWINSTA station = GetProcessWindowStation();
    USEROBJECTFLAGS flags{};
    if (station == nullptr ||
        !GetUserObjectInformationW(station, UOI_FLAGS, &flags, sizeof flags, nullptr)) {
      return LastError();
    }
    facts->visible_station = (flags.dwFlags & WSF_VISIBLE) != 0;
    return ERROR_SUCCESS;
  }

  DWORD RegistryValues(const std::wstring& key, std::vector<RegistryValue>* values) override {
    HKEY opened = nullptr;
    LSTATUS status =
        RegOpenKeyExW(HKEY_LOCAL_MACHINE, key.c_str(), 0, KEY_READ | KEY_WOW64_64KEY, &opened);
    if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
    DWORD longest_name = 0;
    DWORD largest_data = 0;
    status = RegQueryInfoKeyW(opened, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                              &longest_name, &largest_data, nullptr, nullptr);
    std::vector<wchar_t> name(longest_name + 1);
    std::vector<BYTE> data(largest_data + sizeof(wchar_t));
    for (DWORD index = 0; status == ERROR_SUCCESS; ++index) {
      auto name_length = static_cast<DWORD>(name.size());
      auto data_size = static_cast<DWORD>(data.size());
      DWORD type = 0;
      status = RegEnumValueW(opened, index, name.data(), &name_length, nullptr, &type, data.data(),
                             &data_size);
      if (status == ERROR_NO_MORE_ITEMS) {
        status = ERROR_SUCCESS;
        break;
      }
      if (status != ERROR_SUCCESS) break;
      RegistryValue value;
      value.name.assign(name.data(), name_length);
      value.type = type;
      if (type == REG_DWORD && data_size >= sizeof(DWORD)) {
        DWORD number = 0;
        std::memcpy(&number, data.data(), sizeof number);
        value.number = number;
      } else if (type == REG_QWORD && data_size >= sizeof(std::uint64_t)) {
        std::memcpy(&value.number, data.data(), sizeof value.number);
      } else if (type == REG_SZ || type == REG_EXPAND_SZ) {
        value.text.resize(data_size / sizeof(wchar_t));
        std::memcpy(value.text.data(), data.data(), value.text.size() * sizeof(wchar_t));
        while (!value.text.empty() && value.text.back() == L'\0') value.text.pop_back();
      }
      values->push_back(std::move(value));
    }
    RegCloseKey(opened);
    return static_cast<DWORD>(status);
  }

  DWORD QueryService(const std::wstring& name, ServiceFacts* facts) override {
    SC_HANDLE manager = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
    if (manager == nullptr) return LastError();
    DWORD result = ERROR_SUCCESS;
    SC_HANDLE service =
        OpenServiceW(manager, name.c_str(), SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS);
    if (service == nullptr) {
      result = LastError();
    } else {
      DWORD needed = 0;
      QueryServiceConfigW(service, nullptr, 0, &needed);
      std::vector<BYTE> buffer(std::max<DWORD>(needed, sizeof(QUERY_SERVICE_CONFIGW)));
      auto* config = reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buffer.data());
      SERVICE_STATUS_PROCESS status{};
      if (!QueryServiceConfigW(service, config, static_cast<DWORD>(buffer.size()), &needed) ||
          !QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, reinterpret_cast<LPBYTE>(&status),
                                sizeof status, &needed)) {
        result = LastError();
      } else {
        facts->start_type = config->dwStartType;
        facts->state = status.dwCurrentState;
      }
      CloseServiceHandle(service);
    }
    CloseServiceHandle(manager);
    return result;
  }

  DWORD ConnectLoopback(std::uint16_t port) override { return ConnectLoopbackPort(port); }

  DWORD CreateDirectoryW(const std::wstring& path) override {
    return ::CreateDirectoryW(path.c_str(), nullptr) ? ERROR_SUCCESS : LastError();
  }

  DWORD RemoveDirectoryW(const std::wstring& path) override {
    return ::RemoveDirectoryW(path.c_str()) ? ERROR_SUCCESS : LastError();
  }

  DWORD CreateAndDeleteFile(const std::wstring& path) override {
    HANDLE file = ::CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                FILE_ATTRIBUTE_TEMPORARY, nullptr);
    if (file == INVALID_HANDLE_VALUE) return LastError();
    const BYTE byte = 0;
    DWORD written = 0;
    DWORD result = ::WriteFile(file, &byte, 1, &written, nullptr) ? ERROR_SUCCESS : LastError();
    if (!::CloseHandle(file) && result == ERROR_SUCCESS) result = LastError();
    if (!::DeleteFileW(path.c_str()) && result == ERROR_SUCCESS) result = LastError();
    return result;
  }

  DWORD GrantFolderAccess(const std::wstring& path, const std::wstring& sid) override {
    PSID account = nullptr;
    if (!ConvertStringSidToSidW(sid.c_str(), &account)) return LastError();
    PACL old_dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    DWORD result = GetNamedSecurityInfoW(path.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION,
                                         nullptr, nullptr, &old_dacl, nullptr, &descriptor);
    if (result == ERROR_SUCCESS) {
      EXPLICIT_ACCESSW access{};
      access.grfAccessPermissions =
          FILE_GENERIC_READ | FILE_GENERIC_WRITE | FILE_GENERIC_EXECUTE | DELETE;
      access.grfAccessMode = GRANT_ACCESS;
      access.grfInheritance = SUB_CONTAINERS_AND_OBJECTS_INHERIT;
      access.Trustee.TrusteeForm = TRUSTEE_IS_SID;
      access.Trustee.TrusteeType = TRUSTEE_IS_USER;
      access.Trustee.ptstrName = static_cast<LPWSTR>(account);
      PACL new_dacl = nullptr;
      result = SetEntriesInAclW(1, &access, old_dacl, &new_dacl);
      if (result == ERROR_SUCCESS) {
        result =
            SetNamedSecurityInfoW(const_cast<LPWSTR>(path.c_str()), SE_FILE_OBJECT,
                                  DACL_SECURITY_INFORMATION, nullptr, nullptr, new_dacl, nullptr);
        LocalFree(new_dacl);
      }
      LocalFree(descriptor);
    }
    LocalFree(account);
    return result;
  }

  DWORD CreateAgentPipe(const std::wstring& name, const std::vector<std::wstring>& admitted_sids,
                        HANDLE* pipe) override {
    std::vector<PSID> sids;
    DWORD result = ERROR_SUCCESS;
    for (const std::wstring& text : admitted_sids) {
      PSID sid = nullptr;
      if (!ConvertStringSidToSidW(text.c_str(), &sid)) {
        result = LastError();
        break;
      }
      sids.push_back(sid);
    }
    PACL dacl = nullptr;
    if (result == ERROR_SUCCESS) {
      std::vector<EXPLICIT_ACCESSW> entries(sids.size());
      for (std::size_t i = 0; i < sids.size(); ++i) {
        entries[i].grfAccessPermissions = GENERIC_ALL;
        entries[i].grfAccessMode = SET_ACCESS;
        entries[i].grfInheritance = NO_INHERITANCE;
        entries[i].Trustee.TrusteeForm = TRUSTEE_IS_SID;
        entries[i].Trustee.TrusteeType = TRUSTEE_IS_UNKNOWN;
        entries[i].Trustee.ptstrName = static_cast<LPWSTR>(sids[i]);
      }
      result = SetEntriesInAclW(static_cast<ULONG>(entries.size()), entries.data(), nullptr, &dacl);
    }
    SECURITY_DESCRIPTOR descriptor{};
    if (result == ERROR_SUCCESS &&
        (!InitializeSecurityDescriptor(&descriptor, SECURITY_DESCRIPTOR_REVISION) ||
         !SetSecurityDescriptorDacl(&descriptor, TRUE, dacl, FALSE) ||
         !SetSecurityDescriptorControl(&descriptor, SE_DACL_PROTECTED, SE_DACL_PROTECTED))) {
      result = LastError();
    }
    if (result == ERROR_SUCCESS) {
      SECURITY_ATTRIBUTES attributes{sizeof attributes, &descriptor, FALSE};
      *pipe = CreateNamedPipeW(
          name.c_str(), PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
          PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1, 65536,
          65536, 0, &attributes);
      if (*pipe == INVALID_HANDLE_VALUE) result = LastError();
    }
    if (dacl != nullptr) LocalFree(dacl);
    for (PSID sid : sids) LocalFree(sid);
    return result;
  }

  DWORD ConnectNamedPipe(HANDLE pipe, std::chrono::milliseconds patience) override {
    OVERLAPPED overlapped{};
    overlapped.hEvent = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    if (overlapped.hEvent == nullptr) return LastError();
    DWORD result = ERROR_SUCCESS;
    if (!::ConnectNamedPipe(pipe, &overlapped)) {
      result = GetLastError();
      if (result == ERROR_PIPE_CONNECTED) {
        result = ERROR_SUCCESS;
      } else if (result == ERROR_IO_PENDING) {
        const DWORD waited =
            WaitForSingleObject(overlapped.hEvent, static_cast<DWORD>(patience.count()));
        DWORD ignored = 0;
        if (waited == WAIT_OBJECT_0) {
          result =
              GetOverlappedResult(pipe, &overlapped, &ignored, FALSE) ? ERROR_SUCCESS : LastError();
        } else {
          // The overlapped call must be over before its OVERLAPPED goes away.
          CancelIoEx(pipe, &overlapped);
          const bool connected = GetOverlappedResult(pipe, &overlapped, &ignored, TRUE) != FALSE;
          result = connected ? ERROR_SUCCESS : waited == WAIT_TIMEOUT ? ERROR_TIMEOUT : LastError();
        }
      }
    }
    ::CloseHandle(overlapped.hEvent);
    return result;
  }

  DWORD CreateServiceW(const ServiceSpec& spec) override {
    ServiceHandle manager{OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CREATE_SERVICE)};
    if (manager.handle == nullptr) return LastError();
    ServiceHandle service{::CreateServiceW(manager.handle, spec.name.c_str(), spec.name.c_str(),
                                           SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
                                           SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL,
                                           spec.binary_path.c_str(), nullptr, nullptr, nullptr,
                                           spec.account.c_str(), nullptr)};
    if (service.handle == nullptr) return LastError();
    if (spec.sid_type != SERVICE_SID_TYPE_NONE) {
      SERVICE_SID_INFO info{spec.sid_type};
      if (!ChangeServiceConfig2W(service.handle, SERVICE_CONFIG_SERVICE_SID_INFO, &info)) {
        const DWORD result = LastError();
        ::DeleteService(service.handle);
        return result;
      }
    }
    return ERROR_SUCCESS;
  }

  DWORD StartServiceW(const std::wstring& name) override {
    ServiceHandle manager{OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT)};
    if (manager.handle == nullptr) return LastError();
    ServiceHandle service{OpenServiceW(manager.handle, name.c_str(), SERVICE_START)};
    if (service.handle == nullptr) return LastError();
    return ::StartServiceW(service.handle, 0, nullptr) ? ERROR_SUCCESS : LastError();
  }

  // Waits on NotifyServiceStatusChangeW rather than polling QueryServiceStatusEx: the service
  // control manager tells the waiting thread (an APC during an alertable wait) the moment the
  // service stops, and at once when it is stopped already.
  DWORD StopService(const std::wstring& name, std::chrono::milliseconds patience,
                    ServiceFacts* facts) override {
    ServiceHandle manager{OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT)};
    if (manager.handle == nullptr) return LastError();
    ServiceHandle service{
        OpenServiceW(manager.handle, name.c_str(), SERVICE_STOP | SERVICE_QUERY_STATUS)};
    if (service.handle == nullptr) return LastError();
    SERVICE_STATUS stopping{};
    if (!ControlService(service.handle, SERVICE_CONTROL_STOP, &stopping)) {
      const DWORD refused = GetLastError();
      // Not running, or not yet accepting controls: the wait below tells whether it stops.
      if (refused != ERROR_SERVICE_NOT_ACTIVE && refused != ERROR_SERVICE_CANNOT_ACCEPT_CTRL)
        return refused;
    }
    HANDLE stopped = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    if (stopped == nullptr) return LastError();
    SERVICE_NOTIFYW notify{};
    notify.dwVersion = SERVICE_NOTIFY_STATUS_CHANGE;
    notify.pfnNotifyCallback = ServiceStatusChanged;
    notify.pContext = stopped;
    DWORD result = NotifyServiceStatusChangeW(service.handle, SERVICE_NOTIFY_STOPPED, &notify);
    if (result == ERROR_SUCCESS) {
      const auto deadline = std::chrono::steady_clock::now() + patience;
      for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (WaitForSingleObject(stopped, 0) == WAIT_OBJECT_0) break;
        if (left.count() <= 0) {
          result = ERROR_TIMEOUT;
          break;
        }
        // WAIT_IO_COMPLETION: an APC ran (ours sets the event); the loop looks again.
        WaitForSingleObjectEx(stopped, static_cast<DWORD>(left.count()), TRUE);
      }
      if (result == ERROR_SUCCESS) {
        result = notify.dwNotificationStatus;
        facts->state = notify.ServiceStatus.dwCurrentState;
        facts->exit_code = notify.ServiceStatus.dwWin32ExitCode;
        facts->service_exit_code = notify.ServiceStatus.dwServiceSpecificExitCode;
      }
    }
    if (result != ERROR_SUCCESS) {
      SERVICE_STATUS_PROCESS status{};
      DWORD needed = 0;
      if (QueryServiceStatusEx(service.handle, SC_STATUS_PROCESS_INFO,
                               reinterpret_cast<LPBYTE>(&status), sizeof status, &needed)) {
        facts->state = status.dwCurrentState;
        facts->exit_code = status.dwWin32ExitCode;
        facts->service_exit_code = status.dwServiceSpecificExitCode;
      }
    }
    // Closing the service handle cancels a notification still pending after a timeout, so
    // `notify` is never written to once it is gone.
    service.Close();
    ::CloseHandle(stopped);
    return result;
  }

  DWORD DeleteService(const std::wstring& name) override {
    ServiceHandle manager{OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT)};
    if (manager.handle == nullptr) return LastError();
    ServiceHandle service{OpenServiceW(manager.handle, name.c_str(), DELETE)};
    if (service.handle == nullptr) return LastError();
    return ::DeleteService(service.handle) ? ERROR_SUCCESS : LastError();
  }

  DWORD EnumServices(std::vector<std::wstring>* names) override {
    ServiceHandle manager{OpenSCManagerW(nullptr, nullptr, SC_MANAGER_ENUMERATE_SERVICE)};
    if (manager.handle == nullptr) return LastError();
    DWORD resume = 0;
    std::vector<BYTE> buffer(64 * 1024);
    for (;;) {
      DWORD needed = 0;
      DWORD returned = 0;
      const BOOL done =
          EnumServicesStatusExW(manager.handle, SC_ENUM_PROCESS_INFO, SERVICE_WIN32,
                                SERVICE_STATE_ALL, buffer.data(), static_cast<DWORD>(buffer.size()),
                                &needed, &returned, &resume, nullptr);
      const DWORD error = done ? ERROR_SUCCESS : GetLastError();
      if (!done && error != ERROR_MORE_DATA)
        return error != ERROR_SUCCESS ? error : ERROR_GEN_FAILURE;
      const auto* services = reinterpret_cast<const ENUM_SERVICE_STATUS_PROCESSW*>(buffer.data());
      for (DWORD i = 0; i < returned; ++i) names->emplace_back(services[i].lpServiceName);
      if (done) return ERROR_SUCCESS;
      if (returned == 0) buffer.resize(std::max<std::size_t>(buffer.size() * 2, needed));
    }
  }
  // ---- Child processes and the effective token ----
  DWORD StartChildProcess(const std::wstring& command_line,
                          std::unique_ptr<ChildProcess>* child) override {
    return StartWindowsChildProcess(command_line, child);
  }
  DWORD EffectiveTokenFacts(TokenFacts* facts) override { return ReadEffectiveTokenFacts(facts); }

  // ---- Notifications ----
  DWORD CallingClientSid(std::wstring* sid) override {
    const HRESULT impersonated = ::CoImpersonateClient();
    if (FAILED(impersonated)) return static_cast<DWORD>(impersonated);
    HANDLE token = nullptr;
    const DWORD opened = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &token)
                             ? static_cast<DWORD>(ERROR_SUCCESS)
                             : LastError();
    ::CoRevertToSelf();
    if (opened != ERROR_SUCCESS) return opened;
    const DWORD read = TokenUserText(token, sid);
    ::CloseHandle(token);
    return read;
  }
};

}  // namespace

std::shared_ptr<SystemApi> MakeWindowsSystemApi() { return std::make_shared<WindowsSystemApi>(); }

}  // namespace bitscts::com
