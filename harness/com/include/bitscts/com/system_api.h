// The seam between the com client code and Windows: every Win32 security, account and COM
// runtime call the client code makes goes through one SystemApi. The Windows implementation
// (harness/com/src/windows) forwards each method to the function of the same name and nothing
// more; bitscts::mocks::MockSystemApi stands in for it in unit tests on every OS.
//
// Conventions: a method named after a Win32 function that reports failure through
// GetLastError returns that error code instead (0 is success, and a failure never returns 0);
// NetApi methods return their NET_API_STATUS; COM methods return their HRESULT; NCrypt methods
// return their SECURITY_STATUS (an HRESULT). Passwords are passed as Secret and private keys as
// PrivateKeyBytes, so that no test double or failure message ever sees their characters.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
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
inline constexpr DWORD kServiceStartPending = 2;             // SERVICE_START_PENDING (a state)
inline constexpr DWORD kServiceStopPending = 3;              // SERVICE_STOP_PENDING (a state)
inline constexpr DWORD kErrorTimeout = 1460;                 // ERROR_TIMEOUT
inline constexpr DWORD kErrorServiceNotActive = 1062;        // ERROR_SERVICE_NOT_ACTIVE
inline constexpr DWORD kErrorServiceMarkedForDelete = 1072;  // ERROR_SERVICE_MARKED_FOR_DELETE
inline constexpr DWORD kServiceSidTypeNone = 0;              // SERVICE_SID_TYPE_NONE
inline constexpr DWORD kServiceSidTypeUnrestricted = 1;      // SERVICE_SID_TYPE_UNRESTRICTED
inline constexpr DWORD kErrorBrokenPipe = 109;               // ERROR_BROKEN_PIPE
inline constexpr DWORD kWaitTimeout = 258;                   // WAIT_TIMEOUT
inline constexpr DWORD kErrorNoneMapped = 1332;              // ERROR_NONE_MAPPED
inline constexpr DWORD kRegNone = 0;                         // REG_NONE
inline constexpr DWORD kRegBinary = 3;                       // REG_BINARY
inline constexpr DWORD kNerrDuplicateShare = 2118;           // NERR_DuplicateShare
inline constexpr DWORD kNerrNetNameNotFound = 2310;          // NERR_NetNameNotFound
inline constexpr DWORD kErrorPathNotFound = 3;               // ERROR_PATH_NOT_FOUND
inline constexpr DWORD kErrorInvalidHandle = 6;              // ERROR_INVALID_HANDLE
inline constexpr DWORD kErrorNotEnoughMemory = 8;            // ERROR_NOT_ENOUGH_MEMORY
inline constexpr DWORD kErrorNotSupported = 50;              // ERROR_NOT_SUPPORTED
inline constexpr DWORD kErrorFileExists = 80;                // ERROR_FILE_EXISTS
inline constexpr DWORD kErrorInvalidParameter = 87;          // ERROR_INVALID_PARAMETER
inline constexpr DWORD kErrorDirNotEmpty = 145;              // ERROR_DIR_NOT_EMPTY
inline constexpr DWORD kErrorAlreadyExists = 183;            // ERROR_ALREADY_EXISTS
inline constexpr DWORD kErrorPipeBusy = 231;                 // ERROR_PIPE_BUSY
inline constexpr DWORD kErrorNoData = 232;                   // ERROR_NO_DATA
inline constexpr DWORD kErrorDirectory = 267;                // ERROR_DIRECTORY
inline constexpr DWORD kErrorServiceAlreadyRunning = 1056;   // ERROR_SERVICE_ALREADY_RUNNING
inline constexpr DWORD kErrorInvalidServiceAccount = 1057;   // ERROR_INVALID_SERVICE_ACCOUNT
inline constexpr DWORD kErrorServiceExists = 1073;           // ERROR_SERVICE_EXISTS
inline constexpr DWORD kErrorLogonFailure = 1326;            // ERROR_LOGON_FAILURE
inline constexpr DWORD kErrorMemberInAlias = 1378;           // ERROR_MEMBER_IN_ALIAS
inline constexpr DWORD kErrorNoSuchMember = 1387;            // ERROR_NO_SUCH_MEMBER
inline constexpr DWORD kNerrUnknownDevDir = 2116;            // NERR_UnknownDevDir
inline constexpr DWORD kNerrGroupNotFound = 2220;            // NERR_GroupNotFound
inline constexpr DWORD kNerrUserNotFound = 2221;             // NERR_UserNotFound
inline constexpr DWORD kNerrUserExists = 2224;               // NERR_UserExists
inline constexpr DWORD kWsaeConnRefused = 10061;             // WSAECONNREFUSED
inline constexpr DWORD kServiceAutoStart = 2;                // SERVICE_AUTO_START (a start type)
inline constexpr DWORD kRegExpandSz = 2;                     // REG_EXPAND_SZ
inline constexpr DWORD kLogon32LogonNetwork = 3;             // LOGON32_LOGON_NETWORK
inline constexpr DWORD kNteExists = 0x8009000F;              // NTE_EXISTS
inline constexpr DWORD kNteInvalidHandle = 0x80090026;       // NTE_INVALID_HANDLE
inline constexpr DWORD kNteInvalidParameter = 0x80090027;    // NTE_INVALID_PARAMETER
inline constexpr DWORD kCryptEAsn1Eod = 0x80093102;          // CRYPT_E_ASN1_EOD
inline constexpr HRESULT kRpcEChangedMode =
    static_cast<HRESULT>(0x80010106u);  // RPC_E_CHANGED_MODE
inline constexpr HRESULT kCoENotInitialized =
    static_cast<HRESULT>(0x800401F0u);  // CO_E_NOTINITIALIZED
inline constexpr HRESULT kCoENotSupported =
    static_cast<HRESULT>(0x80004021u);  // CO_E_NOT_SUPPORTED
inline constexpr HRESULT kRpcECallComplete =
    static_cast<HRESULT>(0x80010117u);  // RPC_E_CALL_COMPLETE
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

// ---- Controls around BITS (the per-user proxy, SMB shares, RunAs logons): types ----

// The registry hive a key is under.
enum class RegistryRoot : std::uint8_t {
  kLocalMachine,  // HKEY_LOCAL_MACHINE
  kUsers,         // HKEY_USERS: each loaded user hive as a subkey named by the user's SID
};

// A registry value's REG_* type and raw bytes (REG_SZ: UTF-16LE with its terminating null).
struct RegistryData {
  DWORD type = 0;
  std::vector<std::uint8_t> bytes;
  bool operator==(const RegistryData&) const = default;
};

// WINHTTP_CURRENT_USER_IE_PROXY_CONFIG with its strings copied (null strings are empty).
struct UserProxyConfig {
  bool auto_detect = false;
  std::wstring auto_config_url;
  std::wstring proxy;  // e.g. "host:port" or "http=host:port;https=host:port"
  std::wstring bypass;
};

// An SMB share NetShareAdd creates (SHARE_INFO_502, STYPE_DISKTREE).
struct ShareSpec {
  std::wstring name;
  std::wstring path;  // the shared folder
  std::wstring remark;
  // Textual SIDs granted read access through the share (its security descriptor); no one else is.
  std::vector<std::wstring> reader_sids;
};

// ---- Certificate stores and machine keys: types ----

namespace win32 {
inline constexpr DWORD kCryptENotFound = 0x80092004;  // CRYPT_E_NOT_FOUND
inline constexpr DWORD kNteBadKeyset = 0x80090016;    // NTE_BAD_KEYSET
}  // namespace win32

// A certificate store, opened as the registry store (CERT_STORE_PROV_REG) at
// SOFTWARE\Microsoft\SystemCertificates\<name> of HKEY_LOCAL_MACHINE (the default physical store
// of the machine's system store of that name), or with a user SID of that user's loaded hive in
// HKEY_USERS.
struct CertificateStoreName {
  std::wstring user_sid;  // textual SID; empty: the machine's store
  std::wstring name;      // "ROOT", "MY"
  bool operator==(const CertificateStoreName&) const = default;
};

// A certificate in a store, as ListCertificates reports it.
struct StoreEntry {
  std::string thumbprint;      // CERT_SHA1_HASH_PROP_ID: 40 lowercase hex digits
  std::wstring friendly_name;  // CERT_FRIENDLY_NAME_PROP_ID; empty when it has none
};

// A private key in PKCS#8 (PrivateKeyInfo, DER) form, on its way into a key storage provider.
// Test doubles print only its size.
struct PrivateKeyBytes {
  std::span<const std::uint8_t> pkcs8;
};

// A machine key ImportMachineKey made: its NCRYPT_KEY_HANDLE, open until DeleteImportedKey.
struct MachineKey {
  std::uintptr_t handle = 0;
  bool operator==(const MachineKey&) const = default;
};

// A user's registry hive loaded by LoadUserHive: the logon token and LoadUserProfileW's handle.
struct UserHive {
  HANDLE token = nullptr;
  HANDLE profile = nullptr;
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

  // ---- Controls around BITS: the per-user proxy (registry, user profiles, WinHTTP) ----
  // RegOpenKeyExW(root, key) in the 64-bit view and RegQueryValueExW(name); ERROR_FILE_NOT_FOUND
  // when the key or the value does not exist.
  virtual DWORD ReadRegistryValue(RegistryRoot root, const std::wstring& key,
                                  const std::wstring& name, RegistryData* data) = 0;
  // RegCreateKeyExW(root, key) in the 64-bit view (creating missing keys) and RegSetValueExW.
  virtual DWORD WriteRegistryValue(RegistryRoot root, const std::wstring& key,
                                   const std::wstring& name, const RegistryData& data) = 0;
  // RegOpenKeyExW(root, key) and RegDeleteValueW(name); ERROR_FILE_NOT_FOUND when either is absent.
  virtual DWORD DeleteRegistryValue(RegistryRoot root, const std::wstring& key,
                                    const std::wstring& name) = 0;
  // RegDeleteKeyExW(root, key) in the 64-bit view: the key must have no subkeys.
  virtual DWORD DeleteRegistryKey(RegistryRoot root, const std::wstring& key) = 0;
  // RegOpenKeyExW(root, key) and RegEnumKeyExW: the name of every subkey (key "" is the root).
  virtual DWORD RegistrySubkeys(RegistryRoot root, const std::wstring& key,
                                std::vector<std::wstring>* subkeys) = 0;
  // LoadUserProfileW(token, PI_NOUI, user): loads (creating it on first use) the profile and hive
  // of the token's user into HKEY_USERS\<SID>; `*profile` is the hive's handle for
  // UnloadUserProfile. Enables the process's SE_BACKUP_NAME and SE_RESTORE_NAME privileges first.
  virtual DWORD LoadUserProfileW(HANDLE token, const std::wstring& user, HANDLE* profile) = 0;
  // UnloadUserProfile(token, profile).
  virtual DWORD UnloadUserProfile(HANDLE token, HANDLE profile) = 0;
  // WinHttpGetIEProxyConfigForCurrentUser on the calling thread (as its identity), its strings
  // copied and freed with GlobalFree.
  virtual DWORD WinHttpGetIEProxyConfigForCurrentUser(UserProxyConfig* config) = 0;

  // ---- Controls around BITS: SMB shares ----
  // GetComputerNameW: the machine's NetBIOS name.
  virtual DWORD GetComputerNameW(std::wstring* name) = 0;
  // NetShareAdd, level 502, on the local machine as `spec` says; returns its NET_API_STATUS.
  virtual DWORD NetShareAdd(const ShareSpec& spec) = 0;
  // NetShareDel of the local share `name`; NERR_NetNameNotFound (2310) when there is none.
  virtual DWORD NetShareDel(const std::wstring& name) = 0;
  // NetShareEnum, level 0: the name of every share of the local machine.
  virtual DWORD NetShareEnum(std::vector<std::wstring>* names) = 0;
  // Replaces the folder's DACL by a protected one (SetNamedSecurityInfoW) that lets LocalSystem,
  // BUILTIN\Administrators and `writer_sid` do anything and each of `reader_sids` read and
  // list, inherited by the files and folders it will hold; no one else has access.
  virtual DWORD SetFolderReaders(const std::wstring& path, const std::wstring& writer_sid,
                                 const std::vector<std::wstring>& reader_sids) = 0;

  // ---- Controls around BITS: RunAs logons (the Secondary Logon service) ----
  // CreateProcessWithLogonW(user, domain, password, LOGON_WITH_PROFILE, nullptr, command_line,
  // CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT); `*process` is the process's handle (its
  // thread handle is closed).
  virtual DWORD CreateProcessWithLogonW(const std::wstring& user, const std::wstring& domain,
                                        const Secret& password, const std::wstring& command_line,
                                        HANDLE* process) = 0;
  // WaitForSingleObject(process, patience) and GetExitCodeProcess: 0 and the exit code, or
  // WAIT_TIMEOUT (258) while the process still runs.
  virtual DWORD WaitForProcessExit(HANDLE process, std::chrono::milliseconds patience,
                                   DWORD* exit_code) = 0;
  // TerminateProcess(process, exit_code).
  virtual DWORD TerminateProcess(HANDLE process, DWORD exit_code) = 0;

  // ---- Certificate stores and machine keys (AuthorityControl, ClientCertificateControl) ----
  // CertOpenStore(CERT_STORE_PROV_REG) of `store`, CertAddEncodedCertificateToStore of the
  // DER certificate `der` (CERT_STORE_ADD_REPLACE_EXISTING), then CertSetCertificateContextProperty
  // of CERT_FRIENDLY_NAME_PROP_ID `friendly_name` and, unless `key_container` is empty, of
  // CERT_KEY_PROV_INFO_PROP_ID naming that machine key of MS_KEY_STORAGE_PROVIDER. A failure
  // after the addition deletes the certificate again.
  virtual DWORD AddCertificate(const CertificateStoreName& store, std::span<const std::uint8_t> der,
                               const std::wstring& friendly_name,
                               const std::wstring& key_container) = 0;
  // CertEnumCertificatesInStore of `store`: every certificate's thumbprint and friendly name.
  virtual DWORD ListCertificates(const CertificateStoreName& store,
                                 std::vector<StoreEntry>* entries) = 0;
  // CertFindCertificateInStore(CERT_FIND_SHA1_HASH) of `thumbprint` (40 hex digits) and
  // CertDeleteCertificateFromStore; CRYPT_E_NOT_FOUND when the store has no such certificate.
  virtual DWORD DeleteCertificate(const CertificateStoreName& store,
                                  const std::string& thumbprint) = 0;
  // NCryptImportKey(NCRYPT_PKCS8_PRIVATE_KEY_BLOB, NCRYPT_MACHINE_KEY_FLAG) of `key` as the
  // persisted, non-exportable machine key `container` of MS_KEY_STORAGE_PROVIDER, whose
  // NCRYPT_SECURITY_DESCR_PROPERTY is then a protected DACL granting GENERIC_ALL to each textual
  // SID of `user_sids` and DELETE alone to `deleter_sid`; `*imported` stays open for its deletion.
  // A failure after the import deletes the key. Every copy of the key made here is scrubbed.
  virtual DWORD ImportMachineKey(const std::wstring& container, PrivateKeyBytes key,
                                 const std::vector<std::wstring>& user_sids,
                                 const std::wstring& deleter_sid, MachineKey* imported) = 0;
  // NCryptDeleteKey of a key ImportMachineKey made, which also closes its handle.
  virtual DWORD DeleteImportedKey(MachineKey key) = 0;
  // NCryptOpenKey(NCRYPT_MACHINE_KEY_FLAG) of `container` and NCryptDeleteKey (a crashed run's
  // key); NTE_BAD_KEYSET when there is no such key.
  virtual DWORD DeleteMachineKey(const std::wstring& container) = 0;
  // NCryptEnumKeys(NCRYPT_MACHINE_KEY_FLAG) of MS_KEY_STORAGE_PROVIDER: every machine key's name.
  virtual DWORD ListMachineKeys(std::vector<std::wstring>* containers) = 0;
  // LogonUserW(LOGON32_LOGON_INTERACTIVE) of the local account `user` and LoadUserProfileW: its
  // hive is loaded in HKEY_USERS\<sid> (its profile created at the first load) until
  // UnloadUserHive(`*hive`).
  virtual DWORD LoadUserHive(const std::wstring& user, const Secret& password, UserHive* hive) = 0;
  // UnloadUserProfile and CloseHandle of the token: undoes LoadUserHive.
  virtual DWORD UnloadUserHive(const UserHive& hive) = 0;
  // ---- Controls around BITS: folders, token shapes, apartments, the service ----
  // Replaces the DACL of the folder `path` with a protected one (nothing inherited from its
  // parent; SetEntriesInAclW, SetNamedSecurityInfoW): GENERIC_ALL for each textual SID of
  // `full_control_sids`; for each of `writer_sids` the right to create files in the folder and
  // to read, write, replace and delete the files it holds; for each of `remover_sids` the right
  // to list the folder, read its files and delete them and the folder, and no right to create or
  // write. Every entry is inherited by the files and folders it will hold.
  virtual DWORD SetFolderWriters(const std::wstring& path,
                                 const std::vector<std::wstring>& full_control_sids,
                                 const std::vector<std::wstring>& writer_sids,
                                 const std::vector<std::wstring>& remover_sids) = 0;
  // DuplicateTokenEx(token, MAXIMUM_ALLOWED, nullptr, impersonation_level, TokenImpersonation):
  // an impersonation token at the SECURITY_IMPERSONATION_LEVEL `impersonation_level`, into
  // `*duplicate`, which the caller closes.
  virtual DWORD DuplicateTokenEx(HANDLE token, DWORD impersonation_level, HANDLE* duplicate) = 0;
  // CreateRestrictedToken(token, 0, ...) with the token's own user SID (GetTokenInformation with
  // TokenUser) as its one restricting SID, into `*restricted`, which the caller closes.
  virtual DWORD CreateRestrictedToken(HANDLE token, HANDLE* restricted) = 0;
  // PeekMessageW(PM_REMOVE), TranslateMessage and DispatchMessageW on the calling thread until
  // its queue is empty; `*dispatched` is how many messages were dispatched.
  virtual DWORD PumpMessages(std::size_t* dispatched) = 0;
  // CoRegisterMessageFilter on the calling thread, which joined a single-threaded apartment,
  // with a filter whose HandleInComingCall admits incoming COM calls only while the thread runs
  // PumpMessages and answers SERVERCALL_RETRYLATER otherwise (during the modal loop of an
  // outgoing call), so that calls into the apartment are dispatched by PumpMessages alone.
  virtual HRESULT AdmitCallsOnlyWhilePumping() = 0;
  // Waits at most `patience` for the service `name` to run or stop, told by
  // NotifyServiceStatusChangeW (at once when it already does); ERROR_TIMEOUT when it did neither.
  // `*facts` holds the last status seen (its state says which one it reached).
  virtual DWORD AwaitServiceRunning(const std::wstring& name, std::chrono::milliseconds patience,
                                    ServiceFacts* facts) = 0;
  // ---- Notifications ----
  // The textual SID of the client whose COM call the calling thread serves: whom BITS made a
  // callback as (CoImpersonateClient, OpenThreadToken as self, TokenUser, CoRevertToSelf). A COM
  // failure is returned as its HRESULT.
  virtual DWORD CallingClientSid(std::wstring* sid) = 0;
};

}  // namespace bitscts::com
