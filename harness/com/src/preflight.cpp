#include "bitscts/com/preflight.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <utility>

#include "bitscts/text.h"
#include "process_caller.h"
#include "random_text.h"
#include "text.h"

namespace bitscts::com {
namespace {

constexpr std::string_view kNothing = "nothing to change";

CheckResult Ok(std::string check, std::string result) {
  return {CheckStatus::kOk, std::move(check), std::move(result), std::string(kNothing)};
}

CheckResult Warn(std::string check, std::string result, std::string change) {
  return {CheckStatus::kWarn, std::move(check), std::move(result), std::move(change)};
}

CheckResult Fail(std::string check, std::string result, std::string change) {
  return {CheckStatus::kFail, std::move(check), std::move(result), std::move(change)};
}

constexpr DWORD kWsaConnectionRefused = 10061;  // WSAECONNREFUSED

// Returns "<call> -> NAME (0x...)" for a Win32 or Winsock error code, naming after the code the
// errors the checks interpret that the suite's HRESULT names do not include.
std::string Called(const std::string& call, DWORD error) {
  std::string text = call + " -> " + FromWin32(error).ToString();
  if (error == win32::kErrorServiceDoesNotExist) text += " (ERROR_SERVICE_DOES_NOT_EXIST)";
  if (error == kWsaConnectionRefused) text += " (WSAECONNREFUSED)";
  return text;
}

std::string ElevationTypeText(DWORD type) {
  switch (type) {
    case 1: return "TokenElevationTypeDefault (no split token)";
    case 2: return "TokenElevationTypeFull";
    case 3: return "TokenElevationTypeLimited (a UAC-filtered token)";
    default: return "TOKEN_ELEVATION_TYPE " + std::to_string(type);
  }
}

std::string StartTypeText(DWORD type) {
  switch (type) {
    case 0: return "SERVICE_BOOT_START";
    case 1: return "SERVICE_SYSTEM_START";
    case 2: return "SERVICE_AUTO_START";
    case 3: return "SERVICE_DEMAND_START";
    case 4: return "SERVICE_DISABLED";
    default: return "start type " + std::to_string(type);
  }
}

std::string ServiceStateText(DWORD state) {
  switch (state) {
    case 1: return "SERVICE_STOPPED";
    case 2: return "SERVICE_START_PENDING";
    case 3: return "SERVICE_STOP_PENDING";
    case 4: return "SERVICE_RUNNING";
    case 5: return "SERVICE_CONTINUE_PENDING";
    case 6: return "SERVICE_PAUSE_PENDING";
    case 7: return "SERVICE_PAUSED";
    default: return "state " + std::to_string(state);
  }
}

// Returns the value named `name` (ignoring ASCII case, as the registry compares names), or null.
const RegistryValue* FindValue(const std::vector<RegistryValue>& values, std::wstring_view name) {
  const auto found = std::find_if(values.begin(), values.end(), [name](const RegistryValue& value) {
    return EqualsIgnoringCase(value.name, name);
  });
  return found == values.end() ? nullptr : &*found;
}

bool IsNumber(const RegistryValue& value) {
  return value.type == win32::kRegDword || value.type == win32::kRegQword;
}

// Returns the value as the registry editor would show it.
std::string ValueText(const RegistryValue& value) {
  return IsNumber(value) ? std::to_string(value.number) : "\"" + Narrow(value.text) + "\"";
}

// What the suite assumes of one BITS group policy.
struct PolicyRule {
  std::wstring_view name;
  enum Kind : std::uint8_t { kLimit, kTime, kBandwidth, kHarmless } kind;
  std::uint64_t default_value;  // kLimit: the documented default the scenarios assume
};

// The policies of the BITS group policy documentation
// (https://learn.microsoft.com/windows/win32/bits/group-policies) and the value the "Limit the
// maximum network bandwidth for BITS background transfers" policy sets.
constexpr PolicyRule kPolicyRules[] = {
    {L"MaxJobsPerUser", PolicyRule::kLimit, 60},
    {L"MaxJobsPerMachine", PolicyRule::kLimit, 300},
    {L"MaxFilesPerJob", PolicyRule::kLimit, 200},
    {L"MaxRangesPerFile", PolicyRule::kLimit, 500},
    {L"JobInactivityTimeout", PolicyRule::kTime, 0},
    {L"MaxDownloadTime", PolicyRule::kTime, 0},
    {L"EnableBITSMaxBandwidth", PolicyRule::kBandwidth, 0},
    {L"MaxInternetBandwidth", PolicyRule::kBandwidth, 0},
    {L"EnableBandwidthLimits", PolicyRule::kBandwidth, 0},
    {L"EnableMaintenanceLimits", PolicyRule::kBandwidth, 0},
    {L"DisableBranchCache", PolicyRule::kHarmless, 0},
};

CheckResult JudgePolicy(const RegistryValue& value) {
  const std::string name = Narrow(value.name);
  const std::string check = "BITS policy " + name;
  const std::string found = ValueText(value) + " in HKLM\\" + Narrow(kBitsPolicyKey);
  const std::string remove =
      "remove the policy (gpedit.msc: Computer Configuration > Administrative Templates > "
      "Network > Background Intelligent Transfer Service) and run gpupdate /force";
  const auto rule =
      std::find_if(std::begin(kPolicyRules), std::end(kPolicyRules),
                   [&](const PolicyRule& r) { return EqualsIgnoringCase(r.name, value.name); });
  if (rule == std::end(kPolicyRules)) {
    // The bandwidth policies set several values (rates, hours); any of them limits transfers.
    const auto names = [&name](const char* part) { return name.find(part) != std::string::npos; };
    const bool bandwidth = names("Bandwidth") || names("TransferRate") || names("Maintenance");
    if (bandwidth) {
      return Warn(
          check,
          found +
              ": part of a bandwidth limit, which slows or (at 0) blocks background transfers "
              "(BG_E_BLOCKED_BY_POLICY) and can make scenarios time out",
          remove);
    }
    return Warn(check, found + ": a value this check does not know",
                "check that it does not limit BITS, or " + remove);
  }
  switch (rule->kind) {
    case PolicyRule::kLimit:
      if (IsNumber(value) && value.number == rule->default_value) {
        return Ok(check, found + ", the documented default the scenarios assume");
      }
      return Fail(
          check,
          found + ", not the documented default " + std::to_string(rule->default_value) +
              " that the scenarios about BITS' limits assume: their verdicts would be wrong",
          remove);
    case PolicyRule::kTime:
      return Warn(check,
                  found +
                      ": the scenarios assume the default (90 days); a short limit ends long jobs",
                  remove);
    case PolicyRule::kBandwidth:
      return Warn(check,
                  found +
                      ": a bandwidth limit slows or (at 0) blocks background transfers "
                      "(BG_E_BLOCKED_BY_POLICY) and can make scenarios time out",
                  remove);
    case PolicyRule::kHarmless: break;
  }
  return Ok(check, found + ": it does not change what the scenarios observe");
}

// Returns a folder name under `base` that no run uses: "bitscts-preflight-" and random letters.
std::optional<std::string> FreshFolder(SystemApi& system, const std::string& base, CallLog& log) {
  RandomChoices random(system, log);
  const std::optional<std::string> name = RandomAccountName(random);  // "bitscts-" + random letters
  if (!name) return std::nullopt;
  return (std::filesystem::path(base) /
          ("bitscts-preflight-" + name->substr(kAccountPrefix.size())))
      .string();
}

std::string KindText(AccountKind kind) {
  return kind == AccountKind::kAdministrator ? "an administrator test account"
                                             : "a standard test account";
}

// Checks that a new account of `kind`, logged on and impersonated, can write in `root` (a folder
// made as a run makes its scratch folder, where scenarios put their test accounts' downloads)
// and in a folder under it granted to the account (where the probe puts them).
CheckResult CheckAccountFolder(SystemApi& system, const std::string& root, AccountStore& accounts,
                               AccountKind kind, bool elevated) {
  const std::string check = "scratch folder for " + KindText(kind);
  if (!elevated) {
    return Warn(
        check,
        "not checked: creating a test account needs an elevated administrator (see \"elevated\")",
        "run bitscts --preflight elevated");
  }
  const AccountCreation creation = accounts.Create(kind);
  if (creation.account == nullptr) {
    return Warn(check,
                "not checked: creating the account failed: " + creation.calls.ToString() +
                    "; the scenarios that need such an account will be unsupported",
                "allow local accounts on this machine (NetUserAdd, then LookupAccountNameW of the "
                "new account)");
  }
  const TestAccount& account = *creation.account;
  const std::string who = account.name + " (" + account.sid + ")";
  const std::string granted = (std::filesystem::path(root) / account.name).string();
  CallLog log = MakeFolderFor(system, granted, account.sid);
  // A run grants every principal it provisions the scratch folder itself, as here.
  if (log.Succeeded()) {
    log.Add("GrantFolderAccess(" + root + ", " + account.sid + ")",
            FromWin32(system.GrantFolderAccess(Widen(root), Widen(account.sid))));
  }
  if (!log.Succeeded()) {
    return Fail(check, who + ": no folder could be made for it: " + log.ToString(),
                "set TMP and TEMP to a folder on a local NTFS volume where the runner may create "
                "folders and change "
                "their permissions");
  }
  std::unique_ptr<ThreadLogon> logon =
      ThreadLogon::Begin(system, account.name, account.password, log);
  if (!logon) {
    system.RemoveDirectoryW(Widen(granted));
    return Warn(check,
                who + " could not be logged on to write as it: " + log.ToString() +
                    "; scenarios with test accounts will be unsupported",
                "let local accounts log on locally (the \"Allow log on locally\" user right)");
  }
  const std::string in_root = (std::filesystem::path(root) / (account.name + ".tmp")).string();
  const std::string in_granted = (std::filesystem::path(granted) / "write-check.tmp").string();
  const HResult root_write = log.Add("CreateAndDeleteFile(" + in_root + ")",
                                     FromWin32(system.CreateAndDeleteFile(Widen(in_root))));
  const HResult granted_write = log.Add("CreateAndDeleteFile(" + in_granted + ")",
                                        FromWin32(system.CreateAndDeleteFile(Widen(in_granted))));
  logon->End(log);
  log.Add("RemoveDirectoryW(" + granted + ")", FromWin32(system.RemoveDirectoryW(Widen(granted))));
  if (granted_write.Failed()) {
    return Fail(check, who + " cannot write even in a folder granted to it: " + log.ToString(),
                "set TMP and TEMP to a folder on a local NTFS volume whose folders accept the "
                "permissions the run "
                "grants (no inherited deny entries)");
  }
  if (root_write.Failed()) {
    return Fail(
        check,
        who +
            " cannot write in a folder made and granted to it as a run makes its scratch folder, "
            "so the "
            "scenarios whose test accounts download there would fail with E_ACCESSDENIED: " +
            log.ToString(),
        "before running bitscts set TMP and TEMP to a folder on a local NTFS volume without "
        "inherited deny "
        "entries, e.g. md C:\\bitscts-scratch");
  }
  return Ok(check,
            who + " wrote in the scratch folder and in a folder granted to it: " + log.ToString());
}

}  // namespace

std::string_view Name(CheckStatus status) {
  switch (status) {
    case CheckStatus::kOk: return "ok";
    case CheckStatus::kWarn: return "warn";
    case CheckStatus::kFail: return "fail";
  }
  return "fail";
}

std::string FormatCheck(const CheckResult& result) {
  return "[" + std::string(Name(result.status)) + "] " + result.check + ": " + result.result +
         "; " + result.change;
}

CheckResult CheckElevation(SystemApi& system) {
  const PlatformFacts facts = system.ReadPlatformFacts();
  ElevationFacts elevation;
  const DWORD error = system.ProcessElevation(&elevation);
  std::string found = facts.administrator_evidence + "; ";
  found += error == ERROR_SUCCESS
               ? std::string(elevation.elevated ? "TokenIsElevated 1, " : "TokenIsElevated 0, ") +
                     ElevationTypeText(elevation.type)
               : Called("GetTokenInformation(TokenElevation)", error);
  if (facts.administrator) return Ok("elevated", found);
  return Fail("elevated", found,
              "run bitscts from an elevated prompt (Run as administrator) of a member of "
              "Administrators: creating "
              "test accounts and seeing every user's jobs need it");
}

CheckResult CheckInteractiveSession(SystemApi& system) {
  SessionFacts session;
  const DWORD error = system.ProcessSession(&session);
  const std::string change =
      "run bitscts in a console or Remote Desktop logon of its account (not as a service, a "
      "scheduled task or "
      "over SSH): BITS transfers a user's jobs only while that user is logged on";
  if (error != ERROR_SUCCESS)
    return Fail("interactive session", Called("ProcessIdToSessionId", error), change);
  const std::string found =
      "session " + std::to_string(session.session_id) +
      (session.visible_station ? ", window station visible (WSF_VISIBLE)"
                               : ", window station not visible (no WSF_VISIBLE)");
  if (session.session_id == 0)
    return Fail("interactive session", found + ": the services' session", change);
  if (!session.visible_station)
    return Fail("interactive session", found + ": not an interactive logon", change);
  return Ok("interactive session", found);
}

CheckResult CheckUac(SystemApi& system) {
  std::vector<RegistryValue> values;
  const std::string key = "HKLM\\" + Narrow(kUacPolicyKey);
  const DWORD error = system.RegistryValues(std::wstring(kUacPolicyKey), &values);
  if (error != ERROR_SUCCESS) {
    return Warn("UAC", "state unknown: " + Called("RegOpenKeyExW(" + key + ")", error),
                "nothing if UAC is on; otherwise turn it on (EnableLUA 1) and restart");
  }
  const RegistryValue* lua = FindValue(values, L"EnableLUA");
  if (lua == nullptr || !IsNumber(*lua)) {
    return Warn("UAC", "state unknown: " + key + " has no REG_DWORD EnableLUA",
                "nothing if UAC is on; otherwise turn it on (EnableLUA 1) and restart");
  }
  std::string found = "EnableLUA " + ValueText(*lua);
  if (const RegistryValue* consent = FindValue(values, L"ConsentPromptBehaviorAdmin")) {
    found += ", ConsentPromptBehaviorAdmin " + ValueText(*consent);
  }
  if (lua->number == 0) {
    return Warn(
        "UAC",
        found +
            ": UAC is off, so administrators have no filtered token and an administrator test "
            "account's jobs run with full rights, unlike on a default Windows",
        "turn UAC on (User Account Control: Run all administrators in Admin Approval Mode) and "
        "restart");
  }
  return Ok("UAC", found + ": UAC is on");
}

CheckResult CheckPowerShellRemoting(SystemApi& system) {
  const std::string check = "PowerShell remoting";
  const std::string change =
      "run Enable-PSRemoting -Force in an elevated PowerShell (only the scenarios about PowerShell "
      "remote logons "
      "need it)";
  ServiceFacts service;
  const DWORD error = system.QueryService(L"WinRM", &service);
  if (error != ERROR_SUCCESS) return Warn(check, Called("QueryService(WinRM)", error), change);
  const std::string found =
      "WinRM service " + ServiceStateText(service.state) + ", " + StartTypeText(service.start_type);
  if (service.state != win32::kServiceRunning) return Warn(check, found, change);
  const DWORD connected = system.ConnectLoopback(kWinRmHttpPort);
  const std::string listener = "connect(127.0.0.1:" + std::to_string(kWinRmHttpPort) + ")";
  if (connected != ERROR_SUCCESS) {
    return Warn(check, found + "; " + Called(listener, connected) + ": no HTTP listener", change);
  }
  return Ok(check, found + "; " + listener + " accepted");
}

CheckResult CheckRemoteTokenPolicy(SystemApi& system) {
  const std::string check = "remote administrator tokens";
  const std::string key = "HKLM\\" + Narrow(kUacPolicyKey);
  const std::string change =
      "administrator owners in remote sessions get filtered tokens: set it to 1 (reg add " + key +
      " /v LocalAccountTokenFilterPolicy /t REG_DWORD /d 1 /f) so that they get full ones; until "
      "then the "
      "scenarios with an enabled administrator in a remote session are unsupported";
  std::vector<RegistryValue> values;
  const DWORD error = system.RegistryValues(std::wstring(kUacPolicyKey), &values);
  if (error != ERROR_SUCCESS) {
    return Warn(check,
                "LocalAccountTokenFilterPolicy unknown: " +
                    Called("RegOpenKeyExW(" + key + ")", error),
                change);
  }
  const RegistryValue* policy = FindValue(values, L"LocalAccountTokenFilterPolicy");
  if (policy == nullptr) {
    return Warn(
        check,
        key +
            " has no LocalAccountTokenFilterPolicy (the default, 0): UAC filters the token of a "
            "local administrator's remote logon",
        change);
  }
  const std::string found = "LocalAccountTokenFilterPolicy " + ValueText(*policy);
  if (!IsNumber(*policy) || policy->number != 1) {
    return Warn(check, found + ": UAC filters the token of a local administrator's remote logon",
                change);
  }
  return Ok(check, found + ": a local administrator's remote session has a full token");
}

CheckResult CheckRemoteSessionLogons(SystemApi& system) {
  const std::string check = "remote session logons";
  const PlatformFacts facts = system.ReadPlatformFacts();
  const std::string found =
      "Windows " + std::to_string(facts.major) + "." + std::to_string(facts.minor) + "." +
      std::to_string(facts.build) +
      (facts.wine_version.empty() ? "" : " (Wine " + facts.wine_version + ")");
  const bool counted =
      facts.major > 10 || (facts.major == 10 && facts.build >= kRemoteSessionLogonBuild);
  if (counted) return Ok(check, found + ": BITS counts a PowerShell remote session as a logon");
  return Warn(
      check,
      found + ": BITS counts a PowerShell remote session as a logon only from 10.0." +
          std::to_string(kRemoteSessionLogonBuild) +
          ", so every scenario whose caller must be a logged-on test account (job owners, logoff, "
          "both "
          "administrator kinds) is unsupported here; helper tokens need no session and still run",
      "run on Windows 10 1607, Windows Server 2016 or later");
}

CheckResult CheckRemoteManagementUsers(SystemApi& system) {
  const std::string check = "Remote Management Users";
  const std::string sid(kRemoteManagementUsersSid);
  std::wstring name;
  const DWORD error = system.LookupAccountSidW(Widen(sid), &name);
  const std::string change =
      "use Windows 8, Server 2012 or later, where the group exists; without it a standard test "
      "account cannot open "
      "a remote session and the scenarios that need one are unsupported";
  if (error == win32::kErrorNoneMapped) {
    return Warn(check,
                Called("LookupAccountSidW(" + sid + ")", error) +
                    " (ERROR_NONE_MAPPED): no such group",
                change);
  }
  if (error != ERROR_SUCCESS)
    return Warn(check, Called("LookupAccountSidW(" + sid + ")", error), change);
  return Ok(check,
            sid + " is \"" + Narrow(name) + "\": standard test accounts are made members of it");
}

CheckResult CheckBitsService(SystemApi& system) {
  ServiceFacts service;
  const DWORD error = system.QueryService(L"BITS", &service);
  if (error == win32::kErrorServiceDoesNotExist) {
    return Fail("BITS service",
                Called("QueryService(BITS)", error) + ": this Windows has no BITS service",
                "install or repair the Background Intelligent Transfer Service");
  }
  if (error != ERROR_SUCCESS) {
    return Fail("BITS service", Called("QueryService(BITS)", error),
                "let the runner query the service control manager (run elevated)");
  }
  const std::string found =
      "BITS " + ServiceStateText(service.state) + ", " + StartTypeText(service.start_type);
  if (service.start_type == win32::kServiceDisabled) {
    return Fail("BITS service", found + ": it cannot start",
                "set its startup type back to the default, Automatic (Delayed Start): sc config "
                "BITS start= "
                "delayed-auto");
  }
  return Ok("BITS service",
            found + (service.state == win32::kServiceRunning ? "" : ": COM activation starts it"));
}

std::vector<CheckResult> CheckBitsPolicies(SystemApi& system) {
  std::vector<RegistryValue> values;
  const std::string key = "HKLM\\" + Narrow(kBitsPolicyKey);
  const DWORD error = system.RegistryValues(std::wstring(kBitsPolicyKey), &values);
  if (error == win32::kErrorFileNotFound || (error == ERROR_SUCCESS && values.empty())) {
    return {Ok("BITS group policy",
               "none configured (" + key + " has no values): BITS uses its defaults")};
  }
  if (error != ERROR_SUCCESS) {
    return {Warn("BITS group policy", "not read: " + Called("RegOpenKeyExW(" + key + ")", error),
                 "let the runner read " + key + " (run elevated)")};
  }
  std::vector<CheckResult> results;
  for (const RegistryValue& value : values) results.push_back(JudgePolicy(value));
  return results;
}

CallLog MakeFolderFor(SystemApi& system, const std::string& folder, const std::string& sid) {
  CallLog log;
  if (log.Add("CreateDirectoryW(" + folder + ")", FromWin32(system.CreateDirectoryW(Widen(folder))))
          .Failed()) {
    return log;
  }
  log.Add("GrantFolderAccess(" + folder + ", " + sid + ")",
          FromWin32(system.GrantFolderAccess(Widen(folder), Widen(sid))));
  return log;
}

std::vector<CheckResult> CheckScratchFolders(SystemApi& system, const std::string& scratch_base,
                                             AccountStore& accounts, bool elevated) {
  std::vector<CheckResult> results;
  const std::string check = "scratch folder for the runner";
  const std::string change =
      "set TMP and TEMP to a folder on a local NTFS volume where the runner may create folders";
  CallLog log;
  const std::optional<std::string> root = FreshFolder(system, scratch_base, log);
  if (!root)
    return {Fail(check, "no folder name: " + log.ToString(),
                 "repair the system's random number source")};
  if (log.Add("CreateDirectoryW(" + *root + ")", FromWin32(system.CreateDirectoryW(Widen(*root))))
          .Failed()) {
    return {Fail(check, "a run cannot make its scratch folder: " + log.ToString(), change)};
  }
  const std::string file = (std::filesystem::path(*root) / "write-check.tmp").string();
  log.Add("CreateAndDeleteFile(" + file + ")", FromWin32(system.CreateAndDeleteFile(Widen(file))));
  results.push_back(
      log.Succeeded()
          ? Ok(check, log.ToString())
          : Fail(check, "it cannot write in its scratch folder: " + log.ToString(), change));
  for (AccountKind kind : {AccountKind::kStandard, AccountKind::kAdministrator}) {
    results.push_back(CheckAccountFolder(system, *root, accounts, kind, elevated));
  }
  const DWORD removed = system.RemoveDirectoryW(Widen(*root));
  if (removed != ERROR_SUCCESS) {
    results.push_back(Warn("scratch folder clean-up",
                           Called("RemoveDirectoryW(" + *root + ")", removed),
                           "delete " + *root + " by hand"));
  }
  return results;
}

std::vector<CheckResult> RunPreflight(SystemApi& system, const PreflightOptions& options) {
  std::vector<CheckResult> results;
  results.push_back(CheckElevation(system));
  const bool elevated = results.back().ok();
  results.push_back(CheckInteractiveSession(system));
  results.push_back(CheckUac(system));
  results.push_back(CheckPowerShellRemoting(system));
  results.push_back(CheckRemoteTokenPolicy(system));
  results.push_back(CheckRemoteSessionLogons(system));
  results.push_back(CheckRemoteManagementUsers(system));
  results.push_back(CheckBitsService(system));
  for (CheckResult& policy : CheckBitsPolicies(system)) results.push_back(std::move(policy));
  AccountStore accounts(system, options.accounts);
  if (elevated) accounts.RemoveLeftovers();
  for (CheckResult& folder :
       CheckScratchFolders(system, options.scratch_base, accounts, elevated)) {
    results.push_back(std::move(folder));
  }
  if (const CallLog deletion = accounts.DeleteAll(); !deletion.Succeeded()) {
    results.push_back(
        Warn("test accounts clean-up", deletion.ToString(),
             "delete the local accounts named bitscts-* (the next run also removes them)"));
  }
  return results;
}

int ReportPreflight(const std::vector<CheckResult>& results, std::ostream& out) {
  bool failed = false;
  for (const CheckResult& result : results) {
    out << FormatCheck(result) << "\n";
    failed = failed || result.status == CheckStatus::kFail;
  }
  return failed ? 1 : 0;
}

}  // namespace bitscts::com
