// The record of one client operation: every Win32 or COM call it made, in order, with the
// HRESULT each produced (Win32 error codes as HRESULT_FROM_WIN32), so that a failure is always
// reported by name together with the calls that led to it.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "bitscts/hresult.h"

namespace bitscts::com {

struct CallResult {
  std::string call;  // e.g. "SetHelperToken" or "NetUserAdd(bitscts-k2j4m9qa)"; never a secret
  HResult hr;
};

class CallLog {
 public:
  // Appends `call` with its result; returns `hr`.
  HResult Add(std::string call, HResult hr);
  // Appends every call of `other`, in order.
  void Append(const CallLog& other);

  // Returns true if and only if no recorded call failed.
  bool Succeeded() const { return FirstFailure() == nullptr; }
  // Returns the first failed call, or nullptr if none failed.
  const CallResult* FirstFailure() const;
  // Returns the first failed call's HRESULT, or S_OK if none failed.
  HResult Result() const;
  // Returns true if and only if `call` was recorded.
  bool Contains(const std::string& call) const;
  const std::vector<CallResult>& calls() const { return calls_; }

  // Returns "call -> NAME (0x........)" for every call, joined by "; ".
  std::string ToString() const;

 private:
  std::vector<CallResult> calls_;
};

std::ostream& operator<<(std::ostream& out, const CallLog& log);

}  // namespace bitscts::com
