// Remote names that are files rather than URLs: a file:// URL or an absolute local path, which
// Wine's conformance tests use (JOB-LIM-3), and the UNC name of a share the model made (SMB).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "http_fetch.h"

namespace bitscts::model {

// Returns the local file a file:// URL ("file:///abs/path") or an absolute local path names.
std::optional<std::filesystem::path> LocalSourceOf(const std::string& remote_name);

// The parts of a UNC name "\\host\share\dir\file".
struct UncName {
  std::string host;
  std::string share;
  std::filesystem::path relative;  // "dir/file"
};

// Returns the parts of `remote_name` if it is a UNC name with a host, a share and a file.
std::optional<UncName> ParseUnc(const std::string& remote_name);

// Copies `source` into `destination` (created or replaced): a missing source is a final
// REMOTE_FILE error HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), a destination that cannot be
// written a LOCAL_FILE E_ACCESSDENIED. A failed copy leaves no destination file.
FetchOutcome CopyToFile(const std::filesystem::path& source,
                        const std::filesystem::path& destination);

}  // namespace bitscts::model
