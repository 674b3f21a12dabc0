// The reference model as a Target: the entry point the runner calls to run scenarios against the
// specification itself, on any operating system, in virtual time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "bitscts/target.h"
#include "bitscts/windows_build.h"

namespace bitscts::model {

// Called once per identity that may present itself to an HTTP server: a provisioned user account
// or the machine account. `password` is a secret of the model run; it must never be printed.
using RegisterIdentity = std::function<void(const std::string& name, const std::string& password)>;

// Answers a caller's job calls in place of the model's BITS: called with "" for CreateDownloadJob
// and with the id asked for by OpenJob, it returns the job the caller gets (with S_OK).
using JobStandIn = std::function<std::unique_ptr<Job>(const std::string& job_id)>;

struct ModelOptions {
  std::uint32_t build = builds::kDefault;  // emulated Windows build (see emulated_build.h)
  RegisterIdentity register_identity;      // may be empty: identities are then known to no server
  std::filesystem::path scratch;  // parent of CreateFolder folders; empty: the temp directory
  PrincipalKind runner = PrincipalKind::kAdministrator;  // identity of CurrentCaller()
  JobStandIn stand_in;  // empty: callers reach the model's BITS; else every job is stand_in's
};

// Creates the reference model target with id "model-<build>" and family "model"; returns null and
// a one-line reason in `*error` (if non-null) when the options are invalid (e.g. a nonsense build).
std::unique_ptr<Target> MakeModelTarget(ModelOptions options, std::string* error);

}  // namespace bitscts::model
