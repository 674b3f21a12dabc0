// Internal: the steps by which the com target's probe proves what it claims: a download job
// created, run to TRANSFERRED and completed, its file's bytes verified; a running job observed
// to stop. They work on any Caller and Job (the runner's own, or an agent's), and record every
// call with its HRESULT and every observation in a ProbeLog, so that a failed proof names what
// was tried and what failed.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bitscts/com/call_log.h"
#include "bitscts/target.h"

namespace bitscts::com {

// The record of a proof, in order: "<call> -> <HRESULT>" for calls and plain text for
// observations, joined by "; ".
class ProbeLog {
 public:
  // Records `call` with its result; returns `hr`.
  HResult Call(const std::string& call, HResult hr);
  // Records an observation.
  void Note(std::string text);
  // Records every call of `calls`; returns true if none failed.
  bool Calls(const CallLog& calls);
  // Returns every entry joined by "; ".
  std::string ToString() const;

 private:
  std::vector<std::string> entries_;
};

// Returns an empty string when the file at the path holds exactly the expected content, else
// what differs.
using ContentCheck = std::function<std::string(const std::string& local_path)>;

// Creates a download job named `display_name` as `caller`, adds `url` -> `local_path` and
// resumes it. Returns the job, or null (the job cancelled) when a step failed.
std::unique_ptr<Job> StartDownload(Caller& caller, const std::string& display_name,
                                   const std::string& url, const std::string& local_path,
                                   ProbeLog& log);

// Waits up to `timeout` for TRANSFERRED (or ERROR); returns true once TRANSFERRED. Otherwise
// records the state reached and, in an error state, the job's error, and cancels the job.
bool AwaitTransfer(Job& job, std::chrono::milliseconds timeout, ProbeLog& log);

// Completes a transferred job and checks the local file with `check`; returns true if both did.
bool CompleteAndCheck(Job& job, const std::string& local_path, const ContentCheck& check,
                      ProbeLog& log);

// Waits up to `timeout` for the job to run (CONNECTING or TRANSFERRING); returns true once it does.
bool AwaitRunning(Job& job, std::chrono::milliseconds timeout, ProbeLog& log);

// Waits up to `timeout` for a job that was running to stop (QUEUED, SUSPENDED, ERROR or
// TRANSIENT_ERROR, the error recorded); returns true once it has. A job that transferred, or is
// still running at the deadline, did not stop.
bool AwaitStop(Job& job, std::chrono::milliseconds timeout, ProbeLog& log);

}  // namespace bitscts::com
