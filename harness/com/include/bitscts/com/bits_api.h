// The COM and BITS declarations the com client code is written against. On Windows (MSVC and
// MinGW-w64) they are the SDK's own; on other hosts a portable shape with the same interfaces,
// method order, parameter types and constant values stands in, so that the client code compiles
// unchanged everywhere and is unit-tested against mocks. Both provide `bitscts::com::IidOf<I>()`,
// the interface identifier of I (`__uuidof(I)` on Windows).
#pragma once

// COM objects are destroyed through IUnknown::Release, never through a pointer to an interface;
// the interfaces' missing virtual destructors are part of the COM ABI, so this warning does not
// apply to code that includes them.
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
#endif

#if defined(_WIN32)
#include "bitscts/com/bits_windows.h"
#else
#include "bitscts/com/bits_portable.h"
#endif

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "bitscts/hresult.h"

namespace bitscts::com {

// Returns true if and only if the two GUIDs have the same 128 bits.
inline bool SameGuid(const GUID& a, const GUID& b) {
  return a.Data1 == b.Data1 && a.Data2 == b.Data2 && a.Data3 == b.Data3 &&
         std::equal(std::begin(a.Data4), std::end(a.Data4), std::begin(b.Data4));
}

// Converts a COM HRESULT to the suite's value type, which compares and prints by name.
inline HResult ToHResult(HRESULT value) { return HResult(static_cast<std::uint32_t>(value)); }

// Converts a Win32 error code (0 is success) to its HRESULT, as HRESULT_FROM_WIN32 does.
constexpr HResult FromWin32(DWORD error) {
  const auto code = static_cast<std::uint32_t>(error);
  if (static_cast<std::int32_t>(code) <= 0) return HResult(code);  // already an HRESULT, or success
  return HResult((code & 0xFFFFu) | 0x80070000u);
}

// Converts an NTSTATUS (0 and positive values are success) to its HRESULT, as HRESULT_FROM_NT does.
constexpr HResult FromNtStatus(LONG status) {
  const auto code = static_cast<std::uint32_t>(status);
  return status >= 0 ? HResult(0) : HResult(code | 0x10000000u);
}

}  // namespace bitscts::com
