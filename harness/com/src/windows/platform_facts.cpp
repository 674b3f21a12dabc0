// Windows only: what the platform probe reads from Windows (or Wine).
#include "bitscts/com/bits_api.h"
#include "windows_system_api.h"

namespace bitscts::com {
namespace {

// RTL_OSVERSIONINFOW, declared here to avoid the driver kit headers.
struct OsVersionInfo {
  ULONG size;
  ULONG major;
  ULONG minor;
  ULONG build;
  ULONG platform;
  WCHAR service_pack[128];
};

template <typename Function>
Function NtdllExport(const char* name) {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  if (ntdll == nullptr) return nullptr;
  return reinterpret_cast<Function>(reinterpret_cast<void*>(GetProcAddress(ntdll, name)));
}

}  // namespace

PlatformFacts ReadWindowsPlatformFacts() {
  PlatformFacts facts;
  using RtlGetVersionFunction = LONG(WINAPI*)(OsVersionInfo*);
  if (auto rtl_get_version = NtdllExport<RtlGetVersionFunction>("RtlGetVersion")) {
    OsVersionInfo info{};
    info.size = sizeof info;
    if (rtl_get_version(&info) == 0) {
      facts.major = info.major;
      facts.minor = info.minor;
      facts.build = info.build;
    }
  }
  using WineGetVersionFunction = const char*(CDECL*)();
  if (auto wine_get_version = NtdllExport<WineGetVersionFunction>("wine_get_version")) {
    facts.wine_version = wine_get_version();
  }

  SID_IDENTIFIER_AUTHORITY nt_authority = SECURITY_NT_AUTHORITY;
  PSID administrators = nullptr;
  if (AllocateAndInitializeSid(&nt_authority, 2, SECURITY_BUILTIN_DOMAIN_RID,
                               DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0, 0, 0, &administrators)) {
    BOOL member = FALSE;
    if (CheckTokenMembership(nullptr, administrators, &member)) {
      facts.administrator = member != FALSE;
      facts.administrator_evidence =
          member ? "CheckTokenMembership: BUILTIN\\Administrators is enabled"
                 : "CheckTokenMembership: BUILTIN\\Administrators is not enabled";
    } else {
      facts.administrator_evidence =
          "CheckTokenMembership failed, error " + std::to_string(GetLastError());
    }
    FreeSid(administrators);
  }
  return facts;
}

}  // namespace bitscts::com
