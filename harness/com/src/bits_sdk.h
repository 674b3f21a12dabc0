// Internal: the Windows SDK declarations the com target uses, plus what MinGW-w64 lacks: it has
// no bits4_0.h (IBitsTokenOptions) and its bitsmsg.h has no BG_E_TOKEN_REQUIRED. Values are those
// of the spec, section 1. Only this header includes the SDK's BITS headers.
#pragma once

// COM interfaces are released through IUnknown::Release, never deleted through a base pointer:
// their non-virtual destructors are the ABI, so that warning does not apply to the com sources
// (the only includers of this internal header).
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
#endif

#include <windows.h>
#include <bits.h>
#include <bits1_5.h>
#include <bits3_0.h>

#if defined(_MSC_VER)
#include <bits4_0.h>
#else
// IBitsTokenOptions as laid out by the SDK's MIDL output: IUnknown, then methods 3 to 7.
struct IBitsTokenOptions : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE SetHelperTokenFlags(DWORD usage_flags) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetHelperTokenFlags(DWORD* usage_flags) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetHelperToken() = 0;
  virtual HRESULT STDMETHODCALLTYPE ClearHelperToken() = 0;
  virtual HRESULT STDMETHODCALLTYPE GetHelperTokenSid(LPWSTR* sid) = 0;
};
#endif

namespace bitscts::com {

// {9A2584C3-F7D2-457A-9A5E-22B67BFFC7D2}
inline constexpr GUID kIidBitsTokenOptions{
    0x9A2584C3, 0xF7D2, 0x457A, {0x9A, 0x5E, 0x22, 0xB6, 0x7B, 0xFF, 0xC7, 0xD2}};

// A versioned BackgroundCopyManager class and the BITS version it stands for.
struct VersionedClass {
  const char* version;
  GUID clsid;
};

// Newest first, so that the first class that activates names the installed version.
inline constexpr VersionedClass kVersionedClasses[] = {
    {"10.3", {0x5FD42AD5, 0xC04E, 0x4D36, {0xAD, 0xC7, 0xE0, 0x8F, 0xF1, 0x57, 0x37, 0xAD}}},
    {"10.2", {0x4575438F, 0xA6C8, 0x4976, {0xB0, 0xFE, 0x2F, 0x26, 0xB8, 0x0D, 0x95, 0x9E}}},
    {"10.1", {0x4BD3E4E1, 0x7BD4, 0x4A2B, {0x99, 0x64, 0x49, 0x64, 0x00, 0xDE, 0x51, 0x93}}},
    {"5.0", {0x1ECCA34C, 0xE88A, 0x44E3, {0x8D, 0x6A, 0x89, 0x21, 0xBD, 0xE9, 0xE4, 0x52}}},
    {"4.0", {0xBB6DF56B, 0xCACE, 0x11DC, {0x99, 0x92, 0x00, 0x19, 0xB9, 0x3A, 0x3A, 0x84}}},
    {"3.0", {0x659CDEA7, 0x489E, 0x11D9, {0xA9, 0xCD, 0x00, 0x0D, 0x56, 0x96, 0x52, 0x51}}},
    {"2.5", {0x03CA98D6, 0xFF5D, 0x49B8, {0xAB, 0xC6, 0x03, 0xDD, 0x84, 0x12, 0x70, 0x20}}},
    {"2.0", {0x6D18AD12, 0xBDE3, 0x4393, {0xB3, 0x11, 0x09, 0x9C, 0x34, 0x6E, 0x6D, 0xF9}}},
    {"1.5", {0xF087771F, 0xD74F, 0x4C1A, {0xBB, 0x8A, 0xE1, 0x6A, 0xCA, 0x91, 0x24, 0xEA}}},
    {"1.0", {0x4991D34B, 0x80A1, 0x4291, {0x83, 0xB6, 0x33, 0x28, 0x36, 0x6B, 0x90, 0x97}}},
};

}  // namespace bitscts::com
