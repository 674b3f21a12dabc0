// The model-served SystemApi, driven where it can be through the com client's own code (its
// account store, logon and impersonation helpers, folder control and QMgr version reading), as
// the com-model target runs it.
#include "model_system_api.h"

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "bits_classes.h"
#include "bitscts/com/accounts.h"
#include "com_ref.h"
#include "emulated_machine.h"
#include "folder_control.h"
#include "logon.h"
#include "qmgr_version.h"
#include "text.h"
#include "win32_machine.h"

namespace bitscts::com_model {
namespace {

using com::AccountKind;
using com::AdministratorsInToken;
using com::CallLog;
using com::Impersonation;
using com::LogonToken;
using com::Secret;
using com::TestAccount;
using com::ToHResult;
using com::TokenFacts;
using com::Widen;
using model::com_face::ClientProcess;

// Returns the facts of the token the calling thread acts with while it impersonates `account`
// logged on with `logon_type`, read through the com client's logon helpers.
TokenFacts FactsWhileImpersonating(com::SystemApi& api, const TestAccount& account,
                                   DWORD logon_type) {
  CallLog log;
  LogonToken token = LogonToken::LogOn(api, account.name, account.password, log, logon_type);
  Impersonation impersonation = Impersonation::Begin(api, token, log);
  TokenFacts facts;
  EXPECT_EQ(api.EffectiveTokenFacts(&facts), 0u);
  impersonation.End(log);
  token.Close(log);
  EXPECT_TRUE(log.Succeeded()) << log;
  return facts;
}

TEST(ModelSystemApiTest, LogonTokensHaveTheShapesUacGivesEachKindOfLogon) {
  EmulatedMachine emulated;
  com::AccountStore accounts(*emulated.api);
  const com::AccountCreation admin = accounts.Create(AccountKind::kAdministrator);
  const com::AccountCreation standard = accounts.Create(AccountKind::kStandard);
  ASSERT_NE(admin.account, nullptr) << admin.calls;
  ASSERT_NE(standard.account, nullptr) << standard.calls;

  const TokenFacts filtered =
      FactsWhileImpersonating(*emulated.api, *admin.account, LOGON32_LOGON_INTERACTIVE);
  EXPECT_TRUE(filtered.impersonating);
  EXPECT_EQ(filtered.administrators, AdministratorsInToken::kDenyOnly);
  EXPECT_EQ(filtered.elevation_type, 3u);  // TokenElevationTypeLimited

  const TokenFacts full =
      FactsWhileImpersonating(*emulated.api, *admin.account, LOGON32_LOGON_NETWORK_CLEARTEXT);
  EXPECT_EQ(full.administrators, AdministratorsInToken::kEnabled);
  EXPECT_EQ(full.elevation_type, 2u);  // TokenElevationTypeFull

  const TokenFacts plain =
      FactsWhileImpersonating(*emulated.api, *standard.account, LOGON32_LOGON_INTERACTIVE);
  EXPECT_EQ(plain.administrators, AdministratorsInToken::kAbsent);
  EXPECT_EQ(plain.elevation_type, 1u);  // TokenElevationTypeDefault

  TokenFacts own;
  ASSERT_EQ(emulated.api->EffectiveTokenFacts(&own), 0u);
  EXPECT_FALSE(own.impersonating);
  EXPECT_EQ(own.administrators, AdministratorsInToken::kEnabled);
}

TEST(ModelSystemApiTest, NetUserAddRegistersTheIdentityAndLogonChecksThePassword) {
  EmulatedMachine emulated;
  com::AccountStore accounts(*emulated.api);
  const com::AccountCreation created = accounts.Create(AccountKind::kStandard);
  ASSERT_NE(created.account, nullptr) << created.calls;
  const TestAccount& account = *created.account;
  {
    const std::lock_guard<std::mutex> lock(emulated.registered_mutex);
    const auto registered = emulated.registered.find(account.name);
    ASSERT_NE(registered, emulated.registered.end());
    EXPECT_TRUE(Widen(registered->second) == std::wstring(account.password.Expose()))
        << "the fakeserver was given another password (not shown)";
  }
  std::wstring sid;
  ASSERT_EQ(emulated.api->LookupAccountNameW(Widen(account.name), &sid), 0u);
  EXPECT_EQ(com::Narrow(sid), account.sid);

  HANDLE token = nullptr;
  EXPECT_EQ(emulated.api->LogonUserW(Widen(account.name), L".", Secret(L"not-the-password"),
                                     LOGON32_LOGON_INTERACTIVE, LOGON32_PROVIDER_DEFAULT, &token),
            com::win32::kErrorLogonFailure);
  ASSERT_EQ(emulated.api->LogonUserW(Widen(account.name), L".", account.password,
                                     LOGON32_LOGON_INTERACTIVE, LOGON32_PROVIDER_DEFAULT, &token),
            0u);
  EXPECT_EQ(emulated.api->CloseHandle(token), 0u);

  const std::wstring name = Widen(account.name);
  const Secret password(std::wstring_view(account.password.Expose()));
  ASSERT_TRUE(accounts.DeleteAll().Succeeded());  // NetUserDel: `account` is gone
  EXPECT_EQ(emulated.api->LogonUserW(name, L".", password, LOGON32_LOGON_INTERACTIVE,
                                     LOGON32_PROVIDER_DEFAULT, &token),
            com::win32::kErrorLogonFailure);
  EXPECT_EQ(emulated.api->LookupAccountNameW(name, &sid), com::win32::kErrorNoneMapped);
}

TEST(ModelSystemApiTest, EachOsThreadImpersonatesOnItsOwn) {
  EmulatedMachine emulated;
  com::AccountStore accounts(*emulated.api);
  const com::AccountCreation admin = accounts.Create(AccountKind::kAdministrator);
  const com::AccountCreation standard = accounts.Create(AccountKind::kStandard);
  ASSERT_NE(admin.account, nullptr) << admin.calls;
  ASSERT_NE(standard.account, nullptr) << standard.calls;

  std::barrier both_impersonate(2);
  std::barrier both_read(2);
  TokenFacts seen[2];
  const auto impersonate = [&](const TestAccount& account, TokenFacts* facts) {
    CallLog log;
    LogonToken token = LogonToken::LogOn(*emulated.api, account.name, account.password, log);
    Impersonation impersonation = Impersonation::Begin(*emulated.api, token, log);
    both_impersonate.arrive_and_wait();  // both threads impersonate from here on
    emulated.api->EffectiveTokenFacts(facts);
    both_read.arrive_and_wait();
    impersonation.End(log);
  };
  std::thread first(impersonate, std::cref(*admin.account), &seen[0]);
  std::thread second(impersonate, std::cref(*standard.account), &seen[1]);
  first.join();
  second.join();

  EXPECT_TRUE(seen[0].impersonating);
  EXPECT_EQ(seen[0].administrators, AdministratorsInToken::kDenyOnly);
  EXPECT_TRUE(seen[1].impersonating);
  EXPECT_EQ(seen[1].administrators, AdministratorsInToken::kAbsent);
  TokenFacts own;
  ASSERT_EQ(emulated.api->EffectiveTokenFacts(&own), 0u);
  EXPECT_FALSE(own.impersonating);
  const auto lock = emulated.bits->Lock();
  EXPECT_TRUE(emulated.runner->thread_tokens.empty());
}

TEST(ModelSystemApiTest, SecurityIsInitialisedOncePerProcessAndSetsItsCloaking) {
  EmulatedMachine emulated;
  EXPECT_EQ(ToHResult(emulated.api->CoInitializeSecurity(RPC_C_AUTHN_LEVEL_CONNECT,
                                                         RPC_C_IMP_LEVEL_IMPERSONATE,
                                                         EOAC_DYNAMIC_CLOAKING)),
            ToHResult(com::win32::kCoENotInitialized));
  ASSERT_EQ(emulated.api->CoInitializeEx(COINIT_MULTITHREADED), S_OK);
  EXPECT_EQ(ToHResult(emulated.api->CoInitializeSecurity(RPC_C_AUTHN_LEVEL_CONNECT,
                                                         RPC_C_IMP_LEVEL_IMPERSONATE,
                                                         EOAC_STATIC_CLOAKING)),
            hr::kOk);
  EXPECT_EQ(ToHResult(emulated.api->CoInitializeSecurity(RPC_C_AUTHN_LEVEL_CONNECT,
                                                         RPC_C_IMP_LEVEL_IDENTIFY,
                                                         EOAC_DYNAMIC_CLOAKING)),
            hr::kTooLate);
  const auto lock = emulated.bits->Lock();
  EXPECT_EQ(emulated.runner->state->settings.cloaking, Cloaking::kStatic);
  EXPECT_EQ(emulated.runner->state->settings.level, ImpersonationLevel::kImpersonate);
  EXPECT_EQ(emulated.runner->state->settings.apartment, Apartment::kMultithreaded);
}

TEST(ModelSystemApiTest, AnApartmentThreadedProcessWithoutCloakingPresentsItsOwnToken) {
  EmulatedMachine emulated;
  const std::shared_ptr<ClientProcess> agent = emulated.NewProcess(PrincipalKind::kStandardUser);
  const std::shared_ptr<com::SystemApi> api = MakeProcessApi(emulated.machine, agent);
  ASSERT_EQ(api->CoInitializeEx(COINIT_APARTMENTTHREADED), S_OK);
  EXPECT_EQ(api->AdmitCallsOnlyWhilePumping(), S_OK);
  ASSERT_EQ(ToHResult(api->CoInitializeSecurity(RPC_C_AUTHN_LEVEL_CONNECT, RPC_C_IMP_LEVEL_IDENTIFY,
                                                EOAC_NONE)),
            hr::kOk);
  const auto lock = emulated.bits->Lock();
  EXPECT_TRUE(agent->single_threaded);
  EXPECT_EQ(agent->state->settings.apartment, Apartment::kSingleThreaded);
  EXPECT_EQ(agent->state->settings.cloaking, Cloaking::kNone);
  EXPECT_EQ(agent->state->settings.level, ImpersonationLevel::kIdentify);
}

TEST(ModelSystemApiTest, NoCallIsServedOutsideACallback) {
  EmulatedMachine emulated;
  std::wstring sid;
  EXPECT_EQ(emulated.api->CallingClientSid(&sid),
            static_cast<DWORD>(com::win32::kRpcECallComplete));
}

TEST(ModelSystemApiTest, OnlyTheWritersOfAFolderMayCreateFilesInIt) {
  EmulatedMachine emulated;
  const std::filesystem::path parent =
      std::filesystem::path(testing::TempDir()) /
      ("com-model-folders-" + std::to_string(reinterpret_cast<std::uintptr_t>(&emulated)));
  const std::filesystem::path scratch = parent / "bitscts-run-test";
  std::filesystem::create_directories(scratch);
  com::AccountStore accounts(*emulated.api);
  const com::AccountCreation writer = accounts.Create(AccountKind::kStandard);
  const com::AccountCreation other = accounts.Create(AccountKind::kStandard);
  ASSERT_NE(writer.account, nullptr) << writer.calls;
  ASSERT_NE(other.account, nullptr) << other.calls;
  std::string folder;
  {
    com::ComFolderControl folders(*emulated.api, scratch.string());
    const Outcome<std::string> made = folders.CreateFolder(
        {Principal{writer.account->name, writer.account->sid, PrincipalKind::kStandardUser}});
    ASSERT_EQ(made.hr, hr::kOk) << folders.last_calls();
    folder = made.value;
    const std::wstring probe = Widen((std::filesystem::path(folder) / "probe").string());

    // The runner may only read and remove there.
    EXPECT_EQ(emulated.api->CreateAndDeleteFile(probe), com::win32::kErrorAccessDenied);
    const auto as = [&](const TestAccount& account) {
      CallLog log;
      LogonToken token = LogonToken::LogOn(*emulated.api, account.name, account.password, log);
      Impersonation impersonation = Impersonation::Begin(*emulated.api, token, log);
      return emulated.api->CreateAndDeleteFile(probe);
    };
    EXPECT_EQ(as(*writer.account), 0u);
    EXPECT_EQ(as(*other.account), com::win32::kErrorAccessDenied);
    EXPECT_EQ(emulated.api->GrantFolderAccess(Widen(folder), Widen(other.account->sid)), 0u);
    EXPECT_EQ(as(*other.account), 0u);
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(folder) / "probe"));
  }
  EXPECT_FALSE(std::filesystem::exists(folder));  // the folder control removed it
  std::filesystem::remove_all(parent);
}

TEST(ModelSystemApiTest, AJobWhoseOwnerCannotWriteTheFolderCannotSaveThere) {
  EmulatedMachine emulated;
  const std::filesystem::path parent =
      std::filesystem::path(testing::TempDir()) /
      ("com-model-jobs-" + std::to_string(reinterpret_cast<std::uintptr_t>(&emulated)));
  const std::filesystem::path scratch = parent / "bitscts-run-test";
  std::filesystem::create_directories(scratch);
  com::SystemApi& api = *emulated.api;
  com::AccountStore accounts(api);
  const com::AccountCreation writer = accounts.Create(AccountKind::kStandard);
  const com::AccountCreation other = accounts.Create(AccountKind::kStandard);
  ASSERT_NE(writer.account, nullptr) << writer.calls;
  ASSERT_NE(other.account, nullptr) << other.calls;
  {
    com::ComFolderControl folders(api, scratch.string());
    const Outcome<std::string> folder = folders.CreateFolder(
        {Principal{writer.account->name, writer.account->sid, PrincipalKind::kStandardUser}});
    ASSERT_EQ(folder.hr, hr::kOk) << folders.last_calls();
    const std::wstring local = Widen((std::filesystem::path(folder.value) / "file").string());

    ASSERT_EQ(api.CoInitializeEx(COINIT_MULTITHREADED), S_OK);
    ASSERT_EQ(ToHResult(api.CoInitializeSecurity(RPC_C_AUTHN_LEVEL_CONNECT,
                                                 RPC_C_IMP_LEVEL_IMPERSONATE,
                                                 EOAC_DYNAMIC_CLOAKING)),
              hr::kOk);
    com::ComRef<IBackgroundCopyManager> manager;
    ASSERT_EQ(ToHResult(api.CoCreateInstance(com::kVersionedClasses[0].clsid, CLSCTX_LOCAL_SERVER,
                                             com::IidOf<IBackgroundCopyManager>(),
                                             manager.PutVoid())),
              hr::kOk);
    {
      // BITS takes jobs only from accounts with a logon session (an agent site would make one).
      const auto lock = emulated.bits->Lock();
      model::Authority& authority = emulated.bits->authority();
      for (const TestAccount* account : {writer.account, other.account})
        authority.LogOn(*authority.Find(account->sid));
    }
    // With dynamic cloaking the impersonated account creates, and owns, the job.
    const auto add_file_as = [&](const TestAccount& account) {
      CallLog log;
      LogonToken token = LogonToken::LogOn(api, account.name, account.password, log);
      Impersonation impersonation = Impersonation::Begin(api, token, log);
      com::ComRef<IBackgroundCopyJob> job;
      GUID id{};
      const HRESULT created =
          manager->CreateJob(L"bitscts-folder-acl", BG_JOB_TYPE_DOWNLOAD, &id, job.Put());
      if (FAILED(created)) return ToHResult(created);
      const HResult added = ToHResult(job->AddFile(L"http://127.0.0.1:9/file", local.c_str()));
      job->Cancel();
      return added;
    };
    EXPECT_EQ(add_file_as(*other.account), hr::kAccessDenied);
    EXPECT_EQ(add_file_as(*writer.account), hr::kOk);
    manager.Reset();
    api.CoUninitialize();
  }
  std::filesystem::remove_all(parent);
}

struct BuildFacts {
  std::uint32_t build;
  std::uint32_t major;
  std::uint32_t minor;
  std::string qmgr;
};

class PlatformFactsTest : public testing::TestWithParam<BuildFacts> {};

TEST_P(PlatformFactsTest, AreTheEmulatedBuildsAndTheRunnersToken) {
  EmulatedMachine emulated(GetParam().build);
  const com::PlatformFacts facts = emulated.api->ReadPlatformFacts();
  EXPECT_EQ(facts.build, GetParam().build);
  EXPECT_EQ(facts.major, GetParam().major);
  EXPECT_EQ(facts.minor, GetParam().minor);
  EXPECT_TRUE(facts.wine_version.empty());
  EXPECT_TRUE(facts.administrator) << facts.administrator_evidence;
  const Outcome<std::string> qmgr = com::ReadQmgrFileVersion(*emulated.api);
  EXPECT_EQ(qmgr.hr, hr::kOk);
  EXPECT_EQ(qmgr.value, GetParam().qmgr);
  com::ElevationFacts elevation;
  ASSERT_EQ(emulated.api->ProcessElevation(&elevation), 0u);
  EXPECT_TRUE(elevation.elevated);

  const std::shared_ptr<com::SystemApi> standard =
      MakeProcessApi(emulated.machine, emulated.NewProcess(PrincipalKind::kStandardUser));
  EXPECT_FALSE(standard->ReadPlatformFacts().administrator);
}

INSTANTIATE_TEST_SUITE_P(Builds, PlatformFactsTest,
                         testing::Values(BuildFacts{7601, 6, 1, "7.5.7601.0"},
                                         BuildFacts{9200, 6, 2, "7.7.9200.0"},
                                         BuildFacts{19045, 10, 0, "7.8.19045.0"}),
                         [](const testing::TestParamInfo<BuildFacts>& tested) {
                           return std::to_string(tested.param.build);
                         });

TEST(ModelSystemApiTest, RemoteManagementUsersExistsFromWindows8) {
  std::wstring name;
  EXPECT_EQ(EmulatedMachine(7601).api->LookupAccountSidW(L"S-1-5-32-580", &name),
            com::win32::kErrorNoneMapped);
  EXPECT_EQ(EmulatedMachine(19045).api->LookupAccountSidW(L"S-1-5-32-580", &name), 0u);
  EXPECT_EQ(name, L"Remote Management Users");
}

TEST(ModelSystemApiTest, ARegistryProxyOfALoadedHiveIsTheUsersProxy) {
  EmulatedMachine emulated;
  com::AccountStore accounts(*emulated.api);
  const com::AccountCreation user = accounts.Create(AccountKind::kStandard);
  ASSERT_NE(user.account, nullptr) << user.calls;
  const std::wstring key = InternetSettingsKey(Widen(user.account->sid));
  const std::string& sid = user.account->sid;
  com::SystemApi& api = *emulated.api;
  const auto proxy_of = [&] {
    const auto lock = emulated.bits->Lock();
    return emulated.bits->authority().UserProxyOf(sid);
  };

  // Not loaded: no one writes there.
  EXPECT_EQ(api.WriteRegistryValue(com::RegistryRoot::kUsers, key, L"ProxyEnable", DwordData(1)),
            com::win32::kErrorAccessDenied);
  CallLog log;
  LogonToken token = LogonToken::LogOn(api, user.account->name, user.account->password, log);
  HANDLE profile = nullptr;
  ASSERT_EQ(api.LoadUserProfileW(token.handle(), Widen(user.account->name), &profile), 0u);
  std::vector<std::wstring> hives;
  ASSERT_EQ(api.RegistrySubkeys(com::RegistryRoot::kUsers, L"", &hives), 0u);
  EXPECT_NE(std::find(hives.begin(), hives.end(), Widen(sid)), hives.end());

  ASSERT_EQ(api.WriteRegistryValue(com::RegistryRoot::kUsers, key, L"ProxyServer",
                                   TextData(L"127.0.0.1:8080")),
            0u);
  EXPECT_EQ(proxy_of(), "");  // not enabled yet
  ASSERT_EQ(api.WriteRegistryValue(com::RegistryRoot::kUsers, key, L"ProxyEnable", DwordData(1)),
            0u);
  EXPECT_EQ(proxy_of(), "127.0.0.1:8080");
  com::RegistryData read;
  ASSERT_EQ(api.ReadRegistryValue(com::RegistryRoot::kUsers, key, L"proxyserver", &read), 0u);
  EXPECT_EQ(TextOf(read), L"127.0.0.1:8080");
  {
    Impersonation impersonation = Impersonation::Begin(api, token, log);
    com::UserProxyConfig config;
    ASSERT_EQ(api.WinHttpGetIEProxyConfigForCurrentUser(&config), 0u);
    EXPECT_EQ(config.proxy, L"127.0.0.1:8080");
  }
  ASSERT_EQ(api.DeleteRegistryValue(com::RegistryRoot::kUsers, key, L"ProxyEnable"), 0u);
  EXPECT_EQ(proxy_of(), "");

  ASSERT_EQ(api.UnloadUserProfile(token.handle(), profile), 0u);
  EXPECT_EQ(api.ReadRegistryValue(com::RegistryRoot::kUsers, key, L"ProxyServer", &read),
            2u);  // ERROR_FILE_NOT_FOUND: the hive is unloaded
  token.Close(log);
  EXPECT_TRUE(log.Succeeded()) << log;
}

TEST(ModelSystemApiTest, SharesAreTheModelsByName) {
  EmulatedMachine emulated;
  const std::filesystem::path folder = std::filesystem::path(testing::TempDir());
  const com::ShareSpec spec{L"bitscts-share-1", folder.wstring(), L"", {L"S-1-5-18"}};
  ASSERT_EQ(emulated.api->NetShareAdd(spec), 0u);
  EXPECT_EQ(emulated.api->NetShareAdd(spec), com::win32::kNerrDuplicateShare);
  std::vector<std::wstring> names;
  ASSERT_EQ(emulated.api->NetShareEnum(&names), 0u);
  EXPECT_EQ(names, std::vector<std::wstring>{L"bitscts-share-1"});
  EXPECT_EQ(emulated.api->NetShareDel(L"bitscts-share-1"), 0u);
  EXPECT_EQ(emulated.api->NetShareDel(L"bitscts-share-1"), com::win32::kNerrNetNameNotFound);
  std::wstring computer;
  ASSERT_EQ(emulated.api->GetComputerNameW(&computer), 0u);
  EXPECT_EQ(computer, L"BITSCTS-MODEL");
}

TEST(ModelSystemApiTest, WithoutAgentSitesTheSiteMethodsAreNotSupported) {
  EmulatedMachine emulated;
  HANDLE pipe = nullptr;
  EXPECT_EQ(emulated.api->CreateAgentPipe(L"\\\\.\\pipe\\bitscts", {}, &pipe),
            com::win32::kErrorNotSupported);
  std::unique_ptr<com::ChildProcess> child;
  EXPECT_EQ(emulated.api->StartChildProcess(L"powershell.exe", &child),
            com::win32::kErrorNotSupported);
  EXPECT_EQ(emulated.api->CreateServiceW(com::ServiceSpec{}), com::win32::kErrorNotSupported);
}

}  // namespace
}  // namespace bitscts::com_model
