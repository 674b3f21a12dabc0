#include "win32_machine.h"

#include <string_view>
#include <utility>

#include "bitscts/text.h"
#include "text.h"

#include "model_system_api.h"

namespace bitscts::com_model {
namespace {

constexpr std::wstring_view kUacPolicyKey =
    L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System";

// Whether `domain` is the emulated machine's own: empty, "." or its name.
bool LocalDomain(const std::string& domain) {
  return domain.empty() || domain == "." || EqualsIgnoringCase(domain, model::kMachineName);
}

}  // namespace

const model::Account* Win32Machine::CheckLogon(const std::wstring& user, const std::wstring& domain,
                                               const com::Secret& password, DWORD* error) const {
  *error = com::win32::kErrorLogonFailure;
  std::string name = com::Narrow(user);
  if (const std::size_t slash = name.find('\\'); slash != std::string::npos) {
    if (!LocalDomain(name.substr(0, slash))) return nullptr;
    name = name.substr(slash + 1);
  }
  if (!LocalDomain(com::Narrow(domain))) return nullptr;
  const model::Account* account = bits->authority().FindByName(name);
  if (account == nullptr) return nullptr;
  const auto known = passwords.find(account->sid);
  if (known == passwords.end() || std::wstring_view(known->second.Expose(), known->second.size()) !=
                                      std::wstring_view(password.Expose(), password.size())) {
    return nullptr;
  }
  *error = 0;
  return account;
}

HANDLE HandleTable::Next() {
  next_ += 4;
  return reinterpret_cast<HANDLE>(next_);
}

HANDLE HandleTable::OpenToken(const model::Token& token) {
  const HANDLE handle = Next();
  tokens_.emplace(reinterpret_cast<std::uintptr_t>(handle), token);
  return handle;
}

const model::Token* HandleTable::Token(HANDLE handle) const {
  const auto found = tokens_.find(reinterpret_cast<std::uintptr_t>(handle));
  return found == tokens_.end() ? nullptr : &found->second;
}

HANDLE HandleTable::OpenProfile(const std::string& sid) {
  const HANDLE handle = Next();
  profiles_.emplace(reinterpret_cast<std::uintptr_t>(handle), sid);
  return handle;
}

const std::string* HandleTable::Profile(HANDLE handle) const {
  const auto found = profiles_.find(reinterpret_cast<std::uintptr_t>(handle));
  return found == profiles_.end() ? nullptr : &found->second;
}

bool HandleTable::Close(HANDLE handle) {
  const auto key = reinterpret_cast<std::uintptr_t>(handle);
  return tokens_.erase(key) + profiles_.erase(key) == 1;
}

Win32Machine::Win32Machine(std::shared_ptr<model::com_face::Machine> machine)
    : bits(std::move(machine)), certificates(bits->service().certificates()) {
  const std::wstring uac(kUacPolicyKey);
  registry.Write(com::RegistryRoot::kLocalMachine, uac, L"EnableLUA", DwordData(1));
  registry.Write(com::RegistryRoot::kLocalMachine, uac, L"ConsentPromptBehaviorAdmin",
                 DwordData(5));
  registry.Write(com::RegistryRoot::kLocalMachine, uac, L"LocalAccountTokenFilterPolicy",
                 DwordData(1));
  for (const wchar_t* hive : kAlwaysLoadedHives)
    registry.CreateKey(com::RegistryRoot::kUsers, hive);
}

std::shared_ptr<com::SystemApi> MakeProcessApi(
    std::shared_ptr<Win32Machine> machine,
    std::shared_ptr<model::com_face::ClientProcess> process) {
  return std::make_shared<ModelSystemApi>(std::move(machine), std::move(process));
}

std::wstring InternetSettingsKey(const std::wstring& sid) {
  return sid + L"\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
}

}  // namespace bitscts::com_model
