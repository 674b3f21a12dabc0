// The identities a target provisions and how its callers are set up: the principals clauses
// name (owners, helpers, service accounts), how they log on, and the COM security of their
// processes.
#pragma once

#include <cstdint>
#include <string>

#include "bitscts/bits_types.h"

namespace bitscts {

// The kinds of identity a scenario can ask a target for (the owners and helpers clauses name).
enum class PrincipalKind : std::uint8_t {
  kStandardUser,           // a local account outside BUILTIN\Administrators
  kAdministrator,          // a member of BUILTIN\Administrators whose token has it enabled
  kFilteredAdministrator,  // an administrator's UAC-filtered token (Administrators deny-only)
  kLocalSystem,
  kLocalService,
  kNetworkService,
  kWindowsService,  // a service process running as LocalSystem with its own service SID
                    // (S-1-5-80-...)
};

// Returns a readable name for the kind ("standard user", "administrator", ...).
std::string Name(PrincipalKind kind);

// An identity provisioned by a target for this run. Secrets (passwords, token handles) stay
// inside the target and never appear here.
struct Principal {
  std::string name;  // account name, e.g. "bitscts-std-1a2b"
  std::string sid;   // textual SID, e.g. "S-1-5-21-...-1001"
  PrincipalKind kind = PrincipalKind::kStandardUser;
};

enum class Cloaking : std::uint8_t { kNone, kStatic, kDynamic };  // EOAC_*_CLOAKING

// Returns the EOAC_* name of the capability: "EOAC_NONE", "EOAC_STATIC_CLOAKING" or
// "EOAC_DYNAMIC_CLOAKING".
std::string Name(Cloaking cloaking);

// How a principal is logged on (JOB-OWN-2): what BITS counts as the user being logged on.
enum class LogonKind : std::uint8_t {
  kInteractive,       // console, Terminal Services or fast user switching
  kSecondary,         // RunAs (the Secondary Logon service): not an interactive logon
  kPowerShellRemote,  // a PowerShell remote session (a logon for BITS from 1607)
};

// Returns a readable name for the kind ("interactive", "RunAs", "PowerShell remote").
std::string Name(LogonKind kind);

// The COM apartment of a caller's thread (CoInitializeEx).
enum class Apartment : std::uint8_t {
  kMultithreaded,   // COINIT_MULTITHREADED: calls into the caller arrive on any thread at once
  kSingleThreaded,  // COINIT_APARTMENTTHREADED: calls arrive through the thread's message loop
};

// Returns "multithreaded" or "single-threaded".
std::string Name(Apartment apartment);

// The COM security a caller process sets once with CoInitializeSecurity, and the apartment its
// calling thread joined.
struct CallerSettings {
  ImpersonationLevel level = ImpersonationLevel::kImpersonate;
  Cloaking cloaking = Cloaking::kDynamic;
  Apartment apartment = Apartment::kMultithreaded;  // a target without STAs refuses the other
};

// How the thread token of TokenShapeControl::ImpersonateWith is made from the principal's logon
// token.
struct TokenShape {
  // The token's SECURITY_IMPERSONATION_LEVEL (kIdentify: DuplicateTokenEx(SecurityIdentification)).
  ImpersonationLevel level = ImpersonationLevel::kImpersonate;
  // CreateRestrictedToken with the token's own user SID as a restricting SID (HT-ADM-6).
  bool restricted = false;
};

}  // namespace bitscts
