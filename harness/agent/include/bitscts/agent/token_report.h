// What an agent reports about the token its calls are made with (the "token" request), so that
// the runner can check that a caller is the kind of principal it was promised to be before the
// caller is used: an enabled administrator, a UAC-filtered one, or a standard user.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace bitscts::agent {

// How BUILTIN\Administrators (S-1-5-32-544) appears among the token's groups.
enum class AdministratorsGroup : std::uint8_t {
  kAbsent,    // not a member: a standard user, LocalService, NetworkService
  kDenyOnly,  // SE_GROUP_USE_FOR_DENY_ONLY: a UAC-filtered administrator
  kEnabled,   // SE_GROUP_ENABLED: an administrator with a full token, LocalSystem
};

struct TokenReport {
  bool impersonating =
      false;  // the calls use a thread's impersonation token, not the process token
  std::uint32_t elevation_type =
      0;  // TOKEN_ELEVATION_TYPE: 1 default (no split token), 2 full, 3 limited
  AdministratorsGroup administrators = AdministratorsGroup::kAbsent;
};

// Returns "absent", "deny-only" or "enabled": the protocol field.
inline std::string_view Name(AdministratorsGroup group) {
  switch (group) {
    case AdministratorsGroup::kAbsent: return "absent";
    case AdministratorsGroup::kDenyOnly: return "deny-only";
    case AdministratorsGroup::kEnabled: return "enabled";
  }
  return "absent";
}

// Parses a field Name wrote; nullopt for anything else.
inline std::optional<AdministratorsGroup> ParseAdministratorsGroup(std::string_view field) {
  for (AdministratorsGroup group : {AdministratorsGroup::kAbsent, AdministratorsGroup::kDenyOnly,
                                    AdministratorsGroup::kEnabled}) {
    if (Name(group) == field) return group;
  }
  return std::nullopt;
}

}  // namespace bitscts::agent
