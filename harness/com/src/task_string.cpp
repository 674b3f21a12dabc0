#include "task_string.h"

#include "bitscts/target.h"
#include "text.h"

namespace bitscts::com {
namespace {

wchar_t unwritten_string[] = L"";

}  // namespace

LPWSTR UnwrittenString() { return unwritten_string; }

std::string TakeTaskString(SystemApi& system, LPWSTR text) {
  std::string narrow = Narrow(text);
  if (text != nullptr) system.CoTaskMemFree(text);
  return narrow;
}

std::string TakeOutputString(SystemApi& system, LPWSTR text, HRESULT result) {
  if (text == unwritten_string) return SUCCEEDED(result) ? unwritten::kText : std::string();
  return TakeTaskString(system, text);
}

}  // namespace bitscts::com
