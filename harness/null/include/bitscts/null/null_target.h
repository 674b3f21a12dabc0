// The null target: a BITS that answers S_OK to every call and does nothing. Jobs never leave
// BG_JOB_STATE_SUSPENDED, no request reaches a server, no callback is made, and every other
// output of a BITS call is the "left unwritten" mark of target.h. Around it is the model's machine:
// its accounts, logons and controls act as they do on the model, so a scenario fails here only
// for what BITS did not do. Every feature is claimed but the version ones, which follow the
// emulated build as on the model. A scenario that
// passes here cannot tell a working BITS from one that does nothing; the suite's own test runs
// every scenario against it and accepts a pass only from the few listed in null.expect.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "bitscts/target.h"
#include "bitscts/windows_build.h"

namespace bitscts::null_target {

struct NullOptions {
  std::uint32_t build =
      builds::kDefault;           // the Windows build it claims to be (see model/emulated_build.h)
  std::filesystem::path scratch;  // as ModelOptions::scratch: parent of the controls' folders
};

// Creates the null target with id "null-<build>" and family "null"; returns null and a one-line
// reason in `*error` (if non-null) when the build is not one the model can describe.
std::unique_ptr<Target> MakeNullTarget(NullOptions options, std::string* error);

}  // namespace bitscts::null_target
