#include "bitscts/model/emulated_build.h"

#include <array>
#include <utility>

namespace bitscts::model {
namespace {

// The first build of each release the model can name; a build takes the last entry not above it.
constexpr std::array<std::pair<std::uint32_t, const char*>, 20> kReleases{{
    {2600, "Windows XP"},
    {3790, "Windows Server 2003"},
    {6000, "Windows Vista"},
    {6001, "Windows Vista SP1 / Server 2008"},
    {7600, "Windows 7 / Server 2008 R2"},
    {9200, "Windows 8 / Server 2012"},
    {9600, "Windows 8.1 / Server 2012 R2"},
    {10240, "Windows 10 1507"},
    {10586, "Windows 10 1511"},
    {14393, "Windows 10 1607 / Server 2016"},
    {15063, "Windows 10 1703"},
    {16299, "Windows 10 1709"},
    {17134, "Windows 10 1803"},
    {17763, "Windows 10 1809 / Server 2019"},
    {18362, "Windows 10 1903"},
    {18363, "Windows 10 1909"},
    {19041, "Windows 10 2004 and later"},
    {20348, "Windows Server 2022"},
    {22000, "Windows 11"},
    {26100, "Windows 11 24H2 / Server 2025"},
}};

std::string BitsVersion(std::uint32_t build) {
  if (build < builds::kVista) return "2.5";
  if (build < builds::kWindows7) return "3.0";
  if (build < builds::kWindows8) return "4.0";
  if (build < builds::kWindows1703) return "5.0";
  if (build < builds::kWindows1809) return "10.1";
  if (build < builds::kWindows1903) return "10.2";
  return "10.3";
}

}  // namespace

std::optional<EmulatedBuild> DescribeBuild(std::uint32_t build, std::string* error) {
  if (build < builds::kOldest || build > builds::kNewest) {
    if (error != nullptr) {
      *error = "build " + std::to_string(build) +
               " is not a Windows build the model emulates (expected " +
               std::to_string(builds::kOldest) + ".." + std::to_string(builds::kNewest) + ")";
    }
    return std::nullopt;
  }
  EmulatedBuild result;
  result.build = build;
  const char* name = kReleases.front().second;
  for (const auto& [first, release] : kReleases) {
    if (build >= first) name = release;
  }
  result.os_name = std::string(name) + " (emulated build " + std::to_string(build) + ")";
  result.bits_version = BitsVersion(build);
  if (build < builds::kWindows7) {
    result.token_rules = TokenRules::kAbsent;
  } else if (build < builds::kWindows1607) {
    result.token_rules = TokenRules::kPre1607;
  } else {
    result.token_rules = TokenRules::kWindows1607;
  }
  return result;
}

std::string EmulatedBuild::QmgrFileVersion() const {
  // HT-VER-3: 6.7 for BITS 2.5, 7.0 for 3.0, 7.5 for 4.0, 7.7 for 5.0, 7.8 from Windows 10 on
  // (whether its classes say 5.0 or 10.x).
  const char* major_minor = build < builds::kVista       ? "6.7"
                            : build < builds::kWindows7  ? "7.0"
                            : build < builds::kWindows8  ? "7.5"
                            : build < builds::kWindows10 ? "7.7"
                                                         : "7.8";
  return std::string(major_minor) + "." + std::to_string(build) + ".0";
}

}  // namespace bitscts::model
