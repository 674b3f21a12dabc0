// PEM blocks decoded to their DER bytes, and certificate thumbprints.
#include "pem.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bitscts::com {
namespace {

std::vector<std::uint8_t> Bytes(const std::string& text) { return {text.begin(), text.end()}; }

std::string Block(const std::string& label, const std::string& body) {
  return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
}

TEST(Pem, BlockIsDecodedWithAnyPaddingAndLineBreaks) {
  EXPECT_EQ(PemBlock(Block("CERTIFICATE", "YWJj"), "CERTIFICATE"), Bytes("abc"));
  EXPECT_EQ(PemBlock(Block("CERTIFICATE", "YWI="), "CERTIFICATE"), Bytes("ab"));
  EXPECT_EQ(PemBlock(Block("CERTIFICATE", "YQ=="), "CERTIFICATE"), Bytes("a"));
  EXPECT_EQ(PemBlock(Block("CERTIFICATE", "YWJj\r\nZGVm"), "CERTIFICATE"), Bytes("abcdef"));
}

TEST(Pem, OnlyTheBlockOfTheLabelIsRead) {
  const std::string pem = Block("PRIVATE KEY", "YWJj") + Block("CERTIFICATE", "ZGVm");
  EXPECT_EQ(PemBlock(pem, "CERTIFICATE"), Bytes("def"));
  EXPECT_EQ(PemBlock(pem, "PRIVATE KEY"), Bytes("abc"));
  EXPECT_EQ(PemBlock(pem, "EC PRIVATE KEY"), std::nullopt);
}

TEST(Pem, MalformedBlocksAreRefused) {
  EXPECT_EQ(PemBlock(Block("CERTIFICATE", "YW*j"), "CERTIFICATE"), std::nullopt);
  EXPECT_EQ(PemBlock(Block("CERTIFICATE", "YWJ"), "CERTIFICATE"), std::nullopt);
  EXPECT_EQ(PemBlock(Block("CERTIFICATE", "YQ=j"), "CERTIFICATE"), std::nullopt);
  EXPECT_EQ(PemBlock(Block("CERTIFICATE", "Y==="), "CERTIFICATE"), std::nullopt);
  EXPECT_EQ(PemBlock(Block("CERTIFICATE", ""), "CERTIFICATE"), std::nullopt);
  EXPECT_EQ(PemBlock("-----BEGIN CERTIFICATE-----\nYWJj\n", "CERTIFICATE"), std::nullopt);
}

TEST(Pem, TextIsWrappedAtSixtyFourAndReadsBack) {
  EXPECT_EQ(PemText(Bytes("abc"), "CERTIFICATE"), Block("CERTIFICATE", "YWJj"));
  const std::vector<std::uint8_t> long_der(60, 0x00);  // 80 Base64 "A"s: two lines
  const std::string text = PemText(long_der, "PRIVATE KEY");
  EXPECT_EQ(text, Block("PRIVATE KEY", std::string(64, 'A') + "\n" + std::string(16, 'A')));
  EXPECT_EQ(PemBlock(text, "PRIVATE KEY"), long_der);
}

TEST(Pem, ThumbprintIsTheSha1OfTheBytesInLowercaseHex) {
  EXPECT_EQ(Thumbprint(Bytes("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

}  // namespace
}  // namespace bitscts::com
