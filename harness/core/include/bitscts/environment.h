// The process environment, read the same way on every compiler (MSVC deprecates std::getenv).
#pragma once

#include <optional>
#include <string>

namespace bitscts {

// Returns the value of the environment variable `name`, or nullopt when it is not set.
std::optional<std::string> EnvironmentVariable(const char* name);

}  // namespace bitscts
