// The Target interface: the one surface scenarios use to drive a BITS implementation (the
// reference model, real BITS through COM, or Wine's BITS). Every call returns the HRESULT the
// implementation produced; nothing here decides whether that HRESULT is right.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bitscts/bits_types.h"
#include "bitscts/capabilities.h"
#include "bitscts/hresult.h"

namespace bitscts {

// A result code together with the value a successful call produced.
template <typename T>
struct Outcome {
  HResult hr;
  T value{};
};

// What IBackgroundCopyJob::GetError and IBackgroundCopyError report.
struct JobError {
  HResult code;
  ErrorContext context = ErrorContext::kNone;
  std::string description;
};

// What a wait for a job state saw, whether or not the state was reached.
struct WaitResult {
  bool reached = false;
  JobState state = JobState::kSuspended;  // the last state observed
  std::string waited_for;                 // e.g. "BG_JOB_STATE_TRANSFERRED or BG_JOB_STATE_ERROR"
  std::chrono::milliseconds waited{0};    // elapsed time (virtual on the model)
};

// Identifies the implementation under test and the platform it emulates or runs on.
struct TargetDescription {
  std::string id;              // unique per run family: "model-19045", "wine-8.0", "windows-10.0.20348"
  std::string family;          // expectations family: "model", "wine" or "windows"
  std::string implementation;  // human-readable: "bitscts reference model", "Wine 8.0 qmgr"
  std::string os_name;         // e.g. "Windows 10 (emulated)"
  std::uint32_t os_build = 0;  // Windows build number, emulated on the model
  std::string bits_version;    // highest BITS version detected: "10.3", "4.0", "1.0"
};

// A job's helper-token options (IBitsTokenOptions), as obtained by one QueryInterface call.
class TokenOptions {
 public:
  virtual ~TokenOptions() = default;
  // Stores the calling caller's current identity as the job's helper token.
  virtual HResult SetHelperToken() = 0;
  // Discards the job's helper token.
  virtual HResult ClearHelperToken() = 0;
  // Sets the BG_TOKEN_* usage flags.
  virtual HResult SetHelperTokenFlags(std::uint32_t flags) = 0;
  // Gets the BG_TOKEN_* usage flags.
  virtual Outcome<std::uint32_t> GetHelperTokenFlags() = 0;
  // Gets the helper token's SID string; the value is empty when the target returned a null string.
  virtual Outcome<std::optional<std::string>> GetHelperTokenSid() = 0;
};

// A BITS job as seen by the caller that created or opened it.
class Job {
 public:
  virtual ~Job() = default;
  // Returns the job's GUID in registry format.
  virtual std::string Id() const = 0;
  // Adds a file to download from `remote_url` to the absolute local path `local_path`.
  virtual HResult AddFile(const std::string& remote_url, const std::string& local_path) = 0;
  virtual HResult Resume() = 0;
  virtual HResult Suspend() = 0;
  virtual HResult Cancel() = 0;
  virtual HResult Complete() = 0;
  // Sets the no-progress timeout in seconds (0: every error is final at once).
  virtual HResult SetNoProgressTimeout(std::uint32_t seconds) = 0;
  // Reads the job's current state.
  virtual Outcome<JobState> State() = 0;
  // Reads the job's error object (BG_E_ERROR_INFORMATION_UNAVAILABLE outside the error states).
  virtual Outcome<JobError> Error() = 0;
  // Waits until the job is in one of `wanted` or `timeout` has elapsed (virtual time on the model).
  virtual WaitResult WaitForState(const std::vector<JobState>& wanted,
                                  std::chrono::milliseconds timeout) = 0;
  // Returns every distinct state the job was observed in, oldest first.
  virtual std::vector<JobState> StateHistory() const = 0;
  // Queries the job for IBitsTokenOptions; the pointer is null unless the HRESULT succeeded.
  virtual Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() = 0;
};

// A client of BITS: one identity with its COM security settings.
class Caller {
 public:
  virtual ~Caller() = default;
  // Returns the SID string of the caller's own (process) identity.
  virtual std::string Sid() const = 0;
  // Creates a download job owned by this caller.
  virtual Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& display_name) = 0;
};

// A BITS implementation under test.
class Target {
 public:
  virtual ~Target() = default;
  // Describes the implementation; valid after construction.
  virtual const TargetDescription& Description() const = 0;
  // Probes what the implementation offers; each feature carries the evidence for its answer.
  virtual Capabilities Probe() = 0;
  // Returns the caller that represents the runner's own identity.
  virtual Caller& CurrentCaller() = 0;
  // Cancels every job this run created that is still in the queue; returns how many it cancelled.
  virtual int CancelLeftoverJobs() = 0;
};

}  // namespace bitscts
