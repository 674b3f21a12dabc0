// HRESULT values as a portable value type that is compared, parsed and printed by name.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace bitscts {

// A COM result code. Two HResults are equal if and only if their 32 bits are equal.
class HResult {
 public:
  constexpr HResult() = default;
  constexpr explicit HResult(std::uint32_t bits) : bits_(bits) {}

  // Returns the raw 32-bit code.
  constexpr std::uint32_t bits() const { return bits_; }
  // Returns true if and only if the severity bit is clear (S_OK, S_FALSE, BG_S_*).
  constexpr bool Succeeded() const { return (bits_ & 0x80000000u) == 0; }
  // Returns true if and only if the severity bit is set.
  constexpr bool Failed() const { return !Succeeded(); }

  // Returns the symbolic name ("BG_E_TOKEN_REQUIRED"), or an empty string for an unknown code.
  std::string_view Name() const;
  // Returns "NAME (0xXXXXXXXX)" for a known code and "0xXXXXXXXX" otherwise.
  std::string ToString() const;

  friend constexpr bool operator==(HResult, HResult) = default;

 private:
  std::uint32_t bits_ = 0;
};

// Parses a symbolic name ("E_ACCESSDENIED") or a hexadecimal code ("0x80070005").
std::optional<HResult> ParseHResult(std::string_view text);

std::ostream& operator<<(std::ostream& out, HResult hr);
// Lets GoogleTest print HResults by name in assertion messages.
void PrintTo(HResult hr, std::ostream* out);

// The codes the suite meets, named after their SDK symbols (k + CamelCase of the symbol).
// Values are those of the Windows SDK (winerror.h, bitsmsg.h); windows.h macros are deliberately
// not used.
namespace hr {
inline constexpr HResult kOk{0x00000000u};
inline constexpr HResult kFalse{0x00000001u};
inline constexpr HResult kPartialComplete{0x00200017u};
inline constexpr HResult kUnableToDeleteFiles{0x0020001Au};
inline constexpr HResult kOverriddenByPolicy{0x00200055u};
inline constexpr HResult kNotFound{0x80200001u};
inline constexpr HResult kInvalidState{0x80200002u};
inline constexpr HResult kEmpty{0x80200003u};
inline constexpr HResult kFileNotAvailable{0x80200004u};
inline constexpr HResult kProtocolNotAvailable{0x80200005u};
inline constexpr HResult kErrorInformationUnavailable{0x8020000Fu};
inline constexpr HResult kNetworkDisconnected{0x80200010u};
inline constexpr HResult kMissingFileSize{0x80200011u};
inline constexpr HResult kInsufficientHttpSupport{0x80200012u};
inline constexpr HResult kInsufficientRangeSupport{0x80200013u};
inline constexpr HResult kNewOwnerDiffMapping{0x80200015u};
inline constexpr HResult kNewOwnerNoFileAccess{0x80200016u};
inline constexpr HResult kTooManyFiles{0x8020001Cu};
inline constexpr HResult kLocalFileChanged{0x8020001Du};
inline constexpr HResult kStringTooLong{0x80200021u};
inline constexpr HResult kUsernameTooLarge{0x80200025u};
inline constexpr HResult kPasswordTooLarge{0x80200026u};
inline constexpr HResult kInvalidAuthTarget{0x80200027u};
inline constexpr HResult kInvalidAuthScheme{0x80200028u};
inline constexpr HResult kBlockedByPolicy{0x8020003Eu};
inline constexpr HResult kInvalidProxyInfo{0x8020003Fu};
inline constexpr HResult kInvalidCredentials{0x80200040u};
inline constexpr HResult kTooManyJobsPerUser{0x80200049u};
inline constexpr HResult kTooManyJobsPerMachine{0x80200050u};
inline constexpr HResult kTooManyFilesInJob{0x80200051u};
inline constexpr HResult kTooManyRangesInFile{0x80200052u};
inline constexpr HResult kMaxDownloadTimeout{0x80200054u};
inline constexpr HResult kTokenRequired{0x80200056u};
inline constexpr HResult kBlockedByCostTransferPolicy{0x80200059u};
inline constexpr HResult kHttpError400{0x80190190u};
inline constexpr HResult kHttpError401{0x80190191u};
inline constexpr HResult kHttpError403{0x80190193u};
inline constexpr HResult kHttpError404{0x80190194u};
inline constexpr HResult kHttpError407{0x80190197u};
inline constexpr HResult kHttpError416{0x801901A0u};
inline constexpr HResult kHttpError500{0x801901F4u};
inline constexpr HResult kHttpError503{0x801901F7u};
inline constexpr HResult kNotImpl{0x80004001u};
inline constexpr HResult kNoInterface{0x80004002u};
inline constexpr HResult kPointer{0x80004003u};
inline constexpr HResult kFail{0x80004005u};
inline constexpr HResult kUnexpected{0x8000FFFFu};
inline constexpr HResult kAccessDenied{0x80070005u};
inline constexpr HResult kInvalidHandle{0x80070006u};
inline constexpr HResult kOutOfMemory{0x8007000Eu};
inline constexpr HResult kInvalidArg{0x80070057u};
// HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED): also what a harness piece answers for a request it
// cannot do (never E_NOTIMPL, which only BITS answers).
inline constexpr HResult kNotSupported{0x80070032u};
inline constexpr HResult kServiceDisabled{0x80070422u};
inline constexpr HResult kNotLoggedOn{0x800704DDu};
inline constexpr HResult kBadImpersonationLevel{0x80070542u};
inline constexpr HResult kResourceDataNotFound{0x80070714u};
inline constexpr HResult kResourceTypeNotFound{0x80070715u};
inline constexpr HResult kResourceLangNotFound{0x80070717u};
inline constexpr HResult kFailedToImpersonate{0x80010123u};
inline constexpr HResult kFailedToImpersonateLegacy{0x80040200u};
inline constexpr HResult kTooLate{0x80010119u};
inline constexpr HResult kDisconnected{0x80010108u};  // RPC_E_DISCONNECTED
inline constexpr HResult kTimeout{0x800705B4u};       // HRESULT_FROM_WIN32(ERROR_TIMEOUT)
inline constexpr HResult kChangedMode{0x80010106u};   // RPC_E_CHANGED_MODE
inline constexpr HResult kLogonFailure{0x8007052Eu};  // HRESULT_FROM_WIN32(ERROR_LOGON_FAILURE)
inline constexpr HResult kNoneMapped{0x80070534u};    // HRESULT_FROM_WIN32(ERROR_NONE_MAPPED)
inline constexpr HResult kUserExists{0x800708B0u};    // HRESULT_FROM_WIN32(NERR_UserExists)
inline constexpr HResult kClassNotRegistered{0x80040154u};
inline constexpr HResult kClientCertNoAccessPrivateKey{0x80072F9Au};
inline constexpr HResult kClientAuthCertNeeded{0x80072F0Cu};
inline constexpr HResult kSecureFailure{0x80072F8Fu};   // ERROR_WINHTTP_SECURE_FAILURE
inline constexpr HResult kCryptNotFound{0x80092004u};   // CRYPT_E_NOT_FOUND
inline constexpr HResult kFileNotFound{0x80070002u};    // HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)
inline constexpr HResult kNullRefPointer{0x800706F4u};  // RPC_X_NULL_REF_POINTER
inline constexpr HResult kBadStubData{0x800706F7u};     // RPC_X_BAD_STUB_DATA
}  // namespace hr

// A result code together with the value a successful call produced.
template <typename T>
struct Outcome {
  HResult hr;
  T value{};
};

}  // namespace bitscts
