#include "service_sid.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bitscts/com/sha256.h"

namespace bitscts::com {
namespace {

std::string Hex(std::string_view text) {
  const std::vector<std::uint8_t> bytes(text.begin(), text.end());
  const std::array<std::uint8_t, 20> digest = Sha1(bytes);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (std::uint8_t byte : digest) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  return hex;
}

TEST(Sha1, MatchesTheFips180Examples) {
  EXPECT_EQ(Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

// The service SID Windows shows for TrustedInstaller (e.g. as the owner of system files).
TEST(ServiceSid, IsTheOneWindowsGivesTrustedInstaller) {
  EXPECT_EQ(ServiceSid("TrustedInstaller"), "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464");
}

TEST(ServiceSid, IgnoresTheCaseOfTheName) {
  EXPECT_EQ(ServiceSid("bitscts-agent-abc"), ServiceSid("BITSCTS-AGENT-ABC"));
  EXPECT_NE(ServiceSid("bitscts-agent-abc"), ServiceSid("bitscts-agent-abd"));
}

}  // namespace
}  // namespace bitscts::com
