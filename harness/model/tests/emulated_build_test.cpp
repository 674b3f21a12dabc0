#include "bitscts/model/emulated_build.h"

#include <gtest/gtest.h>

#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;

TEST(EmulatedBuildTest, BuildNumbersSelectTheTokenRules) {
  EXPECT_EQ(DescribeBuild(6002, nullptr)->token_rules, TokenRules::kAbsent);
  EXPECT_EQ(DescribeBuild(7600, nullptr)->token_rules, TokenRules::kPre1607);
  EXPECT_EQ(DescribeBuild(14392, nullptr)->token_rules, TokenRules::kPre1607);
  EXPECT_EQ(DescribeBuild(14393, nullptr)->token_rules, TokenRules::kWindows1607);
  EXPECT_EQ(DescribeBuild(26100, nullptr)->token_rules, TokenRules::kWindows1607);
}

TEST(EmulatedBuildTest, BuildNumbersSelectTheBitsVersion) {
  EXPECT_EQ(DescribeBuild(2600, nullptr)->bits_version, "2.5");
  EXPECT_EQ(DescribeBuild(6002, nullptr)->bits_version, "3.0");
  EXPECT_EQ(DescribeBuild(7601, nullptr)->bits_version, "4.0");
  EXPECT_EQ(DescribeBuild(9600, nullptr)->bits_version, "5.0");
  EXPECT_EQ(DescribeBuild(14393, nullptr)->bits_version, "5.0");
  EXPECT_EQ(DescribeBuild(17763, nullptr)->bits_version, "10.2");
  EXPECT_EQ(DescribeBuild(18362, nullptr)->bits_version, "10.3");
  EXPECT_EQ(DescribeBuild(14393, nullptr)->os_name,
            "Windows 10 1607 / Server 2016 (emulated build 14393)");
}

TEST(EmulatedBuildTest, QmgrFileVersionFollowsTheBitsVersion) {
  EXPECT_EQ(DescribeBuild(2600, nullptr)->QmgrFileVersion(), "6.7.2600.0");
  EXPECT_EQ(DescribeBuild(6002, nullptr)->QmgrFileVersion(), "7.0.6002.0");
  EXPECT_EQ(DescribeBuild(7601, nullptr)->QmgrFileVersion(), "7.5.7601.0");
  EXPECT_EQ(DescribeBuild(9600, nullptr)->QmgrFileVersion(), "7.7.9600.0");
  EXPECT_EQ(DescribeBuild(10240, nullptr)->QmgrFileVersion(), "7.8.10240.0")
      << "BITS 5.0 on Windows 10";
  EXPECT_EQ(DescribeBuild(19045, nullptr)->QmgrFileVersion(), "7.8.19045.0");
}

TEST(EmulatedBuildTest, NonsenseBuildsAreRejectedWithAReason) {
  std::string error;
  EXPECT_FALSE(DescribeBuild(0, &error));
  EXPECT_NE(error.find("build 0"), std::string::npos) << error;
  EXPECT_FALSE(DescribeBuild(1234567, &error));
  ModelOptions options;
  options.build = 42;
  EXPECT_EQ(MakeModelTarget(options, &error), nullptr);
  EXPECT_NE(error.find("42"), std::string::npos) << error;
}

TEST_F(ModelTest, DescriptionNamesTheModelAndItsBuild) {
  const auto& description = Make(17763).Description();
  EXPECT_EQ(description.id, "model-17763");
  EXPECT_EQ(description.family, "model");
  EXPECT_EQ(description.os_build, 17763u);
  EXPECT_EQ(description.bits_version, "10.2");
}

TEST_F(ModelTest, ProbeFindsTokenOptionsFromBits4On) {
  const auto modern = Make(testing_support::kWindows10).Probe();
  EXPECT_TRUE(modern.Has(Feature::kTokenOptions)) << modern.Get(Feature::kTokenOptions).evidence;
  EXPECT_TRUE(modern.Has(Feature::kBits4));
  EXPECT_TRUE(modern.Has(Feature::kAdministrator));
  EXPECT_TRUE(modern.Has(Feature::kLogoff));
  EXPECT_TRUE(modern.Has(Feature::kDistinctIdentities));
  EXPECT_TRUE(modern.Has(Feature::kDownload));

  const auto vista = Make(testing_support::kVista).Probe();
  EXPECT_FALSE(vista.Has(Feature::kTokenOptions));
  EXPECT_NE(vista.Get(Feature::kTokenOptions).evidence.find("E_NOINTERFACE"), std::string::npos)
      << vista.Get(Feature::kTokenOptions).evidence;
  EXPECT_FALSE(vista.Has(Feature::kBits4));
  EXPECT_NE(vista.Get(Feature::kBits4).evidence.find("REGDB_E_CLASSNOTREG"), std::string::npos);
}

TEST_F(ModelTest, ProbeReportsAStandardRunner) {
  const auto capabilities = Make(19045, PrincipalKind::kStandardUser).Probe();
  EXPECT_FALSE(capabilities.Has(Feature::kAdministrator));
  EXPECT_TRUE(capabilities.Has(Feature::kTokenOptions));
}

}  // namespace
}  // namespace bitscts::model
