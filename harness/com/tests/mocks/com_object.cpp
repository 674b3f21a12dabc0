#include "mocks/com_object.h"

#include <cstdio>

void PrintTo(const GUID& guid, std::ostream* out) {
  char text[40];
  std::snprintf(text, sizeof text, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                static_cast<unsigned>(guid.Data1), static_cast<unsigned>(guid.Data2),
                static_cast<unsigned>(guid.Data3), guid.Data4[0], guid.Data4[1], guid.Data4[2],
                guid.Data4[3], guid.Data4[4], guid.Data4[5], guid.Data4[6], guid.Data4[7]);
  *out << text;
}

namespace bitscts::mocks {

ULONG ReferenceCount::Acquire() { return static_cast<ULONG>(++outstanding_); }

ULONG ReferenceCount::Drop() { return static_cast<ULONG>(--outstanding_); }

}  // namespace bitscts::mocks
