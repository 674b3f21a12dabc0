// Internal: creates the target the options name.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "bitscts/fakeserver/server.h"
#include "bitscts/target.h"
#include "options.h"

namespace bitscts::runner {

// Creates the target; on failure returns a one-line reason.
std::variant<std::unique_ptr<Target>, std::string> MakeTarget(const Options& options,
                                                              fakeserver::Server& server,
                                                              const std::string& scratch);

}  // namespace bitscts::runner
