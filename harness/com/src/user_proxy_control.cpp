#include "user_proxy_control.h"

#include <algorithm>
#include <array>
#include <iostream>
#include <utility>

#include "agent_backed_caller.h"
#include "text.h"

namespace bitscts::com {
namespace {

constexpr std::wstring_view kInternetSettings =
    L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
// The run's markers: one key per SID, holding the values it saved (REG_NONE: it was absent).
constexpr std::wstring_view kMarkers = L"SOFTWARE\\bitscts\\UserProxy";
// The key the control makes kMarkers in.
constexpr std::wstring_view kMarkersParent = L"SOFTWARE\\bitscts";

// The version WinINet writes at the head of a connection's settings (that of IE 7 and later).
constexpr std::uint32_t kConnectionSettingsVersion = 0x46;
// INTERNET_PER_CONN_FLAGS (wininet.h).
constexpr std::uint32_t kProxyTypeDirect = 0x1;
constexpr std::uint32_t kProxyTypeProxy = 0x2;

// A value the control manages: where it lies below the hive and its name in the marker.
struct ManagedValue {
  std::wstring_view subkey;  // below kInternetSettings, "" for the key itself
  std::wstring_view name;
  std::wstring_view marker_name;
};
constexpr std::array<ManagedValue, 3> kManaged{{
    {L"", L"ProxyEnable", L"ProxyEnable"},
    {L"", L"ProxyServer", L"ProxyServer"},
    {L"\\Connections", L"DefaultConnectionSettings", L"Connections\\DefaultConnectionSettings"},
}};

std::wstring KeyOf(const std::wstring& sid, const ManagedValue& value) {
  return sid + L"\\" + std::wstring(kInternetSettings) + std::wstring(value.subkey);
}

std::wstring MarkerOf(const std::wstring& sid) { return std::wstring(kMarkers) + L"\\" + sid; }

void AppendNumber(std::vector<std::uint8_t>& bytes, std::uint32_t number) {
  for (int shift = 0; shift < 32; shift += 8)
    bytes.push_back(static_cast<std::uint8_t>(number >> shift));
}

RegistryData DwordData(std::uint32_t number) {
  RegistryData data{win32::kRegDword, {}};
  AppendNumber(data.bytes, number);
  return data;
}

RegistryData TextData(const std::string& text) {
  RegistryData data{win32::kRegSz, {}};
  for (wchar_t c : Widen(text) + L'\0') {
    const auto unit = static_cast<std::uint32_t>(c);
    data.bytes.push_back(static_cast<std::uint8_t>(unit & 0xFF));
    data.bytes.push_back(static_cast<std::uint8_t>((unit >> 8) & 0xFF));
  }
  return data;
}

// Returns the change counter of a connection's settings (its second DWORD), or 0.
std::uint32_t CounterOf(const RegistryData& blob) {
  if (blob.type != win32::kRegBinary || blob.bytes.size() < 8) return 0;
  std::uint32_t counter = 0;
  for (std::size_t i = 8; i > 4; --i) counter = (counter << 8) | blob.bytes[i - 1];
  return counter;
}

// Returns the "http=" entry of a per-scheme proxy list ("http=a:1;https=b:2"), or the list
// itself when it names one proxy for every scheme; without an "http://" prefix.
std::string HttpProxyOf(const std::string& list) {
  std::string proxy = list;
  if (list.find('=') != std::string::npos) {
    proxy.clear();
    std::size_t start = 0;
    while (start <= list.size()) {
      const std::size_t end = std::min(list.find_first_of("; ", start), list.size());
      const std::string entry = list.substr(start, end - start);
      if (entry.starts_with("http=")) {
        proxy = entry.substr(5);
        break;
      }
      start = end + 1;
    }
  }
  if (proxy.starts_with("http://")) proxy = proxy.substr(7);
  while (!proxy.empty() && proxy.back() == '/') proxy.pop_back();
  return proxy;
}

}  // namespace

Outcome<std::string> ReadUserProxy(SystemApi& system) {
  UserProxyConfig config;
  const DWORD error = system.WinHttpGetIEProxyConfigForCurrentUser(&config);
  if (error != ERROR_SUCCESS) return {FromWin32(error), {}};
  return {hr::kOk, HttpProxyOf(Narrow(config.proxy))};
}

std::vector<std::uint8_t> ConnectionSettingsBlob(const std::string& proxy, std::uint32_t counter) {
  std::vector<std::uint8_t> bytes;
  AppendNumber(bytes, kConnectionSettingsVersion);
  AppendNumber(bytes, counter);
  AppendNumber(bytes, proxy.empty() ? kProxyTypeDirect : kProxyTypeDirect | kProxyTypeProxy);
  AppendNumber(bytes, static_cast<std::uint32_t>(proxy.size()));  // the proxy, ASCII
  bytes.insert(bytes.end(), proxy.begin(), proxy.end());
  AppendNumber(bytes, 0);              // no bypass list
  AppendNumber(bytes, 0);              // no automatic configuration script
  bytes.resize(bytes.size() + 32, 0);  // no automatic detection results
  return bytes;
}

ComUserProxyControl::ComUserProxyControl(SystemApi& system, Caller& runner, PasswordOf password_of)
    : system_(system), runner_(runner), password_of_(std::move(password_of)) {}

ComUserProxyControl::~ComUserProxyControl() {
  const CallLog restored = RestoreAll();
  if (!restored.Succeeded())
    std::cerr << "bitscts: restoring the per-user proxy settings the run changed: " << restored
              << "\n";
}

HResult ComUserProxyControl::SetUserProxy(const Principal& principal, const std::string& proxy) {
  if (!swept_) RestoreLeftovers();  // a setting that stays does not stop this one
  CallLog log;
  const std::wstring sid = Widen(principal.sid);
  if (!EnsureHive(principal, log) || !SaveOnce(sid, log)) {
    last_calls_ = log;
    return log.Result().Failed() ? log.Result() : FromWin32(win32::kErrorFileNotFound);
  }
  const ManagedValue& enable = kManaged[0];
  const ManagedValue& server = kManaged[1];
  const ManagedValue& connection = kManaged[2];
  const std::string where = " of " + principal.name;
  log.Add("RegSetValueExW(ProxyEnable" + where + ")",
          FromWin32(system_.WriteRegistryValue(RegistryRoot::kUsers, KeyOf(sid, enable),
                                               std::wstring(enable.name),
                                               DwordData(proxy.empty() ? 0 : 1))));
  if (proxy.empty()) {
    const DWORD deleted = system_.DeleteRegistryValue(RegistryRoot::kUsers, KeyOf(sid, server),
                                                      std::wstring(server.name));
    log.Add("RegDeleteValueW(ProxyServer" + where + ")",
            FromWin32(deleted == win32::kErrorFileNotFound ? ERROR_SUCCESS : deleted));
  } else {
    log.Add("RegSetValueExW(ProxyServer" + where + ")",
            FromWin32(system_.WriteRegistryValue(RegistryRoot::kUsers, KeyOf(sid, server),
                                                 std::wstring(server.name), TextData(proxy))));
  }
  RegistryData before;
  system_.ReadRegistryValue(RegistryRoot::kUsers, KeyOf(sid, connection),
                            std::wstring(connection.name), &before);
  const RegistryData blob{win32::kRegBinary, ConnectionSettingsBlob(proxy, CounterOf(before) + 1)};
  log.Add("RegSetValueExW(DefaultConnectionSettings" + where + ")",
          FromWin32(system_.WriteRegistryValue(RegistryRoot::kUsers, KeyOf(sid, connection),
                                               std::wstring(connection.name), blob)));
  last_calls_ = log;
  return log.Result();
}

Outcome<std::string> ComUserProxyControl::UserProxyOf(Caller& caller) {
  if (&caller == &runner_) return ReadUserProxy(system_);
  if (auto* agent = dynamic_cast<AgentBackedCaller*>(&caller))
    return agent->agent().ReadUserProxy();
  return {hr::kInvalidArg, {}};
}

bool ComUserProxyControl::EnsureHive(const Principal& principal, CallLog& log) {
  const std::wstring sid = Widen(principal.sid);
  std::vector<std::wstring> hives;
  if (log.Add("RegEnumKeyExW(HKEY_USERS)",
              FromWin32(system_.RegistrySubkeys(RegistryRoot::kUsers, L"", &hives)))
          .Failed()) {
    return false;
  }
  if (std::find(hives.begin(), hives.end(), sid) != hives.end()) return true;
  const Secret* password = password_of_(principal.name);
  if (password == nullptr) {
    log.Add("the hive of " + principal.name + " (" + principal.sid +
                ") is not loaded, and it is no test account of the run whose profile could be",
            FromWin32(win32::kErrorFileNotFound));
    return false;
  }
  LogonToken token = LogonToken::LogOn(system_, principal.name, *password, log);
  if (!token.is_open()) return false;
  HANDLE profile = nullptr;
  if (log.Add("LoadUserProfileW(" + principal.name + ")",
              FromWin32(system_.LoadUserProfileW(token.handle(), Widen(principal.name), &profile)))
          .Failed()) {
    token.Close(log);
    return false;
  }
  loaded_.emplace(sid, LoadedHive{std::move(token), profile});
  return true;
}

bool ComUserProxyControl::SaveOnce(const std::wstring& sid, CallLog& log) {
  if (std::find(changed_.begin(), changed_.end(), sid) != changed_.end()) return true;
  for (const ManagedValue& value : kManaged) {
    RegistryData saved;
    const DWORD read = system_.ReadRegistryValue(RegistryRoot::kUsers, KeyOf(sid, value),
                                                 std::wstring(value.name), &saved);
    if (read == win32::kErrorFileNotFound) {
      saved = RegistryData{win32::kRegNone, {}};
    } else if (log.Add("RegQueryValueExW(" + Narrow(value.name) + ")", FromWin32(read)).Failed()) {
      return false;
    }
    if (log.Add("RegSetValueExW(marker " + Narrow(MarkerOf(sid)) + ", " +
                    Narrow(value.marker_name) + ")",
                FromWin32(system_.WriteRegistryValue(RegistryRoot::kLocalMachine, MarkerOf(sid),
                                                     std::wstring(value.marker_name), saved)))
            .Failed()) {
      return false;
    }
  }
  changed_.push_back(sid);
  return true;
}

void ComUserProxyControl::Restore(const std::wstring& sid, CallLog& all) {
  CallLog log;
  for (const ManagedValue& value : kManaged) {
    RegistryData saved;
    if (system_.ReadRegistryValue(RegistryRoot::kLocalMachine, MarkerOf(sid),
                                  std::wstring(value.marker_name), &saved) != ERROR_SUCCESS) {
      continue;  // never saved: never changed
    }
    const std::string what = Narrow(value.name) + " of " + Narrow(sid);
    if (saved.type == win32::kRegNone) {
      const DWORD deleted = system_.DeleteRegistryValue(RegistryRoot::kUsers, KeyOf(sid, value),
                                                        std::wstring(value.name));
      log.Add("RegDeleteValueW(" + what + ")",
              FromWin32(deleted == win32::kErrorFileNotFound ? ERROR_SUCCESS : deleted));
    } else {
      log.Add("RegSetValueExW(" + what + ", as saved)",
              FromWin32(system_.WriteRegistryValue(RegistryRoot::kUsers, KeyOf(sid, value),
                                                   std::wstring(value.name), saved)));
    }
  }
  if (log.Succeeded()) {
    log.Add("RegDeleteKeyExW(" + Narrow(MarkerOf(sid)) + ")",
            FromWin32(system_.DeleteRegistryKey(RegistryRoot::kLocalMachine, MarkerOf(sid))));
  }
  all.Append(log);
}

CallLog ComUserProxyControl::RestoreLeftovers() {
  swept_ = true;
  CallLog log;
  std::vector<std::wstring> sids;
  const DWORD listed =
      system_.RegistrySubkeys(RegistryRoot::kLocalMachine, std::wstring(kMarkers), &sids);
  if (listed == win32::kErrorFileNotFound) return log;  // no run left a marker
  if (log.Add("RegEnumKeyExW(" + Narrow(kMarkers) + ")", FromWin32(listed)).Failed()) return log;
  std::vector<std::wstring> hives;
  system_.RegistrySubkeys(RegistryRoot::kUsers, L"", &hives);
  for (const std::wstring& sid : sids) {
    if (std::find(hives.begin(), hives.end(), sid) != hives.end()) {
      Restore(sid, log);
      continue;
    }
    std::wstring account;
    const DWORD looked_up = system_.LookupAccountSidW(sid, &account);
    if (looked_up == win32::kErrorNoneMapped) {  // the account is gone, and its setting with it
      log.Add("RegDeleteKeyExW(" + Narrow(MarkerOf(sid)) + ") of an account that is gone",
              FromWin32(system_.DeleteRegistryKey(RegistryRoot::kLocalMachine, MarkerOf(sid))));
    } else {
      log.Add("the hive of " + Narrow(sid) +
                  ", whose setting an earlier run changed, is not loaded",
              FromWin32(win32::kErrorFileNotFound));
    }
  }
  DeleteEmptyMarkerKeys(log);
  return log;
}

void ComUserProxyControl::DeleteEmptyMarkerKeys(CallLog& log) {
  for (const std::wstring_view key : {kMarkers, kMarkersParent}) {
    std::vector<std::wstring> subkeys;
    const DWORD listed =
        system_.RegistrySubkeys(RegistryRoot::kLocalMachine, std::wstring(key), &subkeys);
    if (listed == win32::kErrorFileNotFound) continue;  // gone already
    std::vector<RegistryValue> values;
    const DWORD read = listed == ERROR_SUCCESS && subkeys.empty()
                           ? system_.RegistryValues(std::wstring(key), &values)
                           : listed;
    if (read != ERROR_SUCCESS || !subkeys.empty() || !values.empty()) return;  // still in use
    log.Add("RegDeleteKeyExW(" + Narrow(key) + ")",
            FromWin32(system_.DeleteRegistryKey(RegistryRoot::kLocalMachine, std::wstring(key))));
  }
}

CallLog ComUserProxyControl::RestoreAll() {
  CallLog log;
  for (const std::wstring& sid : changed_) Restore(sid, log);
  if (!changed_.empty()) DeleteEmptyMarkerKeys(log);
  changed_.clear();
  for (auto& [sid, hive] : loaded_) {
    log.Add("UnloadUserProfile(" + Narrow(sid) + ")",
            FromWin32(system_.UnloadUserProfile(hive.token.handle(), hive.profile)));
    hive.token.Close(log);
  }
  loaded_.clear();
  return log;
}

}  // namespace bitscts::com
