#include "bitscts/hresult.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace bitscts {
namespace {

struct NamedCode {
  HResult code;
  std::string_view name;
};

// One table for every name the suite prints or parses.
constexpr std::array kNamedCodes{
    NamedCode{hr::kOk, "S_OK"},
    NamedCode{hr::kFalse, "S_FALSE"},
    NamedCode{hr::kPartialComplete, "BG_S_PARTIAL_COMPLETE"},
    NamedCode{hr::kUnableToDeleteFiles, "BG_S_UNABLE_TO_DELETE_FILES"},
    NamedCode{hr::kOverriddenByPolicy, "BG_S_OVERRIDDEN_BY_POLICY"},
    NamedCode{hr::kNotFound, "BG_E_NOT_FOUND"},
    NamedCode{hr::kInvalidState, "BG_E_INVALID_STATE"},
    NamedCode{hr::kEmpty, "BG_E_EMPTY"},
    NamedCode{hr::kFileNotAvailable, "BG_E_FILE_NOT_AVAILABLE"},
    NamedCode{hr::kProtocolNotAvailable, "BG_E_PROTOCOL_NOT_AVAILABLE"},
    NamedCode{hr::kErrorInformationUnavailable, "BG_E_ERROR_INFORMATION_UNAVAILABLE"},
    NamedCode{hr::kNetworkDisconnected, "BG_E_NETWORK_DISCONNECTED"},
    NamedCode{hr::kMissingFileSize, "BG_E_MISSING_FILE_SIZE"},
    NamedCode{hr::kInsufficientHttpSupport, "BG_E_INSUFFICIENT_HTTP_SUPPORT"},
    NamedCode{hr::kInsufficientRangeSupport, "BG_E_INSUFFICIENT_RANGE_SUPPORT"},
    NamedCode{hr::kNewOwnerDiffMapping, "BG_E_NEW_OWNER_DIFF_MAPPING"},
    NamedCode{hr::kNewOwnerNoFileAccess, "BG_E_NEW_OWNER_NO_FILE_ACCESS"},
    NamedCode{hr::kTooManyFiles, "BG_E_TOO_MANY_FILES"},
    NamedCode{hr::kLocalFileChanged, "BG_E_LOCAL_FILE_CHANGED"},
    NamedCode{hr::kStringTooLong, "BG_E_STRING_TOO_LONG"},
    NamedCode{hr::kUsernameTooLarge, "BG_E_USERNAME_TOO_LARGE"},
    NamedCode{hr::kPasswordTooLarge, "BG_E_PASSWORD_TOO_LARGE"},
    NamedCode{hr::kInvalidAuthTarget, "BG_E_INVALID_AUTH_TARGET"},
    NamedCode{hr::kInvalidAuthScheme, "BG_E_INVALID_AUTH_SCHEME"},
    NamedCode{hr::kBlockedByPolicy, "BG_E_BLOCKED_BY_POLICY"},
    NamedCode{hr::kInvalidProxyInfo, "BG_E_INVALID_PROXY_INFO"},
    NamedCode{hr::kInvalidCredentials, "BG_E_INVALID_CREDENTIALS"},
    NamedCode{hr::kTooManyJobsPerUser, "BG_E_TOO_MANY_JOBS_PER_USER"},
    NamedCode{hr::kTooManyJobsPerMachine, "BG_E_TOO_MANY_JOBS_PER_MACHINE"},
    NamedCode{hr::kTooManyFilesInJob, "BG_E_TOO_MANY_FILES_IN_JOB"},
    NamedCode{hr::kTooManyRangesInFile, "BG_E_TOO_MANY_RANGES_IN_FILE"},
    NamedCode{hr::kMaxDownloadTimeout, "BG_E_MAXDOWNLOAD_TIMEOUT"},
    NamedCode{hr::kTokenRequired, "BG_E_TOKEN_REQUIRED"},
    NamedCode{hr::kBlockedByCostTransferPolicy, "BG_E_BLOCKED_BY_COST_TRANSFER_POLICY"},
    NamedCode{hr::kHttpError400, "BG_E_HTTP_ERROR_400"},
    NamedCode{hr::kHttpError401, "BG_E_HTTP_ERROR_401"},
    NamedCode{hr::kHttpError403, "BG_E_HTTP_ERROR_403"},
    NamedCode{hr::kHttpError404, "BG_E_HTTP_ERROR_404"},
    NamedCode{hr::kHttpError407, "BG_E_HTTP_ERROR_407"},
    NamedCode{hr::kHttpError416, "BG_E_HTTP_ERROR_416"},
    NamedCode{hr::kHttpError500, "BG_E_HTTP_ERROR_500"},
    NamedCode{hr::kHttpError503, "BG_E_HTTP_ERROR_503"},
    NamedCode{hr::kNotImpl, "E_NOTIMPL"},
    NamedCode{hr::kNoInterface, "E_NOINTERFACE"},
    NamedCode{hr::kPointer, "E_POINTER"},
    NamedCode{hr::kFail, "E_FAIL"},
    NamedCode{hr::kUnexpected, "E_UNEXPECTED"},
    NamedCode{hr::kAccessDenied, "E_ACCESSDENIED"},
    NamedCode{hr::kInvalidHandle, "E_HANDLE"},
    NamedCode{hr::kOutOfMemory, "E_OUTOFMEMORY"},
    NamedCode{hr::kInvalidArg, "E_INVALIDARG"},
    NamedCode{hr::kNotSupported, "HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)"},
    NamedCode{hr::kServiceDisabled, "HRESULT_FROM_WIN32(ERROR_SERVICE_DISABLED)"},
    NamedCode{hr::kNotLoggedOn, "HRESULT_FROM_WIN32(ERROR_NOT_LOGGED_ON)"},
    NamedCode{hr::kBadImpersonationLevel, "HRESULT_FROM_WIN32(ERROR_BAD_IMPERSONATION_LEVEL)"},
    NamedCode{hr::kResourceDataNotFound, "HRESULT_FROM_WIN32(ERROR_RESOURCE_DATA_NOT_FOUND)"},
    NamedCode{hr::kResourceTypeNotFound, "HRESULT_FROM_WIN32(ERROR_RESOURCE_TYPE_NOT_FOUND)"},
    NamedCode{hr::kResourceLangNotFound, "HRESULT_FROM_WIN32(ERROR_RESOURCE_LANG_NOT_FOUND)"},
    NamedCode{hr::kFailedToImpersonate, "CO_E_FAILEDTOIMPERSONATE"},
    NamedCode{hr::kFailedToImpersonateLegacy, "CO_E_FAILEDTOIMPERSONATE(legacy)"},
    NamedCode{hr::kTooLate, "RPC_E_TOO_LATE"},
    NamedCode{hr::kDisconnected, "RPC_E_DISCONNECTED"},
    NamedCode{hr::kTimeout, "HRESULT_FROM_WIN32(ERROR_TIMEOUT)"},
    NamedCode{hr::kChangedMode, "RPC_E_CHANGED_MODE"},
    NamedCode{hr::kLogonFailure, "HRESULT_FROM_WIN32(ERROR_LOGON_FAILURE)"},
    NamedCode{hr::kNoneMapped, "HRESULT_FROM_WIN32(ERROR_NONE_MAPPED)"},
    NamedCode{hr::kUserExists, "HRESULT_FROM_WIN32(NERR_UserExists)"},
    NamedCode{hr::kClassNotRegistered, "REGDB_E_CLASSNOTREG"},
    NamedCode{hr::kClientCertNoAccessPrivateKey, "ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY"},
    NamedCode{hr::kClientAuthCertNeeded, "ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED"},
    NamedCode{hr::kSecureFailure, "ERROR_WINHTTP_SECURE_FAILURE"},
    NamedCode{hr::kCryptNotFound, "CRYPT_E_NOT_FOUND"},
    NamedCode{hr::kFileNotFound, "HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)"},
    NamedCode{hr::kNullRefPointer, "RPC_X_NULL_REF_POINTER"},
    NamedCode{hr::kBadStubData, "RPC_X_BAD_STUB_DATA"},
};

std::string Hex(std::uint32_t bits) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08X", static_cast<unsigned>(bits));
  return buffer;
}

}  // namespace

std::string_view HResult::Name() const {
  const auto* it = std::find_if(kNamedCodes.begin(), kNamedCodes.end(),
                                [this](const NamedCode& entry) { return entry.code == *this; });
  return it == kNamedCodes.end() ? std::string_view{} : it->name;
}

std::string HResult::ToString() const {
  const std::string_view name = Name();
  if (name.empty()) return Hex(bits_);
  return std::string(name) + " (" + Hex(bits_) + ")";
}

std::optional<HResult> ParseHResult(std::string_view text) {
  for (const NamedCode& entry : kNamedCodes) {
    if (entry.name == text) return entry.code;
  }
  if (text.size() > 2 && text.size() <= 10 && text[0] == '0' &&
      (text[1] == 'x' || text[1] == 'X')) {
    std::uint32_t bits = 0;
    const char* first = text.data() + 2;
    const char* last = text.data() + text.size();
    const auto [end, error] = std::from_chars(first, last, bits, 16);
    if (error == std::errc{} && end == last) return HResult(bits);
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, HResult hr) { return out << hr.ToString(); }

void PrintTo(HResult hr, std::ostream* out) { *out << hr.ToString(); }

}  // namespace bitscts
