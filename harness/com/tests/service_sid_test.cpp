#include "service_sid.h"

#include <gtest/gtest.h>

namespace bitscts::com {
namespace {

// The service SID Windows shows for TrustedInstaller (e.g. as the owner of system files).
TEST(ServiceSid, IsTheOneWindowsGivesTrustedInstaller) {
  EXPECT_EQ(ServiceSid("TrustedInstaller"),
            "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464");
}

TEST(ServiceSid, IgnoresTheCaseOfTheName) {
  EXPECT_EQ(ServiceSid("bitscts-agent-abc"), ServiceSid("BITSCTS-AGENT-ABC"));
  EXPECT_NE(ServiceSid("bitscts-agent-abc"), ServiceSid("bitscts-agent-abd"));
}

}  // namespace
}  // namespace bitscts::com
