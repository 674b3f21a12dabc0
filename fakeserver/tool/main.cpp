// bitscts-fakeserver: the fakeserver as a standalone program, for manual runs and benchmarks.
#ifdef _WIN32
#include <windows.h>
#else
#include <pthread.h>
#include <csignal>
#endif

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "bitscts/fakeserver/server.h"
#include "command_line.h"

namespace {

#ifdef _WIN32
std::mutex interrupt_mutex;
std::condition_variable interrupt_signal;
bool interrupted = false;

BOOL WINAPI OnConsoleControl(DWORD) {
  {
    std::lock_guard lock(interrupt_mutex);
    interrupted = true;
  }
  interrupt_signal.notify_all();
  return TRUE;
}

// Prepares WaitForInterrupt; call before any other thread starts.
void PrepareForInterrupt() { SetConsoleCtrlHandler(OnConsoleControl, TRUE); }

void WaitForInterrupt() {
  std::unique_lock lock(interrupt_mutex);
  interrupt_signal.wait(lock, [] { return interrupted; });
}
#else
sigset_t StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  return signals;
}

// Blocks the stop signals in this thread and the threads it starts, so that only sigwait sees them.
void PrepareForInterrupt() {
  const sigset_t signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

void WaitForInterrupt() {
  const sigset_t signals = StopSignals();
  int received = 0;
  sigwait(&signals, &received);
}
#endif

}  // namespace

int main(int argc, char** argv) {
  namespace tool = bitscts::fakeserver::tool;
  const std::vector<std::string> arguments(argv + (argc > 0 ? 1 : 0), argv + argc);
  const auto parsed = tool::ParseCommandLine(arguments);
  if (const auto* error = std::get_if<std::string>(&parsed)) {
    std::fprintf(stderr, "bitscts-fakeserver: %s\n", error->c_str());
    return 2;
  }
  const auto& options = std::get<tool::ToolOptions>(parsed);
  if (options.help) {
    std::fputs(tool::Usage().c_str(), stdout);
    return 0;
  }
  PrepareForInterrupt();
  bitscts::fakeserver::Server server(options.server);
  if (const std::string error = server.Start(); !error.empty()) {
    std::fprintf(stderr, "bitscts-fakeserver: %s\n", error.c_str());
    return 1;
  }
  std::printf("%s\n%s\n", server.Url("/").c_str(), server.ProxyAddress().c_str());
  std::fflush(stdout);
  WaitForInterrupt();
  server.Stop();
  return 0;
}
