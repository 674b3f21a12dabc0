// Internal: the named pipes the runner creates for its agents (SystemApi::CreateAgentPipe), on an
// emulated machine. Each pipe is a connected socket pair: the runner holds one end as the pipe's
// HANDLE, an emulated agent process claims the other by the pipe's name, and the pipe admits only
// an agent whose token holds one of the SIDs its DACL names.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "bitscts/agent/agent_stream.h"
#include "bitscts/com/system_api.h"

namespace bitscts::com_model {

class AgentPipes {
 public:
  AgentPipes() = default;
  AgentPipes(const AgentPipes&) = delete;
  AgentPipes& operator=(const AgentPipes&) = delete;
  // Closes both ends of every pipe nobody connected.
  ~AgentPipes();

  // As CreateNamedPipeW with FILE_FLAG_FIRST_PIPE_INSTANCE: ERROR_ACCESS_DENIED when a pipe of
  // that name exists; else `*pipe` is the runner's end.
  DWORD Create(const std::wstring& name, const std::vector<std::wstring>& admitted_sids,
               HANDLE* pipe);
  // As ConnectNamedPipe waiting at most `patience`: 0 once an admitted agent claimed the pipe
  // (the runner's end is then the caller's to close), ERROR_TIMEOUT otherwise. An agent the DACL
  // refused never connects and no other agent is coming, so that answer comes at once.
  DWORD Connect(HANDLE pipe, std::chrono::milliseconds patience);
  // The agent whose token holds `sids` opens the pipe `name` (CreateFileW): its end, which it
  // then owns, or kNoStream with `*error` ERROR_FILE_NOT_FOUND (no such pipe), ERROR_PIPE_BUSY
  // (claimed before) or ERROR_ACCESS_DENIED (none of `sids` is admitted).
  agent::StreamHandle Claim(const std::string& name, const std::vector<std::string>& sids,
                            DWORD* error);
  // Closes the pipe whose runner's end is `pipe` and that was not connected (CloseHandle);
  // false if `pipe` is no such pipe.
  bool Close(HANDLE pipe);

 private:
  enum class PipeState { kWaiting, kClaimed, kRefused };
  struct Pipe {
    std::string name;
    agent::StreamHandle agent_end = agent::kNoStream;  // until an agent claims it
    std::vector<std::string> admitted;
    PipeState state = PipeState::kWaiting;
  };

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<agent::StreamHandle, Pipe> pipes_;  // by the runner's end
};

}  // namespace bitscts::com_model
