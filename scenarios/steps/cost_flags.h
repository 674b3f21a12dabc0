// Steps for a job's transfer policy on costed networks (IBackgroundCopyJob5 cost flags).
#pragma once

#include <cctype>
#include <cstdint>
#include <string>

#include "bitscts/scenario.h"

namespace bitscts::steps {

// Reads `job`'s cost flags (IBackgroundCopyJob5). Ends the scenario as not applicable when the
// job has no IBackgroundCopyJob5 on a BITS before 5.0; on BITS 5.0 and later every answer is
// returned for the scenario to check.
inline Outcome<std::uint32_t> CostFlagsOf(Scenario& s, Job& job) {
  const Outcome<std::uint32_t> flags = job.CostFlags();
  const std::string& version = s.target().Description().bits_version;
  const bool bits5 = !version.empty() && std::isdigit(static_cast<unsigned char>(version[0])) &&
                     std::stoi(version) >= 5;
  if (flags.hr == hr::kNoInterface && !bits5) {
    s.NotApplicable("the job has no IBackgroundCopyJob5 (E_NOINTERFACE) on BITS " + version +
                    ", before 5.0");
  }
  return flags;
}

}  // namespace bitscts::steps
