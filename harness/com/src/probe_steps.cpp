#include "probe_steps.h"

#include <algorithm>
#include <utility>

namespace bitscts::com {
namespace {

// Returns "<what>: <STATE> after <n> ms" or "<what>: not reached in <n> ms, last seen <STATE>".
std::string WaitText(const WaitResult& wait) {
  const std::string waited = std::to_string(wait.waited.count()) + " ms";
  if (wait.reached)
    return "waited for " + wait.waited_for + ": " + Name(wait.state) + " after " + waited;
  return "waited for " + wait.waited_for + ": not reached in " + waited + ", last seen " +
         Name(wait.state);
}

// Records the job's error when it is in an error state.
void NoteError(Job& job, JobState state, ProbeLog& log) {
  if (state != JobState::kError && state != JobState::kTransientError) return;
  const Outcome<JobError> error = job.Error();
  if (log.Call("GetError", error.hr).Failed()) return;
  log.Note("the job's error: " + error.value.code.ToString() + " in " + Name(error.value.context) +
           (error.value.description.empty() ? "" : " (" + error.value.description + ")"));
}

bool IsRunning(JobState state) {
  return state == JobState::kConnecting || state == JobState::kTransferring;
}

}  // namespace

HResult ProbeLog::Call(const std::string& call, HResult hr) {
  entries_.push_back(call + " -> " + hr.ToString());
  return hr;
}

void ProbeLog::Note(std::string text) { entries_.push_back(std::move(text)); }

bool ProbeLog::Calls(const CallLog& calls) {
  for (const CallResult& call : calls.calls()) Call(call.call, call.hr);
  return calls.Succeeded();
}

std::string ProbeLog::ToString() const {
  std::string text;
  for (const std::string& entry : entries_) {
    if (!text.empty()) text += "; ";
    text += entry;
  }
  return text;
}

std::unique_ptr<Job> StartDownload(Caller& caller, const std::string& display_name,
                                   const std::string& url, const std::string& local_path,
                                   ProbeLog& log) {
  Outcome<std::unique_ptr<Job>> created = caller.CreateDownloadJob(display_name);
  if (log.Call("CreateJob(\"" + display_name + "\")", created.hr).Failed() || !created.value)
    return nullptr;
  std::unique_ptr<Job> job = std::move(created.value);
  log.Note("job " + job->Id());
  if (log.Call("AddFile(" + url + ", " + local_path + ")", job->AddFile(url, local_path))
          .Failed() ||
      log.Call("Resume", job->Resume()).Failed()) {
    log.Call("Cancel", job->Cancel());
    return nullptr;
  }
  return job;
}

bool AwaitTransfer(Job& job, std::chrono::milliseconds timeout, ProbeLog& log) {
  const WaitResult wait = job.WaitForState({JobState::kTransferred, JobState::kError}, timeout);
  log.Note(WaitText(wait));
  if (wait.reached && wait.state == JobState::kTransferred) return true;
  NoteError(job, wait.state, log);
  log.Call("Cancel", job.Cancel());
  return false;
}

bool CompleteAndCheck(Job& job, const std::string& local_path, const ContentCheck& check,
                      ProbeLog& log) {
  if (log.Call("Complete", job.Complete()).Failed()) return false;
  const std::string difference = check(local_path);
  if (!difference.empty()) {
    log.Note("the downloaded file is not the served content: " + difference);
    return false;
  }
  log.Note(local_path + " holds exactly the served content");
  return true;
}

bool AwaitRunning(Job& job, std::chrono::milliseconds timeout, ProbeLog& log) {
  const WaitResult wait = job.WaitForState({JobState::kConnecting, JobState::kTransferring,
                                            JobState::kTransferred, JobState::kError},
                                           timeout);
  log.Note(WaitText(wait));
  if (wait.reached && IsRunning(wait.state)) return true;
  NoteError(job, wait.state, log);
  return false;
}

bool AwaitStop(Job& job, std::chrono::milliseconds timeout, ProbeLog& log) {
  const WaitResult wait =
      job.WaitForState({JobState::kQueued, JobState::kSuspended, JobState::kError,
                        JobState::kTransientError, JobState::kTransferred},
                       timeout);
  log.Note(WaitText(wait));
  NoteError(job, wait.state, log);
  if (!wait.reached) {
    log.Note(IsRunning(wait.state) ? "the job was still running"
                                   : "the job's state could not be read");
    return false;
  }
  if (wait.state == JobState::kTransferred) {
    log.Note("the job went on transferring");
    return false;
  }
  return true;
}

}  // namespace bitscts::com
