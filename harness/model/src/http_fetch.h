// One real HTTP GET of a job's remote file into a local file, presenting an identity with HTTP
// Basic authentication, with the result classified the way BITS reports transfer errors.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "bitscts/target.h"
#include "security.h"

namespace bitscts::model {

// HRESULTs the model reports that the suite's table does not name.
namespace model_hr {
inline constexpr HResult kCannotConnect{0x80072EFDu};  // ERROR_WINHTTP_CANNOT_CONNECT
inline constexpr HResult kPathNotFound{0x80070003u};   // HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND)
}  // namespace model_hr

struct FetchOutcome {
  enum class Kind { kDone, kPermanentError, kTransientError };
  Kind kind = Kind::kDone;
  JobError error;  // meaningful unless kDone
};

// Returns true if and only if `url` is an absolute http:// URL with a host.
bool IsSupportedUrl(const std::string& url);

// Downloads `url` into `destination` (created or replaced), presenting `identity` (anonymous if
// empty). HTTP errors are REMOTE_FILE errors: 4xx final, 5xx and connection failures transient;
// a 200 without Content-Length is BG_E_MISSING_FILE_SIZE (JOB-ERR-8). A failed download leaves
// no destination file.
FetchOutcome FetchToFile(const std::string& url, const std::optional<NetworkIdentity>& identity,
                         const std::filesystem::path& destination);

}  // namespace bitscts::model
