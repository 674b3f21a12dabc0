// The machine root store's trust of the run's test authority: added once with the run's mark,
// removed at the end, and a crashed run's marked authorities removed before the first trust,
// never anyone else's.
#include "authority_trust.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "mocks/mock_system_api.h"

namespace bitscts::com {
namespace {

using mocks::MockSystemApi;
using ::testing::_;
using ::testing::DoAll;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::SetArgPointee;
using ::testing::StartsWith;

// "abc" as a PEM certificate: its thumbprint is SHA-1("abc").
const std::string kAuthorityPem = "-----BEGIN CERTIFICATE-----\nYWJj\n-----END CERTIFICATE-----\n";
const std::string kThumbprint = "a9993e364706816aba3e25717850c26c9cd0d89d";
const CertificateStoreName kRoot{L"", L"ROOT"};

MATCHER_P(BytesAre, text, "") { return std::string(arg.begin(), arg.end()) == text; }

class AuthorityTrustTest : public ::testing::Test {
 protected:
  NiceMock<MockSystemApi> system_;
};

TEST_F(AuthorityTrustTest, AuthorityIsAddedToTheMachineRootStoreOnceWithTheRunsMark) {
  AuthorityTrust trust(system_);
  EXPECT_CALL(system_, AddCertificate(kRoot, BytesAre("abc"),
                                      StartsWith(std::wstring(kAuthorityMark)), std::wstring()))
      .Times(1);
  EXPECT_EQ(trust.TrustAuthority(kAuthorityPem), hr::kOk);
  EXPECT_EQ(trust.TrustAuthority(kAuthorityPem), hr::kOk);
  EXPECT_TRUE(trust.last_calls().Contains("AddCertificate(machine ROOT, " + kThumbprint + ")"));
}

TEST_F(AuthorityTrustTest, TheRunRemovesItsAuthorityAtItsEnd) {
  {
    AuthorityTrust trust(system_);
    ASSERT_EQ(trust.TrustAuthority(kAuthorityPem), hr::kOk);
    EXPECT_CALL(system_, DeleteCertificate(kRoot, kThumbprint)).Times(1);
  }
  ::testing::Mock::VerifyAndClearExpectations(&system_);
}

TEST_F(AuthorityTrustTest, AnAuthorityAlreadyGoneAtTheEndIsNoFailure) {
  AuthorityTrust trust(system_);
  ASSERT_EQ(trust.TrustAuthority(kAuthorityPem), hr::kOk);
  EXPECT_CALL(system_, DeleteCertificate(kRoot, kThumbprint))
      .WillOnce(Return(win32::kCryptENotFound));
  EXPECT_TRUE(trust.RemoveAll().Succeeded());
  EXPECT_CALL(system_, DeleteCertificate).Times(0);
  EXPECT_TRUE(trust.RemoveAll().Succeeded()) << "nothing is removed twice";
}

TEST_F(AuthorityTrustTest, EarlierRunsMarkedAuthoritiesAreRemovedBeforeTheFirstTrust) {
  const std::vector<StoreEntry> entries{{"1111111111111111111111111111111111111111",
                                         std::wstring(kAuthorityMark) + L"oldrun01"},
                                        {"2222222222222222222222222222222222222222",
                                         L"Some Root CA"},
                                        {"3333333333333333333333333333333333333333", L""}};
  EXPECT_CALL(system_, ListCertificates(kRoot, _))
      .WillOnce(DoAll(SetArgPointee<1>(entries), Return(DWORD{0})));
  ::testing::InSequence order;
  EXPECT_CALL(system_, DeleteCertificate(kRoot, "1111111111111111111111111111111111111111"));
  EXPECT_CALL(system_, AddCertificate(kRoot, _, _, _));
  AuthorityTrust trust(system_);
  EXPECT_EQ(trust.TrustAuthority(kAuthorityPem), hr::kOk);
  EXPECT_CALL(system_, DeleteCertificate(kRoot, kThumbprint));
}

TEST_F(AuthorityTrustTest, ALaterSweepKeepsThisRunsAuthority) {
  std::wstring mark;
  EXPECT_CALL(system_, AddCertificate(kRoot, _, _, _))
      .WillOnce([&](const CertificateStoreName&, std::span<const std::uint8_t>,
                    const std::wstring& friendly_name, const std::wstring&) {
        mark = friendly_name;
        return DWORD{0};
      });
  AuthorityTrust trust(system_);
  ASSERT_EQ(trust.TrustAuthority(kAuthorityPem), hr::kOk);
  EXPECT_CALL(system_, ListCertificates(kRoot, _))
      .WillOnce(
          DoAll(SetArgPointee<1>(std::vector<StoreEntry>{{kThumbprint, mark}}), Return(DWORD{0})));
  EXPECT_CALL(system_, DeleteCertificate(kRoot, kThumbprint)).Times(0);
  EXPECT_TRUE(trust.RemoveLeftovers().Succeeded());
  ::testing::Mock::VerifyAndClearExpectations(&system_);
}

TEST_F(AuthorityTrustTest, TextWithoutACertificateIsAnInvalidArgumentAndTouchesNoStore) {
  EXPECT_CALL(system_, ListCertificates).Times(0);
  EXPECT_CALL(system_, AddCertificate).Times(0);
  AuthorityTrust trust(system_);
  EXPECT_EQ(trust.TrustAuthority("no pem here"), hr::kInvalidArg);
}

TEST_F(AuthorityTrustTest, ARefusedAdditionIsTheAnswerAndNothingIsRemovedAtTheEnd) {
  EXPECT_CALL(system_, AddCertificate).WillOnce(Return(win32::kErrorAccessDenied));
  EXPECT_CALL(system_, DeleteCertificate).Times(0);
  AuthorityTrust trust(system_);
  EXPECT_EQ(trust.TrustAuthority(kAuthorityPem), hr::kAccessDenied);
}

}  // namespace
}  // namespace bitscts::com
