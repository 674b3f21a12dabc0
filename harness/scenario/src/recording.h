// Internal: decorators that record every Target call and its HRESULT as evidence, and cancel
// unfinished jobs when a scenario lets go of them. Not part of the public API.
#pragma once

#include <memory>
#include <string>

#include "bitscts/evidence.h"
#include "bitscts/target.h"

namespace bitscts::internal {

// Wraps a caller; jobs it creates or opens are recording jobs too.
std::unique_ptr<Caller> RecordCaller(Caller& inner, std::string label, Evidence& evidence);

// Wraps a job; on destruction it cancels the job unless it is in a final state and records the
// job's state history and any job error.
std::unique_ptr<Job> RecordJob(std::unique_ptr<Job> inner, std::string label, Evidence& evidence);

}  // namespace bitscts::internal
