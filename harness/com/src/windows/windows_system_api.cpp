// Windows only: the SystemApi over Windows itself. Each method forwards to the function it is
// named after and converts only what the interface's conventions ask for: GetLastError codes
// returned instead of BOOL, textual SIDs, and the buffers the functions allocate freed here.
#include "windows_system_api.h"

#include "bitscts/com/bits_api.h"  // windows.h first

#include <aclapi.h>
#include <bcrypt.h>
#include <lm.h>
#include <ncrypt.h>
#include <sddl.h>
#include <userenv.h>
#include <wincrypt.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <cwchar>
#include <string>
#include <utility>
#include <vector>

#include "explicit_dacl.h"

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

// Closes a certificate store at the end of a scope.
struct StoreHandle {
  HCERTSTORE handle = nullptr;
  ~StoreHandle() {
    if (handle != nullptr) CertCloseStore(handle, 0);
  }
};

// Frees a certificate context at the end of a scope.
struct CertificateHandle {
  PCCERT_CONTEXT context = nullptr;
  ~CertificateHandle() {
    if (context != nullptr) CertFreeCertificateContext(context);
  }
};

// Frees an NCrypt object (provider or key) at the end of a scope.
struct NCryptHandle {
  NCRYPT_HANDLE handle = 0;
  ~NCryptHandle() {
    if (handle != 0) NCryptFreeObject(handle);
  }
};

// Opens the registry store (CERT_STORE_PROV_REG) of `store` into `*handle`: the key
// SOFTWARE\Microsoft\SystemCertificates\<name> of HKEY_LOCAL_MACHINE, the default physical store
// of the machine's system store of that name, or of the user's hive in HKEY_USERS. (Wine's system
// stores keep a deleted Root or machine certificate, and its CERT_SYSTEM_STORE_USERS is a stub.)
// The key is created only when `create` is true, else ERROR_FILE_NOT_FOUND when it is absent.
DWORD OpenSystemStore(const CertificateStoreName& store, bool create, StoreHandle* handle) {
  const HKEY hive = store.user_sid.empty() ? HKEY_LOCAL_MACHINE : HKEY_USERS;
  const std::wstring path = (store.user_sid.empty() ? L"" : store.user_sid + L"\\") +
                            L"SOFTWARE\\Microsoft\\SystemCertificates\\" + store.name;
  HKEY key = nullptr;
  const LSTATUS opened = create ? RegCreateKeyExW(hive, path.c_str(), 0, nullptr, 0, KEY_ALL_ACCESS,
                                                  nullptr, &key, nullptr)
                                : RegOpenKeyExW(hive, path.c_str(), 0, KEY_ALL_ACCESS, &key);
  if (opened != ERROR_SUCCESS) return static_cast<DWORD>(opened);
  handle->handle = CertOpenStore(CERT_STORE_PROV_REG, 0, 0, 0, key);  // it keeps its own handle
  const DWORD result = handle->handle != nullptr ? ERROR_SUCCESS : LastError();
  RegCloseKey(key);
  return result;
}

// Returns the 20 bytes of a 40-digit hexadecimal thumbprint, or an empty vector.
std::vector<BYTE> ThumbprintBytes(const std::string& thumbprint) {
  std::vector<BYTE> bytes;
  if (thumbprint.size() != 40) return {};
  for (std::size_t i = 0; i < thumbprint.size(); i += 2) {
    unsigned value = 0;
    for (std::size_t j = i; j < i + 2; ++j) {
      const char c = thumbprint[j];
      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        value |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        value |= static_cast<unsigned>(c - 'A' + 10);
      else
        return {};
    }
    bytes.push_back(static_cast<BYTE>(value));
  }
  return bytes;
}

// Returns `bytes` as lowercase hexadecimal digits.
std::string HexOf(const BYTE* bytes, DWORD size) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (DWORD i = 0; i < size; ++i) {
    text += kDigits[bytes[i] >> 4];
    text += kDigits[bytes[i] & 0x0F];
  }
  return text;
}

// Whether this thread is in SystemApi::PumpMessages.
thread_local bool t_pumping = false;

// The message filter of AdmitCallsOnlyWhilePumping: an incoming call is handled while the thread
// pumps, and its caller is asked to retry later otherwise; the thread's own outgoing calls are
// treated as without a filter (a rejected one is cancelled, pending messages wait).
class PumpOnlyFilter final : public IMessageFilter {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** object) override {
    if (object == nullptr) return E_POINTER;
    if (IsEqualIID(iid, IID_IUnknown) || IsEqualIID(iid, IID_IMessageFilter)) {
      *object = static_cast<IMessageFilter*>(this);
      return S_OK;
    }
    *object = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return 2; }  // static: never deleted
  ULONG STDMETHODCALLTYPE Release() override { return 1; }
  DWORD STDMETHODCALLTYPE HandleInComingCall(DWORD, HTASK, DWORD, LPINTERFACEINFO) override {
    return t_pumping ? SERVERCALL_ISHANDLED : SERVERCALL_RETRYLATER;
  }
  DWORD STDMETHODCALLTYPE RetryRejectedCall(HTASK, DWORD, DWORD) override {
    return static_cast<DWORD>(-1);  // cancel, as without a filter
  }
  DWORD STDMETHODCALLTYPE MessagePending(HTASK, DWORD, DWORD) override {
    return PENDINGMSG_WAITDEFPROCESS;
  }
};

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
    std::vector<AccessGrant> grants;
    for (const std::wstring& sid : admitted_sids) grants.push_back({sid, GENERIC_ALL});
    ExplicitDacl dacl;
    DWORD result = dacl.Build(grants, NO_INHERITANCE);
    SECURITY_DESCRIPTOR descriptor{};
    if (result == ERROR_SUCCESS) result = DescriptorWithDacl(dacl.get(), true, &descriptor);
    if (result == ERROR_SUCCESS) {
      SECURITY_ATTRIBUTES attributes{sizeof attributes, &descriptor, FALSE};
      *pipe = CreateNamedPipeW(
          name.c_str(), PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
          PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1, 65536,
          65536, 0, &attributes);
      if (*pipe == INVALID_HANDLE_VALUE) result = LastError();
    }
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
  // ---- Controls around BITS (control_calls.cpp) ----
  DWORD ReadRegistryValue(RegistryRoot root, const std::wstring& key, const std::wstring& name,
                          RegistryData* data) override {
    return WindowsReadRegistryValue(root, key, name, data);
  }
  DWORD WriteRegistryValue(RegistryRoot root, const std::wstring& key, const std::wstring& name,
                           const RegistryData& data) override {
    return WindowsWriteRegistryValue(root, key, name, data);
  }
  DWORD DeleteRegistryValue(RegistryRoot root, const std::wstring& key,
                            const std::wstring& name) override {
    return WindowsDeleteRegistryValue(root, key, name);
  }
  DWORD DeleteRegistryKey(RegistryRoot root, const std::wstring& key) override {
    return WindowsDeleteRegistryKey(root, key);
  }
  DWORD RegistrySubkeys(RegistryRoot root, const std::wstring& key,
                        std::vector<std::wstring>* subkeys) override {
    return WindowsRegistrySubkeys(root, key, subkeys);
  }
  DWORD LoadUserProfileW(HANDLE token, const std::wstring& user, HANDLE* profile) override {
    return WindowsLoadUserProfile(token, user, profile);
  }
  DWORD UnloadUserProfile(HANDLE token, HANDLE profile) override {
    return WindowsUnloadUserProfile(token, profile);
  }
  DWORD WinHttpGetIEProxyConfigForCurrentUser(UserProxyConfig* config) override {
    return WindowsUserProxyConfig(config);
  }
  DWORD GetComputerNameW(std::wstring* name) override { return WindowsComputerName(name); }
  DWORD NetShareAdd(const ShareSpec& spec) override { return WindowsNetShareAdd(spec); }
  DWORD NetShareDel(const std::wstring& name) override { return WindowsNetShareDel(name); }
  DWORD NetShareEnum(std::vector<std::wstring>* names) override {
    return WindowsNetShareEnum(names);
  }
  DWORD SetFolderReaders(const std::wstring& path, const std::wstring& writer_sid,
                         const std::vector<std::wstring>& reader_sids) override {
    return WindowsSetFolderReaders(path, writer_sid, reader_sids);
  }
  DWORD CreateProcessWithLogonW(const std::wstring& user, const std::wstring& domain,
                                const Secret& password, const std::wstring& command_line,
                                HANDLE* process) override {
    return WindowsCreateProcessWithLogon(user, domain, password, command_line, process);
  }
  DWORD WaitForProcessExit(HANDLE process, std::chrono::milliseconds patience,
                           DWORD* exit_code) override {
    return WindowsWaitForProcessExit(process, patience, exit_code);
  }
  DWORD TerminateProcess(HANDLE process, DWORD exit_code) override {
    return WindowsTerminateProcess(process, exit_code);
  }

  // ---- Certificate stores and machine keys ----
  DWORD AddCertificate(const CertificateStoreName& store, std::span<const std::uint8_t> der,
                       const std::wstring& friendly_name,
                       const std::wstring& key_container) override {
    StoreHandle opened;
    if (const DWORD error = OpenSystemStore(store, true, &opened); error != ERROR_SUCCESS)
      return error;
    CertificateHandle added;
    if (!CertAddEncodedCertificateToStore(opened.handle, X509_ASN_ENCODING, der.data(),
                                          static_cast<DWORD>(der.size()),
                                          CERT_STORE_ADD_REPLACE_EXISTING, &added.context)) {
      return LastError();
    }
    CRYPT_DATA_BLOB name{static_cast<DWORD>((friendly_name.size() + 1) * sizeof(wchar_t)),
                         reinterpret_cast<BYTE*>(const_cast<wchar_t*>(friendly_name.c_str()))};
    DWORD result =
        CertSetCertificateContextProperty(added.context, CERT_FRIENDLY_NAME_PROP_ID, 0, &name)
            ? ERROR_SUCCESS
            : LastError();
    if (result == ERROR_SUCCESS && !key_container.empty()) {
      CRYPT_KEY_PROV_INFO key{};
      key.pwszContainerName = const_cast<wchar_t*>(key_container.c_str());
      key.pwszProvName = const_cast<wchar_t*>(MS_KEY_STORAGE_PROVIDER);
      key.dwProvType = 0;  // a CNG key storage provider
      key.dwFlags = NCRYPT_MACHINE_KEY_FLAG;
      key.dwKeySpec = 0;
      if (!CertSetCertificateContextProperty(added.context, CERT_KEY_PROV_INFO_PROP_ID, 0, &key))
        result = LastError();
    }
    if (result != ERROR_SUCCESS) {
      // CertDeleteCertificateFromStore frees the context it is given, even on failure.
      CertDeleteCertificateFromStore(CertDuplicateCertificateContext(added.context));
    }
    return result;
  }

  DWORD ListCertificates(const CertificateStoreName& store,
                         std::vector<StoreEntry>* entries) override {
    StoreHandle opened;
    if (const DWORD error = OpenSystemStore(store, false, &opened); error != ERROR_SUCCESS)
      return error == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : error;  // a user's empty store
    PCCERT_CONTEXT context = nullptr;
    while ((context = CertEnumCertificatesInStore(opened.handle, context)) != nullptr) {
      StoreEntry entry;
      BYTE hash[20];
      DWORD size = sizeof hash;
      if (CertGetCertificateContextProperty(context, CERT_SHA1_HASH_PROP_ID, hash, &size))
        entry.thumbprint = HexOf(hash, size);
      size = 0;
      if (CertGetCertificateContextProperty(context, CERT_FRIENDLY_NAME_PROP_ID, nullptr, &size) &&
          size >= sizeof(wchar_t)) {
        std::wstring name(size / sizeof(wchar_t), L'\0');
        if (CertGetCertificateContextProperty(context, CERT_FRIENDLY_NAME_PROP_ID, name.data(),
                                              &size)) {
          name.resize(wcsnlen(name.c_str(), name.size()));
          entry.friendly_name = std::move(name);
        }
      }
      entries->push_back(std::move(entry));
    }
    const DWORD error = GetLastError();
    return error == static_cast<DWORD>(CRYPT_E_NOT_FOUND) || error == ERROR_NO_MORE_FILES ||
                   error == ERROR_SUCCESS
               ? ERROR_SUCCESS
               : error;
  }

  DWORD DeleteCertificate(const CertificateStoreName& store,
                          const std::string& thumbprint) override {
    std::vector<BYTE> hash = ThumbprintBytes(thumbprint);
    if (hash.empty()) return ERROR_INVALID_PARAMETER;
    StoreHandle opened;
    if (const DWORD error = OpenSystemStore(store, false, &opened); error != ERROR_SUCCESS)
      return error == ERROR_FILE_NOT_FOUND ? static_cast<DWORD>(CRYPT_E_NOT_FOUND) : error;
    CRYPT_HASH_BLOB blob{static_cast<DWORD>(hash.size()), hash.data()};
    PCCERT_CONTEXT found = CertFindCertificateInStore(opened.handle, X509_ASN_ENCODING, 0,
                                                      CERT_FIND_SHA1_HASH, &blob, nullptr);
    if (found == nullptr) return LastError();
    return CertDeleteCertificateFromStore(found) ? ERROR_SUCCESS : LastError();
  }

  DWORD ImportMachineKey(const std::wstring& container, PrivateKeyBytes key,
                         const std::vector<std::wstring>& user_sids,
                         const std::wstring& deleter_sid, MachineKey* imported) override {
    NCryptHandle provider;
    SECURITY_STATUS status =
        NCryptOpenStorageProvider(&provider.handle, MS_KEY_STORAGE_PROVIDER, 0);
    if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
    std::vector<BYTE> blob(key.pkcs8.begin(), key.pkcs8.end());
    NCryptBuffer name{static_cast<ULONG>((container.size() + 1) * sizeof(wchar_t)),
                      NCRYPTBUFFER_PKCS_KEY_NAME, const_cast<wchar_t*>(container.c_str())};
    NCryptBufferDesc parameters{NCRYPTBUFFER_VERSION, 1, &name};
    NCRYPT_KEY_HANDLE handle = 0;
    status = NCryptImportKey(provider.handle, 0, NCRYPT_PKCS8_PRIVATE_KEY_BLOB, &parameters,
                             &handle, blob.data(), static_cast<DWORD>(blob.size()),
                             NCRYPT_MACHINE_KEY_FLAG | NCRYPT_DO_NOT_FINALIZE_FLAG);
    SecureZeroMemory(blob.data(), blob.size());
    if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
    DWORD policy = 0;  // not exportable
    status =
        NCryptSetProperty(handle, NCRYPT_EXPORT_POLICY_PROPERTY, reinterpret_cast<BYTE*>(&policy),
                          sizeof policy, NCRYPT_PERSIST_FLAG);
    if (status == ERROR_SUCCESS) status = NCryptFinalizeKey(handle, 0);
    if (status != ERROR_SUCCESS) {
      NCryptFreeObject(handle);  // never finalized: nothing was persisted
      return static_cast<DWORD>(status);
    }
    // A protected DACL: the users may use the key, the deleter only delete it.
    std::vector<AccessGrant> grants;
    for (const std::wstring& sid : user_sids) grants.push_back({sid, GENERIC_ALL});
    grants.push_back({deleter_sid, DELETE});
    ExplicitDacl dacl;
    SECURITY_DESCRIPTOR absolute{};
    std::vector<BYTE> descriptor;
    DWORD result = dacl.Build(grants, NO_INHERITANCE);
    if (result == ERROR_SUCCESS) result = DescriptorWithDacl(dacl.get(), true, &absolute);
    if (result == ERROR_SUCCESS) result = SelfRelativeCopy(&absolute, &descriptor);
    if (result == ERROR_SUCCESS) {
      result = static_cast<DWORD>(
          NCryptSetProperty(handle, NCRYPT_SECURITY_DESCR_PROPERTY, descriptor.data(),
                            static_cast<DWORD>(descriptor.size()),
                            DACL_SECURITY_INFORMATION | NCRYPT_SILENT_FLAG));
    }
    if (result != ERROR_SUCCESS) {
      NCryptDeleteKey(handle, 0);  // also frees the handle
      return result;
    }
    imported->handle = static_cast<std::uintptr_t>(handle);
    return ERROR_SUCCESS;
  }

  DWORD DeleteImportedKey(MachineKey key) override {
    return static_cast<DWORD>(NCryptDeleteKey(static_cast<NCRYPT_KEY_HANDLE>(key.handle), 0));
  }

  DWORD DeleteMachineKey(const std::wstring& container) override {
    NCryptHandle provider;
    SECURITY_STATUS status =
        NCryptOpenStorageProvider(&provider.handle, MS_KEY_STORAGE_PROVIDER, 0);
    if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
    NCRYPT_KEY_HANDLE key = 0;
    status = NCryptOpenKey(provider.handle, &key, container.c_str(), 0,
                           NCRYPT_MACHINE_KEY_FLAG | NCRYPT_SILENT_FLAG);
    if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
    return static_cast<DWORD>(NCryptDeleteKey(key, 0));  // frees the handle
  }

  DWORD ListMachineKeys(std::vector<std::wstring>* containers) override {
    NCryptHandle provider;
    SECURITY_STATUS status =
        NCryptOpenStorageProvider(&provider.handle, MS_KEY_STORAGE_PROVIDER, 0);
    if (status != ERROR_SUCCESS) return static_cast<DWORD>(status);
    PVOID state = nullptr;
    for (;;) {
      NCryptKeyName* name = nullptr;
      status = NCryptEnumKeys(provider.handle, nullptr, &name, &state,
                              NCRYPT_MACHINE_KEY_FLAG | NCRYPT_SILENT_FLAG);
      if (status != ERROR_SUCCESS) break;
      containers->emplace_back(name->pszName);
      NCryptFreeBuffer(name);
    }
    if (state != nullptr) NCryptFreeBuffer(state);
    return status == NTE_NO_MORE_ITEMS ? ERROR_SUCCESS : static_cast<DWORD>(status);
  }

  DWORD LoadUserHive(const std::wstring& user, const Secret& password, UserHive* hive) override {
    HANDLE token = nullptr;
    if (!::LogonUserW(user.c_str(), L".", password.Expose(), LOGON32_LOGON_INTERACTIVE,
                      LOGON32_PROVIDER_DEFAULT, &token)) {
      return LastError();
    }
    PROFILEINFOW profile{};
    profile.dwSize = sizeof profile;
    profile.dwFlags = PI_NOUI;
    profile.lpUserName = const_cast<wchar_t*>(user.c_str());
    if (!::LoadUserProfileW(token, &profile)) {
      const DWORD error = LastError();
      ::CloseHandle(token);
      return error;
    }
    *hive = UserHive{token, profile.hProfile};
    return ERROR_SUCCESS;
  }

  DWORD UnloadUserHive(const UserHive& hive) override {
    const DWORD result =
        ::UnloadUserProfile(hive.token, hive.profile) ? ERROR_SUCCESS : LastError();
    ::CloseHandle(hive.token);
    return result;
  }

  // ---- Controls around BITS ----
  DWORD SetFolderWriters(const std::wstring& path,
                         const std::vector<std::wstring>& full_control_sids,
                         const std::vector<std::wstring>& writer_sids,
                         const std::vector<std::wstring>& remover_sids) override {
    // Modify: on the folder, listing it and adding files; on its files, reading, writing,
    // replacing (a rename over them) and deleting them.
    constexpr DWORD kModify =
        FILE_GENERIC_READ | FILE_GENERIC_WRITE | FILE_GENERIC_EXECUTE | DELETE;
    // Read and remove: listing and reading, deleting the files (FILE_DELETE_CHILD on the folder)
    // and the folder itself, with nothing of FILE_GENERIC_WRITE.
    constexpr DWORD kReadAndRemove =
        FILE_GENERIC_READ | FILE_GENERIC_EXECUTE | DELETE | FILE_DELETE_CHILD;
    std::vector<AccessGrant> grants;
    for (const std::wstring& sid : full_control_sids) grants.push_back({sid, GENERIC_ALL});
    for (const std::wstring& sid : writer_sids) grants.push_back({sid, kModify});
    for (const std::wstring& sid : remover_sids) grants.push_back({sid, kReadAndRemove});
    ExplicitDacl dacl;
    DWORD result = dacl.Build(grants, SUB_CONTAINERS_AND_OBJECTS_INHERIT);
    if (result == ERROR_SUCCESS) result = SetProtectedFileDacl(path, dacl.get());
    return result;
  }

  DWORD DuplicateTokenEx(HANDLE token, DWORD impersonation_level, HANDLE* duplicate) override {
    return ::DuplicateTokenEx(token, MAXIMUM_ALLOWED, nullptr,
                              static_cast<SECURITY_IMPERSONATION_LEVEL>(impersonation_level),
                              TokenImpersonation, duplicate)
               ? ERROR_SUCCESS
               : LastError();
  }

  DWORD CreateRestrictedToken(HANDLE token, HANDLE* restricted) override {
    DWORD needed = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &needed);
    if (needed == 0) return LastError();
    std::vector<BYTE> buffer(needed);
    if (!GetTokenInformation(token, TokenUser, buffer.data(), needed, &needed)) return LastError();
    SID_AND_ATTRIBUTES restricting{};
    restricting.Sid = reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid;
    return ::CreateRestrictedToken(token, 0, 0, nullptr, 0, nullptr, 1, &restricting, restricted)
               ? ERROR_SUCCESS
               : LastError();
  }

  DWORD PumpMessages(std::size_t* dispatched) override {
    *dispatched = 0;
    t_pumping = true;
    MSG message{};
    while (PeekMessageW(&message, nullptr, 0, 0, PM_REMOVE)) {
      TranslateMessage(&message);
      DispatchMessageW(&message);
      ++*dispatched;
    }
    t_pumping = false;
    return ERROR_SUCCESS;
  }

  HRESULT AdmitCallsOnlyWhilePumping() override {
    static PumpOnlyFilter filter;  // stateless apart from t_pumping; never freed
    IMessageFilter* previous = nullptr;
    const HRESULT result = CoRegisterMessageFilter(&filter, &previous);
    if (previous != nullptr) previous->Release();
    return result;
  }

  // Waits as StopService does, on NotifyServiceStatusChangeW, for SERVICE_RUNNING or
  // SERVICE_STOPPED (a start that failed).
  DWORD AwaitServiceRunning(const std::wstring& name, std::chrono::milliseconds patience,
                            ServiceFacts* facts) override {
    ServiceHandle manager{OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT)};
    if (manager.handle == nullptr) return LastError();
    ServiceHandle service{OpenServiceW(manager.handle, name.c_str(), SERVICE_QUERY_STATUS)};
    if (service.handle == nullptr) return LastError();
    HANDLE changed = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    if (changed == nullptr) return LastError();
    SERVICE_NOTIFYW notify{};
    notify.dwVersion = SERVICE_NOTIFY_STATUS_CHANGE;
    notify.pfnNotifyCallback = ServiceStatusChanged;
    notify.pContext = changed;
    DWORD result =
        NotifyServiceStatusChangeW(service.handle, SERVICE_NOTIFY_RUNNING | SERVICE_NOTIFY_STOPPED,
                                   &notify);
    if (result == ERROR_SUCCESS) {
      const auto deadline = std::chrono::steady_clock::now() + patience;
      for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (WaitForSingleObject(changed, 0) == WAIT_OBJECT_0) break;
        if (left.count() <= 0) {
          result = ERROR_TIMEOUT;
          break;
        }
        WaitForSingleObjectEx(changed, static_cast<DWORD>(left.count()), TRUE);
      }
      if (result == ERROR_SUCCESS) result = notify.dwNotificationStatus;
    }
    SERVICE_STATUS_PROCESS status{};
    DWORD needed = 0;
    if (QueryServiceStatusEx(service.handle, SC_STATUS_PROCESS_INFO,
                             reinterpret_cast<LPBYTE>(&status), sizeof status, &needed)) {
      facts->state = status.dwCurrentState;
      facts->exit_code = status.dwWin32ExitCode;
      facts->service_exit_code = status.dwServiceSpecificExitCode;
    } else if (result == ERROR_SUCCESS) {
      facts->state = notify.ServiceStatus.dwCurrentState;
      facts->exit_code = notify.ServiceStatus.dwWin32ExitCode;
      facts->service_exit_code = notify.ServiceStatus.dwServiceSpecificExitCode;
    }
    service.Close();  // cancels a notification still pending after a timeout
    ::CloseHandle(changed);
    return result;
  }

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
