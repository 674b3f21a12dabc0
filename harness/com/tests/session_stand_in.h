// Test helper: a stand-in for the PowerShell that opens a test account's remote session
// (RemoteSessionSite). Once it has read the agent's command line (its fourth line of input) it
// serves `host` as that agent on the far end of the runner's pipe, on a thread, and prints
// "started"; on "end" it cancels the agent's stream, waits for the agent, prints "ended" and exits
// 0. A command line naming "/nonexistent/" makes it print "failed: ..." and exit 1, as a
// Start-Process that finds no program does.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "bitscts/agent/agent_server.h"
#include "bitscts/agent/agent_stream.h"
#include "bitscts/com/system_api.h"
#include "child_output.h"

namespace bitscts::com::testing_support {

class SessionStandIn final : public ChildProcess {
 public:
  // `far_end` returns the agent's end of the pipe the runner made before starting the session.
  SessionStandIn(agent::AgentHost& host, std::function<agent::StreamHandle()> far_end)
      : host_(host), far_end_(std::move(far_end)) {}
  ~SessionStandIn() override { StopAgent(); }

  DWORD Write(std::string_view text) override {
    std::string command_line;
    bool end = false;
    if (output_.exited()) return kNoData;
    {
      std::lock_guard lock(mutex_);
      for (char c : text) {
        if (c != '\n') {
          line_ += c;
          continue;
        }
        ++lines_;
        if (lines_ == 4) command_line = line_;
        if (lines_ == 5 && line_ == "end") end = true;
        line_.clear();
      }
    }
    if (!command_line.empty()) StartAgent(command_line);
    if (end) {
      StopAgent();
      output_.Print("ended");
      output_.Exit(0);
    }
    return ERROR_SUCCESS;
  }

  DWORD WriteSecretLine(const Secret&) override {
    std::lock_guard lock(mutex_);
    ++lines_;
    return ERROR_SUCCESS;
  }

  DWORD ReadLine(std::string* line) override { return output_.ReadLine(line); }
  DWORD WaitForExit(std::chrono::milliseconds timeout, DWORD* exit_code) override {
    return output_.WaitForExit(timeout, exit_code);
  }

  DWORD Terminate(DWORD exit_code) override {
    StopAgent();
    output_.Exit(exit_code);
    return ERROR_SUCCESS;
  }

 private:
  static constexpr DWORD kNoData = 232;  // ERROR_NO_DATA: nobody reads the pipe any more

  void StartAgent(const std::string& command_line) {
    if (command_line.find("/nonexistent/") != std::string::npos) {
      output_.Print("failed: the agent's program was not found: " + command_line);
      output_.Exit(1);
      return;
    }
    const agent::StreamHandle end = far_end_();
    agent_ = std::thread([this, end] {
      agent::AgentStream stream(end);
      {
        std::lock_guard lock(mutex_);
        stream_ = &stream;
        if (stopping_) stream.Cancel();
      }
      agent::ServeAgent(host_, stream.in(), stream.out());
      std::lock_guard lock(mutex_);
      stream_ = nullptr;
    });
    output_.Print("started session 1 agent 4242");
  }

  // Ends the agent as removing the session does, and waits for its thread.
  void StopAgent() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      if (stream_ != nullptr) stream_->Cancel();
    }
    if (agent_.joinable() && agent_.get_id() != std::this_thread::get_id()) agent_.join();
  }

  agent::AgentHost& host_;
  std::function<agent::StreamHandle()> far_end_;
  std::thread agent_;
  std::mutex mutex_;  // for what follows
  agent::AgentStream* stream_ = nullptr;
  std::size_t lines_ = 0;
  std::string line_;
  bool stopping_ = false;
  ChildOutput output_;
};

}  // namespace bitscts::com::testing_support
