// Steps for the access rules the target's build selects: from 1607 a non-administrator may use
// IBitsTokenOptions on its own jobs, before it only an administrator (HT-SET-3, HT-VER-4).
#pragma once

#include <cstdint>
#include <string>

#include "bitscts/scenario.h"
#include "bitscts/windows_build.h"

namespace bitscts::steps {

// The builds of the 1607+ access rules, under which a non-administrator owner uses helper tokens
// on its jobs (HT-VER-4): the `.builds` of scenarios about such owners.
inline const BuildRange k1607Rules{.from = builds::kWindows1607,
                                   .why =
                                       "non-administrator owners use helper tokens from 1607 on"};

// Returns true if and only if the target's build is `build` (a builds:: constant) or later.
inline bool BuildFrom(Scenario& s, std::uint32_t build) {
  return s.target().Description().os_build >= build;
}

// Returns true if and only if the target's build follows the 1607+ access rules.
inline bool Is1607OrLater(Scenario& s) { return BuildFrom(s, builds::kWindows1607); }

// Returns "1607+ (build N)" or "pre-1607 (build N)": the access rules the target follows.
inline std::string RulesName(Scenario& s) {
  return std::string(Is1607OrLater(s) ? "1607+" : "pre-1607") + " (build " +
         std::to_string(s.target().Description().os_build) + ")";
}

// Returns the runner as the owner of helper-token jobs: on 1607+ anyone may use IBitsTokenOptions
// on their own jobs, before 1607 only an administrator (HT-SET-3); a non-administrator runner on
// a pre-1607 build ends the scenario as unsupported with the probe's evidence.
inline Caller& TokenOwner(Scenario& s) {
  if (!Is1607OrLater(s)) {
    const Probe admin = s.Capability(Feature::kAdministrator);
    if (!admin.available) {
      s.Unsupported("before 1607 only administrator-owned jobs take helper tokens; " +
                    admin.evidence);
    }
  }
  return s.caller();
}

}  // namespace bitscts::steps
