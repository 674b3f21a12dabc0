// The preconditions of a meaningful com-target run on a Windows machine (`bitscts --preflight`):
// each is checked through SystemApi and reported with what was found and what to change. The
// com target's probe reuses these checks rather than repeating them.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/com/accounts.h"
#include "bitscts/com/call_log.h"
#include "bitscts/com/system_api.h"
#include "bitscts/windows_build.h"

namespace bitscts::com {

// The HKEY_LOCAL_MACHINE key of the UAC settings (EnableLUA, ConsentPromptBehaviorAdmin).
inline constexpr std::wstring_view kUacPolicyKey =
    L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System";
// The HKEY_LOCAL_MACHINE key of BITS' group policies; only configured policies have a value there.
inline constexpr std::wstring_view kBitsPolicyKey = L"SOFTWARE\\Policies\\Microsoft\\Windows\\BITS";
// The first Windows build on which BITS counts a PowerShell remote session as a logon (10.0.14393,
// Windows 10 1607 and Server 2016).
inline constexpr std::uint32_t kRemoteSessionLogonBuild = builds::kWindows1607;
// The port of WinRM's default HTTP listener, which PowerShell remoting uses.
inline constexpr std::uint16_t kWinRmHttpPort = 5985;

enum class CheckStatus : std::uint8_t {
  kOk,    // the precondition holds
  kWarn,  // a run is meaningful, but some scenarios will be unsupported, slower or unchecked
  kFail,  // a run could not be meaningful: verdicts would be missing or wrong
};

// Returns "ok", "warn" or "fail".
std::string_view Name(CheckStatus status);

struct CheckResult {
  CheckStatus status = CheckStatus::kOk;
  std::string check;   // what was checked, e.g. "elevated"
  std::string result;  // what was found, with the calls made and their results
  std::string change;  // what to change; "nothing to change" when the check passed

  bool ok() const { return status == CheckStatus::kOk; }
};

// Returns "[<status>] <check>: <result>; <change>".
std::string FormatCheck(const CheckResult& result);

// The process is a member of Administrators with the group enabled in its token (an elevated
// administrator): test accounts and every user's jobs need it. Fails otherwise.
CheckResult CheckElevation(SystemApi& system);
// The process runs in a user's logon session (not session 0) with an interactive window station:
// BITS transfers a user's jobs only while that user is logged on. Fails otherwise.
CheckResult CheckInteractiveSession(SystemApi& system);
// UAC is on (EnableLUA 1), so that administrators have filtered tokens as on a default Windows;
// warns when it is off or cannot be read.
CheckResult CheckUac(SystemApi& system);
// The WinRM service runs and accepts connections on 127.0.0.1:kWinRmHttpPort (PowerShell
// remoting, a logon kind BITS counts from 1607); warns otherwise.
CheckResult CheckPowerShellRemoting(SystemApi& system);
// LocalAccountTokenFilterPolicy under kUacPolicyKey is 1, so that a local administrator's remote
// session has a full token (otherwise UAC filters remote logons of local accounts); warns
// otherwise, since the administrator owners in remote sessions would then be filtered.
CheckResult CheckRemoteTokenPolicy(SystemApi& system);
// Windows is 10.0.kRemoteSessionLogonBuild or later, where a PowerShell remote session is a logon
// BITS counts; warns below it, naming the scenarios that become unsupported there.
CheckResult CheckRemoteSessionLogons(SystemApi& system);
// BUILTIN\Remote Management Users (kRemoteManagementUsersSid, looked up by SID) exists, so that
// standard test accounts can be let into remote sessions; warns otherwise.
CheckResult CheckRemoteManagementUsers(SystemApi& system);
// The BITS service exists and is not disabled (COM activation starts it); fails otherwise.
CheckResult CheckBitsService(SystemApi& system);
// One result per value under kBitsPolicyKey (or one saying none is configured): a job or file
// limit other than the documented default the scenarios assume fails; a time or bandwidth limit,
// or a value the check does not know, warns.
std::vector<CheckResult> CheckBitsPolicies(SystemApi& system);

// Creates `folder` as the calling identity and lets the account `sid` write in it (the folder
// a test account's jobs download into); every call is recorded.
CallLog MakeFolderFor(SystemApi& system, const std::string& folder, const std::string& sid);

// Checks that a folder made under `scratch_base`, as a run makes its scratch folder, can be
// written by every kind of principal the com target provisions: the runner itself, and a
// standard and an administrator test account created in `accounts`, logged on and impersonated,
// writing in that folder (where scenarios put their downloads) and in a folder granted to them
// (where the probe puts its). `elevated` is CheckElevation's answer: without it no account is
// created. One result per principal kind, and one for the kinds the com target does not
// provision.
std::vector<CheckResult> CheckScratchFolders(SystemApi& system, const std::string& scratch_base,
                                             AccountStore& accounts, bool elevated);

struct PreflightOptions {
  std::string scratch_base;        // where a run makes its scratch folder (the temporary folder)
  AccountStoreOptions accounts{};  // for the test accounts the scratch folder check creates
};

// Runs every check in the order above. The test accounts it creates are deleted before it
// returns (a failed deletion is one more result).
std::vector<CheckResult> RunPreflight(SystemApi& system, const PreflightOptions& options);

// Prints one line per result; returns 0 when no check failed and 1 otherwise.
int ReportPreflight(const std::vector<CheckResult>& results, std::ostream& out);

// RunPreflight over the Windows API, reported to `out`; returns ReportPreflight's exit code.
// Defined in Windows builds only.
int RunWindowsPreflight(const PreflightOptions& options, std::ostream& out);

}  // namespace bitscts::com
