#include "error_object.h"

#include <string>
#include <utility>

#include "task_string.h"

namespace bitscts::com {

Outcome<JobError> ReadErrorObject(SystemApi& system, IBackgroundCopyError& error) {
  // BG_ERROR_CONTEXT has no value to spare in every SDK (MinGW's ends at 7), so an unwritten
  // error shows by its code, which no BITS writes as 0xBAADF00D.
  BG_ERROR_CONTEXT context = BG_ERROR_CONTEXT_NONE;
  auto code = static_cast<HRESULT>(unwritten::kNumber);
  Outcome<JobError> outcome{ToHResult(error.GetError(&context, &code)), {}};
  outcome.value.code = ToHResult(code);
  outcome.value.context = static_cast<ErrorContext>(context);
  LPWSTR description = UnwrittenString();
  const HRESULT described = error.GetErrorDescription(system.ThreadLanguageId(), &description);
  std::string text = TakeOutputString(system, description, described);
  if (SUCCEEDED(described)) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    outcome.value.description = std::move(text);
  }
  return outcome;
}

}  // namespace bitscts::com
