// Local test accounts for a run: created with random names under one prefix and random strong
// passwords, deleted at the end, and the leftovers of an earlier, crashed run removed at the start.
//
// Only accounts whose whole name has the shape this store generates (the prefix followed by
// exactly ten lower-case letters or digits) are ever deleted. Two runs on one machine at the same
// time would remove each other's accounts at start: run one suite per machine at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bitscts/com/call_log.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"

namespace bitscts::com {

// The prefix of every account name the store creates.
inline constexpr std::string_view kAccountPrefix = "bitscts-";
// The length of every generated password. It is fixed so that a scanner can slide a window of
// exactly this many characters over a run's logs and reports and compare each window's SHA-256
// with the secret witness.
inline constexpr std::size_t kPasswordLength = 24;
// The well-known SID of BUILTIN\Administrators, whose name differs between languages.
inline constexpr std::string_view kAdministratorsSid = "S-1-5-32-544";
// The well-known SID of BUILTIN\Remote Management Users (Windows 8 / Server 2012 and later), whose
// members may open a PowerShell remote session; its name differs between languages too.
inline constexpr std::string_view kRemoteManagementUsersSid = "S-1-5-32-580";

enum class AccountKind : std::uint8_t {
  kStandard,       // a normal user: USER_PRIV_USER, member of Users (and of Remote Management
                   // Users where that group exists, so that it may open a remote session)
  kAdministrator,  // also a member of the Administrators group
};

struct TestAccount {
  std::string name;  // e.g. "bitscts-k2j4m9qa7z"
  std::string sid;   // e.g. "S-1-5-21-...-1004"
  AccountKind kind = AccountKind::kStandard;
  Secret password;  // kPasswordLength characters
};

// Prints name, SID and kind; never the password.
void PrintTo(const TestAccount& account, std::ostream* out);

struct AccountStoreOptions {
  // When not empty: a file to which the lowercase hex SHA-256 of every generated password (of its
  // ASCII characters) is appended, one per line, before the account is created.
  std::string secret_witness;
};

// What creating an account did; `account` is null unless every call succeeded.
struct AccountCreation {
  CallLog calls;
  const TestAccount* account = nullptr;
};

// What removing an earlier run's accounts did.
struct LeftoverRemoval {
  CallLog calls;
  std::vector<std::string> removed;  // the names deleted
};

class AccountStore {
 public:
  AccountStore(SystemApi& system, AccountStoreOptions options);
  explicit AccountStore(SystemApi& system) : AccountStore(system, AccountStoreOptions{}) {}
  AccountStore(const AccountStore&) = delete;
  AccountStore& operator=(const AccountStore&) = delete;
  // Deletes every account the store still holds (results unreported: call DeleteAll first).
  ~AccountStore();

  // Deletes every local account whose name has the store's shape and that this store does not
  // hold: what a crashed earlier run left behind. Call it once before creating accounts.
  LeftoverRemoval RemoveLeftovers();
  // Creates an account of `kind` with a new random name and password, and adds it to the groups
  // its kind needs: Administrators (an administrator; it may open a remote session already), or
  // Remote Management Users (a standard user, where the group exists: LookupAccountSidW of its
  // SID answering ERROR_NONE_MAPPED is recorded as S_FALSE and skipped). On a failure after
  // NetUserAdd the half-made account is deleted again.
  AccountCreation Create(AccountKind kind);
  // Deletes every account the store holds; the store holds none afterwards, even where a
  // deletion failed (the failure is in the log, and the next run's RemoveLeftovers retries).
  CallLog DeleteAll();

  // Returns the accounts the store holds, oldest first.
  std::vector<const TestAccount*> accounts() const;

 private:
  HResult WriteWitness(const Secret& password, CallLog& log) const;
  // A local group known by its well-known SID; its (translated) name is looked up on first use.
  struct WellKnownGroup {
    std::string_view sid;
    bool optional = false;  // a Windows without the group is fine: membership is skipped
    bool resolved = false;
    bool exists = false;
    std::wstring name;
  };
  // Adds the account `name` to `group`; S_FALSE (recorded) when an optional group does not exist.
  HResult AddToGroup(WellKnownGroup& group, const std::string& name, CallLog& log);

  SystemApi& system_;
  AccountStoreOptions options_;
  WellKnownGroup administrators_{kAdministratorsSid, false, false, false, {}};
  WellKnownGroup remote_management_users_{kRemoteManagementUsersSid, true, false, false, {}};
  std::vector<std::unique_ptr<TestAccount>> accounts_;
};

// Returns true if and only if `name` has the shape of a name the store generates: kAccountPrefix
// followed by exactly ten letters or digits (compared without regard to case).
bool IsStoreAccountName(std::string_view name);

}  // namespace bitscts::com
