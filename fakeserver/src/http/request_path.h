// Internal to the fakeserver: turning a request target into a path that is safe to route and to
// map onto the served folder. Not part of the public API.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace bitscts::fakeserver::internal {

// Returns the percent-decoded path of an origin-form request target ("/a%20b?q" -> "/a b"), or
// nullopt if the target is not a safe absolute path: it does not start with '/', it holds a
// malformed escape, a control character or a backslash (raw or encoded), an encoded '/', or a
// "." or ".." segment (raw or encoded).
std::optional<std::string> DecodeRequestPath(std::string_view target);

// Returns true if and only if `relative` ("dir/file.bin") names a file strictly below a folder
// on every OS: non-empty segments only, no "." or "..", no ':' (drive letters, streams), no
// backslash and no control character.
bool IsSafeRelativePath(std::string_view relative);

// Returns the regular file that `relative` names below `canonical_root` (a canonical folder
// path), or nullopt if the path is unsafe, names nothing, is not a regular file, or resolves
// (through links) to a file outside the folder.
std::optional<std::filesystem::path> ResolveBelow(const std::filesystem::path& canonical_root,
                                                  std::string_view relative);

}  // namespace bitscts::fakeserver::internal
