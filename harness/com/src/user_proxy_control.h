// Internal: the per-user (WinINet / Internet Explorer) proxy setting of the com target's
// principals, written in each principal's own hive (HKEY_USERS\<SID>) and restored at the end of
// the run; a run that crashed is undone by the next one from the marker it left in
// HKEY_LOCAL_MACHINE\SOFTWARE\bitscts\UserProxy\<SID>. The keys that hold the markers are
// deleted once no marker is left in them.
//
// WinHttpGetIEProxyConfigForCurrentUser returns the settings "for the current active connection
// (for example, LAN, dial-up, or VPN connection)" (Microsoft's page of the function), and a job
// whose proxy usage is BG_JOB_PROXY_USAGE_PRECONFIG uses the user's Internet Explorer settings.
// Windows keeps the LAN connection's settings in the binary value DefaultConnectionSettings of
// Internet Settings\Connections; ProxyEnable and ProxyServer in Internet Settings are the older
// form kept beside it (Wine's WinHttpGetIEProxyConfigForCurrentUser reads only the binary value).
// The control writes all three, and restores all three.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bitscts/com/call_log.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"
#include "bitscts/controls.h"
#include "bitscts/target.h"
#include "logon.h"

namespace bitscts::com {

// Returns the proxy WinHttpGetIEProxyConfigForCurrentUser reports for the calling thread's
// identity: the "host:port" HTTP requests use ("http=" entry of a per-scheme list, else the one
// proxy), empty for a direct connection.
Outcome<std::string> ReadUserProxy(SystemApi& system);

// Returns the Connections\DefaultConnectionSettings value for a manual `proxy` ("host:port";
// empty: direct), whose change counter is `counter`.
std::vector<std::uint8_t> ConnectionSettingsBlob(const std::string& proxy, std::uint32_t counter);

class ComUserProxyControl final : public UserProxyControl {
 public:
  // Returns the password the run keeps for a test account, or null.
  using PasswordOf = std::function<const Secret*(const std::string& account)>;

  // `runner` is the target's own caller, whose setting UserProxyOf reads in this process.
  ComUserProxyControl(SystemApi& system, Caller& runner, PasswordOf password_of);
  ComUserProxyControl(const ComUserProxyControl&) = delete;
  ComUserProxyControl& operator=(const ComUserProxyControl&) = delete;
  // Restores every setting the run changed and unloads the hives it loaded (RestoreAll).
  ~ComUserProxyControl() override;

  // Saves what the principal's hive holds (once per principal and run, in the marker first),
  // then writes the setting. A hive that is not loaded is loaded with LoadUserProfileW for a
  // test account of the run; any other principal without a loaded hive (a service SID) fails
  // with HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND), and last_calls() says why.
  HResult SetUserProxy(const Principal& principal, const std::string& proxy) override;
  // The runner's setting is read in this process, an agent's caller's by its agent ("userproxy");
  // E_INVALIDARG for a caller that is neither.
  Outcome<std::string> UserProxyOf(Caller& caller) override;

  // Restores the settings that earlier runs' markers record, in every hive that is loaded, and
  // deletes those markers (also those of accounts that no longer exist), then the markers' keys
  // if nothing is left in them; the calls it made (a failed one: a setting that stays). Done once,
  // before the first SetUserProxy, unless done before.
  CallLog RestoreLeftovers();
  // Restores what this run changed, deletes its markers and unloads the hives it loaded, then
  // deletes the markers' keys if nothing is left in them.
  CallLog RestoreAll();
  // Returns the calls of the last SetUserProxy, for evidence.
  const CallLog& last_calls() const { return last_calls_; }

 private:
  // A hive this run loaded: the logon token LoadUserProfileW needed and the hive's handle.
  struct LoadedHive {
    LogonToken token;
    HANDLE profile = nullptr;
  };

  // Makes sure HKEY_USERS\<sid> is loaded, loading a test account's profile if needed.
  bool EnsureHive(const Principal& principal, CallLog& log);
  // Copies the current values into the marker, unless one exists for the principal.
  bool SaveOnce(const std::wstring& sid, CallLog& log);
  // Writes the marker's values back into the hive of `sid` and deletes the marker.
  void Restore(const std::wstring& sid, CallLog& log);
  // Deletes the markers' key and then SOFTWARE\bitscts, each only if it holds no key or value.
  void DeleteEmptyMarkerKeys(CallLog& log);

  SystemApi& system_;
  Caller& runner_;
  PasswordOf password_of_;
  bool swept_ = false;
  std::vector<std::wstring> changed_;          // SIDs whose setting this run changed
  std::map<std::wstring, LoadedHive> loaded_;  // hives this run loaded, by SID
  CallLog last_calls_;
};

}  // namespace bitscts::com
