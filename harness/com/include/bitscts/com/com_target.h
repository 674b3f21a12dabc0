// The com target: real BITS through COM, on Windows natively, or Wine's BITS when the MinGW
// build runs under Wine.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "bitscts/target.h"

namespace bitscts::com {

struct ComOptions {
  std::string scratch;  // folder the run may create files and folders in
};

// Initialises COM for this process (multithreaded apartment, impersonate level, dynamic cloaking)
// and connects to BITS; on failure returns a one-line reason naming the call and its HRESULT.
std::variant<std::unique_ptr<Target>, std::string> MakeComTarget(const ComOptions& options);

}  // namespace bitscts::com
