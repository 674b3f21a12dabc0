#include "model_system_api.h"

#include "agent_sites.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <random>
#include <system_error>
#include <tuple>
#include <utility>

#include "bitscts/text.h"
#include "bitscts/windows_build.h"
#include "text.h"

namespace bitscts::com_model {
namespace {

using com::Narrow;
using com::Widen;
using model::GroupState;
using model::Token;

constexpr DWORD kLanguageEnglishUs = 0x0409;    // MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US)
constexpr std::uint16_t kWinRmHttpPort = 5985;  // the emulated machine's WinRM listener
constexpr std::wstring_view kSystemFolder = L"C:\\Windows\\system32";
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

// Returns the TOKEN_ELEVATION_TYPE of `token`: limited for a UAC-filtered administrator, full for
// an administrator's full token, default otherwise (a standard user, the service accounts).
DWORD ElevationTypeOf(const Token& token) {
  if (token.administrators == GroupState::kDenyOnly) return 3;
  if (token.administrators == GroupState::kEnabled && token.kind == PrincipalKind::kAdministrator) {
    return 2;
  }
  return 1;
}

com::AdministratorsInToken AdministratorsOf(const Token& token) {
  switch (token.administrators) {
    case GroupState::kAbsent: return com::AdministratorsInToken::kAbsent;
    case GroupState::kEnabled: return com::AdministratorsInToken::kEnabled;
    case GroupState::kDenyOnly: return com::AdministratorsInToken::kDenyOnly;
  }
  return com::AdministratorsInToken::kAbsent;
}

// Returns major.minor of the Windows (RtlGetVersion) whose build is `build`.
std::pair<std::uint32_t, std::uint32_t> VersionOf(std::uint32_t build) {
  if (build < 3790) return {5, 1};
  if (build < builds::kVista) return {5, 2};
  if (build < builds::kWindows7) return {6, 0};
  if (build < builds::kWindows8) return {6, 1};
  if (build < 9600) return {6, 2};
  if (build < builds::kWindows10) return {6, 3};
  return {10, 0};
}

// Returns the Win32 error of a failed file-system call.
DWORD Win32ErrorOf(const std::error_code& error) {
  if (error == std::errc::no_such_file_or_directory) return com::win32::kErrorPathNotFound;
  if (error == std::errc::file_exists) return com::win32::kErrorAlreadyExists;
  if (error == std::errc::directory_not_empty) return com::win32::kErrorDirNotEmpty;
  if (error == std::errc::not_a_directory) return com::win32::kErrorDirectory;
  if (error == std::errc::permission_denied) return com::win32::kErrorAccessDenied;
  return com::win32::kErrorInvalidParameter;
}

// Returns the narrow copies of textual SIDs.
std::set<std::string> SidSet(const std::vector<std::wstring>& sids) {
  std::set<std::string> narrow;
  for (const std::wstring& sid : sids) narrow.insert(Narrow(sid));
  return narrow;
}

// Returns the first component of a registry path below HKEY_USERS: the hive's SID.
std::wstring HiveOf(const std::wstring& key) {
  const std::size_t start = key.find_first_not_of(L'\\');
  if (start == std::wstring::npos) return {};
  return key.substr(start, key.find(L'\\', start) - start);
}

}  // namespace

ModelSystemApi::ModelSystemApi(std::shared_ptr<Win32Machine> machine,
                               std::shared_ptr<model::com_face::ClientProcess> process)
    : machine_(std::move(machine)), process_(std::move(process)) {}

const Token& ModelSystemApi::ActingToken() const {
  const auto thread = process_->thread_tokens.find(std::this_thread::get_id());
  return thread != process_->thread_tokens.end() ? thread->second : process_->state->process;
}

// ---- COM runtime ----

bool ModelSystemApi::ComInitialised() const {
  if (apartments_.contains(std::this_thread::get_id())) return true;
  return std::any_of(apartments_.begin(), apartments_.end(),
                     [](const auto& entry) { return !entry.second.single_threaded; });
}

HRESULT ModelSystemApi::CoInitializeEx(DWORD concurrency) {
  const auto lock = machine_->bits->Lock();
  const bool single_threaded = (concurrency & COINIT_APARTMENTTHREADED) != 0;
  auto [apartment, first] =
      apartments_.try_emplace(std::this_thread::get_id(), ThreadApartment{single_threaded, 0});
  if (apartment->second.single_threaded != single_threaded) return com::win32::kRpcEChangedMode;
  if (++apartment->second.initialisations > 1) return S_FALSE;
  if (single_threaded) {
    process_->single_threaded = true;
    process_->state->settings.apartment = bitscts::Apartment::kSingleThreaded;
  }
  return S_OK;
}

HRESULT ModelSystemApi::CoInitializeSecurity(DWORD, DWORD impersonation_level, DWORD capabilities) {
  const auto lock = machine_->bits->Lock();
  if (!ComInitialised()) return com::win32::kCoENotInitialized;
  if (process_->security_set) return RPC_E_TOO_LATE;
  const bool dynamic = (capabilities & EOAC_DYNAMIC_CLOAKING) != 0;
  const bool fixed = (capabilities & EOAC_STATIC_CLOAKING) != 0;
  if ((dynamic && fixed) || impersonation_level > 4) return E_INVALIDARG;
  CallerSettings& settings = process_->state->settings;
  settings.level = static_cast<ImpersonationLevel>(impersonation_level);
  settings.cloaking = dynamic ? Cloaking::kDynamic : fixed ? Cloaking::kStatic : Cloaking::kNone;
  process_->security_set = true;
  return S_OK;
}

HRESULT ModelSystemApi::CoCreateInstance(REFCLSID clsid, DWORD, REFIID iid, void** object) {
  {
    const auto lock = machine_->bits->Lock();
    if (!ComInitialised()) return com::win32::kCoENotInitialized;
    if (!process_->security_set) {
      // The first proxy initialises security with the machine's defaults, and later
      // CoInitializeSecurity calls are too late: identify level, no cloaking.
      process_->state->settings.level = ImpersonationLevel::kIdentify;
      process_->state->settings.cloaking = Cloaking::kNone;
      process_->security_set = true;
    }
  }
  return machine_->bits->Activate(process_, clsid, iid, object);
}

void ModelSystemApi::CoUninitialize() {
  const auto lock = machine_->bits->Lock();
  const auto apartment = apartments_.find(std::this_thread::get_id());
  if (apartment != apartments_.end() && --apartment->second.initialisations == 0)
    apartments_.erase(apartment);
}

void ModelSystemApi::CoTaskMemFree(void* memory) { model::com_face::FreeTaskString(memory); }

DWORD ModelSystemApi::ThreadLanguageId() { return kLanguageEnglishUs; }

DWORD ModelSystemApi::PumpMessages(std::size_t* dispatched) {
  *dispatched = machine_->bits->Pump(*process_);
  return 0;
}

HRESULT ModelSystemApi::AdmitCallsOnlyWhilePumping() {
  const auto lock = machine_->bits->Lock();
  const auto apartment = apartments_.find(std::this_thread::get_id());
  if (apartment == apartments_.end()) return com::win32::kCoENotInitialized;
  return apartment->second.single_threaded ? S_OK : com::win32::kCoENotSupported;
}

DWORD ModelSystemApi::CallingClientSid(std::wstring* sid) {
  const std::string& serving = model::com_face::Machine::serving_sid;
  if (serving.empty()) return static_cast<DWORD>(com::win32::kRpcECallComplete);
  *sid = Widen(serving);
  return 0;
}

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

// ---- Platform and preflight ----

com::PlatformFacts ModelSystemApi::ReadPlatformFacts() {
  const auto lock = machine_->bits->Lock();
  com::PlatformFacts facts;
  facts.build = machine_->bits->service().build().build;
  std::tie(facts.major, facts.minor) = VersionOf(facts.build);
  const Token& token = process_->state->process;
  facts.administrator = token.AdminEnabled();
  facts.administrator_evidence =
      std::string("the emulated process token has BUILTIN\\Administrators ") +
      (token.administrators == GroupState::kEnabled    ? "enabled"
       : token.administrators == GroupState::kDenyOnly ? "deny-only"
                                                       : "absent");
  return facts;
}

DWORD ModelSystemApi::GetSystemDirectoryW(std::wstring* folder) {
  *folder = std::wstring(kSystemFolder);
  return 0;
}

DWORD ModelSystemApi::GetFileVersion(const std::wstring& path, com::FileVersion* version) {
  if (!EqualsIgnoringCase(path, std::wstring(kSystemFolder) + L"\\qmgr.dll"))
    return com::win32::kErrorFileNotFound;
  std::string text;
  {
    const auto lock = machine_->bits->Lock();
    text = machine_->bits->service().build().QmgrFileVersion();
  }
  com::FileVersion parts{};
  std::size_t start = 0;
  for (std::uint16_t& part : parts) {
    const std::size_t dot = text.find('.', start);
    part = static_cast<std::uint16_t>(std::stoul(text.substr(start, dot - start)));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  *version = parts;
  return 0;
}

DWORD ModelSystemApi::ProcessElevation(com::ElevationFacts* facts) {
  const auto lock = machine_->bits->Lock();
  const Token& token = process_->state->process;
  facts->elevated = token.AdminEnabled();
  facts->type = ElevationTypeOf(token);
  return 0;
}

DWORD ModelSystemApi::ProcessSession(com::SessionFacts* facts) {
  const auto lock = machine_->bits->Lock();
  facts->session_id = process_->state->process.ts_session;
  facts->visible_station = facts->session_id != 0;
  return 0;
}

DWORD ModelSystemApi::RegistryValues(const std::wstring& key,
                                     std::vector<com::RegistryValue>* values) {
  const auto lock = machine_->bits->Lock();
  return machine_->registry.Values(com::RegistryRoot::kLocalMachine, key, values);
}

DWORD ModelSystemApi::QueryService(const std::wstring& name, com::ServiceFacts* facts) {
  if (machine_->sites != nullptr) return machine_->sites->QueryService(name, facts);
  // The emulated machine's BITS and WinRM always run (automatic start).
  if (!EqualsIgnoringCase(name, L"BITS") && !EqualsIgnoringCase(name, L"WinRM"))
    return com::win32::kErrorServiceDoesNotExist;
  *facts = com::ServiceFacts{2, com::win32::kServiceRunning, 0, 0};
  return 0;
}

DWORD ModelSystemApi::ConnectLoopback(std::uint16_t port) {
  if (port == kWinRmHttpPort) return 0;
  const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
  if (socket < 0) return com::win32::kWsaeConnRefused;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int connected =
      ::connect(socket, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  ::close(socket);
  return connected == 0 ? 0 : com::win32::kWsaeConnRefused;
}

// ---- Folders and shares ----

DWORD ModelSystemApi::CreateDirectoryW(const std::wstring& path) {
  std::error_code error;
  if (std::filesystem::exists(path, error)) return com::win32::kErrorAlreadyExists;
  std::filesystem::create_directory(path, error);
  return error ? Win32ErrorOf(error) : 0;
}

DWORD ModelSystemApi::RemoveDirectoryW(const std::wstring& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return com::win32::kErrorFileNotFound;
  if (!std::filesystem::is_directory(path, error)) return com::win32::kErrorDirectory;
  std::filesystem::remove(path, error);
  if (error) return Win32ErrorOf(error);
  const auto lock = machine_->bits->Lock();
  machine_->folder_writers.erase(std::filesystem::path(path).lexically_normal().string());
  return 0;
}

DWORD ModelSystemApi::CreateAndDeleteFile(const std::wstring& path) {
  const std::filesystem::path file(path);
  {
    const auto lock = machine_->bits->Lock();
    if (!machine_->bits->service().acl().MayWrite(file.parent_path(), ActingToken().Sids()))
      return com::win32::kErrorAccessDenied;
  }
  const int descriptor = ::open(file.c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
  if (descriptor < 0) {
    if (errno == EEXIST) return com::win32::kErrorFileExists;
    if (errno == ENOENT || errno == ENOTDIR) return com::win32::kErrorPathNotFound;
    return com::win32::kErrorAccessDenied;
  }
  const char byte = 'b';
  const bool written = ::write(descriptor, &byte, 1) == 1;
  ::close(descriptor);
  ::unlink(file.c_str());
  return written ? 0 : com::win32::kErrorAccessDenied;
}

DWORD ModelSystemApi::SetFolderWriters(const std::wstring& path,
                                       const std::vector<std::wstring>& full_control_sids,
                                       const std::vector<std::wstring>& writer_sids,
                                       const std::vector<std::wstring>&) {
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) return com::win32::kErrorFileNotFound;
  // Full control and the writers may create files; the removers (and everyone else) may not.
  std::set<std::string> writers = SidSet(full_control_sids);
  writers.merge(SidSet(writer_sids));
  const auto lock = machine_->bits->Lock();
  machine_->bits->service().acl().Restrict(path, writers);
  machine_->folder_writers.insert_or_assign(std::filesystem::path(path).lexically_normal().string(),
                                            std::move(writers));
  return 0;
}

DWORD ModelSystemApi::GrantFolderAccess(const std::wstring& path, const std::wstring& sid) {
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) return com::win32::kErrorFileNotFound;
  const auto lock = machine_->bits->Lock();
  // A folder without writers lets everyone write already; only a restricted one changes.
  const auto restricted =
      machine_->folder_writers.find(std::filesystem::path(path).lexically_normal().string());
  if (restricted == machine_->folder_writers.end()) return 0;
  restricted->second.insert(Narrow(sid));
  machine_->bits->service().acl().Restrict(path, restricted->second);
  return 0;
}

DWORD ModelSystemApi::SetFolderReaders(const std::wstring& path, const std::wstring&,
                                       const std::vector<std::wstring>&) {
  // Who may read a share is the share's own list (NetShareAdd); the model checks reads there.
  std::error_code error;
  return std::filesystem::is_directory(path, error) ? 0 : com::win32::kErrorFileNotFound;
}

DWORD ModelSystemApi::GetComputerNameW(std::wstring* name) {
  *name = Widen(model::kMachineName);
  return 0;
}

DWORD ModelSystemApi::NetShareAdd(const com::ShareSpec& spec) {
  std::error_code error;
  if (!std::filesystem::is_directory(spec.path, error)) return com::win32::kNerrUnknownDevDir;
  std::set<std::string> readers = SidSet(spec.reader_sids);
  const auto lock = machine_->bits->Lock();
  return machine_->bits->service().CreateShare(Narrow(spec.name), spec.path, std::move(readers))
             ? 0
             : com::win32::kNerrDuplicateShare;
}

DWORD ModelSystemApi::NetShareDel(const std::wstring& name) {
  const auto lock = machine_->bits->Lock();
  return machine_->bits->service().DeleteShare(Narrow(name)) ? 0 : com::win32::kNerrNetNameNotFound;
}

DWORD ModelSystemApi::NetShareEnum(std::vector<std::wstring>* names) {
  const auto lock = machine_->bits->Lock();
  names->clear();
  for (const std::string& name : machine_->bits->service().ShareNames())
    names->push_back(Widen(name));
  return 0;
}

// ---- Registry and the per-user proxy ----

bool ModelSystemApi::HiveLoaded(const std::wstring& sid) const {
  if (sid.empty()) return true;  // HKEY_USERS itself
  for (const wchar_t* always : {L".DEFAULT", L"S-1-5-18", L"S-1-5-19", L"S-1-5-20"}) {
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

// ---- Certificate stores and machine keys ----
// The machine's (certificate_api.h); a user's store is reachable while the user's hive is loaded.

DWORD ModelSystemApi::AddCertificate(const com::CertificateStoreName& store,
                                     std::span<const std::uint8_t> der,
                                     const std::wstring& friendly_name,
                                     const std::wstring& key_container) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.AddCertificate(store, HiveLoaded(store.user_sid), der,
                                               friendly_name, key_container);
}

DWORD ModelSystemApi::ListCertificates(const com::CertificateStoreName& store,
                                       std::vector<com::StoreEntry>* entries) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.ListCertificates(store, HiveLoaded(store.user_sid), entries);
}

DWORD ModelSystemApi::DeleteCertificate(const com::CertificateStoreName& store,
                                        const std::string& thumbprint) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.DeleteCertificate(store, HiveLoaded(store.user_sid), thumbprint);
}

DWORD ModelSystemApi::ImportMachineKey(const std::wstring& container, com::PrivateKeyBytes key,
                                       const std::vector<std::wstring>& user_sids,
                                       const std::wstring& deleter_sid, com::MachineKey* imported) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.ImportMachineKey(container, key, user_sids, deleter_sid, imported);
}

DWORD ModelSystemApi::DeleteImportedKey(com::MachineKey key) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.DeleteImportedKey(key);
}

DWORD ModelSystemApi::DeleteMachineKey(const std::wstring& container) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.DeleteMachineKey(container);
}

DWORD ModelSystemApi::ListMachineKeys(std::vector<std::wstring>* containers) {
  const auto lock = machine_->bits->Lock();
  return machine_->certificates.ListMachineKeys(containers);
}

// An interactive logon of the local account and its profile, as the Windows shim does.
DWORD ModelSystemApi::LoadUserHive(const std::wstring& user, const com::Secret& password,
                                   com::UserHive* hive) {
  HANDLE token = nullptr;
  if (const DWORD logon = LogonUserW(user, L".", password, LOGON32_LOGON_INTERACTIVE, 0, &token);
      logon != 0) {
    return logon;
  }
  HANDLE profile = nullptr;
  if (const DWORD loaded = LoadUserProfileW(token, user, &profile); loaded != 0) {
    CloseHandle(token);
    return loaded;
  }
  *hive = com::UserHive{token, profile};
  return 0;
}

DWORD ModelSystemApi::UnloadUserHive(const com::UserHive& hive) {
  const DWORD unloaded = UnloadUserProfile(hive.token, hive.profile);
  CloseHandle(hive.token);
  return unloaded;
}

// ---- Agent sites ----
// Pipes, child processes, services and RunAs logons are the machine's agent sites'
// (agent_sites.h), called without the lock; a machine without them answers ERROR_NOT_SUPPORTED,
// as a Windows without the facility would.

DWORD ModelSystemApi::CreateAgentPipe(const std::wstring& name,
                                      const std::vector<std::wstring>& admitted_sids,
                                      HANDLE* pipe) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->CreateAgentPipe(name, admitted_sids, pipe);
}
DWORD ModelSystemApi::ConnectNamedPipe(HANDLE pipe, std::chrono::milliseconds patience) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->ConnectNamedPipe(pipe, patience);
}
DWORD ModelSystemApi::StartChildProcess(const std::wstring& command_line,
                                        std::unique_ptr<com::ChildProcess>* child) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->StartChildProcess(command_line, child);
}
DWORD ModelSystemApi::CreateServiceW(const com::ServiceSpec& spec) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->CreateServiceW(spec);
}
DWORD ModelSystemApi::StartServiceW(const std::wstring& name) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->StartServiceW(name);
}
DWORD ModelSystemApi::StopService(const std::wstring& name, std::chrono::milliseconds patience,
                                  com::ServiceFacts* facts) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->StopService(name, patience, facts);
}
DWORD ModelSystemApi::DeleteService(const std::wstring& name) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->DeleteService(name);
}
DWORD ModelSystemApi::EnumServices(std::vector<std::wstring>* names) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->EnumServices(names);
}
DWORD ModelSystemApi::AwaitServiceRunning(const std::wstring& name,
                                          std::chrono::milliseconds patience,
                                          com::ServiceFacts* facts) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->AwaitServiceRunning(name, patience, facts);
}
DWORD ModelSystemApi::CreateProcessWithLogonW(const std::wstring& user, const std::wstring& domain,
                                              const com::Secret& password,
                                              const std::wstring& command_line, HANDLE* process) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->CreateProcessWithLogonW(user, domain, password, command_line, process);
}
DWORD ModelSystemApi::WaitForProcessExit(HANDLE process, std::chrono::milliseconds patience,
                                         DWORD* exit_code) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->WaitForProcessExit(process, patience, exit_code);
}
DWORD ModelSystemApi::TerminateProcess(HANDLE process, DWORD exit_code) {
  if (machine_->sites == nullptr) return com::win32::kErrorNotSupported;
  return machine_->sites->TerminateProcess(process, exit_code);
}

}  // namespace bitscts::com_model
