// Where the com target's agents run on an emulated machine: the agent sites of SystemApi (named
// pipes, the PowerShell child of a remote session, the service control manager, RunAs logons)
// answered by agent processes that are threads of the runner, each with the SystemApi of its own
// emulated process (MakeProcessApi) and the token Windows would give it.
//
// - A remote session (StartChildProcess) logs the account on in a new session that BITS counts
//   from Windows 10 1607 (10.0.14393) and not before; its agent has the account's full token.
// - A service runs as LocalSystem, LocalService or NetworkService in session 0, with its service
//   SID when its SID type is unrestricted. "BITS" and "WinRM" always exist; stopping BITS
//   restarts the model's service (Machine::RestartService).
// - A RunAs logon (CreateProcessWithLogonW) is a new interactive session BITS does not count; an
//   administrator's token there is UAC-filtered.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "agent_pipes.h"
#include "agent_process.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"
#include "bitscts/target.h"
#include "broken_client.h"
#include "win32_machine.h"

namespace bitscts::com_model {

class AgentSites {
 public:
  // Serves the agent sites of every process of `machine` (sets machine->sites to itself), whose
  // clients are broken as `broken` says. Must outlive every SystemApi of the machine's processes.
  explicit AgentSites(std::shared_ptr<Win32Machine> machine,
                      BrokenClient broken = BrokenClient::kNone);
  AgentSites(const AgentSites&) = delete;
  AgentSites& operator=(const AgentSites&) = delete;
  // Ends every agent process still running and waits for each.
  ~AgentSites();

  // Returns the argument, "--model-agent=<n>", that the agent command line of a caller with
  // `settings` carries, so that its site serves it with those settings.
  std::string RegisterAgent(CallerSettings settings);
  // Returns the SystemApi of the emulated process `process` (MakeProcessApi), broken as the
  // machine's clients are: the one every agent process gets, and the runner's.
  std::shared_ptr<com::SystemApi> ProcessApi(
      std::shared_ptr<model::com_face::ClientProcess> process);

  // ---- The agent-site methods of SystemApi, with its signatures and conventions ----
  DWORD CreateAgentPipe(const std::wstring& name, const std::vector<std::wstring>& admitted_sids,
                        HANDLE* pipe);
  DWORD ConnectNamedPipe(HANDLE pipe, std::chrono::milliseconds patience);
  // The PowerShell of RemoteSessionSite: a RemoteSessionProcess (remote_session_process.h).
  DWORD StartChildProcess(const std::wstring& command_line,
                          std::unique_ptr<com::ChildProcess>* child);
  DWORD CreateServiceW(const com::ServiceSpec& spec);
  DWORD StartServiceW(const std::wstring& name);
  DWORD StopService(const std::wstring& name, std::chrono::milliseconds patience,
                    com::ServiceFacts* facts);
  DWORD DeleteService(const std::wstring& name);
  DWORD EnumServices(std::vector<std::wstring>* names);
  DWORD QueryService(const std::wstring& name, com::ServiceFacts* facts);
  DWORD AwaitServiceRunning(const std::wstring& name, std::chrono::milliseconds patience,
                            com::ServiceFacts* facts);
  DWORD CreateProcessWithLogonW(const std::wstring& user, const std::wstring& domain,
                                const com::Secret& password, const std::wstring& command_line,
                                HANDLE* process);
  DWORD WaitForProcessExit(HANDLE process, std::chrono::milliseconds patience, DWORD* exit_code);
  DWORD TerminateProcess(HANDLE process, DWORD exit_code);
  // CloseHandle of a pipe nobody connected or of a RunAs process; false if `handle` is neither
  // (then it is the SystemApi's own to close).
  bool CloseHandle(HANDLE handle);

 private:
  struct Service {
    com::ServiceSpec spec;
    DWORD start_type = 3;  // SERVICE_DEMAND_START
    DWORD state = com::win32::kServiceStopped;
    DWORD exit_code = 0;
    bool marked_for_delete = false;
    std::unique_ptr<AgentProcess> agent;  // while its process exists
  };
  // Returns the token of a logon of the user `user` of `domain` with `password` in a new session
  // that BITS counts or not, with Administrators as `administrators` says for an administrator;
  // nullopt with `*error` ERROR_LOGON_FAILURE (1326) when Win32Machine::CheckLogon refuses it.
  std::optional<model::Token> LogOnUser(const std::wstring& user, const std::wstring& domain,
                                        const com::Secret& password, bool counts,
                                        model::GroupState administrators, DWORD* error);
  // Starts the agent `command_line` as a new process with `token`; when it exits, its process
  // is logged off if `log_off_at_exit` (its logon lives as long as it does), then `exited` runs.
  // Null with `*failure` when the command line names no registered agent.
  std::unique_ptr<AgentProcess> StartAgent(const model::Token& token,
                                           const std::wstring& command_line, bool log_off_at_exit,
                                           std::function<void(DWORD)> exited, std::string* failure);
  // Returns the token a service running as `spec` has; nullopt for an account no service runs
  // as.
  std::optional<model::Token> ServiceToken(const com::ServiceSpec& spec);
  // Takes the exited agents of the services marked for deletion out of the table, with their
  // entries; the caller destroys them without the lock.
  std::vector<std::unique_ptr<AgentProcess>> TakeDeleted();

  std::shared_ptr<Win32Machine> machine_;
  BrokenClient broken_;
  AgentPipes pipes_;

  std::mutex mutex_;  // for what follows
  std::condition_variable changed_;
  std::vector<CallerSettings> registrations_;
  std::map<std::string, Service> services_;                         // by upper-case name
  std::map<std::uintptr_t, std::unique_ptr<AgentProcess>> run_as_;  // by handle
  std::vector<std::unique_ptr<AgentProcess>> detached_;  // closed RunAs handles, still running
  std::uintptr_t next_process_handle_ = 0x7000'0000;
};

}  // namespace bitscts::com_model
