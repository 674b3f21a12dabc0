// Internal: the strings COM methods hand out (task memory the caller frees), and the mark an
// output string keeps when a call left it unwritten (target.h, unwritten).
#pragma once

#include <string>

#include "bitscts/com/bits_api.h"
#include "bitscts/com/system_api.h"

namespace bitscts::com {

// Returns what an LPWSTR output holds before a call: a pointer no COM method hands out.
LPWSTR UnwrittenString();

// Takes a string a COM method returned: converts it to UTF-8 and frees it exactly once; a null
// pointer gives "".
std::string TakeTaskString(SystemApi& system, LPWSTR text);

// Takes the output string of a call that answered `result`: unwritten::kText when a successful
// call left it UnwrittenString(), "" when a failed one did, otherwise as TakeTaskString (a string
// BITS wrote is freed whatever it answered).
std::string TakeOutputString(SystemApi& system, LPWSTR text, HRESULT result);

}  // namespace bitscts::com
