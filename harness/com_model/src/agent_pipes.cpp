#include "agent_pipes.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

#include "text.h"

namespace bitscts::com_model {
namespace {

agent::StreamHandle EndOf(HANDLE pipe) {
  return static_cast<agent::StreamHandle>(reinterpret_cast<std::intptr_t>(pipe));
}

HANDLE HandleOf(agent::StreamHandle end) {
  return reinterpret_cast<HANDLE>(static_cast<std::intptr_t>(end));
}

}  // namespace

AgentPipes::~AgentPipes() {
  for (const auto& [runner_end, pipe] : pipes_) {
    ::close(runner_end);
    if (pipe.agent_end != agent::kNoStream) ::close(pipe.agent_end);
  }
}

DWORD AgentPipes::Create(const std::wstring& name, const std::vector<std::wstring>& admitted_sids,
                         HANDLE* pipe) {
  const std::string narrow = com::Narrow(name);
  std::lock_guard lock(mutex_);
  for (const auto& [runner_end, existing] : pipes_) {
    if (existing.name == narrow) return com::win32::kErrorAccessDenied;
  }
  int ends[2] = {-1, -1};
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, ends) != 0) return com::win32::kErrorNotEnoughMemory;
  Pipe created;
  created.name = narrow;
  created.agent_end = ends[1];
  for (const std::wstring& sid : admitted_sids) created.admitted.push_back(com::Narrow(sid));
  pipes_.emplace(ends[0], std::move(created));
  *pipe = HandleOf(ends[0]);
  return ERROR_SUCCESS;
}

DWORD AgentPipes::Connect(HANDLE pipe, std::chrono::milliseconds patience) {
  std::unique_lock lock(mutex_);
  const auto found = pipes_.find(EndOf(pipe));
  if (found == pipes_.end()) return com::win32::kErrorInvalidHandle;
  changed_.wait_for(lock, patience, [&] { return found->second.state != PipeState::kWaiting; });
  if (found->second.state != PipeState::kClaimed) return com::win32::kErrorTimeout;
  pipes_.erase(found);  // the runner's end now belongs to the caller's stream
  return ERROR_SUCCESS;
}

agent::StreamHandle AgentPipes::Claim(const std::string& name, const std::vector<std::string>& sids,
                                      DWORD* error) {
  std::lock_guard lock(mutex_);
  const auto found = std::find_if(pipes_.begin(), pipes_.end(),
                                  [&](const auto& entry) { return entry.second.name == name; });
  if (found == pipes_.end()) {
    *error = com::win32::kErrorFileNotFound;
    return agent::kNoStream;
  }
  Pipe& pipe = found->second;
  if (pipe.state != PipeState::kWaiting) {
    *error = com::win32::kErrorPipeBusy;
    return agent::kNoStream;
  }
  const bool admitted = std::any_of(sids.begin(), sids.end(), [&](const std::string& sid) {
    return std::find(pipe.admitted.begin(), pipe.admitted.end(), sid) != pipe.admitted.end();
  });
  if (!admitted) {
    pipe.state = PipeState::kRefused;
    changed_.notify_all();
    *error = com::win32::kErrorAccessDenied;
    return agent::kNoStream;
  }
  pipe.state = PipeState::kClaimed;
  const agent::StreamHandle end = pipe.agent_end;
  pipe.agent_end = agent::kNoStream;
  changed_.notify_all();
  *error = ERROR_SUCCESS;
  return end;
}

bool AgentPipes::Close(HANDLE pipe) {
  std::lock_guard lock(mutex_);
  const auto found = pipes_.find(EndOf(pipe));
  if (found == pipes_.end()) return false;
  ::close(found->first);
  if (found->second.agent_end != agent::kNoStream) ::close(found->second.agent_end);
  pipes_.erase(found);
  changed_.notify_all();
  return true;
}

}  // namespace bitscts::com_model
