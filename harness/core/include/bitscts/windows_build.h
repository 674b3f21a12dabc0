// Windows build numbers at which documented BITS behaviour changes, written once for the model,
// the scenarios, the runner's options and the com target.
#pragma once

#include <cstdint>

namespace bitscts::builds {

inline constexpr std::uint32_t kOldest = 2600;        // Windows XP: the oldest build a run may name
inline constexpr std::uint32_t kVista = 6000;         // BITS 3.0: job and file limits
inline constexpr std::uint32_t kWindows7 = 7600;      // BITS 4.0: IBitsTokenOptions
inline constexpr std::uint32_t kWindows8 = 9200;      // BITS 5.0: IBackgroundCopyJob5
inline constexpr std::uint32_t kWindows10 = 10240;    // QMgr.dll 7.8
inline constexpr std::uint32_t kWindows1607 = 14393;  // non-administrator helper-token rules (HT-VER-4)
inline constexpr std::uint32_t kWindows1703 = 15063;  // BITS 10.1
inline constexpr std::uint32_t kWindows1809 = 17763;  // BITS 10.2
inline constexpr std::uint32_t kWindows1903 = 18362;  // BITS 10.3
inline constexpr std::uint32_t kNewest = 29999;       // anything above is not a Windows build
inline constexpr std::uint32_t kDefault = 19045;      // the build the model and null target emulate by default

}  // namespace bitscts::builds
