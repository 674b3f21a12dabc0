#include "bitscts/model/readings.h"

#include <gtest/gtest.h>

#include <set>

namespace bitscts::model {
namespace {

TEST(ReadingsTest, EveryReadingNamesAClauseOnce) {
  std::set<std::string> seen;
  for (const auto& reading : ModelReadings()) {
    EXPECT_FALSE(reading.clause.empty());
    EXPECT_FALSE(reading.reading.empty()) << reading.clause;
    EXPECT_TRUE(seen.insert(reading.clause).second) << "duplicate " << reading.clause;
  }
  EXPECT_GE(seen.size(), 20u);
}

TEST(ReadingsTest, ImplementedAndUnimplementedClausesAreDisjoint) {
  const auto implemented = ImplementedClauses();
  const std::set<std::string> done(implemented.begin(), implemented.end());
  EXPECT_EQ(done.size(), implemented.size()) << "a clause is listed twice";
  for (const auto& missing : UnimplementedClauses()) {
    EXPECT_EQ(done.count(missing.clause), 0u) << missing.clause;
    EXPECT_FALSE(missing.reading.empty()) << missing.clause;
  }
  for (const auto& reading : ModelReadings()) {
    EXPECT_EQ(done.count(reading.clause), 1u)
        << reading.clause << " has a reading but is not implemented";
  }
}

}  // namespace
}  // namespace bitscts::model
