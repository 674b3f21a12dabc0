// The one exception the report library throws: input it cannot use, described in one line.
#pragma once

#include <stdexcept>
#include <string>

namespace bitscts::report {

// Thrown when a file cannot be read or is not what it should be. what() is a single line that
// names the file (and the line, where there is one) and says what is wrong.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace bitscts::report
