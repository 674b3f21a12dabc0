// The check that a caller acts with the token its promised principal kind has: an enabled
// administrator, a UAC-filtered one, a standard user and the service accounts, and the clear
// failures for a mismatch or a report the agent could not give.
#include "caller_kind.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace bitscts::com {
namespace {

using agent::AdministratorsGroup;
using agent::TokenReport;
using ::testing::HasSubstr;

Outcome<TokenReport> Report(AdministratorsGroup administrators, std::uint32_t elevation_type,
                            bool impersonating = false) {
  return {hr::kOk, TokenReport{impersonating, elevation_type, administrators}};
}

TEST(CallerKind, EachKindExpectsItsAdministratorsMembership) {
  EXPECT_EQ(ExpectedAdministrators(PrincipalKind::kAdministrator), AdministratorsGroup::kEnabled);
  EXPECT_EQ(ExpectedAdministrators(PrincipalKind::kFilteredAdministrator),
            AdministratorsGroup::kDenyOnly);
  EXPECT_EQ(ExpectedAdministrators(PrincipalKind::kStandardUser), AdministratorsGroup::kAbsent);
  EXPECT_EQ(ExpectedAdministrators(PrincipalKind::kLocalSystem), AdministratorsGroup::kEnabled);
  EXPECT_EQ(ExpectedAdministrators(PrincipalKind::kWindowsService), AdministratorsGroup::kEnabled);
  EXPECT_EQ(ExpectedAdministrators(PrincipalKind::kLocalService), AdministratorsGroup::kAbsent);
  EXPECT_EQ(ExpectedAdministrators(PrincipalKind::kNetworkService), AdministratorsGroup::kAbsent);
}

TEST(CallerKind, AnEnabledAdministratorInARemoteSessionIsAnAdministrator) {
  std::string evidence;
  EXPECT_EQ(CheckCallerKind(PrincipalKind::kAdministrator, Report(AdministratorsGroup::kEnabled, 2),
                            &evidence),
            hr::kOk);
  EXPECT_THAT(evidence,
              HasSubstr("the process token: TokenElevationTypeFull, Administrators enabled"));
}

TEST(CallerKind, AFilteredTokenPromisedAsAnAdministratorFails) {
  // What a remote session gives a local administrator while LocalAccountTokenFilterPolicy is 0.
  std::string evidence;
  EXPECT_EQ(CheckCallerKind(PrincipalKind::kAdministrator,
                            Report(AdministratorsGroup::kDenyOnly, 3), &evidence),
            hr::kFail);
  EXPECT_EQ(evidence, "a caller promised as " + Name(PrincipalKind::kAdministrator) +
                          " needs Administrators enabled in its token, but the process token: "
                          "TokenElevationTypeLimited, Administrators deny-only");
}

TEST(CallerKind, AFilteredAdministratorNeedsAdministratorsDenyOnly) {
  std::string evidence;
  EXPECT_EQ(CheckCallerKind(PrincipalKind::kFilteredAdministrator,
                            Report(AdministratorsGroup::kDenyOnly, 3, /*impersonating=*/true),
                            &evidence),
            hr::kOk);
  EXPECT_THAT(evidence, HasSubstr("the thread's impersonation token: TokenElevationTypeLimited"));
  EXPECT_EQ(CheckCallerKind(PrincipalKind::kFilteredAdministrator,
                            Report(AdministratorsGroup::kEnabled, 2), &evidence),
            hr::kFail);
  EXPECT_THAT(evidence, HasSubstr("needs Administrators deny-only in its token, but"));
}

TEST(CallerKind, AStandardUserMustNotBeAnAdministratorAtAll) {
  std::string evidence;
  EXPECT_EQ(CheckCallerKind(PrincipalKind::kStandardUser, Report(AdministratorsGroup::kAbsent, 1),
                            &evidence),
            hr::kOk);
  EXPECT_THAT(evidence, HasSubstr("TokenElevationTypeDefault, Administrators absent"));
  EXPECT_EQ(CheckCallerKind(PrincipalKind::kStandardUser, Report(AdministratorsGroup::kDenyOnly, 7),
                            &evidence),
            hr::kFail);
  EXPECT_THAT(evidence, HasSubstr("TOKEN_ELEVATION_TYPE 7"));
}

TEST(CallerKind, AnAgentThatCannotReportItsTokenFailsWithItsHresult) {
  std::string evidence;
  const Outcome<TokenReport> unknown{hr::kNotSupported, {}};
  EXPECT_EQ(CheckCallerKind(PrincipalKind::kAdministrator, unknown, &evidence), hr::kNotSupported);
  EXPECT_THAT(evidence,
              HasSubstr(
                  "could not report its token: token -> HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)"));
}

}  // namespace
}  // namespace bitscts::com
