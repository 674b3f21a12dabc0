// The Windows build the reference model pretends to run on, and the BITS rules that build selects.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bitscts/windows_build.h"

namespace bitscts::model {

// Which IBitsTokenOptions rules apply (the HT-VER clauses).
enum class TokenRules : std::uint8_t {
  kAbsent,       // BITS < 4.0: jobs do not implement IBitsTokenOptions
  kPre1607,      // BITS 4.0 / 5.0 before Windows 10 1607: administrator-owned jobs only
  kWindows1607,  // build 14393 and later: non-admin owners, QueryInterface-time SID check
};

// What an emulated build offers.
struct EmulatedBuild {
  std::uint32_t build = 0;
  std::string os_name;       // e.g. "Windows 10 1607 / Server 2016 (emulated)"
  std::string bits_version;  // "2.5", "3.0", "4.0", "5.0", "10.1", "10.2" or "10.3"
  TokenRules token_rules = TokenRules::kAbsent;

  // Returns true if and only if jobs answer QueryInterface(IID_IBitsTokenOptions).
  bool HasTokenOptions() const { return token_rules != TokenRules::kAbsent; }
  // Returns QMgr.dll's file version on this build, "major.minor.build.0" (HT-VER-3).
  std::string QmgrFileVersion() const;
  // Returns true if and only if jobs answer QueryInterface(IID_IBackgroundCopyJob5) (BITS 5.0).
  bool HasCostFlags() const { return build >= builds::kWindows8; }
};

// Describes `build`; returns nullopt and a one-line reason in `*error` (if non-null) when the
// number is outside [builds::kOldest, builds::kNewest].
std::optional<EmulatedBuild> DescribeBuild(std::uint32_t build, std::string* error);

}  // namespace bitscts::model
