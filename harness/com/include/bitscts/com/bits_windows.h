// The Windows SDK's COM and BITS declarations (up to bits5_0.h), plus what MinGW-w64 lacks: it
// ships no bits4_0.h (IBitsTokenOptions, BG_TOKEN_*) and its bitsmsg.h has no BG_E_TOKEN_REQUIRED.
// The added values are the Windows SDK's. Include bitscts/com/bits_api.h rather than this header.
#pragma once

#if !defined(_WIN32)
#error "bits_windows.h needs the Windows SDK; include bitscts/com/bits_api.h instead"
#endif

#include <windows.h>
#include <bits.h>
#include <bits1_5.h>  // IBackgroundCopyJob2 (SetCredentials)
#include <bits2_5.h>  // IBackgroundCopyJobHttpOptions (SetClientCertificateByID)
#include <bits5_0.h>
#include <bitsmsg.h>

#if defined(_MSC_VER)
#include <bits4_0.h>
#else
// IBitsTokenOptions as the SDK's MIDL output lays it out: IUnknown, then methods 3 to 7.
struct IBitsTokenOptions : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE SetHelperTokenFlags(DWORD usage_flags) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetHelperTokenFlags(DWORD* usage_flags) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetHelperToken() = 0;
  virtual HRESULT STDMETHODCALLTYPE ClearHelperToken() = 0;
  virtual HRESULT STDMETHODCALLTYPE GetHelperTokenSid(LPWSTR* sid) = 0;
};
// Makes __uuidof(IBitsTokenOptions) work: {9A2584C3-F7D2-457A-9A5E-22B67BFFC7D2}.
__CRT_UUID_DECL(IBitsTokenOptions, 0x9A2584C3, 0xF7D2, 0x457A, 0x9A, 0x5E, 0x22, 0xB6, 0x7B, 0xFF,
                0xC7, 0xD2)
#endif

#ifndef BG_TOKEN_LOCAL_FILE
#define BG_TOKEN_LOCAL_FILE 0x0001
#endif
#ifndef BG_TOKEN_NETWORK
#define BG_TOKEN_NETWORK 0x0002
#endif
#ifndef BG_E_TOKEN_REQUIRED
#define BG_E_TOKEN_REQUIRED _HRESULT_TYPEDEF_(0x80200056L)
#endif

namespace bitscts::com {

// Returns the interface identifier of `Interface`.
template <typename Interface>
const GUID& IidOf() {
  return __uuidof(Interface);
}

}  // namespace bitscts::com
