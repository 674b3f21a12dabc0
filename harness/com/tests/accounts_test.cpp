// Local test accounts: names under the prefix, strong random passwords, Administrators found by
// its well-known SID, deletion at the end, removal of a crashed run's leftovers that never touches
// any other account, and the secret witness.
#include "bitscts/com/accounts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mocks/mock_system_api.h"
#include "sha256.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::_;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Property;
using ::testing::Return;
using ::testing::StartsWith;

constexpr DWORD kAccessDeniedError = 5;
constexpr DWORD kUserExists = 2224;    // NERR_UserExists
constexpr DWORD kUserNotFound = 2221;  // NERR_UserNotFound
constexpr DWORD kNoneMapped = 1332;    // ERROR_NONE_MAPPED

std::string AsciiOf(const Secret& secret) {
  return std::string(secret.Expose(), secret.Expose() + secret.size());
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path UniqueTempPath(const std::string& stem) {
  const auto tick = std::chrono::steady_clock::now().time_since_epoch().count();
  return std::filesystem::temp_directory_path() / (stem + "-" + std::to_string(tick) + ".txt");
}

class Accounts : public ::testing::Test {
 protected:
  NiceMock<MockSystemApi> system_;
};

TEST_F(Accounts, StandardAccountHasAPrefixedNameAStrongPasswordAndItsSid) {
  EXPECT_CALL(system_, NetUserAdd(StartsWith(L"bitscts-"), Property(&Secret::size, kPasswordLength),
                                  HasSubstr(L"bitscts")));
  EXPECT_CALL(system_, NetLocalGroupAddMembers(std::wstring(MockSystemApi::kAdministratorsName), _))
      .Times(0);
  EXPECT_CALL(system_,
              NetLocalGroupAddMembers(std::wstring(MockSystemApi::kRemoteManagementUsersName), _))
      .Times(1);
  AccountStore store(system_);
  const AccountCreation creation = store.Create(AccountKind::kStandard);
  ASSERT_NE(creation.account, nullptr) << creation.calls;
  EXPECT_TRUE(IsStoreAccountName(creation.account->name));
  EXPECT_EQ(creation.account->sid, "S-1-5-21-1000000001-1000000002-1000000003-1001");
  EXPECT_EQ(creation.account->kind, AccountKind::kStandard);
  EXPECT_EQ(creation.account->password.size(), kPasswordLength);
  EXPECT_EQ(store.accounts().size(), 1u);
}

TEST_F(Accounts, TwoAccountsGetDifferentNamesAndPasswords) {
  AccountStore store(system_);
  const TestAccount* first = store.Create(AccountKind::kStandard).account;
  const TestAccount* second = store.Create(AccountKind::kStandard).account;
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(first->name, second->name);
  EXPECT_NE(AsciiOf(first->password), AsciiOf(second->password));
}

TEST_F(Accounts, AdministratorJoinsTheGroupFoundByItsWellKnownSid) {
  EXPECT_CALL(system_, LookupAccountSidW(std::wstring(L"S-1-5-32-544"), _)).Times(1);
  EXPECT_CALL(system_, NetLocalGroupAddMembers(std::wstring(MockSystemApi::kAdministratorsName),
                                               StartsWith(L"bitscts-")))
      .Times(2);
  AccountStore store(system_);
  const AccountCreation first = store.Create(AccountKind::kAdministrator);
  ASSERT_NE(first.account, nullptr) << first.calls;
  EXPECT_EQ(first.account->kind, AccountKind::kAdministrator);
  EXPECT_THAT(first.calls.ToString(),
              HasSubstr("NetLocalGroupAddMembers(Administrateurs, bitscts-"));
  ASSERT_NE(store.Create(AccountKind::kAdministrator).account,
            nullptr);  // the group name is looked up once
}

TEST_F(Accounts, StandardAccountJoinsRemoteManagementUsersFoundByItsWellKnownSid) {
  EXPECT_CALL(system_, LookupAccountSidW(std::wstring(L"S-1-5-32-580"), _)).Times(1);
  EXPECT_CALL(system_, LookupAccountSidW(std::wstring(L"S-1-5-32-544"), _)).Times(0);
  EXPECT_CALL(system_,
              NetLocalGroupAddMembers(std::wstring(MockSystemApi::kRemoteManagementUsersName),
                                      StartsWith(L"bitscts-")))
      .Times(2);
  AccountStore store(system_);
  const AccountCreation first = store.Create(AccountKind::kStandard);
  ASSERT_NE(first.account, nullptr) << first.calls;
  EXPECT_THAT(first.calls.ToString(),
              HasSubstr("NetLocalGroupAddMembers(Utilisateurs de gestion a distance, " +
                        first.account->name + ")"));
  ASSERT_NE(store.Create(AccountKind::kStandard).account,
            nullptr);  // the group name is looked up once
}

TEST_F(Accounts, WithoutRemoteManagementUsersAStandardAccountIsStillMade) {
  // Windows before 8 / Server 2012 has no such group: LookupAccountSidW maps nothing, once.
  EXPECT_CALL(system_, LookupAccountSidW(std::wstring(L"S-1-5-32-580"), _))
      .WillOnce(Return(kNoneMapped));
  EXPECT_CALL(system_, NetLocalGroupAddMembers).Times(0);
  EXPECT_CALL(system_, NetUserDel).Times(0);
  AccountStore store(system_);
  const AccountCreation first = store.Create(AccountKind::kStandard);
  ASSERT_NE(first.account, nullptr) << first.calls;
  EXPECT_TRUE(first.calls.Succeeded());
  EXPECT_THAT(first.calls.ToString(),
              HasSubstr("LookupAccountSidW(S-1-5-32-580): ERROR_NONE_MAPPED, no such group "
                        "on this Windows; membership skipped -> S_FALSE"));
  ASSERT_NE(store.Create(AccountKind::kStandard).account, nullptr);
  testing::Mock::VerifyAndClearExpectations(&system_);  // before the store deletes the accounts
}

TEST_F(Accounts, AnUnreadableRemoteManagementUsersGroupDeletesTheNewAccount) {
  EXPECT_CALL(system_, LookupAccountSidW(std::wstring(L"S-1-5-32-580"), _))
      .WillOnce(Return(kAccessDeniedError));
  EXPECT_CALL(system_, NetLocalGroupAddMembers).Times(0);
  EXPECT_CALL(system_, NetUserDel(StartsWith(L"bitscts-"))).Times(1);
  AccountStore store(system_);
  const AccountCreation creation = store.Create(AccountKind::kStandard);
  EXPECT_EQ(creation.account, nullptr);
  EXPECT_EQ(creation.calls.Result(), hr::kAccessDenied);
  EXPECT_TRUE(store.accounts().empty());
}

TEST_F(Accounts, FailedRemoteManagementMembershipDeletesTheNewAccount) {
  EXPECT_CALL(system_, NetLocalGroupAddMembers).WillOnce(Return(kAccessDeniedError));
  EXPECT_CALL(system_, NetUserDel).Times(1);
  AccountStore store(system_);
  const AccountCreation creation = store.Create(AccountKind::kStandard);
  EXPECT_EQ(creation.account, nullptr);
  EXPECT_EQ(creation.calls.Result(), hr::kAccessDenied);
}

TEST_F(Accounts, UnresolvableAdministratorsGroupDeletesTheNewAccount) {
  EXPECT_CALL(system_, LookupAccountSidW).WillOnce(Return(kNoneMapped));
  EXPECT_CALL(system_, NetLocalGroupAddMembers).Times(0);
  EXPECT_CALL(system_, NetUserDel(StartsWith(L"bitscts-"))).Times(1);
  AccountStore store(system_);
  const AccountCreation creation = store.Create(AccountKind::kAdministrator);
  EXPECT_EQ(creation.account, nullptr);
  EXPECT_EQ(creation.calls.Result(), FromWin32(kNoneMapped));
  EXPECT_TRUE(store.accounts().empty());
}

TEST_F(Accounts, FailedGroupMembershipDeletesTheNewAccount) {
  EXPECT_CALL(system_, NetLocalGroupAddMembers).WillOnce(Return(kAccessDeniedError));
  EXPECT_CALL(system_, NetUserDel).Times(1);
  AccountStore store(system_);
  const AccountCreation creation = store.Create(AccountKind::kAdministrator);
  EXPECT_EQ(creation.account, nullptr);
  EXPECT_EQ(creation.calls.Result(), hr::kAccessDenied);
  EXPECT_THAT(creation.calls.ToString(), HasSubstr("NetUserDel(bitscts-"));
}

TEST_F(Accounts, FailedSidLookupDeletesTheNewAccount) {
  EXPECT_CALL(system_, LookupAccountNameW).WillOnce(Return(kNoneMapped));
  EXPECT_CALL(system_, NetUserDel).Times(1);
  AccountStore store(system_);
  EXPECT_EQ(store.Create(AccountKind::kStandard).account, nullptr);
  EXPECT_TRUE(store.accounts().empty());
}

TEST_F(Accounts, FailedNetUserAddIsReportedAndLeavesNothingToDelete) {
  EXPECT_CALL(system_, NetUserAdd).WillOnce(Return(kUserExists));
  EXPECT_CALL(system_, NetUserDel).Times(0);
  AccountStore store(system_);
  const AccountCreation creation = store.Create(AccountKind::kStandard);
  EXPECT_EQ(creation.account, nullptr);
  EXPECT_EQ(creation.calls.Result(), FromWin32(kUserExists));
  EXPECT_THAT(creation.calls.FirstFailure()->call, StartsWith("NetUserAdd(bitscts-"));
}

TEST_F(Accounts, FailedRandomSourceCreatesNoAccount) {
  EXPECT_CALL(system_, BCryptGenRandom).WillOnce(Return(static_cast<LONG>(0xC0000001u)));
  EXPECT_CALL(system_, NetUserAdd).Times(0);
  AccountStore store(system_);
  const AccountCreation creation = store.Create(AccountKind::kStandard);
  EXPECT_EQ(creation.account, nullptr);
  EXPECT_EQ(creation.calls.FirstFailure()->call, "BCryptGenRandom");
}

TEST_F(Accounts, DestructorDeletesEveryAccountOnce) {
  std::vector<std::wstring> created;
  EXPECT_CALL(system_, NetUserAdd)
      .Times(2)
      .WillRepeatedly([&](const std::wstring& user, auto&&, auto&&) {
        created.push_back(user);
        return DWORD{0};
      });
  {
    AccountStore store(system_);
    store.Create(AccountKind::kStandard);
    store.Create(AccountKind::kAdministrator);
    ASSERT_EQ(created.size(), 2u);
    EXPECT_CALL(system_, NetUserDel(created[0])).Times(1);
    EXPECT_CALL(system_, NetUserDel(created[1])).Times(1);
  }
}

TEST_F(Accounts, DeleteAllReportsEachDeletionAndEmptiesTheStore) {
  AccountStore store(system_);
  store.Create(AccountKind::kStandard);
  store.Create(AccountKind::kStandard);
  EXPECT_CALL(system_, NetUserDel).WillOnce(Return(kAccessDeniedError)).WillOnce(Return(DWORD{0}));
  const CallLog log = store.DeleteAll();
  EXPECT_EQ(log.calls().size(), 2u);
  EXPECT_EQ(log.Result(), hr::kAccessDenied);
  EXPECT_TRUE(store.accounts().empty());
  EXPECT_CALL(system_, NetUserDel).Times(0);  // not again at destruction
}

TEST_F(Accounts, AccountDeletedBySomeoneElseCountsAsDeleted) {
  AccountStore store(system_);
  store.Create(AccountKind::kStandard);
  EXPECT_CALL(system_, NetUserDel).WillOnce(Return(kUserNotFound));
  EXPECT_TRUE(store.DeleteAll().Succeeded());
}

TEST_F(Accounts, LeftoversOfACrashedRunAreRemovedAndNoOtherAccountIsTouched) {
  EXPECT_CALL(system_, NetUserEnum).WillOnce([](std::vector<std::wstring>* users) {
    *users = {L"Administrator",
              L"Guest",
              L"bitscts-k2j4m9qa7z",
              L"BITSCTS-ABCDEFGH01",
              L"bitscts-",
              L"bitscts-short",
              L"bitscts",
              L"bitscts-k2j4m9qa7z1",
              L"xbitscts-k2j4m9qa7",
              L"bitscts-k2j4m9qa7!",
              L"bitscts_k2j4m9qa7z",
              L"DefaultAccount"};
    return DWORD{0};
  });
  EXPECT_CALL(system_, NetUserDel(_)).Times(0);
  EXPECT_CALL(system_, NetUserDel(std::wstring(L"bitscts-k2j4m9qa7z"))).WillOnce(Return(DWORD{0}));
  EXPECT_CALL(system_, NetUserDel(std::wstring(L"BITSCTS-ABCDEFGH01")))
      .WillOnce(Return(kAccessDeniedError));
  AccountStore store(system_);
  const LeftoverRemoval removal = store.RemoveLeftovers();
  EXPECT_EQ(removal.removed, std::vector<std::string>{"bitscts-k2j4m9qa7z"});
  EXPECT_EQ(removal.calls.Result(), hr::kAccessDenied);
}

TEST_F(Accounts, LeftoverRemovalSparesTheStoresOwnAccounts) {
  AccountStore store(system_);
  const TestAccount* own = store.Create(AccountKind::kStandard).account;
  ASSERT_NE(own, nullptr);
  const std::wstring own_name(own->name.begin(), own->name.end());
  EXPECT_CALL(system_, NetUserEnum).WillOnce([&](std::vector<std::wstring>* users) {
    *users = {own_name};
    return DWORD{0};
  });
  EXPECT_CALL(system_, NetUserDel(own_name)).Times(0);
  EXPECT_TRUE(store.RemoveLeftovers().removed.empty());
  ::testing::Mock::VerifyAndClearExpectations(&system_);
}

TEST_F(Accounts, FailedEnumerationIsReported) {
  EXPECT_CALL(system_, NetUserEnum).WillOnce(Return(kAccessDeniedError));
  AccountStore store(system_);
  EXPECT_EQ(store.RemoveLeftovers().calls.Result(), hr::kAccessDenied);
}

TEST_F(Accounts, WitnessHoldsTheHashOfEachPasswordAndNeverThePassword) {
  const std::filesystem::path witness = UniqueTempPath("bitscts-witness");
  std::vector<std::string> passwords;
  {
    AccountStore store(system_, AccountStoreOptions{witness.string()});
    for (int i = 0; i < 2; ++i) {
      const AccountCreation creation = store.Create(AccountKind::kStandard);
      ASSERT_NE(creation.account, nullptr) << creation.calls;
      passwords.push_back(AsciiOf(creation.account->password));
    }
  }
  const std::string text = ReadFile(witness);
  std::filesystem::remove(witness);
  EXPECT_EQ(text, Sha256Hex(passwords[0]) + "\n" + Sha256Hex(passwords[1]) + "\n");
  for (const std::string& password : passwords) EXPECT_EQ(text.find(password), std::string::npos);
}

TEST_F(Accounts, WitnessIsWrittenBeforeTheAccountExists) {
  const std::filesystem::path missing_folder = UniqueTempPath("bitscts-no-such-folder");
  EXPECT_CALL(system_, NetUserAdd).Times(0);
  AccountStore store(system_, AccountStoreOptions{(missing_folder / "witness.txt").string()});
  const AccountCreation creation = store.Create(AccountKind::kStandard);
  EXPECT_EQ(creation.account, nullptr);
  EXPECT_EQ(creation.calls.Result(), hr::kFail);
  EXPECT_THAT(creation.calls.FirstFailure()->call, StartsWith("WriteSecretWitness("));
}

TEST(AccountNames, OnlyTheGeneratedShapeIsRecognised) {
  EXPECT_TRUE(IsStoreAccountName("bitscts-k2j4m9qa7z"));
  EXPECT_TRUE(IsStoreAccountName("Bitscts-K2J4M9QA7Z"));
  EXPECT_FALSE(IsStoreAccountName("bitscts-"));
  EXPECT_FALSE(IsStoreAccountName("bitscts-k2j4m9qa7"));
  EXPECT_FALSE(IsStoreAccountName("bitscts-k2j4m9qa7z0"));
  EXPECT_FALSE(IsStoreAccountName("bitscts-k2j4m9qa7-"));
  EXPECT_FALSE(IsStoreAccountName("bitscts_k2j4m9qa7z"));
  EXPECT_FALSE(IsStoreAccountName("Administrator"));
}

TEST(AccountNames, PrintedAccountsShowNoPassword) {
  TestAccount account{"bitscts-k2j4m9qa7z", "S-1-5-21-1", AccountKind::kAdministrator,
                      Secret(L"Visible-Pa55word")};
  const std::string printed = ::testing::PrintToString(account);
  EXPECT_EQ(printed,
            "TestAccount{bitscts-k2j4m9qa7z, S-1-5-21-1, administrator, password redacted}");
}

}  // namespace
}  // namespace bitscts::com
