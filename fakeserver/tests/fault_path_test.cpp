#include "content/fault_path.h"

#include <gtest/gtest.h>

namespace bitscts::fakeserver::internal {
namespace {

// Returns a fault that holds `times` requests (0: every request).
Fault HoldFault(int times = 0) {
  Fault fault;
  fault.hold = true;
  fault.times = times;
  return fault;
}

TEST(FaultPath, RoundTripsThroughTheParser) {
  Fault fault;
  fault.status = 503;
  fault.close_after_bytes = 1000;
  fault.delay = std::chrono::milliseconds(20);
  fault.times = 2;
  const std::string path = FaultPath(fault, "/content/1/100");
  EXPECT_EQ(path, "/fault/status=503,close-after=1000,delay-ms=20,times=2/content/1/100");
  const auto parsed = ParseFaultPath(path);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->fault, fault);
  EXPECT_EQ(parsed->served_path, "/content/1/100");
}

TEST(FaultPath, HoldIsAKeyWithoutAValue) {
  Fault fault;
  fault.hold = true;
  fault.times = 1;
  const std::string path = FaultPath(fault, "/content/1/100");
  EXPECT_EQ(path, "/fault/hold,times=1/content/1/100");
  const auto parsed = ParseFaultPath(path);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->fault, fault);
  EXPECT_EQ(FaultPath(HoldFault(), "/x"), "/fault/hold/x");
}

TEST(FaultPath, AFaultThatChangesNothingStillParses) {
  const auto parsed = ParseFaultPath(FaultPath(Fault{}, "/x"));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->fault, Fault{});
  EXPECT_EQ(parsed->served_path, "/x");
}

TEST(FaultPath, RefusesMalformedSpecifications) {
  for (const char* path :
       {"/fault/", "/fault/status=503", "/fault/status=503/", "/fault//x", "/fault/status=99/x",
        "/fault/status=600/x", "/fault/status=abc/x", "/fault/bogus=1/x",
        "/fault/status=503,status=500/x", "/fault/delay-ms=10001/x", "/fault/times=0/x",
        "/fault/close-after=-1/x", "/fault/status/x", "/fault/hold=1/x", "/fault/hold,hold/x",
        "/fault/holding/x", "/other/status=503/x"}) {
    EXPECT_EQ(ParseFaultPath(path), std::nullopt) << path;
  }
}

}  // namespace
}  // namespace bitscts::fakeserver::internal
