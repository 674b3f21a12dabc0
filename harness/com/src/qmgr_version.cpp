#include "qmgr_version.h"

#include <optional>

namespace bitscts::com {

Outcome<std::string> ReadQmgrFileVersion(SystemApi& system) {
  std::wstring system32;
  if (const DWORD error = system.GetSystemDirectoryW(&system32); error != 0)
    return {FromWin32(error), {}};
  const std::wstring copies[] = {system32 + L"\\qmgr.dll", system32 + L"\\Bits\\qmgr.dll"};
  DWORD system32_error = 0;
  std::optional<FileVersion> highest;
  for (const std::wstring& path : copies) {
    FileVersion version{};
    const DWORD error = system.GetFileVersion(path, &version);
    if (error != 0) {
      if (&path == &copies[0]) system32_error = error;
      continue;
    }
    if (!highest || version > *highest) highest = version;
  }
  if (!highest) return {FromWin32(system32_error), {}};
  const FileVersion& v = *highest;
  return {hr::kOk, std::to_string(v[0]) + "." + std::to_string(v[1]) + "." + std::to_string(v[2]) +
                       "." + std::to_string(v[3])};
}

}  // namespace bitscts::com
