#include "bitscts/target.h"

namespace bitscts {

std::string Name(JobEvent event) {
  switch (event) {
    case JobEvent::kTransferred: return "JobTransferred";
    case JobEvent::kError: return "JobError";
  }
  return "unknown callback";
}

}  // namespace bitscts
