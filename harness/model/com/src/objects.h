// Internal: the COM objects the face serves. Each New* returns an object holding one reference,
// which the caller owns.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bitscts/com/bits_api.h"
#include "bitscts/target.h"
#include "machine_core.h"

namespace bitscts::model::com_face {

// A job's error as GetError saw it: later changes of the job do not show through it.
struct ErrorSnapshot {
  JobError report;
  std::optional<JobFile> file;  // the file whose transfer failed, if any
  std::string protocol;         // empty when no protocol exchange failed
};

// The manager of `served.process`, presenting `proxy_identity` without dynamic cloaking.
IBackgroundCopyManager* NewManager(Served served, Token proxy_identity);
// A pointer to job `job_id` obtained while `proxy_identity` was the thread's identity.
IBackgroundCopyJob* NewJob(Served served, std::string job_id, Token proxy_identity);
// The IBitsTokenOptions of job `job_id`, bound to the identity checked at QueryInterface.
IBitsTokenOptions* NewTokenOptions(Served served, std::string job_id, Token qi_identity);
// The IBackgroundCopyError of `snapshot`.
IBackgroundCopyError* NewError(Served served, ErrorSnapshot snapshot);
// The IBackgroundCopyFile of `file`.
IBackgroundCopyFile* NewFile(Served served, JobFile file);
// An enumeration of the jobs `job_ids`, whose pointers present `proxy_identity`.
IEnumBackgroundCopyJobs* NewJobEnumeration(Served served, std::vector<std::string> job_ids,
                                           Token proxy_identity);

// Returns the error snapshot of job `job_id` (which must be in an error state with an error).
ErrorSnapshot SnapshotError(Service& service, const std::string& job_id);

}  // namespace bitscts::model::com_face
