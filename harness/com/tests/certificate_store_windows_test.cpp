// The Windows implementation of the certificate store calls, in the process user's own "MY"
// store, which the test leaves as it found it; and the machine key calls that change nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pem.h"
#include "windows_system_api.h"

namespace bitscts::com {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::Field;
using ::testing::Not;

// A self-signed certificate (CN=bitscts store trial) whose key no longer exists.
constexpr const char* kCertificatePem = R"(-----BEGIN CERTIFICATE-----
MIIBkzCCATmgAwIBAgIUANXSHXRmpw1bjz9AAEW7zZQozZ4wCgYIKoZIzj0EAwIwHjEcMBoGA1UE
AwwTYml0c2N0cyBzdG9yZSB0cmlhbDAgFw0yNjEyMDUwMzQ4NTBaGA8yMTI2MTExMTAzNDg1MFow
HjEcMBoGA1UEAwwTYml0c2N0cyBzdG9yZSB0cmlhbDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA
BKK+ZN8/qG6LDNUJ3TmDUGwSW2Yf8D/LhurWqfsGI43LEoqd+6SWJ6dv6tIK/WTOwThEEaJbvmpc
Dog61Zr/Q5+jUzBRMB0GA1UdDgQWBBRIDawR4oMnbc7nXU2SUazl9R+UIzAfBgNVHSMEGDAWgBRI
DawR4oMnbc7nXU2SUazl9R+UIzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIF5c
xKsrpq33vORGJJ40+S2nDi9jvf7JHAlI9S4+yXYjAiEAz0RbLb9BHFNp3UCrAOhsuoR1smqUvdMg
eAsSgB7m7lM=
-----END CERTIFICATE-----
)";
constexpr const char* kThumbprint = "9f356ff249f107a7d06db47a6322c113583619f0";

TEST(WindowsCertificateStores, ACertificateIsAddedListedWithItsNameAndDeleted) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  std::wstring sid;
  ASSERT_EQ(system->CurrentProcessSid(&sid), 0u);
  const CertificateStoreName store{sid, L"MY"};
  const std::optional<std::vector<std::uint8_t>> der = PemBlock(kCertificatePem, "CERTIFICATE");
  ASSERT_TRUE(der);
  ASSERT_EQ(system->AddCertificate(store, *der, L"bitscts store trial", L""), 0u);
  std::vector<StoreEntry> entries;
  EXPECT_EQ(system->ListCertificates(store, &entries), 0u);
  EXPECT_THAT(entries, Contains(AllOf(Field(&StoreEntry::thumbprint, kThumbprint),
                                      Field(&StoreEntry::friendly_name, L"bitscts store trial"))));
  EXPECT_EQ(system->DeleteCertificate(store, kThumbprint), 0u);
  entries.clear();
  EXPECT_EQ(system->ListCertificates(store, &entries), 0u);
  EXPECT_THAT(entries, Not(Contains(Field(&StoreEntry::thumbprint, kThumbprint))));
  EXPECT_EQ(system->DeleteCertificate(store, kThumbprint), win32::kCryptENotFound);
}

TEST(WindowsCertificateStores, AMissingMachineKeyIsNotDeleted) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  EXPECT_NE(system->DeleteMachineKey(L"bitscts-no-such-key"), 0u);
  std::vector<std::wstring> keys;
  const DWORD listed = system->ListMachineKeys(&keys);
  RecordProperty("ListMachineKeys", std::to_string(listed));
}

}  // namespace
}  // namespace bitscts::com
