// Windows only: the com agent over the runner's named pipe, as a plain process or as a service
// of the service control manager (`bitscts --agent --agent-pipe=PIPE [--agent-service=NAME]`).
#include <windows.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <ostream>
#include <sstream>
#include <string>

#include "bitscts/agent/agent_stream.h"
#include "bitscts/com/com_agent.h"
#include "windows_system_api.h"

namespace bitscts::com {
namespace {

constexpr std::chrono::milliseconds kPipePatience{60'000};

// Exit codes beyond ServeAgent's and ServeComAgentWith's own (0 and 3).
constexpr int kNoPipe = 4;
constexpr int kNoDispatcher = 5;

// Opens the pipe and serves over it; `stream_ready` sees the stream while it is served (and
// null once it is not), so that another thread may cancel it.
int ServeOverPipe(CallerSettings settings, const std::string& pipe, std::ostream& diagnostics,
                  const std::function<void(agent::AgentStream*)>& stream_ready) {
  std::string error;
  const agent::StreamHandle handle = agent::OpenAgentPipe(pipe, kPipePatience, &error);
  if (handle == agent::kNoStream) {
    diagnostics << "bitscts agent: " << error << "\n";
    return kNoPipe;
  }
  agent::AgentStream stream(handle);
  stream_ready(&stream);
  const int served =
      ServeComAgentWith(MakeWindowsSystemApi(), settings, stream.in(), stream.out(), diagnostics);
  stream_ready(nullptr);
  return served;
}

// The one service this process runs: what ServiceMain needs, and the stream a stop cancels.
struct ServiceState {
  CallerSettings settings;
  std::string pipe;
  std::wstring name;
  SERVICE_STATUS_HANDLE status = nullptr;
  std::mutex mutex;
  agent::AgentStream* stream = nullptr;
  bool stopping = false;
  int exit_code = 0;
};
ServiceState* g_service = nullptr;

void Report(DWORD state, DWORD exit_code) {
  SERVICE_STATUS status{};
  status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  status.dwCurrentState = state;
  status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0;
  if (exit_code != 0) {
    status.dwWin32ExitCode = ERROR_SERVICE_SPECIFIC_ERROR;
    status.dwServiceSpecificExitCode = exit_code;
  }
  SetServiceStatus(g_service->status, &status);
}

DWORD WINAPI Control(DWORD control, DWORD, LPVOID, LPVOID) {
  if (control == SERVICE_CONTROL_INTERROGATE) return NO_ERROR;
  if (control != SERVICE_CONTROL_STOP) return ERROR_CALL_NOT_IMPLEMENTED;
  std::lock_guard lock(g_service->mutex);
  g_service->stopping = true;
  Report(SERVICE_STOP_PENDING, 0);
  if (g_service->stream != nullptr)
    g_service->stream->Cancel();  // the conversation ends; ServiceMain reports STOPPED
  return NO_ERROR;
}

void WINAPI ServiceMain(DWORD, LPWSTR*) {
  g_service->status = RegisterServiceCtrlHandlerExW(g_service->name.c_str(), Control, nullptr);
  if (g_service->status == nullptr) return;
  Report(SERVICE_RUNNING, 0);
  std::ostringstream diagnostics;  // a service has no console; its exit code is the evidence
  const int served = ServeOverPipe(g_service->settings, g_service->pipe, diagnostics,
                                   [](agent::AgentStream* stream) {
                                     std::lock_guard lock(g_service->mutex);
                                     g_service->stream = stream;
                                     if (stream != nullptr && g_service->stopping) stream->Cancel();
                                   });
  g_service->exit_code = served;
  Report(SERVICE_STOPPED, static_cast<DWORD>(served));
}

}  // namespace

int ServeComAgentOverPipe(CallerSettings settings, const std::string& pipe,
                          const std::string& service, std::ostream& diagnostics) {
  if (service.empty())
    return ServeOverPipe(settings, pipe, diagnostics, [](agent::AgentStream*) {});
  ServiceState state;
  state.settings = settings;
  state.pipe = pipe;
  state.name.assign(service.begin(), service.end());  // the runner's service names are ASCII
  g_service = &state;
  SERVICE_TABLE_ENTRYW table[] = {{state.name.data(), ServiceMain}, {nullptr, nullptr}};
  if (!StartServiceCtrlDispatcherW(table)) {
    diagnostics << "bitscts agent: StartServiceCtrlDispatcherW failed with Win32 error "
                << GetLastError()
                << " (--agent-service is for the service control manager to start)\n";
    g_service = nullptr;
    return kNoDispatcher;
  }
  g_service = nullptr;
  return state.exit_code;
}

}  // namespace bitscts::com
