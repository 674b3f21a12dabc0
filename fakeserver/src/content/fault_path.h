// Internal to the fakeserver: reading the fault grammar of request paths ("/fault/...").
// Not part of the public API.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bitscts/fakeserver/fault.h"

namespace bitscts::fakeserver::internal {

inline constexpr std::string_view kFaultPrefix = "/fault/";

struct FaultedPath {
  Fault fault;
  std::string served_path;  // the path after the fault specification, starting with '/'
};

// Returns the specification of `fault` in the path grammar ("status=503,times=2"), empty for
// a fault that changes nothing.
std::string FaultSpec(const Fault& fault);

// Returns the fault and the served path of a path starting with kFaultPrefix, or nullopt if the
// path does not start with it or its specification is malformed (an unknown or repeated key, a
// value that is not a decimal number in range, nothing to serve).
std::optional<FaultedPath> ParseFaultPath(std::string_view path);

}  // namespace bitscts::fakeserver::internal
