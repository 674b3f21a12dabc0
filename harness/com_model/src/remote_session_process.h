// Internal: the PowerShell child the com target's RemoteSessionSite starts, on an emulated
// machine. It reads what RemoteSessionScript reads ("sweep" or "keep", the account, its password,
// the agent's command line, later "end") and answers as that script does: it opens a logon
// session of the account, starts the agent in it and prints "started session <n> agent <pid>";
// on "end" it ends the agent, logs the session off and prints "ended"; after a failure it prints
// one "failed: <what>" line and exits 1.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "agent_process.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"
#include "machine.h"

namespace bitscts::com_model {

// Opens a logon session of `account` with `password` and starts the agent `command_line` in it:
// the agent's process, or null with `*failure` saying what PowerShell would report.
using SessionOpener = std::function<
    std::unique_ptr<AgentProcess>(const std::string& account, const com::Secret& password,
                                  const std::wstring& command_line, std::string* failure)>;

class RemoteSessionProcess final : public com::ChildProcess {
 public:
  RemoteSessionProcess(std::shared_ptr<model::com_face::Machine> machine, SessionOpener open);
  RemoteSessionProcess(const RemoteSessionProcess&) = delete;
  RemoteSessionProcess& operator=(const RemoteSessionProcess&) = delete;
  // Ends the agent and its session, as Terminate does, if they still run: no thread outlives it.
  ~RemoteSessionProcess() override;

  DWORD Write(std::string_view text) override;
  DWORD WriteSecretLine(const com::Secret& secret) override;
  DWORD ReadLine(std::string* line) override;
  DWORD WaitForExit(std::chrono::milliseconds timeout, DWORD* exit_code) override;
  DWORD Terminate(DWORD exit_code) override;

 private:
  // Acts on the complete input line `line` (the number `number` counting from 1).
  void Received(std::size_t number, const std::string& line);
  // Ends the agent and logs its session off, once.
  void EndSession();
  void Print(std::string line);
  void Exit(DWORD code);

  std::shared_ptr<model::com_face::Machine> machine_;
  SessionOpener open_;
  std::string account_;
  com::Secret password_;
  std::unique_ptr<AgentProcess> agent_;
  std::size_t lines_ = 0;  // complete input lines received
  std::string partial_;    // the input line being received

  mutable std::mutex mutex_;  // for the output and the exit
  std::condition_variable changed_;
  std::deque<std::string> output_;
  std::optional<DWORD> exit_code_;
};

}  // namespace bitscts::com_model
