// Internal: the AgentSite of a RunAs logon: the agent started as a test account through the
// Secondary Logon service (CreateProcessWithLogonW), the way "runas" starts a program. BITS does
// not count such a logon as the user being logged on (JOB-OWN-2). The password goes only to
// CreateProcessWithLogonW; it is on no command line, in no file and in no output.
#pragma once

#include <chrono>
#include <string>

#include "agent_site.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"

namespace bitscts::com {

class SecondaryLogonSite final : public AgentSite {
 public:
  // `password` is `account`'s and must outlive the site.
  SecondaryLogonSite(SystemApi& system, std::string account, const Secret& password);
  SecondaryLogonSite(const SecondaryLogonSite&) = delete;
  SecondaryLogonSite& operator=(const SecondaryLogonSite&) = delete;
  // Ends the process as End does, with ten seconds' patience, if it was started.
  ~SecondaryLogonSite() override;

  // Starts `command_line` as the account (domain ".", with its profile); S_OK once the process
  // was created.
  HResult Start(const std::wstring& command_line, std::string* evidence) override;
  // Waits at most `patience` for the process to exit by itself (an agent does after "bye"),
  // terminates it after that and closes its handle. S_OK once it exited by itself, or when there
  // is no process (never started, already ended); HRESULT_FROM_WIN32(ERROR_TIMEOUT) when it had
  // to be terminated.
  HResult End(std::chrono::milliseconds patience, std::string* evidence) override;
  // Returns "RunAs logon of <account>".
  std::string Describe() const override;

 private:
  SystemApi& system_;
  std::string account_;
  const Secret& password_;
  HANDLE process_ = nullptr;
};

}  // namespace bitscts::com
