#include "security.h"

#include <cstdio>
#include <utility>

#include "bitscts/text.h"

namespace bitscts::model {
namespace {

struct WellKnown {
  PrincipalKind kind;
  const char* name;
  const char* sid;
};

constexpr WellKnown kServiceAccounts[] = {
    {PrincipalKind::kLocalSystem, "NT AUTHORITY\\SYSTEM", "S-1-5-18"},
    {PrincipalKind::kLocalService, "NT AUTHORITY\\LOCAL SERVICE", "S-1-5-19"},
    {PrincipalKind::kNetworkService, "NT AUTHORITY\\NETWORK SERVICE", "S-1-5-20"},
};

std::string NamePrefix(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kAdministrator: return "bitscts-adm-";
    case PrincipalKind::kFilteredAdministrator: return "bitscts-uac-";
    default: return "bitscts-std-";
  }
}

}  // namespace

bool IsServiceAccount(PrincipalKind kind) {
  return kind == PrincipalKind::kLocalSystem || kind == PrincipalKind::kLocalService ||
         kind == PrincipalKind::kNetworkService || kind == PrincipalKind::kWindowsService;
}

Authority::Authority(std::function<void(const std::string&, const std::string&)> register_identity)
    : register_identity_(std::move(register_identity)), random_(std::random_device{}()) {
  std::uniform_int_distribution<std::uint32_t> part(100000000u, 4000000000u);
  machine_sid_ = "S-1-5-21-" + std::to_string(part(random_)) + "-" + std::to_string(part(random_)) +
                 "-" + std::to_string(part(random_));
  machine_account_ = NetworkIdentity{std::string(kMachineName) + "$", NewSecret()};
  if (register_identity_) register_identity_(machine_account_.name, machine_account_.secret);
  for (const auto& service : kServiceAccounts) {
    accounts_.emplace(service.sid, Account{service.name, service.sid, service.kind, {}});
  }
}

std::string Authority::NewSecret() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  std::uniform_int_distribution<std::size_t> pick(0, sizeof kAlphabet - 2);
  std::string secret;
  for (int i = 0; i < 24; ++i) secret += kAlphabet[pick(random_)];
  return secret;
}

const Account& Authority::Provision(PrincipalKind kind) {
  for (const auto& service : kServiceAccounts) {
    if (service.kind == kind) return accounts_.at(service.sid);
  }
  char tag[8];
  std::snprintf(tag, sizeof tag, "%04x", static_cast<unsigned>(random_() & 0xFFFFu));
  if (kind == PrincipalKind::kWindowsService) {
    // SECURITY_SERVICE_ID_BASE_RID: S-1-5-80 and five sub-authorities (Windows hashes the name;
    // the model draws them at random).
    std::string sid = "S-1-5-80";
    for (int part = 0; part < 5; ++part) {
      sid += '-';
      sid += std::to_string(random_() & 0xFFFFFFFFu);
    }
    Account account{"NT SERVICE\\bitscts-svc-" + std::string(tag), sid, kind, {}};
    const auto [it, inserted] = accounts_.emplace(account.sid, std::move(account));
    return it->second;
  }
  Account account{NamePrefix(kind) + tag + "-" + std::to_string(next_rid_),
                  machine_sid_ + "-" + std::to_string(next_rid_), kind, NewSecret()};
  ++next_rid_;
  if (register_identity_) register_identity_(account.name, account.secret);
  const auto [it, inserted] = accounts_.emplace(account.sid, std::move(account));
  return it->second;
}

const Account* Authority::Find(std::string_view sid) const {
  const auto it = accounts_.find(sid);
  return it == accounts_.end() ? nullptr : &it->second;
}

const Account* Authority::AddAccount(const std::string& name, const std::string& password) {
  if (FindByName(name) != nullptr) return nullptr;
  Account account{name, machine_sid_ + "-" + std::to_string(next_rid_),
                  PrincipalKind::kStandardUser, password};
  ++next_rid_;
  if (register_identity_) register_identity_(account.name, account.secret);
  const auto [it, inserted] = accounts_.emplace(account.sid, std::move(account));
  return &it->second;
}

bool Authority::SetAdministrator(std::string_view sid) {
  const auto it = accounts_.find(sid);
  if (it == accounts_.end() || IsServiceAccount(it->second.kind)) return false;
  it->second.kind = PrincipalKind::kAdministrator;
  return true;
}

bool Authority::RemoveAccount(std::string_view sid) {
  const auto it = accounts_.find(sid);
  if (it == accounts_.end() || IsServiceAccount(it->second.kind)) return false;
  accounts_.erase(it);
  return true;
}

const Account* Authority::FindByName(std::string_view name) const {
  for (const auto& [sid, account] : accounts_) {
    if (EqualsIgnoringCase(account.name, name)) return &account;
  }
  return nullptr;
}

std::vector<const Account*> Authority::UserAccounts() const {
  std::vector<const Account*> users;
  for (const auto& [sid, account] : accounts_) {
    if (!IsServiceAccount(account.kind)) users.push_back(&account);
  }
  return users;
}

std::uint32_t Authority::LogOn(const Account& account, bool counts) {
  if (IsServiceAccount(account.kind)) return 0;
  const std::uint32_t session = next_ts_session_++;
  live_sessions_.emplace(session, Session{account.sid, counts});
  return session;
}

bool Authority::LogOff(std::uint32_t ts_session) {
  return ts_session != 0 && live_sessions_.erase(ts_session) == 1;
}

bool Authority::IsLoggedOn(std::string_view sid) const {
  const Account* account = Find(sid);
  if (account != nullptr && IsServiceAccount(account->kind)) return true;
  for (const auto& [number, session] : live_sessions_) {
    if (session.sid == sid && session.counts) return true;
  }
  return false;
}

Token Authority::TokenFor(const Account& account, std::uint32_t ts_session) const {
  Token token;
  token.user_sid = account.sid;
  token.kind = account.kind;
  token.ts_session = ts_session;
  if (account.kind == PrincipalKind::kWindowsService) {  // a service process runs as LocalSystem
    token.user_sid = "S-1-5-18";
    token.kind = PrincipalKind::kLocalSystem;
    token.service_sid = account.sid;
  }
  switch (token.kind) {
    case PrincipalKind::kAdministrator:
    case PrincipalKind::kLocalSystem:  // SYSTEM's token has Administrators enabled
      token.administrators = GroupState::kEnabled;
      break;
    case PrincipalKind::kFilteredAdministrator: token.administrators = GroupState::kDenyOnly; break;
    default: token.administrators = GroupState::kAbsent; break;
  }
  return token;
}

Token Authority::TokenFor(const Account& account, std::uint32_t ts_session,
                          GroupState administrators) const {
  Token token = TokenFor(account, ts_session);
  if (account.kind != PrincipalKind::kAdministrator &&
      account.kind != PrincipalKind::kFilteredAdministrator) {
    return token;
  }
  token.administrators = administrators;
  token.kind = administrators == GroupState::kDenyOnly  ? PrincipalKind::kFilteredAdministrator
               : administrators == GroupState::kEnabled ? PrincipalKind::kAdministrator
                                                        : PrincipalKind::kStandardUser;
  return token;
}

std::optional<NetworkIdentity> Authority::NetworkIdentityOf(std::string_view sid) const {
  const Account* account = Find(sid);
  if (account == nullptr) return std::nullopt;
  switch (account->kind) {
    case PrincipalKind::kLocalSystem:
    case PrincipalKind::kNetworkService: return machine_account_;
    case PrincipalKind::kLocalService: return std::nullopt;
    default: return NetworkIdentity{account->name, account->secret};
  }
}

void Authority::SetUserProxy(std::string_view sid, std::string proxy) {
  if (proxy.empty()) {
    if (const auto it = user_proxies_.find(sid); it != user_proxies_.end()) user_proxies_.erase(it);
    return;
  }
  user_proxies_.insert_or_assign(std::string(sid), std::move(proxy));
}

std::string Authority::UserProxyOf(std::string_view sid) const {
  const auto it = user_proxies_.find(sid);
  return it == user_proxies_.end() ? std::string() : it->second;
}

}  // namespace bitscts::model
