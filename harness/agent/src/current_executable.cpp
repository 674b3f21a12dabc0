#include "bitscts/agent/agent_client.h"

#ifdef _WIN32
#include <windows.h>
#endif

#include <string>

namespace bitscts::agent {

std::filesystem::path CurrentExecutable() {
#ifdef _WIN32
  std::wstring path(MAX_PATH, L'\0');
  while (true) {
    const DWORD length = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
    if (length == 0) return {};
    if (length < path.size()) {
      path.resize(length);
      return std::filesystem::path(path);
    }
    path.resize(path.size() * 2);
  }
#else
  std::error_code error;
  return std::filesystem::read_symlink("/proc/self/exe", error);
#endif
}

}  // namespace bitscts::agent
