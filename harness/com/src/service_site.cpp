#include "service_site.h"

#include <algorithm>
#include <cctype>
#include <iostream>

#include "bitscts/com/bits_api.h"
#include "bitscts/text.h"
#include "random_text.h"
#include "text.h"

namespace bitscts::com {
namespace {

// Returns the state of a stopped or stopping service as evidence, with its exit codes.
std::string StatusText(const ServiceFacts& facts) {
  std::string text = "state " + std::to_string(facts.state) +
                     (facts.state == win32::kServiceStopped ? " (stopped)" : "");
  if (facts.exit_code != 0) text += ", exit code " + FromWin32(facts.exit_code).ToString();
  if (facts.service_exit_code != 0)
    text += ", service exit code " + std::to_string(facts.service_exit_code);
  return text;
}

}  // namespace

bool IsAgentServiceName(std::string_view name) {
  if (name.size() != kAgentServicePrefix.size() + kAccountSuffixLength) return false;
  if (!StartsWithIgnoringCase(name, kAgentServicePrefix)) return false;
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(kAgentServicePrefix.size()),
                     name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

std::optional<ServiceAccount> ServiceAccountOf(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kLocalSystem:
      return ServiceAccount{L"LocalSystem", win32::kServiceSidTypeNone};
    case PrincipalKind::kLocalService:
      return ServiceAccount{L"NT AUTHORITY\\LocalService", win32::kServiceSidTypeNone};
    case PrincipalKind::kNetworkService:
      return ServiceAccount{L"NT AUTHORITY\\NetworkService", win32::kServiceSidTypeNone};
    case PrincipalKind::kWindowsService:
      return ServiceAccount{L"LocalSystem", win32::kServiceSidTypeUnrestricted};
    default: return std::nullopt;
  }
}

std::optional<Principal> WellKnownServicePrincipal(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kLocalSystem: return Principal{"NT AUTHORITY\\SYSTEM", "S-1-5-18", kind};
    case PrincipalKind::kLocalService:
      return Principal{"NT AUTHORITY\\LOCAL SERVICE", "S-1-5-19", kind};
    case PrincipalKind::kNetworkService:
      return Principal{"NT AUTHORITY\\NETWORK SERVICE", "S-1-5-20", kind};
    default: return std::nullopt;
  }
}

ServiceStore::~ServiceStore() { DeleteAll(); }

bool ServiceStore::StopAndDelete(const std::string& name, std::chrono::milliseconds patience,
                                 CallLog& log, bool* deleted_out) {
  const std::wstring wide = Widen(name);
  ServiceFacts facts;
  const DWORD stop = system_.StopService(wide, patience, &facts);
  const bool gone = stop == win32::kErrorServiceDoesNotExist;
  const bool stopped = stop == ERROR_SUCCESS || gone;
  log.Add("StopService(" + name + ", " + std::to_string(patience.count()) +
              " ms): " + StatusText(facts),
          gone ? hr::kOk : FromWin32(stop));
  if (deleted_out != nullptr) *deleted_out = gone;
  if (gone) return true;
  const DWORD deletion = system_.DeleteService(wide);
  // A service already gone or marked for deletion goes once its process ends: all this asks.
  const bool deleted = deletion == ERROR_SUCCESS || deletion == win32::kErrorServiceDoesNotExist ||
                       deletion == win32::kErrorServiceMarkedForDelete;
  log.Add("DeleteService(" + name + ")", deleted ? hr::kOk : FromWin32(deletion));
  if (deleted_out != nullptr) *deleted_out = deleted;
  return stopped && deleted;
}

std::string ServiceStore::RemoveLeftovers() {
  std::vector<std::wstring> names;
  const DWORD listed = system_.EnumServices(&names);
  if (listed != ERROR_SUCCESS)
    return "services of earlier runs not looked for: EnumServicesStatusExW -> " +
           FromWin32(listed).ToString();
  CallLog log;
  int found = 0;
  for (const std::wstring& wide : names) {
    const std::string name = Narrow(wide);
    if (!IsAgentServiceName(name) || std::find(held_.begin(), held_.end(), name) != held_.end())
      continue;
    ++found;
    StopAndDelete(name, patience_, log);
  }
  if (found == 0) return "no services of earlier runs found";
  return "services of earlier runs: " + std::to_string(found) +
         " found, stopped and deleted: " + log.ToString();
}

std::optional<std::string> ServiceStore::NewName(std::string* failure) {
  CallLog log;
  RandomChoices random(system_, log);
  std::string name(kAgentServicePrefix);
  for (std::size_t i = 0; i < kAccountSuffixLength; ++i) {
    const std::optional<std::size_t> pick = random.Below(kAccountSuffixAlphabet.size());
    if (!pick) {
      *failure = log.ToString();
      return std::nullopt;
    }
    name += kAccountSuffixAlphabet[*pick];
  }
  return name;
}

void ServiceStore::Created(const std::string& name) {
  if (std::find(held_.begin(), held_.end(), name) == held_.end()) held_.push_back(name);
}

void ServiceStore::Deleted(const std::string& name) { std::erase(held_, name); }

CallLog ServiceStore::DeleteAll() {
  CallLog log;
  for (const std::string& name : held_) StopAndDelete(name, patience_, log);
  held_.clear();
  return log;
}

HResult ServiceSite::Start(const std::wstring& command_line, std::string* evidence) {
  ServiceSpec spec;
  spec.name = Widen(name_);
  spec.binary_path = command_line + L" --agent-service=" + spec.name;
  spec.account = account_.account;
  spec.sid_type = account_.sid_type;
  CallLog log;
  const HResult created = log.Add("CreateServiceW(" + name_ + ", " + Narrow(spec.account) +
                                      ", SID type " + std::to_string(spec.sid_type) + ")",
                                  FromWin32(system_.CreateServiceW(spec)));
  if (created.Succeeded()) {
    created_ = true;
    store_.Created(name_);
    log.Add("StartServiceW(" + name_ + ")", FromWin32(system_.StartServiceW(spec.name)));
  }
  if (evidence != nullptr) *evidence = log.ToString();
  return log.Result();
}

HResult ServiceSite::End(std::chrono::milliseconds patience, std::string* evidence) {
  if (!created_) {
    if (evidence != nullptr) *evidence = "no service was created";
    return hr::kOk;
  }
  CallLog log;
  bool deleted = false;
  const bool ended = store_.StopAndDelete(name_, patience, log, &deleted);
  if (evidence != nullptr) *evidence = log.ToString();
  // Gone or marked for deletion, stopped or not: the store need not try again.
  if (deleted) {
    created_ = false;
    store_.Deleted(name_);
  }
  return ended ? hr::kOk : log.Result().Failed() ? log.Result() : hr::kFail;
}

std::string ServiceSite::Describe() const {
  return "service " + name_ + " as " + Narrow(account_.account);
}

}  // namespace bitscts::com
