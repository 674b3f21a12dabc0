#include "bitscts/hresult.h"

#include <gtest/gtest.h>

#include <sstream>

namespace bitscts {
namespace {

TEST(HResult, KnownCodesPrintNameAndHex) {
  EXPECT_EQ(hr::kTokenRequired.ToString(), "BG_E_TOKEN_REQUIRED (0x80200056)");
  EXPECT_EQ(hr::kAccessDenied.ToString(), "E_ACCESSDENIED (0x80070005)");
  EXPECT_EQ(hr::kOk.ToString(), "S_OK (0x00000000)");
}

TEST(HResult, UnknownCodesPrintHexOnly) {
  EXPECT_EQ(HResult(0x8BADF00Du).ToString(), "0x8BADF00D");
  EXPECT_TRUE(HResult(0x8BADF00Du).Name().empty());
}

TEST(HResult, SeverityBitDecidesSuccess) {
  EXPECT_TRUE(hr::kUnableToDeleteFiles.Succeeded());
  EXPECT_TRUE(hr::kNoInterface.Failed());
}

TEST(HResult, GoogleTestPrintsByName) {
  std::ostringstream out;
  PrintTo(hr::kNoInterface, &out);
  EXPECT_EQ(out.str(), "E_NOINTERFACE (0x80004002)");
}

TEST(HResult, ParsesNamesAndHex) {
  EXPECT_EQ(ParseHResult("BG_E_TOKEN_REQUIRED"), hr::kTokenRequired);
  EXPECT_EQ(ParseHResult("0x80070005"), hr::kAccessDenied);
  EXPECT_EQ(ParseHResult("0X80070005"), hr::kAccessDenied);
  EXPECT_EQ(ParseHResult("E_NOPE"), std::nullopt);
  EXPECT_EQ(ParseHResult("0x"), std::nullopt);
  EXPECT_EQ(ParseHResult("0x123456789"), std::nullopt);
  EXPECT_EQ(ParseHResult("0x8007000G"), std::nullopt);
}

TEST(HResult, EveryNamedCodeParsesBackToItself) {
  for (std::uint32_t bits : {0x00000000u, 0x0020001Au, 0x80200056u, 0x80010123u, 0x800704DDu}) {
    const HResult code(bits);
    ASSERT_FALSE(code.Name().empty()) << code;
    EXPECT_EQ(ParseHResult(code.Name()), code);
  }
}

}  // namespace
}  // namespace bitscts
