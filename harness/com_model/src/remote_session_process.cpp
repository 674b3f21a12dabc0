#include "remote_session_process.h"

#include <utility>

#include "text.h"

namespace bitscts::com_model {
namespace {}  // namespace

RemoteSessionProcess::RemoteSessionProcess(std::shared_ptr<model::com_face::Machine> machine,
                                           SessionOpener open)
    : machine_(std::move(machine)), open_(std::move(open)) {}

RemoteSessionProcess::~RemoteSessionProcess() { EndSession(); }

DWORD RemoteSessionProcess::Write(std::string_view text) {
  {
    std::lock_guard lock(mutex_);
    if (exit_code_) return com::win32::kErrorNoData;
  }
  for (char c : text) {
    if (c != '\n') {
      partial_ += c;
      continue;
    }
    if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
    std::string line = std::move(partial_);
    partial_.clear();
    Received(++lines_, line);
  }
  return ERROR_SUCCESS;
}

DWORD RemoteSessionProcess::WriteSecretLine(const com::Secret& secret) {
  {
    std::lock_guard lock(mutex_);
    if (exit_code_) return com::win32::kErrorNoData;
  }
  if (!partial_.empty() || lines_ != 2) {  // the script reads the password as its third line
    ++lines_;
    return ERROR_SUCCESS;
  }
  password_ = com::Secret(std::wstring_view(secret.Expose(), secret.size()));
  ++lines_;
  return ERROR_SUCCESS;
}

void RemoteSessionProcess::Received(std::size_t number, const std::string& line) {
  switch (number) {
    case 1: return;  // "sweep" or "keep": this machine never has leftover shells
    case 2: account_ = line; return;
    case 4: {
      std::string failure;
      if (account_.empty() || line.empty()) {
        failure = "standard input ended before the account and the agent command line";
      } else {
        agent_ = open_(account_, password_, com::Widen(line), &failure);
      }
      password_ = com::Secret();
      if (!agent_) {
        Print("failed: " + failure);
        Exit(1);
        return;
      }
      const model::CallerState& state = *agent_->process()->state;
      Print("started session " + std::to_string(state.process.ts_session) + " agent " +
            std::to_string(4000 + state.serial));
      return;
    }
    case 5:
      if (line != "end") {
        EndSession();
        Print("failed: standard input ended without \"end\"");
        Exit(1);
        return;
      }
      EndSession();
      Print("ended");
      Exit(0);
      return;
    default: return;
  }
}

void RemoteSessionProcess::EndSession() {
  if (!agent_) return;
  agent_->Terminate(1);
  machine_->LogOff(*agent_->process());
  agent_.reset();
}

DWORD RemoteSessionProcess::ReadLine(std::string* line) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !output_.empty() || exit_code_.has_value(); });
  if (output_.empty()) return com::win32::kErrorBrokenPipe;
  *line = std::move(output_.front());
  output_.pop_front();
  return ERROR_SUCCESS;
}

DWORD RemoteSessionProcess::WaitForExit(std::chrono::milliseconds timeout, DWORD* exit_code) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, timeout, [&] { return exit_code_.has_value(); }))
    return com::win32::kWaitTimeout;
  *exit_code = *exit_code_;
  return ERROR_SUCCESS;
}

DWORD RemoteSessionProcess::Terminate(DWORD exit_code) {
  // Killing PowerShell on Windows would leave the session to WinRM's idle timeout; here the
  // session goes with it, so that no agent thread outlives the process.
  EndSession();
  Exit(exit_code);
  return ERROR_SUCCESS;
}

void RemoteSessionProcess::Print(std::string line) {
  std::lock_guard lock(mutex_);
  output_.push_back(std::move(line));
  changed_.notify_all();
}

void RemoteSessionProcess::Exit(DWORD code) {
  std::lock_guard lock(mutex_);
  if (exit_code_) return;
  exit_code_ = code;
  changed_.notify_all();
}

}  // namespace bitscts::com_model
