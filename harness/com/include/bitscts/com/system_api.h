// The seam between the com client code and Windows: every Win32 security, account and COM
// runtime call the client code makes goes through one SystemApi. The Windows implementation
// (harness/com/src/windows) forwards each method to the function of the same name and nothing
// more; bitscts::mocks::MockSystemApi stands in for it in unit tests on every OS.
//
// Conventions: a method named after a Win32 function that reports failure through
// GetLastError returns that error code instead (0 is success, and a failure never returns 0);
// NetApi methods return their NET_API_STATUS; COM methods return their HRESULT. Passwords are
// passed as Secret, so that no test double or failure message ever sees their characters.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/com/bits_api.h"
#include "bitscts/com/secret.h"

namespace bitscts::com {

// A file's fixed version: major, minor, build, revision (VS_FIXEDFILEINFO).
using FileVersion = std::array<std::uint16_t, 4>;

// Facts about the Windows (or Wine) a process runs on.
struct PlatformFacts {
  std::uint32_t major = 0;
  std::uint32_t minor = 0;
  std::uint32_t build = 0;
  std::string wine_version;  // empty on real Windows
  bool administrator = false;
  std::string administrator_evidence;
};

// The process token's elevation (GetTokenInformation with TokenElevation and TokenElevationType).
struct ElevationFacts {
  bool elevated = false;  // TOKEN_ELEVATION::TokenIsElevated
  DWORD type = 0;         // TOKEN_ELEVATION_TYPE: 1 default (no split token), 2 full, 3 limited
};

// The logon session the process runs in.
struct SessionFacts {
  DWORD session_id = 0;          // ProcessIdToSessionId: 0 is the services' session
  bool visible_station = false;  // the process window station has WSF_VISIBLE (a user's desktop)
};

// Win32 values that cross the seam, named as the SDK names them, for code and doubles that see
// them without windows.h.
namespace win32 {
inline constexpr DWORD kRegSz = 1;                           // REG_SZ
inline constexpr DWORD kRegDword = 4;                        // REG_DWORD
inline constexpr DWORD kRegQword = 11;                       // REG_QWORD
inline constexpr DWORD kErrorFileNotFound = 2;               // ERROR_FILE_NOT_FOUND
inline constexpr DWORD kErrorAccessDenied = 5;               // ERROR_ACCESS_DENIED
inline constexpr DWORD kErrorServiceDoesNotExist = 1060;     // ERROR_SERVICE_DOES_NOT_EXIST
inline constexpr DWORD kServiceDisabled = 4;                 // SERVICE_DISABLED (a start type)
inline constexpr DWORD kServiceRunning = 4;                  // SERVICE_RUNNING (a state)
inline constexpr DWORD kServiceStopped = 1;                  // SERVICE_STOPPED (a state)
inline constexpr DWORD kErrorTimeout = 1460;                 // ERROR_TIMEOUT
inline constexpr DWORD kErrorServiceNotActive = 1062;        // ERROR_SERVICE_NOT_ACTIVE
inline constexpr DWORD kErrorServiceMarkedForDelete = 1072;  // ERROR_SERVICE_MARKED_FOR_DELETE
inline constexpr DWORD kServiceSidTypeNone = 0;              // SERVICE_SID_TYPE_NONE
inline constexpr DWORD kServiceSidTypeUnrestricted = 1;      // SERVICE_SID_TYPE_UNRESTRICTED
inline constexpr DWORD kErrorBrokenPipe = 109;               // ERROR_BROKEN_PIPE
inline constexpr DWORD kWaitTimeout = 258;                   // WAIT_TIMEOUT
inline constexpr DWORD kErrorNoneMapped = 1332;              // ERROR_NONE_MAPPED
}  // namespace win32

// A registry value: its name, REG_* type, and the number (REG_DWORD, REG_QWORD) or text
// (REG_SZ, REG_EXPAND_SZ) it holds.
struct RegistryValue {
  std::wstring name;
  DWORD type = 0;
  std::uint64_t number = 0;
  std::wstring text;
};

// A Win32 service's configuration and status.
struct ServiceFacts {
  DWORD start_type = 0;  // SERVICE_AUTO_START 2, SERVICE_DEMAND_START 3, SERVICE_DISABLED 4, ...
  DWORD state = 0;       // SERVICE_STOPPED 1, SERVICE_RUNNING 4, ...
  DWORD exit_code =
      0;  // SERVICE_STATUS::dwWin32ExitCode (ERROR_SERVICE_SPECIFIC_ERROR: see the next)
  DWORD service_exit_code = 0;  // SERVICE_STATUS::dwServiceSpecificExitCode
};

// A service the run creates to host an agent (CreateServiceW).
struct ServiceSpec {
  std::wstring name;         // also its display name
  std::wstring binary_path;  // the command line the service control manager starts
  std::wstring account;      // "LocalSystem", "NT AUTHORITY\LocalService", ...: no password
  DWORD sid_type = 0;        // SERVICE_SID_TYPE_*: SERVICE_CONFIG_SERVICE_SID_INFO, set unless NONE
};

// ---- Child processes and token facts: types ----

// How BUILTIN\Administrators (S-1-5-32-544) appears in a token's groups.
enum class AdministratorsInToken : std::uint8_t {
  kAbsent,    // not among the groups: a standard user
  kDenyOnly,  // SE_GROUP_USE_FOR_DENY_ONLY: a UAC-filtered administrator
  kEnabled,   // SE_GROUP_ENABLED: an administrator with a full token
};

// The token the calling thread acts with: its impersonation token, else the process token.
struct TokenFacts {
  bool impersonating = false;  // an impersonation token was found on the thread
  DWORD elevation_type = 0;    // TOKEN_ELEVATION_TYPE: 1 default, 2 full, 3 limited
  AdministratorsInToken administrators = AdministratorsInToken::kAbsent;
};

// A child process whose standard input is a pipe the caller writes and whose standard output and
// error are one pipe the caller reads. Destroying it closes the pipes and handles; it never ends
// the process (Terminate does).
class ChildProcess {
 public:
  virtual ~ChildProcess() = default;
  // WriteFile of `text` to the child's standard input; 0 or the error.
  virtual DWORD Write(std::string_view text) = 0;
  // Writes the secret's characters (UTF-8) and CR LF to standard input; every copy made on the
  // way is scrubbed. 0 or the error.
  virtual DWORD WriteSecretLine(const Secret& secret) = 0;
  // Blocks until the child has written a whole line to its output (returned without its line
  // end); ERROR_BROKEN_PIPE (109) once the output is closed and every line was read.
  virtual DWORD ReadLine(std::string* line) = 0;
  // Waits at most `timeout` for the child to exit: 0 and its exit code, or WAIT_TIMEOUT (258).
  virtual DWORD WaitForExit(std::chrono::milliseconds timeout, DWORD* exit_code) = 0;
  // TerminateProcess with `exit_code`; 0 or the error.
  virtual DWORD Terminate(DWORD exit_code) = 0;
};

class SystemApi {
 public:
  virtual ~SystemApi() = default;

  // ---- COM runtime ----
  // CoInitializeEx(nullptr, concurrency).
  virtual HRESULT CoInitializeEx(DWORD concurrency) = 0;
  // CoInitializeSecurity for the process: no security descriptor, default authentication
  // services, the given authentication level, impersonation level and EOAC_* capabilities.
  virtual HRESULT CoInitializeSecurity(DWORD authentication_level, DWORD impersonation_level,
                                       DWORD capabilities) = 0;
  // CoCreateInstance(clsid, nullptr, context, iid, object).
  virtual HRESULT CoCreateInstance(REFCLSID clsid, DWORD context, REFIID iid, void** object) = 0;
  virtual void CoUninitialize() = 0;
  // Frees memory a COM method returned (strings from GetHelperTokenSid, GetErrorDescription).
  virtual void CoTaskMemFree(void* memory) = 0;
  // LANGIDFROMLCID(GetThreadLocale()): the language error descriptions are asked for in.
  virtual DWORD ThreadLanguageId() = 0;

  // ---- Logon and impersonation ----
  // LogonUserW; on success `*token` is the new logon token's handle.
  virtual DWORD LogonUserW(const std::wstring& user, const std::wstring& domain,
                           const Secret& password, DWORD logon_type, DWORD provider,
                           HANDLE* token) = 0;
  virtual DWORD ImpersonateLoggedOnUser(HANDLE token) = 0;
  virtual DWORD RevertToSelf() = 0;
  virtual DWORD CloseHandle(HANDLE handle) = 0;

  // ---- Identities ----
  // The textual SID of the process token's user (OpenProcessToken, GetTokenInformation with
  // TokenUser, ConvertSidToStringSidW).
  virtual DWORD CurrentProcessSid(std::wstring* sid) = 0;
  // LookupAccountNameW on the local machine, the SID as text (ConvertSidToStringSidW).
  virtual DWORD LookupAccountNameW(const std::wstring& account, std::wstring* sid) = 0;
  // LookupAccountSidW on the local machine for a textual SID (ConvertStringSidToSidW); the name
  // without its domain, e.g. "Administrators" (or its translation) for S-1-5-32-544.
  virtual DWORD LookupAccountSidW(const std::wstring& sid, std::wstring* account) = 0;

  // ---- Local accounts (NetApi32) ----
  // NetUserAdd, level 1: a normal account with the given password and comment, USER_PRIV_USER,
  // UF_SCRIPT | UF_DONT_EXPIRE_PASSWD.
  virtual DWORD NetUserAdd(const std::wstring& user, const Secret& password,
                           const std::wstring& comment) = 0;
  virtual DWORD NetUserDel(const std::wstring& user) = 0;
  // NetUserEnum, level 0, normal accounts: the name of every local account.
  virtual DWORD NetUserEnum(std::vector<std::wstring>* users) = 0;
  // NetLocalGroupAddMembers, level 3: adds the local account `member` to the local `group`.
  virtual DWORD NetLocalGroupAddMembers(const std::wstring& group, const std::wstring& member) = 0;

  // ---- Randomness and platform ----
  // BCryptGenRandom with the system-preferred generator; returns the NTSTATUS (0 is success).
  virtual LONG BCryptGenRandom(std::span<std::uint8_t> buffer) = 0;
  // RtlGetVersion, ntdll's wine_get_version and CheckTokenMembership of BUILTIN\Administrators.
  virtual PlatformFacts ReadPlatformFacts() = 0;
  // GetSystemDirectoryW, into `*folder`.
  virtual DWORD GetSystemDirectoryW(std::wstring* folder) = 0;
  // GetFileVersionInfoW and VerQueryValueW("\\"): the fixed file version of `path` into `*version`.
  virtual DWORD GetFileVersion(const std::wstring& path, FileVersion* version) = 0;

  // ---- Preconditions of a run (bitscts --preflight and the probe) ----
  // The process token's TokenElevation and TokenElevationType.
  virtual DWORD ProcessElevation(ElevationFacts* facts) = 0;
  // ProcessIdToSessionId of the process, and GetUserObjectInformationW(UOI_FLAGS) of its window
  // station.
  virtual DWORD ProcessSession(SessionFacts* facts) = 0;
  // RegOpenKeyExW(HKEY_LOCAL_MACHINE, key) in the 64-bit view and RegEnumValueW: every value of
  // the key. ERROR_FILE_NOT_FOUND when the key does not exist.
  virtual DWORD RegistryValues(const std::wstring& key, std::vector<RegistryValue>* values) = 0;
  // OpenSCManagerW, OpenServiceW, QueryServiceConfigW and QueryServiceStatusEx of the service
  // `name`; ERROR_SERVICE_DOES_NOT_EXIST when there is none.
  virtual DWORD QueryService(const std::wstring& name, ServiceFacts* facts) = 0;
  // Opens a TCP connection to 127.0.0.1:`port` and closes it again (Winsock); returns the
  // Winsock error of the first failed call, e.g. WSAECONNREFUSED when nothing listens.
  virtual DWORD ConnectLoopback(std::uint16_t port) = 0;
  // CreateDirectoryW(path) with the default security of its parent folder.
  virtual DWORD CreateDirectoryW(const std::wstring& path) = 0;
  // RemoveDirectoryW(path): the folder must be empty.
  virtual DWORD RemoveDirectoryW(const std::wstring& path) = 0;
  // Creates the new file `path` (CreateFileW with CREATE_NEW), writes one byte, closes and
  // deletes it, as the calling thread's identity; returns the first failed call's error.
  virtual DWORD CreateAndDeleteFile(const std::wstring& path) = 0;
  // Adds to the folder's DACL an ACE that lets the account `sid` (textual) read, write and
  // delete in it, inherited by the files and folders it will hold (GetNamedSecurityInfoW,
  // SetEntriesInAclW, SetNamedSecurityInfoW).
  virtual DWORD GrantFolderAccess(const std::wstring& path, const std::wstring& sid) = 0;

  // ---- Agents outside the runner's children: named pipes and services ----
  // CreateNamedPipeW(`name`, a full \\.\pipe\ path): duplex, byte mode, overlapped, one instance,
  // FILE_FLAG_FIRST_PIPE_INSTANCE and PIPE_REJECT_REMOTE_CLIENTS, whose protected DACL grants
  // GENERIC_ALL to each textual SID of `admitted_sids` and to no one else; `*pipe` on success.
  virtual DWORD CreateAgentPipe(const std::wstring& name,
                                const std::vector<std::wstring>& admitted_sids, HANDLE* pipe) = 0;
  // ConnectNamedPipe(`pipe`) overlapped, waiting on its event at most `patience` for a client;
  // 0 once one is connected (ERROR_PIPE_CONNECTED too), ERROR_TIMEOUT after cancelling the wait.
  virtual DWORD ConnectNamedPipe(HANDLE pipe, std::chrono::milliseconds patience) = 0;
  // OpenSCManagerW and CreateServiceW: an own-process, demand-start service as `spec` says, and
  // ChangeServiceConfig2W(SERVICE_CONFIG_SERVICE_SID_INFO) when its SID type is not NONE (a
  // failure there deletes the service again).
  virtual DWORD CreateServiceW(const ServiceSpec& spec) = 0;
  // StartServiceW(`name`) without arguments.
  virtual DWORD StartServiceW(const std::wstring& name) = 0;
  // ControlService(SERVICE_CONTROL_STOP) unless the service is stopped, then waits at most
  // `patience` for SERVICE_STOPPED, told by NotifyServiceStatusChangeW; ERROR_TIMEOUT when it
  // did not stop. `*facts` is the last status seen.
  virtual DWORD StopService(const std::wstring& name, std::chrono::milliseconds patience,
                            ServiceFacts* facts) = 0;
  // DeleteService(`name`); ERROR_SERVICE_DOES_NOT_EXIST when there is none.
  virtual DWORD DeleteService(const std::wstring& name) = 0;
  // EnumServicesStatusExW: the name of every Win32 service, in any state.
  virtual DWORD EnumServices(std::vector<std::wstring>* names) = 0;
  // ---- Child processes and the effective token (PowerShell remote sessions, caller kinds) ----
  // CreateProcessW(nullptr, command_line) with no window, inheriting only the two pipe ends it
  // hands the child (STARTUPINFOEXW's PROC_THREAD_ATTRIBUTE_HANDLE_LIST); `*child` holds the
  // parent's ends. 0 or the first failed call's error.
  virtual DWORD StartChildProcess(const std::wstring& command_line,
                                  std::unique_ptr<ChildProcess>* child) = 0;
  // The token the calling thread acts with (OpenThreadToken, else OpenProcessToken):
  // GetTokenInformation of TokenElevationType and TokenGroups, and how S-1-5-32-544 is in them.
  virtual DWORD EffectiveTokenFacts(TokenFacts* facts) = 0;

  // ---- Notifications ----
  // The textual SID of the client whose COM call the calling thread serves: whom BITS made a
  // callback as (CoImpersonateClient, OpenThreadToken as self, TokenUser, CoRevertToSelf). A COM
  // failure is returned as its HRESULT.
  virtual DWORD CallingClientSid(std::wstring* sid) = 0;
};

}  // namespace bitscts::com
