#include "mocks/mock_system_api.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "bitscts/com/preflight.h"

namespace bitscts::mocks {

using ::testing::Return;

namespace {

constexpr DWORD kErrorPathNotFound = 3;     // ERROR_PATH_NOT_FOUND
constexpr DWORD kErrorAlreadyExists = 183;  // ERROR_ALREADY_EXISTS
constexpr DWORD kErrorDirNotEmpty = 145;    // ERROR_DIR_NOT_EMPTY

}  // namespace

MockSystemApi::MockSystemApi() {
  ON_CALL(*this, CoInitializeEx).WillByDefault(Return(S_OK));
  ON_CALL(*this, CoInitializeSecurity).WillByDefault(Return(S_OK));
  ON_CALL(*this, CoCreateInstance).WillByDefault([](REFCLSID, DWORD, REFIID, void** object) {
    *object = nullptr;
    return REGDB_E_CLASSNOTREG;
  });
  ON_CALL(*this, CoTaskMemFree).WillByDefault([this](void* memory) { FreeTaskString(memory); });
  ON_CALL(*this, ThreadLanguageId).WillByDefault(Return(DWORD{0x0409}));
  ON_CALL(*this, LogonUserW).WillByDefault([](auto&&, auto&&, auto&&, DWORD, DWORD, HANDLE* token) {
    *token = kLogonToken;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, ImpersonateLoggedOnUser).WillByDefault([this](HANDLE) {
    impersonating_ = true;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, RevertToSelf).WillByDefault([this] {
    impersonating_ = false;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, CloseHandle).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, CurrentProcessSid).WillByDefault([](std::wstring* sid) {
    *sid = kProcessSid;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, LookupAccountNameW).WillByDefault([](const std::wstring&, std::wstring* sid) {
    *sid = kAccountSid;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, LookupAccountSidW)
      .WillByDefault([](const std::wstring& sid, std::wstring* account) {
        *account = sid == L"S-1-5-32-580" ? kRemoteManagementUsersName : kAdministratorsName;
        return DWORD{ERROR_SUCCESS};
      });
  ON_CALL(*this, CreateAgentPipe).WillByDefault([](auto&&, auto&&, HANDLE* pipe) {
    *pipe = kAgentPipe;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, ConnectNamedPipe).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, CreateServiceW).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, StartServiceW).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, StopService).WillByDefault([](auto&&, auto, com::ServiceFacts* facts) {
    facts->state = com::win32::kServiceStopped;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, DeleteService).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, EnumServices).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, NetUserAdd).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, NetUserDel).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, NetUserEnum).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, NetLocalGroupAddMembers).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, BCryptGenRandom).WillByDefault([this](std::span<std::uint8_t> buffer) {
    FillDeterministic(buffer);
    return LONG{0};
  });
  ON_CALL(*this, ReadPlatformFacts).WillByDefault([] {
    com::PlatformFacts facts;
    facts.major = 10;
    facts.minor = 0;
    facts.build = 19045;
    facts.administrator = true;
    facts.administrator_evidence = "MockSystemApi: the process is an administrator";
    return facts;
  });
  ON_CALL(*this, ProcessElevation).WillByDefault([](com::ElevationFacts* facts) {
    facts->elevated = true;
    facts->type = 2;  // TokenElevationTypeFull
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, ProcessSession).WillByDefault([](com::SessionFacts* facts) {
    facts->session_id = 1;
    facts->visible_station = true;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, RegistryValues)
      .WillByDefault([this](const std::wstring& key, std::vector<com::RegistryValue>* values) {
        if (key == com::kUacPolicyKey) {
          values->push_back({L"ConsentPromptBehaviorAdmin", com::win32::kRegDword, 5, {}});
          values->push_back({L"EnableLUA", com::win32::kRegDword, 1, {}});
          values->push_back({L"LocalAccountTokenFilterPolicy", com::win32::kRegDword, 1, {}});
          return DWORD{ERROR_SUCCESS};
        }
        // Any other key of HKEY_LOCAL_MACHINE in the default registry, by name and type.
        std::lock_guard lock(mutex_);
        if (keys_.count({com::RegistryRoot::kLocalMachine, key}) == 0)
          return com::win32::kErrorFileNotFound;
        for (const auto& [place, data] : registry_) {
          const auto& [root, value_key, name] = place;
          if (root == com::RegistryRoot::kLocalMachine && value_key == key)
            values->push_back({name, data.type, 0, {}});
        }
        return DWORD{ERROR_SUCCESS};
      });
  ON_CALL(*this, QueryService).WillByDefault([](const std::wstring&, com::ServiceFacts* facts) {
    facts->start_type = 2;  // SERVICE_AUTO_START
    facts->state = 4;       // SERVICE_RUNNING
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, ConnectLoopback).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, CreateDirectoryW).WillByDefault([](const std::wstring& path) {
    std::error_code error;
    if (std::filesystem::create_directory(std::filesystem::path(path), error))
      return DWORD{ERROR_SUCCESS};
    return error ? kErrorPathNotFound : kErrorAlreadyExists;
  });
  ON_CALL(*this, RemoveDirectoryW).WillByDefault([](const std::wstring& path) {
    std::error_code error;
    if (std::filesystem::remove(std::filesystem::path(path), error)) return DWORD{ERROR_SUCCESS};
    return error ? kErrorDirNotEmpty : com::win32::kErrorFileNotFound;
  });
  ON_CALL(*this, CreateAndDeleteFile).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, GrantFolderAccess).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  // ---- Child processes and the effective token ----
  ON_CALL(*this, StartChildProcess).WillByDefault(Return(com::win32::kErrorFileNotFound));
  ON_CALL(*this, EffectiveTokenFacts).WillByDefault([this](com::TokenFacts* facts) {
    facts->impersonating = impersonating_;
    facts->elevation_type =
        impersonating_ ? 1 : 2;  // TokenElevationTypeDefault : TokenElevationTypeFull
    facts->administrators =
        impersonating_ ? com::AdministratorsInToken::kAbsent : com::AdministratorsInToken::kEnabled;
    return DWORD{ERROR_SUCCESS};
  });
  // ---- Controls around BITS ----
  keys_.insert({com::RegistryRoot::kUsers, std::wstring(kProcessSid)});
  ON_CALL(*this, ReadRegistryValue)
      .WillByDefault([this](com::RegistryRoot root, const std::wstring& key,
                            const std::wstring& name, com::RegistryData* data) {
        std::lock_guard lock(mutex_);
        const auto found = registry_.find({root, key, name});
        if (found == registry_.end()) return com::win32::kErrorFileNotFound;
        *data = found->second;
        return DWORD{ERROR_SUCCESS};
      });
  ON_CALL(*this, WriteRegistryValue)
      .WillByDefault([this](com::RegistryRoot root, const std::wstring& key,
                            const std::wstring& name, const com::RegistryData& data) {
        SetRegistry(root, key, name, data);
        return DWORD{ERROR_SUCCESS};
      });
  ON_CALL(*this, DeleteRegistryValue)
      .WillByDefault(
          [this](com::RegistryRoot root, const std::wstring& key, const std::wstring& name) {
            std::lock_guard lock(mutex_);
            return registry_.erase({root, key, name}) == 1 ? DWORD{ERROR_SUCCESS}
                                                           : com::win32::kErrorFileNotFound;
          });
  ON_CALL(*this, DeleteRegistryKey)
      .WillByDefault([this](com::RegistryRoot root, const std::wstring& key) {
        std::lock_guard lock(mutex_);
        if (keys_.count({root, key}) == 0) return com::win32::kErrorFileNotFound;
        for (const auto& [other_root, other] : keys_) {
          if (other_root == root && other.starts_with(key + L"\\"))
            return com::win32::kErrorAccessDenied;
        }
        keys_.erase({root, key});
        std::erase_if(registry_, [&](const auto& value) {
          return std::get<0>(value.first) == root && std::get<1>(value.first) == key;
        });
        return DWORD{ERROR_SUCCESS};
      });
  ON_CALL(*this, RegistrySubkeys)
      .WillByDefault([this](com::RegistryRoot root, const std::wstring& key,
                            std::vector<std::wstring>* subkeys) {
        std::lock_guard lock(mutex_);
        if (!key.empty() && keys_.count({root, key}) == 0) return com::win32::kErrorFileNotFound;
        const std::wstring prefix = key.empty() ? key : key + L"\\";
        for (const auto& [other_root, other] : keys_) {
          if (other_root != root || !other.starts_with(prefix)) continue;
          const std::wstring rest = other.substr(prefix.size());
          if (!rest.empty() && rest.find(L'\\') == std::wstring::npos) subkeys->push_back(rest);
        }
        return DWORD{ERROR_SUCCESS};
      });
  ON_CALL(*this, LoadUserProfileW)
      .WillByDefault([this](HANDLE, const std::wstring&, HANDLE* profile) {
        std::lock_guard lock(mutex_);
        keys_.insert({com::RegistryRoot::kUsers, std::wstring(kAccountSid)});
        *profile = kProfile;
        return DWORD{ERROR_SUCCESS};
      });
  ON_CALL(*this, UnloadUserProfile).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, WinHttpGetIEProxyConfigForCurrentUser)
      .WillByDefault([](com::UserProxyConfig* config) {
        *config = {};
        return DWORD{ERROR_SUCCESS};
      });
  ON_CALL(*this, GetComputerNameW).WillByDefault([](std::wstring* name) {
    *name = kComputerName;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, NetShareAdd).WillByDefault([this](const com::ShareSpec& spec) {
    std::lock_guard lock(mutex_);
    return shares_.insert(spec.name).second ? DWORD{ERROR_SUCCESS}
                                            : com::win32::kNerrDuplicateShare;
  });
  ON_CALL(*this, NetShareDel).WillByDefault([this](const std::wstring& name) {
    std::lock_guard lock(mutex_);
    return shares_.erase(name) == 1 ? DWORD{ERROR_SUCCESS} : com::win32::kNerrNetNameNotFound;
  });
  ON_CALL(*this, NetShareEnum).WillByDefault([this](std::vector<std::wstring>* names) {
    std::lock_guard lock(mutex_);
    names->assign(shares_.begin(), shares_.end());
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, SetFolderReaders).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, CreateProcessWithLogonW)
      .WillByDefault([](auto&&, auto&&, auto&&, auto&&, HANDLE* process) {
        *process = kRunAsProcess;
        return DWORD{ERROR_SUCCESS};
      });
  ON_CALL(*this, WaitForProcessExit).WillByDefault([](HANDLE, auto, DWORD* exit_code) {
    *exit_code = 0;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, TerminateProcess).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  // ---- Notifications ----
  ON_CALL(*this, CallingClientSid).WillByDefault([](std::wstring* sid) {
    *sid = kProcessSid;
    return DWORD{ERROR_SUCCESS};
  });
  // ---- Certificate stores, machine keys and the controls of callers and the service ----
  ON_CALL(*this, AddCertificate).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, ListCertificates).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, DeleteCertificate).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, ImportMachineKey)
      .WillByDefault([](auto&&, com::PrivateKeyBytes, auto&&, auto&&, com::MachineKey* imported) {
        *imported = kMachineKey;
        return DWORD{ERROR_SUCCESS};
      });
  ON_CALL(*this, DeleteImportedKey).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, DeleteMachineKey).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, ListMachineKeys).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, LoadUserHive)
      .WillByDefault([](const std::wstring&, const com::Secret&, com::UserHive* hive) {
        *hive = kUserHive;
        return DWORD{ERROR_SUCCESS};
      });
  ON_CALL(*this, UnloadUserHive).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, SetFolderWriters).WillByDefault(Return(DWORD{ERROR_SUCCESS}));
  ON_CALL(*this, DuplicateTokenEx).WillByDefault([](HANDLE, DWORD, HANDLE* duplicate) {
    *duplicate = kShapedToken;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, CreateRestrictedToken).WillByDefault([](HANDLE, HANDLE* restricted) {
    *restricted = kShapedToken;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, PumpMessages).WillByDefault([](std::size_t* dispatched) {
    *dispatched = 0;
    return DWORD{ERROR_SUCCESS};
  });
  ON_CALL(*this, AdmitCallsOnlyWhilePumping).WillByDefault(Return(S_OK));
  ON_CALL(*this, AwaitServiceRunning).WillByDefault([](auto&&, auto, com::ServiceFacts* facts) {
    facts->state = com::win32::kServiceRunning;
    return DWORD{ERROR_SUCCESS};
  });
}

std::map<MockSystemApi::RegistryPlace, com::RegistryData> MockSystemApi::registry() const {
  std::lock_guard lock(mutex_);
  return registry_;
}

void MockSystemApi::SetRegistry(com::RegistryRoot root, const std::wstring& key,
                                const std::wstring& name, com::RegistryData data) {
  std::lock_guard lock(mutex_);
  for (std::size_t end = key.find(L'\\'); end != std::wstring::npos;
       end = key.find(L'\\', end + 1)) {
    keys_.insert({root, key.substr(0, end)});
  }
  keys_.insert({root, key});
  registry_[{root, key, name}] = std::move(data);
}

std::set<std::wstring> MockSystemApi::shares() const {
  std::lock_guard lock(mutex_);
  return shares_;
}

MockSystemApi::~MockSystemApi() {
  std::lock_guard lock(mutex_);
  for (void* memory : task_memory_) delete[] static_cast<wchar_t*>(memory);
}

LPWSTR MockSystemApi::TaskString(std::wstring_view text) {
  auto* copy = new wchar_t[text.size() + 1];
  std::copy(text.begin(), text.end(), copy);
  copy[text.size()] = L'\0';
  std::lock_guard lock(mutex_);
  task_memory_.insert(copy);
  return copy;
}

std::size_t MockSystemApi::outstanding_task_memory() const {
  std::lock_guard lock(mutex_);
  return task_memory_.size();
}

std::size_t MockSystemApi::bad_task_memory_frees() const {
  std::lock_guard lock(mutex_);
  return bad_frees_;
}

void MockSystemApi::FreeTaskString(void* memory) {
  std::lock_guard lock(mutex_);
  if (task_memory_.erase(memory) == 0) {
    ++bad_frees_;
    return;
  }
  delete[] static_cast<wchar_t*>(memory);
}

void MockSystemApi::FillDeterministic(std::span<std::uint8_t> buffer) {
  std::lock_guard lock(mutex_);
  for (std::uint8_t& byte : buffer) {
    // xorshift64: a fixed, reproducible sequence; nothing here needs to be unpredictable.
    generator_ ^= generator_ << 13;
    generator_ ^= generator_ >> 7;
    generator_ ^= generator_ << 17;
    byte = static_cast<std::uint8_t>(generator_ >> 56);
  }
}

}  // namespace bitscts::mocks

namespace bitscts::com {

void PrintTo(const PrivateKeyBytes& key, std::ostream* out) {
  *out << "<a private key of " << key.pkcs8.size() << " bytes>";
}

void PrintTo(const MachineKey& key, std::ostream* out) {
  *out << "MachineKey(0x" << std::hex << key.handle << std::dec << ")";
}

void PrintTo(const CertificateStoreName& store, std::ostream* out) {
  const auto ascii = [](const std::wstring& text) {
    std::string narrow;
    for (const wchar_t c : text) narrow += c < 0x80 ? static_cast<char>(c) : '?';
    return narrow;
  };
  *out << (store.user_sid.empty() ? std::string("machine") : ascii(store.user_sid)) << " "
       << ascii(store.name);
}

}  // namespace bitscts::com
