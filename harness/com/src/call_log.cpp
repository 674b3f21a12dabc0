#include "bitscts/com/call_log.h"

#include <algorithm>
#include <utility>

namespace bitscts::com {

HResult CallLog::Add(std::string call, HResult hr) {
  calls_.push_back({std::move(call), hr});
  return hr;
}

void CallLog::Append(const CallLog& other) {
  calls_.insert(calls_.end(), other.calls_.begin(), other.calls_.end());
}

const CallResult* CallLog::FirstFailure() const {
  const auto failed =
      std::find_if(calls_.begin(), calls_.end(), [](const CallResult& c) { return c.hr.Failed(); });
  return failed == calls_.end() ? nullptr : &*failed;
}

HResult CallLog::Result() const {
  const CallResult* failure = FirstFailure();
  return failure == nullptr ? hr::kOk : failure->hr;
}

bool CallLog::Contains(const std::string& call) const {
  return std::any_of(calls_.begin(), calls_.end(),
                     [&](const CallResult& c) { return c.call == call; });
}

std::string CallLog::ToString() const {
  std::string text;
  for (const CallResult& c : calls_) {
    if (!text.empty()) text += "; ";
    text += c.call + " -> " + c.hr.ToString();
  }
  return text;
}

std::ostream& operator<<(std::ostream& out, const CallLog& log) { return out << log.ToString(); }

}  // namespace bitscts::com
