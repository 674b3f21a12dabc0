// Evidence: what a scenario did and saw, attached to its result when it does not pass.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bitscts/hresult.h"

namespace bitscts {

class Evidence {
 public:
  // Records a call and the HRESULT it returned: "<what> -> NAME (0x...)".
  void Call(std::string_view what, HResult result);
  // Records a free-form line (a state change, a probe answer, a server log entry).
  void Note(std::string line);
  // Returns every recorded line, one per line, oldest first.
  std::string Text() const;
  // Returns true if and only if nothing was recorded.
  bool empty() const { return lines_.empty(); }

 private:
  std::vector<std::string> lines_;
};

}  // namespace bitscts
