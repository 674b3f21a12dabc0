// ModelSystemApi: logon, tokens, identities and local accounts.
#include "model_system_api.h"

#include "agent_sites.h"

#include <algorithm>
#include <random>

#include "bitscts/text.h"
#include "bitscts/windows_build.h"
#include "model_system_api_internal.h"
#include "text.h"

namespace bitscts::com_model {
namespace {

using com::Narrow;
using com::Widen;
using internal::ElevationTypeOf;
using model::GroupState;
using model::Token;

constexpr std::string_view kRemoteManagementUsersSid = "S-1-5-32-580";

// The local groups the emulated machine has: its name and SID, and the first build with it.
struct LocalGroup {
  const wchar_t* name;
  std::string_view sid;
  std::uint32_t since;
};
constexpr LocalGroup kLocalGroups[] = {
    {L"Administrators", model::kAdministratorsSid, 0},
    {L"Users", "S-1-5-32-545", 0},
    {L"Remote Management Users", kRemoteManagementUsersSid, builds::kWindows8},
};

const LocalGroup* GroupNamed(std::wstring_view name, std::uint32_t build) {
  for (const LocalGroup& group : kLocalGroups) {
    if (EqualsIgnoringCase(name, group.name) && build >= group.since) return &group;
  }
  return nullptr;
}

// Returns the SECURITY_IMPERSONATION_LEVEL `level` (0 anonymous .. 3 delegation) as the model's.
std::optional<ImpersonationLevel> LevelOf(DWORD level) {
  switch (level) {
    case 0: return ImpersonationLevel::kAnonymous;
    case 1: return ImpersonationLevel::kIdentify;
    case 2: return ImpersonationLevel::kImpersonate;
    case 3: return ImpersonationLevel::kDelegate;
    default: return std::nullopt;
  }
}

com::AdministratorsInToken AdministratorsOf(const Token& token) {
  switch (token.administrators) {
    case GroupState::kAbsent: return com::AdministratorsInToken::kAbsent;
    case GroupState::kEnabled: return com::AdministratorsInToken::kEnabled;
    case GroupState::kDenyOnly: return com::AdministratorsInToken::kDenyOnly;
  }
  return com::AdministratorsInToken::kAbsent;
}

}  // namespace

namespace internal {

// Returns the TOKEN_ELEVATION_TYPE of `token`: limited for a UAC-filtered administrator, full for
// an administrator's full token, default otherwise (a standard user, the service accounts).
DWORD ElevationTypeOf(const model::Token& token) {
  if (token.administrators == GroupState::kDenyOnly) return 3;
  if (token.administrators == GroupState::kEnabled && token.kind == PrincipalKind::kAdministrator) {
    return 2;
  }
  return 1;
}

}  // namespace internal

// ---- Logon, tokens, identities ----

DWORD ModelSystemApi::LogonUserW(const std::wstring& user, const std::wstring& domain,
                                 const com::Secret& password, DWORD logon_type, DWORD,
                                 HANDLE* token) {
  const auto lock = machine_->bits->Lock();
  DWORD error = 0;
  const model::Account* account = machine_->CheckLogon(user, domain, password, &error);
  if (account == nullptr) return error;
  GroupState administrators = GroupState::kAbsent;
  switch (logon_type) {
    case LOGON32_LOGON_INTERACTIVE:
    case LOGON32_LOGON_BATCH:  // UAC filters an administrator's local logons
      administrators = GroupState::kDenyOnly;
      break;
    case com::win32::kLogon32LogonNetwork:
    case LOGON32_LOGON_NETWORK_CLEARTEXT:  // LocalAccountTokenFilterPolicy 1: a full token
      administrators = GroupState::kEnabled;
      break;
    default: return com::win32::kErrorInvalidParameter;
  }
  *token = machine_->handles.OpenToken(
      machine_->bits->authority().TokenFor(*account, process_->state->process.ts_session,
                                           administrators));
  return 0;
}

DWORD ModelSystemApi::ImpersonateLoggedOnUser(HANDLE token) {
  const auto lock = machine_->bits->Lock();
  const Token* found = machine_->handles.Token(token);
  if (found == nullptr) return com::win32::kErrorInvalidHandle;
  process_->thread_tokens.insert_or_assign(std::this_thread::get_id(), *found);
  return 0;
}

DWORD ModelSystemApi::RevertToSelf() {
  const auto lock = machine_->bits->Lock();
  process_->thread_tokens.erase(std::this_thread::get_id());
  return 0;
}

DWORD ModelSystemApi::CloseHandle(HANDLE handle) {
  if (machine_->sites != nullptr && machine_->sites->CloseHandle(handle))
    return 0;  // a pipe, a process
  const auto lock = machine_->bits->Lock();
  return machine_->handles.Close(handle) ? 0 : com::win32::kErrorInvalidHandle;
}

DWORD ModelSystemApi::DuplicateTokenEx(HANDLE token, DWORD impersonation_level, HANDLE* duplicate) {
  const auto lock = machine_->bits->Lock();
  const Token* found = machine_->handles.Token(token);
  if (found == nullptr) return com::win32::kErrorInvalidHandle;
  const std::optional<ImpersonationLevel> level = LevelOf(impersonation_level);
  if (!level) return com::win32::kErrorInvalidParameter;
  Token copy = *found;
  copy.level = *level;
  *duplicate = machine_->handles.OpenToken(copy);
  return 0;
}

DWORD ModelSystemApi::CreateRestrictedToken(HANDLE token, HANDLE* restricted) {
  const auto lock = machine_->bits->Lock();
  const Token* found = machine_->handles.Token(token);
  if (found == nullptr) return com::win32::kErrorInvalidHandle;
  Token copy = *found;
  copy.restricted = true;
  *restricted = machine_->handles.OpenToken(copy);
  return 0;
}

DWORD ModelSystemApi::EffectiveTokenFacts(com::TokenFacts* facts) {
  const auto lock = machine_->bits->Lock();
  const Token& token = ActingToken();
  facts->impersonating = process_->thread_tokens.contains(std::this_thread::get_id());
  facts->elevation_type = ElevationTypeOf(token);
  facts->administrators = AdministratorsOf(token);
  return 0;
}

DWORD ModelSystemApi::CurrentProcessSid(std::wstring* sid) {
  const auto lock = machine_->bits->Lock();
  *sid = Widen(process_->state->process.user_sid);  // the process token's, as OpenProcessToken
  return 0;
}

const model::Account* ModelSystemApi::AccountNamed(const std::wstring& name) const {
  model::Authority& authority = machine_->bits->authority();
  const std::string narrow = Narrow(name);
  if (const model::Account* account = authority.FindByName(narrow)) return account;
  const std::size_t slash = narrow.find('\\');
  if (slash == std::string::npos)
    return authority.FindByName("NT AUTHORITY\\" + narrow);  // "SYSTEM", "LOCAL SERVICE"
  const std::string domain = narrow.substr(0, slash);
  if (domain != "." && !EqualsIgnoringCase(domain, model::kMachineName)) return nullptr;
  return authority.FindByName(narrow.substr(slash + 1));
}

DWORD ModelSystemApi::LookupAccountNameW(const std::wstring& account, std::wstring* sid) {
  const auto lock = machine_->bits->Lock();
  std::wstring group = account;
  if (StartsWithIgnoringCase(Narrow(group), "BUILTIN\\")) group = group.substr(8);
  if (const LocalGroup* found = GroupNamed(group, machine_->bits->service().build().build)) {
    *sid = Widen(found->sid);
    return 0;
  }
  const model::Account* found = AccountNamed(account);
  if (found == nullptr) return com::win32::kErrorNoneMapped;
  *sid = Widen(found->sid);
  return 0;
}

DWORD ModelSystemApi::LookupAccountSidW(const std::wstring& sid, std::wstring* account) {
  const auto lock = machine_->bits->Lock();
  const std::string narrow = Narrow(sid);
  for (const LocalGroup& group : kLocalGroups) {
    if (group.sid != narrow) continue;
    if (machine_->bits->service().build().build < group.since) return com::win32::kErrorNoneMapped;
    *account = group.name;
    return 0;
  }
  const model::Account* found = machine_->bits->authority().Find(narrow);
  if (found == nullptr) return com::win32::kErrorNoneMapped;
  const std::size_t slash = found->name.rfind('\\');
  *account = Widen(slash == std::string::npos ? found->name : found->name.substr(slash + 1));
  return 0;
}

// ---- Local accounts, randomness ----

DWORD ModelSystemApi::NetUserAdd(const std::wstring& user, const com::Secret& password,
                                 const std::wstring&) {
  const auto lock = machine_->bits->Lock();
  // The model presents the password over HTTP Basic: its characters are ASCII (accounts.h).
  std::string secret(password.size(), '\0');
  std::transform(password.Expose(), password.Expose() + password.size(), secret.begin(),
                 [](wchar_t c) { return static_cast<char>(c); });
  const model::Account* account = machine_->bits->authority().AddAccount(Narrow(user), secret);
  com::ScrubMemory(secret.data(), secret.size());
  if (account == nullptr) return com::win32::kNerrUserExists;
  machine_->passwords.insert_or_assign(account->sid,
                                       com::Secret(std::wstring_view(password.Expose())));
  return 0;
}

DWORD ModelSystemApi::NetUserDel(const std::wstring& user) {
  const auto lock = machine_->bits->Lock();
  const model::Account* account = machine_->bits->authority().FindByName(Narrow(user));
  if (account == nullptr) return com::win32::kNerrUserNotFound;
  const std::string sid = account->sid;
  if (!machine_->bits->authority().RemoveAccount(sid)) return com::win32::kNerrUserNotFound;
  if (const auto known = machine_->passwords.find(sid); known != machine_->passwords.end())
    machine_->passwords.erase(known);
  return 0;
}

DWORD ModelSystemApi::NetUserEnum(std::vector<std::wstring>* users) {
  const auto lock = machine_->bits->Lock();
  users->clear();
  for (const model::Account* account : machine_->bits->authority().UserAccounts())
    users->push_back(Widen(account->name));
  return 0;
}

DWORD ModelSystemApi::NetLocalGroupAddMembers(const std::wstring& group,
                                              const std::wstring& member) {
  const auto lock = machine_->bits->Lock();
  const LocalGroup* found = GroupNamed(group, machine_->bits->service().build().build);
  if (found == nullptr) return com::win32::kNerrGroupNotFound;
  const model::Account* account = AccountNamed(member);
  if (account == nullptr) return com::win32::kErrorNoSuchMember;
  if (found->sid != model::kAdministratorsSid) return 0;  // membership the model has no rule for
  if (account->kind == PrincipalKind::kAdministrator) return com::win32::kErrorMemberInAlias;
  return machine_->bits->authority().SetAdministrator(account->sid)
             ? 0
             : com::win32::kErrorNoSuchMember;
}

LONG ModelSystemApi::BCryptGenRandom(std::span<std::uint8_t> buffer) {
  std::random_device source;
  for (std::uint8_t& byte : buffer) byte = static_cast<std::uint8_t>(source() & 0xFFu);
  return 0;
}

}  // namespace bitscts::com_model
