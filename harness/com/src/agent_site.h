// Where an agent process lives when it is not the runner's child: a logon session BITS counts
// (a PowerShell remote session of a test account) or a Windows service (LocalSystem,
// LocalService, NetworkService, a service with its own SID). The agent reaches the runner over a
// named pipe whose name is on its command line.
#pragma once

#include <chrono>
#include <string>

#include "bitscts/hresult.h"

namespace bitscts::com {

class AgentSite {
 public:
  virtual ~AgentSite() = default;
  // Starts `command_line` (the agent's executable and arguments, quoted for CreateProcess) inside
  // the site; S_OK once the site runs it. On failure `evidence` says what was tried and what
  // failed.
  virtual HResult Start(const std::wstring& command_line, std::string* evidence) = 0;
  // Ends the site as BITS sees its principal leave: the remote session removed, the service
  // stopped. Waits at most `patience`; S_OK once the site is gone. Safe to call more than once.
  virtual HResult End(std::chrono::milliseconds patience, std::string* evidence) = 0;
  // Names the site for evidence, e.g. "PowerShell remote session of bitscts-std-1a2b".
  virtual std::string Describe() const = 0;
};

}  // namespace bitscts::com
