#include "bitscts/com/accounts.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <utility>

#include "bitscts/text.h"
#include "random_text.h"
#include "sha256.h"
#include "text.h"

namespace bitscts::com {
namespace {

constexpr DWORD kUserNotFound = 2221;  // NERR_UserNotFound
constexpr std::wstring_view kComment = L"bitscts test account; deleted at the end of the run";

const char* KindName(AccountKind kind) {
  return kind == AccountKind::kAdministrator ? "administrator" : "standard user";
}

}  // namespace

bool IsStoreAccountName(std::string_view name) {
  if (name.size() != kAccountPrefix.size() + kAccountSuffixLength) return false;
  if (!StartsWithIgnoringCase(name, kAccountPrefix)) return false;
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(kAccountPrefix.size()), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

void PrintTo(const TestAccount& account, std::ostream* out) {
  *out << "TestAccount{" << account.name << ", " << account.sid << ", " << KindName(account.kind)
       << ", password redacted}";
}

AccountStore::AccountStore(SystemApi& system, AccountStoreOptions options)
    : system_(system), options_(std::move(options)) {}

AccountStore::~AccountStore() { DeleteAll(); }

LeftoverRemoval AccountStore::RemoveLeftovers() {
  LeftoverRemoval removal;
  std::vector<std::wstring> users;
  if (removal.calls.Add("NetUserEnum", FromWin32(system_.NetUserEnum(&users))).Failed())
    return removal;
  for (const std::wstring& user : users) {
    const std::string name = Narrow(user);
    const bool held = std::any_of(accounts_.begin(), accounts_.end(),
                                  [&](const std::unique_ptr<TestAccount>& account) {
                                    return account->name == name;
                                  });
    if (held || !IsStoreAccountName(name)) continue;
    if (removal.calls.Add("NetUserDel(" + name + ")", FromWin32(system_.NetUserDel(user)))
            .Succeeded()) {
      removal.removed.push_back(name);
    }
  }
  return removal;
}

AccountCreation AccountStore::Create(AccountKind kind) {
  AccountCreation creation;
  CallLog& log = creation.calls;
  auto account = std::make_unique<TestAccount>();
  account->kind = kind;
  {
    RandomChoices random(system_, log);
    std::optional<std::string> name = RandomAccountName(random);
    std::optional<Secret> password = RandomPassword(random);
    if (!name || !password) return creation;
    account->name = std::move(*name);
    account->password = std::move(*password);
  }
  if (WriteWitness(account->password, log).Failed()) return creation;

  const std::wstring user = Widen(account->name);
  if (log.Add("NetUserAdd(" + account->name + ")",
              FromWin32(system_.NetUserAdd(user, account->password, std::wstring(kComment))))
          .Failed()) {
    return creation;
  }
  bool ready =
      AddToGroup(kind == AccountKind::kAdministrator ? administrators_ : remote_management_users_,
                 account->name, log)
          .Succeeded();
  if (ready) {
    std::wstring sid;
    ready = log.Add("LookupAccountNameW(" + account->name + ")",
                    FromWin32(system_.LookupAccountNameW(user, &sid)))
                .Succeeded();
    account->sid = Narrow(sid);
  }
  if (!ready) {
    log.Add("NetUserDel(" + account->name + ")", FromWin32(system_.NetUserDel(user)));
    return creation;
  }
  creation.account = account.get();
  accounts_.push_back(std::move(account));
  return creation;
}

CallLog AccountStore::DeleteAll() {
  CallLog log;
  for (const std::unique_ptr<TestAccount>& account : accounts_) {
    const DWORD status = system_.NetUserDel(Widen(account->name));
    // An account someone else already deleted is gone, which is all this asks for.
    log.Add("NetUserDel(" + account->name + ")",
            status == kUserNotFound ? hr::kOk : FromWin32(status));
  }
  accounts_.clear();
  return log;
}

std::vector<const TestAccount*> AccountStore::accounts() const {
  std::vector<const TestAccount*> held;
  for (const std::unique_ptr<TestAccount>& account : accounts_) held.push_back(account.get());
  return held;
}

HResult AccountStore::WriteWitness(const Secret& password, CallLog& log) const {
  if (options_.secret_witness.empty()) return hr::kOk;
  // The password's characters are ASCII; the hash is taken over those bytes.
  std::string ascii(password.size(), '\0');
  std::transform(password.Expose(), password.Expose() + password.size(), ascii.begin(),
                 [](wchar_t c) { return static_cast<char>(c); });
  const std::string line = Sha256Hex(ascii) + "\n";
  ScrubMemory(ascii.data(), ascii.size());
  std::ofstream witness(options_.secret_witness, std::ios::app | std::ios::binary);
  witness << line;
  witness.flush();
  return log.Add("WriteSecretWitness(" + options_.secret_witness + ")",
                 witness ? hr::kOk : hr::kFail);
}

HResult AccountStore::AddToGroup(WellKnownGroup& group, const std::string& name, CallLog& log) {
  const std::string lookup = "LookupAccountSidW(" + std::string(group.sid) + ")";
  if (!group.resolved) {
    std::wstring found;
    const DWORD error = system_.LookupAccountSidW(Widen(group.sid), &found);
    if (error == win32::kErrorNoneMapped && group.optional) {
      group.resolved = true;  // Windows before 8 / Server 2012: no such group
    } else if (log.Add(lookup, FromWin32(error)).Failed()) {
      return log.Result();
    } else {
      group = {group.sid, group.optional, true, true, std::move(found)};
    }
  }
  if (!group.exists) {
    return log.Add(lookup +
                       ": ERROR_NONE_MAPPED, no such group on this Windows; membership skipped",
                   hr::kFalse);
  }
  return log.Add("NetLocalGroupAddMembers(" + Narrow(group.name) + ", " + name + ")",
                 FromWin32(system_.NetLocalGroupAddMembers(group.name, Widen(name))));
}

}  // namespace bitscts::com
