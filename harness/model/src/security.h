// Principals, logon sessions and tokens of the emulated machine: accounts with SIDs and group
// membership, interactive (Terminal Services) sessions, permanent service-account sessions, and
// the tokens a caller presents to BITS.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/target.h"

namespace bitscts::model {

inline constexpr std::string_view kAdministratorsSid = "S-1-5-32-544";  // DOMAIN_ALIAS_RID_ADMINS
inline constexpr std::string_view kMachineName = "BITSCTS-MODEL";  // the emulated computer's name

// How BUILTIN\Administrators appears in a token.
enum class GroupState : std::uint8_t {
  kAbsent,
  kEnabled,
  kDenyOnly
};  // SE_GROUP_USE_FOR_DENY_ONLY

// An account of the emulated machine. The secret is the password the model presents with
// HTTP Basic authentication; it never leaves the model except through RegisterIdentity.
struct Account {
  std::string name;
  std::string sid;
  PrincipalKind kind = PrincipalKind::kStandardUser;
  std::string secret;
};

// Returns true if and only if `kind` is LocalSystem, LocalService, NetworkService or a service
// process (which runs as LocalSystem): identities that are always logged on.
bool IsServiceAccount(PrincipalKind kind);

// A security token as BITS sees it when a client calls.
struct Token {
  std::string user_sid;
  PrincipalKind kind = PrincipalKind::kStandardUser;
  GroupState administrators = GroupState::kAbsent;
  ImpersonationLevel level = ImpersonationLevel::kImpersonate;  // of an impersonation token
  bool restricted = false;       // has restricting SIDs (CreateRestrictedToken)
  std::uint32_t ts_session = 0;  // Terminal Services session the token was created in
  std::string service_sid;       // a service process's own SID (S-1-5-80-...); empty otherwise

  // Returns the SIDs an access check matches against: the user's and any service SID.
  std::vector<std::string> Sids() const {
    if (service_sid.empty()) return {user_sid};
    return {user_sid, service_sid};
  }

  // Returns true if and only if BUILTIN\Administrators is present and enabled.
  bool AdminEnabled() const { return administrators == GroupState::kEnabled; }
};

// The name and secret an identity presents to an HTTP server.
struct NetworkIdentity {
  std::string name;
  std::string secret;
};

class Authority {
 public:
  explicit Authority(std::function<void(const std::string&, const std::string&)> register_identity);

  // Creates an account of `kind` (service accounts exist once, with their well-known SIDs; a
  // Windows service is named "NT SERVICE\..." and has a service SID).
  const Account& Provision(PrincipalKind kind);
  // Returns the account with `sid`, or null if this machine has none.
  const Account* Find(std::string_view sid) const;
  // Creates the standard user `name` whose network secret is `password` (NetUserAdd) and
  // registers that identity; null if an account of that name exists.
  const Account* AddAccount(const std::string& name, const std::string& password);
  // Makes the user account `sid` an administrator (a member of BUILTIN\Administrators); false
  // if there is no such user account.
  bool SetAdministrator(std::string_view sid);
  // Deletes the user account `sid` (NetUserDel); false if there is no such user account.
  bool RemoveAccount(std::string_view sid);
  // Returns the account named `name` (compared ignoring case, without a domain), or null.
  const Account* FindByName(std::string_view name) const;
  // Returns every account that is not a service account, in SID order.
  std::vector<const Account*> UserAccounts() const;
  // Starts a logon of `account` and returns its Terminal Services session id (0 for service
  // accounts, whose session never ends); only a session that `counts` makes the account logged
  // on for BITS (JOB-OWN-2).
  std::uint32_t LogOn(const Account& account, bool counts = true);
  // Ends the interactive session `ts_session`; returns false if it was not live or is session 0.
  bool LogOff(std::uint32_t ts_session);
  // Returns true if and only if `sid` is a service account or has a live interactive session.
  bool IsLoggedOn(std::string_view sid) const;
  // Returns the token of `account` created in `ts_session` (a Windows service's: LocalSystem's
  // with the service SID).
  Token TokenFor(const Account& account, std::uint32_t ts_session) const;
  // Returns the token of a user `account` created in `ts_session` with BUILTIN\Administrators
  // as `administrators` says for an administrator (a UAC-filtered token: kDenyOnly, whose kind is
  // kFilteredAdministrator); a standard user's has it absent whatever `administrators` says.
  Token TokenFor(const Account& account, std::uint32_t ts_session, GroupState administrators) const;
  // Returns the identity `sid` presents on the network: its own for users, the machine account
  // for LocalSystem and NetworkService, none (anonymous) for LocalService (JOB-OWN-5).
  std::optional<NetworkIdentity> NetworkIdentityOf(std::string_view sid) const;
  // Makes `proxy` ("host:port"; empty: a direct connection) the per-user (Internet Explorer)
  // proxy setting of `sid`.
  void SetUserProxy(std::string_view sid, std::string proxy);
  // Returns the per-user proxy setting of `sid`; empty (direct) unless one was set.
  std::string UserProxyOf(std::string_view sid) const;

 private:
  std::string NewSecret();

  std::function<void(const std::string&, const std::string&)> register_identity_;
  std::mt19937_64 random_;
  std::string machine_sid_;  // S-1-5-21-a-b-c
  NetworkIdentity machine_account_;
  std::uint32_t next_rid_ = 1001;
  std::uint32_t next_ts_session_ = 1;
  std::map<std::string, Account, std::less<>> accounts_;  // by SID
  struct Session {
    std::string sid;
    bool counts = true;  // a logon BITS counts (not RunAs; PowerShell remote from 1607)
  };
  std::map<std::uint32_t, Session> live_sessions_;                // by TS session
  std::map<std::string, std::string, std::less<>> user_proxies_;  // per-user proxy settings by SID
};

}  // namespace bitscts::model
