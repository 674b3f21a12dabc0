// The COM shape the client code compiles against (the SDK's on Windows, the portable one
// elsewhere) has the identifiers and result-code conversions of the Windows SDK headers.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "bitscts/bits_types.h"
#include "bitscts/com/bits_api.h"

namespace bitscts::com {
namespace {

GUID Guid(std::uint32_t d1, std::uint16_t d2, std::uint16_t d3, std::array<std::uint8_t, 8> d4) {
  GUID guid{};
  guid.Data1 = d1;
  guid.Data2 = d2;
  guid.Data3 = d3;
  std::copy(d4.begin(), d4.end(), std::begin(guid.Data4));
  return guid;
}

TEST(BitsShape, InterfaceIdentifiersAreTheSpecificationsOnes) {
  EXPECT_TRUE(SameGuid(IidOf<IUnknown>(),
                       Guid(0x00000000, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46})));
  EXPECT_TRUE(
      SameGuid(IidOf<IBitsTokenOptions>(),
               Guid(0x9A2584C3, 0xF7D2, 0x457A, {0x9A, 0x5E, 0x22, 0xB6, 0x7B, 0xFF, 0xC7, 0xD2})));
  EXPECT_TRUE(
      SameGuid(IidOf<IBackgroundCopyJob5>(),
               Guid(0xE847030C, 0xBBBA, 0x4657, {0xAF, 0x6D, 0x48, 0x4A, 0xA4, 0x2B, 0xF1, 0xFE})));
  EXPECT_TRUE(
      SameGuid(IidOf<IBackgroundCopyJob>(),
               Guid(0x37668D37, 0x507E, 0x4160, {0x93, 0x16, 0x26, 0x30, 0x6D, 0x15, 0x0B, 0x12})));
  EXPECT_TRUE(
      SameGuid(IidOf<IBackgroundCopyManager>(),
               Guid(0x5CE34C0D, 0x0DC9, 0x4C1F, {0x89, 0x7C, 0xDA, 0xA1, 0xB7, 0x8C, 0xEE, 0x7C})));
  EXPECT_TRUE(
      SameGuid(IidOf<IBackgroundCopyCallback>(),
               Guid(0x97EA99C7, 0x0186, 0x4AD4, {0x8D, 0xF9, 0xC5, 0xB4, 0xE0, 0xED, 0x6B, 0x22})));
  EXPECT_TRUE(
      SameGuid(IidOf<IBackgroundCopyError>(),
               Guid(0x19C613A0, 0xFCB8, 0x4F28, {0x81, 0xAE, 0x89, 0x7C, 0x3D, 0x07, 0x8F, 0x81})));
  EXPECT_TRUE(
      SameGuid(IidOf<IEnumBackgroundCopyJobs>(),
               Guid(0x1AF4F612, 0x3B71, 0x466F, {0x8F, 0x58, 0x7B, 0x6F, 0x73, 0xAC, 0x57, 0xAD})));
}

TEST(BitsShape, JobPropertiesHaveTheSdksValuesAndSize) {
  EXPECT_EQ(static_cast<int>(BITS_JOB_PROPERTY_ID_COST_FLAGS), 1);
  EXPECT_EQ(sizeof(BITS_JOB_PROPERTY_VALUE), 16u) << "a GUID, aligned for a UINT64";
  BITS_JOB_PROPERTY_VALUE value{};
  value.Dword = cost::kPolicyAlways;
  EXPECT_EQ(value.Dword, 0x800000FFu);
}

TEST(BitsShape, SameGuidComparesEveryByte) {
  const GUID a = Guid(1, 2, 3, {4, 5, 6, 7, 8, 9, 10, 11});
  EXPECT_TRUE(SameGuid(a, Guid(1, 2, 3, {4, 5, 6, 7, 8, 9, 10, 11})));
  EXPECT_FALSE(SameGuid(a, Guid(1, 2, 3, {4, 5, 6, 7, 8, 9, 10, 12})));
  EXPECT_FALSE(SameGuid(a, Guid(1, 2, 4, {4, 5, 6, 7, 8, 9, 10, 11})));
}

TEST(BitsShape, Win32ErrorsBecomeTheirHresults) {
  EXPECT_EQ(FromWin32(0), hr::kOk);
  EXPECT_EQ(FromWin32(5), hr::kAccessDenied);            // ERROR_ACCESS_DENIED
  EXPECT_EQ(FromWin32(6), hr::kInvalidHandle);           // ERROR_INVALID_HANDLE
  EXPECT_EQ(FromWin32(1245), hr::kNotLoggedOn);          // ERROR_NOT_LOGGED_ON
  EXPECT_EQ(FromWin32(0x80070005u), hr::kAccessDenied);  // already an HRESULT
  EXPECT_EQ(ToHResult(HRESULT_FROM_WIN32(1245)), FromWin32(1245));
}

TEST(BitsShape, NtStatusesBecomeTheirHresults) {
  EXPECT_EQ(FromNtStatus(0), hr::kOk);
  EXPECT_EQ(FromNtStatus(static_cast<LONG>(0xC0000001u)),
            HResult(0xD0000001u));  // STATUS_UNSUCCESSFUL
}

TEST(BitsShape, ResultMacrosFollowTheSeverityBit) {
  EXPECT_TRUE(SUCCEEDED(S_OK));
  EXPECT_TRUE(SUCCEEDED(S_FALSE));
  EXPECT_TRUE(FAILED(E_NOINTERFACE));
  EXPECT_EQ(ToHResult(E_NOINTERFACE), hr::kNoInterface);
  EXPECT_EQ(ToHResult(BG_E_TOKEN_REQUIRED), hr::kTokenRequired);
}

}  // namespace
}  // namespace bitscts::com
