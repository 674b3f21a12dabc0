// The agent end of an agent process: it performs a Caller's calls on behalf of the runner,
// which talks to it over the process's standard input and output (see agent_client.h).
#pragma once

#include <iosfwd>
#include <string>

#include "bitscts/agent/token_report.h"
#include "bitscts/target.h"

namespace bitscts::agent {

// What an agent process offers: a caller with the process's COM security settings, and a way to
// make another account the identity of that caller's later calls. Every method is the host's
// own: a host that cannot do what one asks answers HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)
// (hr::kNotSupported), never E_NOTIMPL, which is only ever BITS's answer.
class AgentHost {
 public:
  virtual ~AgentHost() = default;
  // Returns the caller whose calls the agent performs.
  virtual Caller& caller() = 0;
  // Makes `user` the identity of every later call until the agent ends; `password` is a secret
  // the host must never write anywhere.
  virtual HResult LogOn(const std::string& user, const std::string& password) = 0;
  // Lets the caller impersonate `user` later (Caller::Impersonate); `password` is a secret the
  // host must never write anywhere.
  virtual HResult Remember(const std::string& user, const std::string& password) = 0;
  // Reports the token the caller's calls are made with now.
  virtual Outcome<TokenReport> ReportToken() = 0;
  // Reads the per-user proxy of the caller's current thread identity, as
  // WinHttpGetIEProxyConfigForCurrentUser does there: "host:port", empty for a direct connection.
  virtual Outcome<std::string> UserProxy() = 0;
  // Like Caller::Impersonate, with a thread token shaped by `shape` (TokenShapeControl).
  virtual HResult ImpersonateWith(const Principal& principal, TokenShape shape) = 0;
  // Calls CoInitializeSecurity again in the agent's process and returns its HRESULT unchanged
  // (SecurityControl).
  virtual HResult InitializeSecurityAgain(CallerSettings settings) = 0;
  // Runs the serving thread's message loop until its queue is empty (ApartmentControl).
  virtual HResult PumpMessages() = 0;
  // Connects the caller to BITS again after its service restarted (ServiceControl).
  virtual HResult Reconnect() = 0;
  // Lets every call held in a blocking notify interface of the caller's jobs return
  // (Target::ReleaseCallbacks).
  virtual HResult ReleaseCallbacks() = 0;
};

// Answers requests from `requests` on `answers`, one line each, until a "bye" request or the end
// of input; returns the exit code for the agent process (0 after "bye" or end of input).
int ServeAgent(AgentHost& host, std::istream& requests, std::ostream& answers);

}  // namespace bitscts::agent
