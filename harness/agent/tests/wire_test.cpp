#include "wire.h"

#include <gtest/gtest.h>

namespace bitscts::agent::wire {
namespace {

TEST(Wire, AnyFieldsSurviveJoinAndSplit) {
  const std::vector<std::string> fields{"plain",
                                        "",
                                        "two words",
                                        "100%",
                                        "~",
                                        "line\nbreak\r",
                                        std::string("nul\0byte", 8),
                                        "http://127.0.0.1:8080/a b",
                                        "ünïcode"};
  const std::string line = Join(fields);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(Split(line), fields);
}

TEST(Wire, AnEmptyLineHasNoFields) { EXPECT_EQ(Split(""), std::vector<std::string>{}); }

TEST(Wire, MalformedEscapesAreRejected) {
  for (const char* line : {"%", "%4", "%ZZ", "a%4", "a~b", "a  b", "trailing "}) {
    EXPECT_EQ(Split(line), std::nullopt) << line;
  }
}

TEST(Wire, NumbersAreDecimalAndBounded) {
  EXPECT_EQ(ParseNumber("0"), 0u);
  EXPECT_EQ(ParseNumber("18446744073709551615"), 18446744073709551615u);
  for (const char* text : {"", "-1", "1x", "18446744073709551616", " 1"})
    EXPECT_EQ(ParseNumber(text), std::nullopt) << text;
}

}  // namespace
}  // namespace bitscts::agent::wire
