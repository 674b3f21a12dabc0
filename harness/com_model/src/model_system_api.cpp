// ModelSystemApi: the COM runtime and the platform facts of an emulated process (the other areas
// are the model_system_api_*.cpp beside this file).
#include "model_system_api.h"

#include "agent_sites.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <tuple>
#include <utility>

#include "bitscts/text.h"
#include "bitscts/windows_build.h"
#include "model_system_api_internal.h"
#include "text.h"

namespace bitscts::com_model {
namespace {

using com::Widen;
using internal::ElevationTypeOf;
using model::GroupState;
using model::Token;

constexpr DWORD kLanguageEnglishUs = 0x0409;    // MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US)
constexpr std::uint16_t kWinRmHttpPort = 5985;  // the emulated machine's WinRM listener
constexpr std::wstring_view kSystemFolder = L"C:\\Windows\\system32";

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

}  // namespace bitscts::com_model
