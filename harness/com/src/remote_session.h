// Internal: the AgentSite of a test account's PowerShell remote session to the local machine, a
// logon BITS counts from Windows 10 1607 (10.0.14393). A PowerShell child of the runner opens the
// session with the account's credential, starts the agent inside it, and removes the session
// (the logoff BITS sees) when told to end. The password reaches that PowerShell only through its
// standard input; it is on no command line, in no file and in no output.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "agent_site.h"
#include "bitscts/com/secret.h"
#include "bitscts/com/system_api.h"

namespace bitscts::com {

// What the PowerShell remote sessions of one run share: whether the shells an earlier, crashed
// run left behind were removed yet.
class RemoteSessionRun {
 public:
  // Returns true exactly once per run: for the first session, which removes the leftovers.
  bool ClaimLeftoverSweep() { return !swept_.exchange(true); }

 private:
  std::atomic<bool> swept_{false};
};

struct RemoteSessionOptions {
  // How long Start waits for the session to report "started" or "failed" (New-PSSession on a
  // cold WinRM can take many seconds).
  std::chrono::milliseconds start_patience{120'000};
};

// Returns the PowerShell script the site runs. It reads from standard input, one line each: "sweep"
// or "keep", the account name, the password (read character by character into a SecureString),
// the agent's command line, and later "end". It prints "removed leftover shell <id> of <owner>"
// for each leftover shell it removes, "started <session> agent <pid>", then "ended"; or one line
// "failed: <what>" and exits 1.
std::wstring_view RemoteSessionScript();

// Returns `powershell` -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand and
// `script` as Base64 of its UTF-16LE characters (the script, never a secret, is on the command
// line, so that standard input carries only the data the script reads).
std::wstring PowerShellCommandLine(const std::wstring& powershell, std::wstring_view script);

class RemoteSessionSite final : public AgentSite {
 public:
  // `password` is `account`'s and must outlive the site.
  RemoteSessionSite(SystemApi& system, RemoteSessionRun& run, std::string account,
                    const Secret& password, RemoteSessionOptions options = {});
  RemoteSessionSite(const RemoteSessionSite&) = delete;
  RemoteSessionSite& operator=(const RemoteSessionSite&) = delete;
  // Ends the session as End does, with ten seconds' patience, if it is still open.
  ~RemoteSessionSite() override;

  // Starts PowerShell, opens the session and starts `command_line` in it; S_OK once PowerShell
  // reports "started". Otherwise PowerShell is ended and `evidence` holds what it printed.
  HResult Start(const std::wstring& command_line, std::string* evidence) override;
  // Tells PowerShell to remove the session and waits for "ended" and its exit; after `patience`
  // PowerShell is terminated. S_OK once the session was removed and PowerShell exited 0, or when
  // there is no session (never started, already ended).
  HResult End(std::chrono::milliseconds patience, std::string* evidence) override;
  // Returns "PowerShell remote session of <account>".
  std::string Describe() const override;

 private:
  using Clock = std::chrono::steady_clock;
  // What waiting for a line found.
  struct Awaited {
    std::optional<std::string> line;  // the first line starting with one of the prefixes
    bool closed = false;              // PowerShell's output ended first
  };

  // Reads PowerShell's output into lines_ until it ends.
  void ReadOutput();
  // Waits until `deadline` for a line starting with one of `prefixes`; every line read on the
  // way is added to the transcript.
  Awaited AwaitLine(const std::vector<std::string_view>& prefixes, Clock::time_point deadline);
  // How PowerShell ended.
  struct Finished {
    std::string what;         // for evidence
    bool terminated = false;  // it did not exit by the deadline
    bool clean = false;       // it exited by itself with 0
  };
  // Waits until `deadline` for PowerShell to exit, terminates it after that, joins the reader
  // and forgets the child.
  Finished Finish(Clock::time_point deadline);
  // Returns the lines PowerShell printed so far, joined by " | ".
  std::string Transcript() const;

  SystemApi& system_;
  RemoteSessionRun& run_;
  std::string account_;
  const Secret& password_;
  RemoteSessionOptions options_;

  std::unique_ptr<ChildProcess> child_;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> unread_;       // lines not yet looked at by AwaitLine
  std::vector<std::string> transcript_;  // lines AwaitLine looked at
  bool output_closed_ = false;
};

}  // namespace bitscts::com
