// Windows build numbers at which documented BITS behaviour changes, written once for the model,
// the scenarios, the runner's options and the com target.
#pragma once

#include <cstdint>
#include <string>

namespace bitscts::builds {

inline constexpr std::uint32_t kOldest = 2600;      // Windows XP: the oldest build a run may name
inline constexpr std::uint32_t kVista = 6000;       // BITS 3.0: job and file limits
inline constexpr std::uint32_t kWindows7 = 7600;    // BITS 4.0: IBitsTokenOptions
inline constexpr std::uint32_t kWindows8 = 9200;    // BITS 5.0: IBackgroundCopyJob5
inline constexpr std::uint32_t kWindows10 = 10240;  // QMgr.dll 7.8
inline constexpr std::uint32_t kWindows1607 =
    14393;  // non-administrator helper-token rules (HT-VER-4)
inline constexpr std::uint32_t kWindows1703 = 15063;  // BITS 10.1
inline constexpr std::uint32_t kWindows1809 = 17763;  // BITS 10.2
inline constexpr std::uint32_t kWindows1903 = 18362;  // BITS 10.3
inline constexpr std::uint32_t kNewest = 29999;       // anything above is not a Windows build
inline constexpr std::uint32_t kDefault =
    19045;  // the build the model and null target emulate by default

// Returns the name messages give the release that starts at `build` ("Vista", "Windows 7", "1607",
// ...) when `build` is one of the constants above at which behaviour changes, else its number.
inline std::string ReleaseName(std::uint32_t build) {
  switch (build) {
    case kVista: return "Vista";
    case kWindows7: return "Windows 7";
    case kWindows8: return "Windows 8";
    case kWindows10: return "Windows 10";
    case kWindows1607: return "1607";
    case kWindows1703: return "1703";
    case kWindows1809: return "1809";
    case kWindows1903: return "1903";
    default: return std::to_string(build);
  }
}

}  // namespace bitscts::builds
