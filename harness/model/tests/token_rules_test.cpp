#include "token_rules.h"

#include <gtest/gtest.h>

namespace bitscts::model {
namespace {

Token MakeToken(const std::string& sid, GroupState administrators) {
  Token token;
  token.user_sid = sid;
  token.administrators = administrators;
  return token;
}

JobRecord JobOwnedBy(const Token& owner) {
  JobRecord job;
  job.owner = owner;
  return job;
}

const Token kUser = MakeToken("S-1-5-21-1-2-3-1001", GroupState::kAbsent);
const Token kOtherUser = MakeToken("S-1-5-21-1-2-3-1002", GroupState::kAbsent);
const Token kAdmin = MakeToken("S-1-5-21-1-2-3-1003", GroupState::kEnabled);
const Token kFiltered = MakeToken("S-1-5-21-1-2-3-1004", GroupState::kDenyOnly);

TEST(TokenRulesTest, NoInterfaceBeforeBits4) {
  EXPECT_EQ(CheckQueryInterface(TokenRules::kAbsent, ImpersonationLevel::kImpersonate, kAdmin,
                                JobOwnedBy(kAdmin)),
            hr::kNoInterface);
}

TEST(TokenRulesTest, QueryInterfaceComparesTheThreadSidWithTheOwner) {
  const JobRecord job = JobOwnedBy(kUser);
  for (const TokenRules rules : {TokenRules::kPre1607, TokenRules::kWindows1607}) {
    EXPECT_EQ(CheckQueryInterface(rules, ImpersonationLevel::kImpersonate, kUser, job), hr::kOk);
    EXPECT_EQ(CheckQueryInterface(rules, ImpersonationLevel::kImpersonate, kOtherUser, job),
              hr::kAccessDenied);
    EXPECT_EQ(CheckQueryInterface(rules, ImpersonationLevel::kImpersonate, kFiltered, job),
              hr::kAccessDenied);
    EXPECT_EQ(CheckQueryInterface(rules, ImpersonationLevel::kImpersonate, kAdmin, job), hr::kOk);
    EXPECT_EQ(CheckQueryInterface(rules, ImpersonationLevel::kAnonymous, kUser, job),
              hr::kAccessDenied);
  }
}

TEST(TokenRulesTest, Pre1607NeedsAnAdministratorOwner) {
  for (const TokenMethod method :
       {TokenMethod::kSetHelperToken, TokenMethod::kClearHelperToken,
        TokenMethod::kSetHelperTokenFlags, TokenMethod::kGetHelperTokenFlags,
        TokenMethod::kGetHelperTokenSid}) {
    EXPECT_EQ(CheckTokenMethod(TokenRules::kPre1607, method, kUser, JobOwnedBy(kUser), &kUser),
              hr::kAccessDenied);
    EXPECT_EQ(CheckTokenMethod(TokenRules::kPre1607, method, kFiltered, JobOwnedBy(kFiltered),
                               &kUser),
              hr::kAccessDenied);
    EXPECT_EQ(CheckTokenMethod(TokenRules::kPre1607, method, kAdmin, JobOwnedBy(kAdmin), &kAdmin),
              hr::kOk);
  }
}

// HT-CLR-5 reading: before 1607 the four pages other than SetHelperToken's name the calling
// user's administrator rights; SetHelperToken alone needs an administrator-owned job (HT-SET-3).
TEST(TokenRulesTest, Pre1607AnAdministratorCallerUsesAStandardUsersJobButSetsNoToken) {
  const JobRecord job = JobOwnedBy(kUser);
  for (const TokenMethod method :
       {TokenMethod::kClearHelperToken, TokenMethod::kSetHelperTokenFlags,
        TokenMethod::kGetHelperTokenFlags, TokenMethod::kGetHelperTokenSid}) {
    EXPECT_EQ(CheckTokenMethod(TokenRules::kPre1607, method, kAdmin, job, nullptr), hr::kOk);
    EXPECT_EQ(CheckTokenMethod(TokenRules::kPre1607, method, kOtherUser, JobOwnedBy(kAdmin),
                               nullptr),
              hr::kAccessDenied);
  }
  EXPECT_EQ(CheckTokenMethod(TokenRules::kPre1607, TokenMethod::kSetHelperToken, kAdmin, job,
                             &kAdmin),
            hr::kAccessDenied);
}

TEST(TokenRulesTest, Since1607ANonAdminMayNotInstallAnAdminHelper) {
  const JobRecord job = JobOwnedBy(kUser);
  const auto set = [&](const Token& qi, const Token& helper) {
    return CheckTokenMethod(TokenRules::kWindows1607, TokenMethod::kSetHelperToken, qi, job,
                            &helper);
  };
  EXPECT_EQ(set(kUser, kOtherUser), hr::kOk);
  EXPECT_EQ(set(kUser, kFiltered), hr::kOk);
  EXPECT_EQ(set(kUser, kAdmin), hr::kAccessDenied);
  EXPECT_EQ(set(kAdmin, kAdmin), hr::kOk);
}

TEST(TokenRulesTest, Since1607FlagsNeedANonAdminInstalledToken) {
  JobRecord job = JobOwnedBy(kUser);
  const auto flags = [&] {
    return CheckTokenMethod(TokenRules::kWindows1607, TokenMethod::kSetHelperTokenFlags, kUser, job,
                            nullptr);
  };
  EXPECT_EQ(flags(), hr::kOk);
  job.helper = kOtherUser;
  EXPECT_EQ(flags(), hr::kOk);
  job.helper = kAdmin;
  EXPECT_EQ(flags(), hr::kAccessDenied);
  EXPECT_EQ(CheckTokenMethod(TokenRules::kWindows1607, TokenMethod::kClearHelperToken, kUser, job,
                             nullptr),
            hr::kOk);
  EXPECT_EQ(CheckTokenMethod(TokenRules::kWindows1607, TokenMethod::kGetHelperTokenSid, kUser, job,
                             nullptr),
            hr::kOk);
}

TEST(TokenRulesTest, OnlySetHelperTokenNeedsImpersonateLevel) {
  EXPECT_EQ(CheckImpersonationLevel(ImpersonationLevel::kIdentify, TokenMethod::kSetHelperToken),
            hr::kFailedToImpersonate);
  EXPECT_EQ(CheckImpersonationLevel(ImpersonationLevel::kDefault, TokenMethod::kSetHelperToken),
            hr::kFailedToImpersonate);
  EXPECT_EQ(CheckImpersonationLevel(ImpersonationLevel::kDelegate, TokenMethod::kSetHelperToken),
            hr::kOk);
  EXPECT_EQ(CheckImpersonationLevel(ImpersonationLevel::kIdentify,
                                    TokenMethod::kSetHelperTokenFlags),
            hr::kOk);
}

TEST(TokenRulesTest, TheLowerOfProxyAndTokenLevelCounts) {
  EXPECT_EQ(EffectiveLevel(ImpersonationLevel::kImpersonate, ImpersonationLevel::kIdentify),
            ImpersonationLevel::kIdentify);
  EXPECT_EQ(EffectiveLevel(ImpersonationLevel::kIdentify, ImpersonationLevel::kDelegate),
            ImpersonationLevel::kIdentify);
  EXPECT_EQ(EffectiveLevel(ImpersonationLevel::kDelegate, ImpersonationLevel::kImpersonate),
            ImpersonationLevel::kImpersonate);
  EXPECT_EQ(EffectiveLevel(ImpersonationLevel::kDefault, ImpersonationLevel::kDelegate),
            ImpersonationLevel::kIdentify);
}

TEST(TokenRulesTest, FlagsAreTheTwoDocumentedBits) {
  EXPECT_EQ(CheckTokenFlags(0), hr::kOk);
  EXPECT_EQ(CheckTokenFlags(1), hr::kOk);
  EXPECT_EQ(CheckTokenFlags(2), hr::kOk);
  EXPECT_EQ(CheckTokenFlags(3), hr::kOk);
  EXPECT_EQ(CheckTokenFlags(4), hr::kInvalidArg);
  EXPECT_EQ(CheckTokenFlags(0xFFFFFFFFu), hr::kInvalidArg);
}

}  // namespace
}  // namespace bitscts::model
