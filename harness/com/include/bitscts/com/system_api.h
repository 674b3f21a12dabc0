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
#include <cstdint>
#include <span>
#include <string>
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
  virtual DWORD LogonUserW(const std::wstring& user, const std::wstring& domain, const Secret& password,
                           DWORD logon_type, DWORD provider, HANDLE* token) = 0;
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
  virtual DWORD NetUserAdd(const std::wstring& user, const Secret& password, const std::wstring& comment) = 0;
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
};

}  // namespace bitscts::com
