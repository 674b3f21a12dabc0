// Windows only: SystemApi::EffectiveTokenFacts, what the token the calling thread acts with says
// about its elevation and BUILTIN\Administrators.
#include "windows_system_api.h"

#include "bitscts/com/bits_api.h"  // windows.h first

#include <vector>

namespace bitscts::com {
namespace {

DWORD LastError() {
  const DWORD error = GetLastError();
  return error != ERROR_SUCCESS ? error : ERROR_GEN_FAILURE;
}

// Reads TokenElevationType and TokenGroups of `token` into `facts`.
DWORD ReadFacts(HANDLE token, TokenFacts* facts) {
  TOKEN_ELEVATION_TYPE type{};
  DWORD size = 0;
  if (!GetTokenInformation(token, TokenElevationType, &type, sizeof type, &size))
    return LastError();
  facts->elevation_type = static_cast<DWORD>(type);
  GetTokenInformation(token, TokenGroups, nullptr, 0, &size);
  if (size == 0) return LastError();
  std::vector<BYTE> buffer(size);
  if (!GetTokenInformation(token, TokenGroups, buffer.data(), size, &size)) return LastError();
  std::vector<BYTE> administrators(SECURITY_MAX_SID_SIZE);
  DWORD sid_size = SECURITY_MAX_SID_SIZE;
  if (!CreateWellKnownSid(WinBuiltinAdministratorsSid, nullptr, administrators.data(), &sid_size))
    return LastError();
  const auto* groups = reinterpret_cast<const TOKEN_GROUPS*>(buffer.data());
  facts->administrators = AdministratorsInToken::kAbsent;
  for (DWORD i = 0; i < groups->GroupCount; ++i) {
    if (!EqualSid(groups->Groups[i].Sid, administrators.data())) continue;
    const DWORD attributes = groups->Groups[i].Attributes;
    if ((attributes & SE_GROUP_USE_FOR_DENY_ONLY) != 0) {
      facts->administrators = AdministratorsInToken::kDenyOnly;
    } else if ((attributes & SE_GROUP_ENABLED) != 0) {
      facts->administrators = AdministratorsInToken::kEnabled;
    }
  }
  return ERROR_SUCCESS;
}

}  // namespace

DWORD ReadEffectiveTokenFacts(TokenFacts* facts) {
  HANDLE token = nullptr;
  facts->impersonating = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &token) != FALSE;
  if (!facts->impersonating) {
    if (GetLastError() != ERROR_NO_TOKEN) return LastError();
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return LastError();
  }
  const DWORD result = ReadFacts(token, facts);
  ::CloseHandle(token);
  return result;
}

}  // namespace bitscts::com
