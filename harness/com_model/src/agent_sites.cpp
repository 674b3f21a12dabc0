#include "agent_sites.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "bitscts/windows_build.h"
#include "remote_session_process.h"
#include "service_sid.h"
#include "text.h"

namespace bitscts::com_model {
namespace {

constexpr std::string_view kBitsService = "BITS";    // the service the model is
constexpr std::string_view kWinRmService = "WINRM";  // what remote sessions need

std::string Key(const std::wstring& name) {
  std::string key = com::Narrow(name);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return key;
}

void Describe(DWORD start_type, DWORD state, DWORD exit_code, com::ServiceFacts* facts) {
  *facts = com::ServiceFacts{};
  facts->start_type = start_type;
  facts->state = state;
  facts->exit_code = exit_code;
}

}  // namespace

AgentSites::AgentSites(std::shared_ptr<Win32Machine> machine, BrokenClient broken)
    : machine_(std::move(machine)), broken_(broken) {
  machine_->sites = this;
  for (const std::string_view name : {kBitsService, kWinRmService}) {
    Service& service = services_[std::string(name)];
    service.spec.name = com::Widen(name == kBitsService ? "BITS" : "WinRM");
    service.spec.account = L"LocalSystem";
    service.start_type = com::win32::kServiceAutoStart;
    service.state = com::win32::kServiceRunning;
  }
}

AgentSites::~AgentSites() {
  std::vector<std::unique_ptr<AgentProcess>> running;
  {
    std::lock_guard lock(mutex_);
    for (auto& [name, service] : services_) {
      if (service.agent) running.push_back(std::move(service.agent));
    }
    for (auto& [handle, process] : run_as_) running.push_back(std::move(process));
    for (auto& process : detached_) running.push_back(std::move(process));
    run_as_.clear();
    detached_.clear();
  }
  running.clear();  // each ends its agent and waits for it
  machine_->sites = nullptr;
}

std::string AgentSites::RegisterAgent(CallerSettings settings) {
  std::lock_guard lock(mutex_);
  registrations_.push_back(settings);
  return "--model-agent=" + std::to_string(registrations_.size() - 1);
}

std::shared_ptr<com::SystemApi> AgentSites::ProcessApi(
    std::shared_ptr<model::com_face::ClientProcess> process) {
  return WithBrokenClient(broken_, MakeProcessApi(machine_, std::move(process)));
}

// ---- Logons and agent processes ----

std::optional<model::Token> AgentSites::LogOnUser(const std::wstring& user,
                                                  const std::wstring& domain,
                                                  const com::Secret& password, bool counts,
                                                  model::GroupState administrators, DWORD* error) {
  auto lock = machine_->bits->Lock();
  model::Authority& authority = machine_->bits->authority();
  const model::Account* account = machine_->CheckLogon(user, domain, password, error);
  if (account == nullptr) return std::nullopt;
  const std::uint32_t session = authority.LogOn(*account, counts);
  return authority.TokenFor(*account, session, administrators);
}

std::unique_ptr<AgentProcess> AgentSites::StartAgent(const model::Token& token,
                                                     const std::wstring& command_line,
                                                     bool log_off_at_exit,
                                                     std::function<void(DWORD)> exited,
                                                     std::string* failure) {
  const std::optional<AgentCommandLine> parsed = ParseAgentCommandLine(command_line);
  std::optional<CallerSettings> settings;
  if (parsed) {
    std::lock_guard lock(mutex_);
    if (parsed->registration < registrations_.size())
      settings = registrations_[parsed->registration];
  }
  if (!settings) {
    *failure = "no agent of this machine has the command line " + com::Narrow(command_line);
    return nullptr;
  }
  auto process = machine_->bits->NewProcess(token);
  std::shared_ptr<com::SystemApi> system = ProcessApi(process);
  std::function<void(DWORD)> on_exit = std::move(exited);
  if (log_off_at_exit) {
    on_exit = [bits = machine_->bits, process, then = std::move(on_exit)](DWORD code) {
      bits->LogOff(*process);
      if (then) then(code);
    };
  }
  return std::make_unique<AgentProcess>(pipes_, parsed->pipe, process, std::move(system), *settings,
                                        std::move(on_exit));
}

// ---- Pipes ----

DWORD AgentSites::CreateAgentPipe(const std::wstring& name,
                                  const std::vector<std::wstring>& admitted_sids, HANDLE* pipe) {
  return pipes_.Create(name, admitted_sids, pipe);
}

DWORD AgentSites::ConnectNamedPipe(HANDLE pipe, std::chrono::milliseconds patience) {
  return pipes_.Connect(pipe, patience);
}

// ---- Remote sessions ----

DWORD AgentSites::StartChildProcess(const std::wstring& command_line,
                                    std::unique_ptr<com::ChildProcess>* child) {
  // The only child the com target starts is the PowerShell of a remote session.
  if (command_line.find(L"powershell.exe") == std::wstring::npos)
    return com::win32::kErrorFileNotFound;
  const bool counts = machine_->bits->service().build().build >= builds::kWindows1607;
  auto open = [this, counts](const std::string& account, const com::Secret& password,
                             const std::wstring& agent_line,
                             std::string* failure) -> std::unique_ptr<AgentProcess> {
    DWORD error = 0;
    // A remote session's token is the account's full one, elevated for an administrator.
    const std::optional<model::Token> token =
        LogOnUser(com::Widen(account), L"", password, counts, model::GroupState::kEnabled, &error);
    if (!token) {
      *failure =
          "[localhost] Connecting to remote server localhost failed with the following "
          "error message : Access is denied.";
      return nullptr;
    }
    return StartAgent(*token, agent_line, false, nullptr, failure);
  };
  *child = std::make_unique<RemoteSessionProcess>(machine_->bits, std::move(open));
  return ERROR_SUCCESS;
}

// ---- Services ----

std::optional<model::Token> AgentSites::ServiceToken(const com::ServiceSpec& spec) {
  const std::string account = Key(spec.account);
  std::string sid;
  if (account == "LOCALSYSTEM" || account == "NT AUTHORITY\\SYSTEM") sid = "S-1-5-18";
  if (account == "NT AUTHORITY\\LOCALSERVICE") sid = "S-1-5-19";
  if (account == "NT AUTHORITY\\NETWORKSERVICE") sid = "S-1-5-20";
  if (sid.empty()) return std::nullopt;
  auto lock = machine_->bits->Lock();
  const model::Account* found = machine_->bits->authority().Find(sid);
  if (found == nullptr) return std::nullopt;
  model::Token token = machine_->bits->authority().TokenFor(*found, 0);
  if (spec.sid_type != com::win32::kServiceSidTypeNone)
    token.service_sid = com::ServiceSid(com::Narrow(spec.name));
  return token;
}

DWORD AgentSites::CreateServiceW(const com::ServiceSpec& spec) {
  if (!ServiceToken(spec)) return com::win32::kErrorInvalidServiceAccount;
  std::vector<std::unique_ptr<AgentProcess>> deleted;
  std::lock_guard lock(mutex_);
  deleted = TakeDeleted();
  const auto [found, created] = services_.try_emplace(Key(spec.name));
  if (!created) {
    return found->second.marked_for_delete ? com::win32::kErrorServiceMarkedForDelete
                                           : com::win32::kErrorServiceExists;
  }
  found->second.spec = spec;
  return ERROR_SUCCESS;
}

DWORD AgentSites::StartServiceW(const std::wstring& name) {
  const std::string key = Key(name);
  com::ServiceSpec spec;
  {
    std::lock_guard lock(mutex_);
    const auto found = services_.find(key);
    if (found == services_.end()) return com::win32::kErrorServiceDoesNotExist;
    Service& service = found->second;
    if (service.marked_for_delete) return com::win32::kErrorServiceMarkedForDelete;
    if (service.state != com::win32::kServiceStopped)
      return com::win32::kErrorServiceAlreadyRunning;
    if (!service.agent && service.spec.binary_path.empty()) {  // BITS, WinRM
      service.state = com::win32::kServiceRunning;
      changed_.notify_all();
      return ERROR_SUCCESS;
    }
    service.state = com::win32::kServiceStartPending;
    spec = service.spec;
  }
  std::unique_ptr<AgentProcess> old;  // a process that exited before, destroyed without the lock
  std::string failure;
  std::unique_ptr<AgentProcess> agent;
  if (const std::optional<model::Token> token = ServiceToken(spec)) {
    agent = StartAgent(
        *token, spec.binary_path, true,
        [this, key](DWORD code) {
          std::lock_guard lock(mutex_);
          const auto found = services_.find(key);
          if (found == services_.end()) return;
          found->second.state = com::win32::kServiceStopped;
          found->second.exit_code = code;
          changed_.notify_all();
        },
        &failure);
  }
  std::lock_guard lock(mutex_);
  Service& service = services_[key];
  old = std::move(service.agent);
  if (!agent) {
    service.state = com::win32::kServiceStopped;
    changed_.notify_all();
    return com::win32::kErrorFileNotFound;  // the service's program could not be started
  }
  // An agent that ended already reported it: the service runs only if it did not.
  if (service.state == com::win32::kServiceStartPending) {
    service.state = com::win32::kServiceRunning;
    service.exit_code = 0;
  }
  service.agent = std::move(agent);
  changed_.notify_all();
  return ERROR_SUCCESS;
}

DWORD AgentSites::StopService(const std::wstring& name, std::chrono::milliseconds patience,
                              com::ServiceFacts* facts) {
  (void)patience;  // an agent ends as soon as its stream is cancelled: the stop is synchronous
  const std::string key = Key(name);
  std::unique_ptr<AgentProcess> agent;
  {
    std::lock_guard lock(mutex_);
    const auto found = services_.find(key);
    if (found == services_.end()) return com::win32::kErrorServiceDoesNotExist;
    Service& service = found->second;
    if (key == kBitsService) {
      service.state = com::win32::kServiceStopped;
      Describe(service.start_type, service.state, 0, facts);
    } else if (service.state == com::win32::kServiceStopped || !service.agent) {
      service.state = com::win32::kServiceStopped;
      Describe(service.start_type, service.state, service.exit_code, facts);
      return ERROR_SUCCESS;
    } else {
      agent = std::move(service.agent);
    }
  }
  if (key == kBitsService) {
    machine_->bits->RestartService();  // every COM object of the old service is disconnected
    return ERROR_SUCCESS;
  }
  agent->Terminate(0);  // the service stops its agent; the agent's process exits
  std::vector<std::unique_ptr<AgentProcess>> deleted;
  std::lock_guard lock(mutex_);
  const auto found = services_.find(key);
  if (found == services_.end()) return com::win32::kErrorServiceDoesNotExist;
  found->second.state = com::win32::kServiceStopped;
  found->second.exit_code = 0;
  Describe(found->second.start_type, found->second.state, 0, facts);
  found->second.agent = std::move(agent);
  changed_.notify_all();
  deleted = TakeDeleted();
  return ERROR_SUCCESS;
}

std::vector<std::unique_ptr<AgentProcess>> AgentSites::TakeDeleted() {
  std::vector<std::unique_ptr<AgentProcess>> deleted;
  for (auto entry = services_.begin(); entry != services_.end();) {
    Service& service = entry->second;
    if (service.marked_for_delete && service.state == com::win32::kServiceStopped) {
      if (service.agent) deleted.push_back(std::move(service.agent));
      entry = services_.erase(entry);
    } else {
      ++entry;
    }
  }
  return deleted;
}

DWORD AgentSites::DeleteService(const std::wstring& name) {
  const std::string key = Key(name);
  std::vector<std::unique_ptr<AgentProcess>> deleted;
  std::lock_guard lock(mutex_);
  const auto found = services_.find(key);
  if (found == services_.end()) return com::win32::kErrorServiceDoesNotExist;
  if (found->second.spec.binary_path.empty()) return com::win32::kErrorAccessDenied;  // BITS, WinRM
  if (found->second.marked_for_delete) return com::win32::kErrorServiceMarkedForDelete;
  found->second.marked_for_delete = true;  // deleted once it is stopped
  deleted = TakeDeleted();
  return ERROR_SUCCESS;
}

DWORD AgentSites::EnumServices(std::vector<std::wstring>* names) {
  std::vector<std::unique_ptr<AgentProcess>> deleted;
  std::lock_guard lock(mutex_);
  deleted = TakeDeleted();
  names->clear();
  for (const auto& [key, service] : services_) names->push_back(service.spec.name);
  return ERROR_SUCCESS;
}

DWORD AgentSites::QueryService(const std::wstring& name, com::ServiceFacts* facts) {
  std::lock_guard lock(mutex_);
  const auto found = services_.find(Key(name));
  if (found == services_.end()) return com::win32::kErrorServiceDoesNotExist;
  const Service& service = found->second;
  Describe(service.start_type, service.state, service.exit_code, facts);
  return ERROR_SUCCESS;
}

DWORD AgentSites::AwaitServiceRunning(const std::wstring& name, std::chrono::milliseconds patience,
                                      com::ServiceFacts* facts) {
  const std::string key = Key(name);
  std::unique_lock lock(mutex_);
  const auto settled = [&] {
    const auto found = services_.find(key);
    return found == services_.end() || found->second.state == com::win32::kServiceRunning ||
           found->second.state == com::win32::kServiceStopped;
  };
  const bool done = changed_.wait_for(lock, patience, settled);
  const auto found = services_.find(key);
  if (found == services_.end()) return com::win32::kErrorServiceDoesNotExist;
  const Service& service = found->second;
  Describe(service.start_type, service.state, service.exit_code, facts);
  return done ? ERROR_SUCCESS : com::win32::kErrorTimeout;
}

// ---- RunAs ----

DWORD AgentSites::CreateProcessWithLogonW(const std::wstring& user, const std::wstring& domain,
                                          const com::Secret& password,
                                          const std::wstring& command_line, HANDLE* process) {
  DWORD error = 0;
  // LOGON_WITH_PROFILE is an interactive logon: an administrator's token is UAC-filtered.
  const std::optional<model::Token> token =
      LogOnUser(user, domain, password, false, model::GroupState::kDenyOnly, &error);
  if (!token) return error;
  std::string failure;
  std::unique_ptr<AgentProcess> agent = StartAgent(*token, command_line, true, nullptr, &failure);
  if (!agent) return com::win32::kErrorFileNotFound;
  std::lock_guard lock(mutex_);
  const std::uintptr_t handle = next_process_handle_++;
  run_as_.emplace(handle, std::move(agent));
  *process = reinterpret_cast<HANDLE>(handle);
  return ERROR_SUCCESS;
}

DWORD AgentSites::WaitForProcessExit(HANDLE process, std::chrono::milliseconds patience,
                                     DWORD* exit_code) {
  AgentProcess* agent = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto found = run_as_.find(reinterpret_cast<std::uintptr_t>(process));
    if (found == run_as_.end()) return com::win32::kErrorInvalidHandle;
    agent = found->second.get();  // stays until its handle is closed, on this same thread
  }
  return agent->WaitForExit(patience, exit_code);
}

DWORD AgentSites::TerminateProcess(HANDLE process, DWORD exit_code) {
  AgentProcess* agent = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto found = run_as_.find(reinterpret_cast<std::uintptr_t>(process));
    if (found == run_as_.end()) return com::win32::kErrorInvalidHandle;
    agent = found->second.get();
  }
  agent->Terminate(exit_code);
  return ERROR_SUCCESS;
}

bool AgentSites::CloseHandle(HANDLE handle) {
  if (pipes_.Close(handle)) return true;
  std::unique_ptr<AgentProcess> closed;
  std::lock_guard lock(mutex_);
  const auto found = run_as_.find(reinterpret_cast<std::uintptr_t>(handle));
  if (found == run_as_.end()) return false;
  closed = std::move(found->second);
  run_as_.erase(found);
  // Closing the handle does not end the process: it runs until it exits or the machine ends.
  if (!closed->exited()) detached_.push_back(std::move(closed));
  return true;
}

}  // namespace bitscts::com_model
