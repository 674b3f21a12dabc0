// ModelSystemApi: the registry, user profiles and the per-user proxy.
#include "model_system_api.h"

#include "bitscts/text.h"
#include "text.h"

namespace bitscts::com_model {
namespace {

using com::Narrow;
using com::Widen;
using model::Token;

// Returns the first component of a registry path below HKEY_USERS: the hive's SID.
std::wstring HiveOf(const std::wstring& key) {
  const std::size_t start = key.find_first_not_of(L'\\');
  if (start == std::wstring::npos) return {};
  return key.substr(start, key.find(L'\\', start) - start);
}

}  // namespace

// ---- Registry and the per-user proxy ----

bool ModelSystemApi::HiveLoaded(const std::wstring& sid) const {
  if (sid.empty()) return true;  // HKEY_USERS itself
  for (const wchar_t* always : kAlwaysLoadedHives) {
    if (EqualsIgnoringCase(sid, always)) return true;
  }
  const auto loads = machine_->hive_loads.find(Narrow(sid));
  return loads != machine_->hive_loads.end() && loads->second > 0;
}

DWORD ModelSystemApi::CheckHive(com::RegistryRoot root, const std::wstring& key) const {
  if (root == com::RegistryRoot::kLocalMachine) return 0;
  return HiveLoaded(HiveOf(key)) ? 0 : com::win32::kErrorFileNotFound;
}

void ModelSystemApi::FeedUserProxy(com::RegistryRoot root, const std::wstring& key) {
  if (root != com::RegistryRoot::kUsers) return;
  const std::wstring sid = HiveOf(key);
  const std::wstring settings = InternetSettingsKey(sid);
  if (!EqualsIgnoringCase(key, settings)) return;
  com::RegistryData enable;
  com::RegistryData server;
  const bool enabled =
      machine_->registry.Read(root, settings, L"ProxyEnable", &enable) == 0 && NumberOf(enable);
  const bool named = machine_->registry.Read(root, settings, L"ProxyServer", &server) == 0;
  machine_->bits->authority().SetUserProxy(Narrow(sid), enabled && named ? Narrow(TextOf(server))
                                                                         : std::string());
}

DWORD ModelSystemApi::ReadRegistryValue(com::RegistryRoot root, const std::wstring& key,
                                        const std::wstring& name, com::RegistryData* data) {
  const auto lock = machine_->bits->Lock();
  if (const DWORD hive = CheckHive(root, key); hive != 0) return hive;
  return machine_->registry.Read(root, key, name, data);
}

DWORD ModelSystemApi::WriteRegistryValue(com::RegistryRoot root, const std::wstring& key,
                                         const std::wstring& name, const com::RegistryData& data) {
  const auto lock = machine_->bits->Lock();
  // Below HKEY_USERS only a loaded hive holds keys.
  if (CheckHive(root, key) != 0 || (root == com::RegistryRoot::kUsers && HiveOf(key) == key))
    return com::win32::kErrorAccessDenied;
  const DWORD written = machine_->registry.Write(root, key, name, data);
  FeedUserProxy(root, key);
  return written;
}

DWORD ModelSystemApi::DeleteRegistryValue(com::RegistryRoot root, const std::wstring& key,
                                          const std::wstring& name) {
  const auto lock = machine_->bits->Lock();
  if (const DWORD hive = CheckHive(root, key); hive != 0) return hive;
  const DWORD deleted = machine_->registry.DeleteValue(root, key, name);
  FeedUserProxy(root, key);
  return deleted;
}

DWORD ModelSystemApi::DeleteRegistryKey(com::RegistryRoot root, const std::wstring& key) {
  const auto lock = machine_->bits->Lock();
  if (const DWORD hive = CheckHive(root, key); hive != 0) return hive;
  if (root == com::RegistryRoot::kUsers && HiveOf(key) == key)
    return com::win32::kErrorAccessDenied;
  const DWORD deleted = machine_->registry.DeleteKey(root, key);
  FeedUserProxy(root, key);
  return deleted;
}

DWORD ModelSystemApi::RegistrySubkeys(com::RegistryRoot root, const std::wstring& key,
                                      std::vector<std::wstring>* subkeys) {
  const auto lock = machine_->bits->Lock();
  if (const DWORD hive = CheckHive(root, key); hive != 0) return hive;
  const DWORD listed = machine_->registry.Subkeys(root, key, subkeys);
  if (listed == 0 && root == com::RegistryRoot::kUsers && HiveOf(key).empty()) {
    std::erase_if(*subkeys, [this](const std::wstring& sid) { return !HiveLoaded(sid); });
  }
  return listed;
}

DWORD ModelSystemApi::LoadUserProfileW(HANDLE token, const std::wstring&, HANDLE* profile) {
  const auto lock = machine_->bits->Lock();
  const Token* found = machine_->handles.Token(token);
  if (found == nullptr) return com::win32::kErrorInvalidHandle;
  ++machine_->hive_loads[found->user_sid];
  machine_->registry.CreateKey(com::RegistryRoot::kUsers, Widen(found->user_sid));
  *profile = machine_->handles.OpenProfile(found->user_sid);
  return 0;
}

DWORD ModelSystemApi::UnloadUserProfile(HANDLE token, HANDLE profile) {
  const auto lock = machine_->bits->Lock();
  const std::string* sid = machine_->handles.Profile(profile);
  if (machine_->handles.Token(token) == nullptr || sid == nullptr)
    return com::win32::kErrorInvalidHandle;
  --machine_->hive_loads[*sid];
  machine_->handles.Close(profile);
  return 0;
}

DWORD ModelSystemApi::WinHttpGetIEProxyConfigForCurrentUser(com::UserProxyConfig* config) {
  const auto lock = machine_->bits->Lock();
  *config = com::UserProxyConfig{};
  config->proxy = Widen(machine_->bits->authority().UserProxyOf(ActingToken().user_sid));
  return 0;
}

}  // namespace bitscts::com_model
