#include "file_fetch.h"

#include <cctype>
#include <system_error>

namespace bitscts::model {

std::optional<std::filesystem::path> LocalSourceOf(const std::string& remote_name) {
  std::string path = remote_name;
  constexpr std::string_view kScheme = "file://";
  if (path.size() > kScheme.size() && path.compare(0, kScheme.size(), kScheme) == 0) {
    path.erase(0, kScheme.size());
    // "file:///C:/dir/file" names "C:/dir/file" on Windows.
    if (path.size() > 3 && path[0] == '/' && std::isalpha(static_cast<unsigned char>(path[1])) &&
        path[2] == ':') {
      path.erase(0, 1);
    }
  } else if (path.starts_with("\\\\")) {
    return std::nullopt;  // a UNC name
  }
  const std::filesystem::path local(path);
  if (!local.is_absolute() || !local.has_filename()) return std::nullopt;
  return local;
}

std::optional<UncName> ParseUnc(const std::string& remote_name) {
  if (!remote_name.starts_with("\\\\")) return std::nullopt;
  const std::string rest = remote_name.substr(2);
  const std::size_t host_end = rest.find('\\');
  if (host_end == 0 || host_end == std::string::npos) return std::nullopt;
  const std::size_t share_end = rest.find('\\', host_end + 1);
  if (share_end == std::string::npos || share_end == host_end + 1 || share_end + 1 == rest.size()) {
    return std::nullopt;
  }
  UncName name{rest.substr(0, host_end), rest.substr(host_end + 1, share_end - host_end - 1), {}};
  std::size_t start = share_end + 1;
  while (start <= rest.size()) {
    const std::size_t end = std::min(rest.find('\\', start), rest.size());
    const std::string part = rest.substr(start, end - start);
    // Nothing outside the share: no "." or "..", and no other separator or drive in a part.
    if (part.empty() || part == "." || part == ".." ||
        part.find_first_of("/:") != std::string::npos) {
      return std::nullopt;
    }
    name.relative /= part;
    start = end + 1;
  }
  return name;
}

FetchOutcome CopyToFile(const std::filesystem::path& source,
                        const std::filesystem::path& destination) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(source, error)) {
    FetchOutcome outcome;
    outcome.kind = FetchOutcome::Kind::kPermanentError;
    outcome.error =
        JobError{hr::kFileNotFound, ErrorContext::kRemoteFile, source.string() + " does not exist"};
    return outcome;
  }
  std::filesystem::copy_file(source, destination, std::filesystem::copy_options::overwrite_existing,
                             error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(destination, ignored);
    FetchOutcome outcome;
    outcome.kind = FetchOutcome::Kind::kPermanentError;
    outcome.error = JobError{hr::kAccessDenied, ErrorContext::kLocalFile,
                             "cannot copy " + source.string() + " to " + destination.string() +
                                 ": " + error.message()};
    return outcome;
  }
  return {};
}

}  // namespace bitscts::model
