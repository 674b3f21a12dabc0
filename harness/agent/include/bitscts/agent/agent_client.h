// The runner's end of an agent process: a Caller whose calls are performed by another process,
// so that each caller has its own COM security settings and logon session (clauses HT-IMP-*,
// HT-LOGOFF-*).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bitscts/agent/agent_stream.h"
#include "bitscts/agent/token_report.h"
#include "bitscts/agent_fault.h"
#include "bitscts/target.h"

namespace bitscts::agent {

// How to start an agent: an executable that calls ServeAgent on its standard streams.
struct AgentCommand {
  std::filesystem::path executable;
  std::vector<std::string> arguments;
  std::string
      label;  // names the agent in evidence, e.g. "standard user at RPC_C_IMP_LEVEL_IDENTIFY"
};

struct AgentDeadlines {
  std::chrono::milliseconds start{60'000};  // for the first answer (COM activation is slow on Wine)
  std::chrono::milliseconds call{60'000};   // for any other answer, beyond the time a wait asks for
  std::chrono::milliseconds stop{10'000};   // for the agent to exit after "bye"
};

// What ending an attached agent's site did.
struct SiteEnding {
  bool ended = false;    // the site is gone, as asked
  std::string evidence;  // what was done and seen (for a service: its last state and exit code)
};

// An agent the runner did not start as its child (one in a service or in another logon
// session), already connected: the stream to it and what ends the place it lives in.
struct AttachedAgent {
  StreamHandle stream = kNoStream;  // owned by the caller made from it, even when that fails
  std::string label;                // as AgentCommand's
  // Ends the agent's site (its AgentSite) within `patience`, which also ends the agent if it is
  // still running. Called exactly once: after the agent said goodbye, or when it failed.
  std::function<SiteEnding(std::chrono::milliseconds patience)> end;
};

class AgentConnection;

// A caller living in an agent process. Calls that find the agent dead or hung report an
// AgentFault to the caller's sink and return RPC_E_DISCONNECTED or
// HRESULT_FROM_WIN32(ERROR_TIMEOUT).
class AgentCaller final : public Caller {
 public:
  // Starts the agent and waits for its greeting; returns null and a one-line reason on failure
  // (a fault while greeting is that reason, or reported to `faults` when `error` is null). Later
  // faults of the agent, including at its end, are reported to `faults`.
  static std::unique_ptr<AgentCaller> Start(const AgentCommand& command, AgentDeadlines deadlines,
                                            std::shared_ptr<AgentFaultSink> faults,
                                            std::string* error);
  // Speaks to the connected agent `agent` and waits for its greeting; returns null and a
  // one-line reason on failure, after ending the agent's site. Faults as Start's.
  static std::unique_ptr<AgentCaller> Attach(AttachedAgent agent, AgentDeadlines deadlines,
                                             std::shared_ptr<AgentFaultSink> faults,
                                             std::string* error);
  // Ends the agent as Stop does.
  ~AgentCaller() override;

  // Returns the SID of the agent's identity (the account it logged on as, if any); the last one
  // known once the agent has stopped.
  std::string Sid() const override;
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& display_name) override;
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) override;
  HResult Impersonate(const Principal& principal) override;
  HResult RevertToSelf() override;

  // Controls around BITS, done in the agent's process (controls.h).
  // Like Impersonate, with a thread token shaped by `shape` (TokenShapeControl).
  HResult ImpersonateWith(const Principal& principal, TokenShape shape);
  // Calls CoInitializeSecurity again in the agent's process; its HRESULT, unchanged.
  HResult InitializeSecurityAgain(CallerSettings settings);
  // Runs the agent's serving thread's message loop until its queue is empty.
  HResult PumpMessages();
  // Connects the agent to BITS again after the BITS service restarted.
  HResult Reconnect();

  // Makes `user` the identity of the agent's later calls. `password` travels only through the
  // agent's input pipe and is never recorded.
  HResult LogOn(const std::string& user, const std::string& password);
  // Gives the agent `user`'s password so that Impersonate(user) can log that account on in the
  // agent; the password travels as LogOn's does.
  HResult Remember(const std::string& user, const std::string& password);
  // Asks the agent what token its calls are made with now; a failed or malformed answer is a
  // failed HRESULT (E_UNEXPECTED for an answer that does not parse), never a default report.
  Outcome<TokenReport> ReportToken();
  // Asks the agent for the per-user proxy of its caller's current thread identity ("userproxy"):
  // "host:port", empty for a direct connection; a failed answer's HRESULT otherwise.
  Outcome<std::string> ReadUserProxy();
  // Lets every call held in a blocking notify interface of the agent's jobs return
  // (Target::ReleaseCallbacks for this agent).
  HResult ReleaseCallbacks();
  // Ends the agent (and any logon session it holds) and waits for it to exit; later calls on this
  // caller or its jobs return RPC_E_DISCONNECTED. S_OK once the agent has exited (an attached
  // agent: once it closed its end and its site ended).
  HResult Stop();
  // Returns whether the agent process is still running.
  bool Running() const;

 private:
  AgentCaller(std::shared_ptr<AgentConnection> connection, std::string sid);
  // Greets the agent on `connection`, which then reports its faults to `faults`; returns null
  // and a one-line reason when it does not answer.
  static std::unique_ptr<AgentCaller> Greet(std::shared_ptr<AgentConnection> connection,
                                            const std::string& label,
                                            std::shared_ptr<AgentFaultSink> faults,
                                            std::string* error);

  std::shared_ptr<AgentConnection> connection_;
  mutable std::string sid_;
};

// Returns the path of the running executable (for starting the same program in agent mode).
std::filesystem::path CurrentExecutable();

}  // namespace bitscts::agent
