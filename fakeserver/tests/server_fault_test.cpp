// Injected faults: statuses (transient or not), cut connections, delays.
#include <httplib.h>

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/server.h"
#include "raw_client.h"

namespace bitscts::fakeserver {
namespace {

using testing_support::RawClient;
using testing_support::StatusOf;

// Returns a fault that holds `times` requests (0: every request).
Fault HoldFault(int times = 0) {
  Fault fault;
  fault.hold = true;
  fault.times = times;
  return fault;
}

class ServerFaultTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(server_.Start(), ""); }

  int StatusOfGet(const std::string& path) {
    httplib::Client client("127.0.0.1", server_.port());
    const auto response = client.Get(path);
    return response ? response->status : 0;
  }

  Server server_;
};

TEST_F(ServerFaultTest, ATransientStatusInThePathClearsAfterItsCount) {
  Fault fault;
  fault.status = 503;
  fault.times = 2;
  const std::string path = FaultPath(fault, ContentPath(1, 10));
  EXPECT_EQ(StatusOfGet(path), 503);
  EXPECT_EQ(StatusOfGet(path), 503);
  EXPECT_EQ(StatusOfGet(path), 200);
  const auto log = server_.Log();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].fault, "status=503,times=2");
  EXPECT_EQ(log[2].fault, "");
}

TEST_F(ServerFaultTest, ARunnerFaultAppliesByPrefixUntilCleared) {
  Fault fault;
  fault.status = 500;
  server_.InjectFault("/content/2/", fault);
  EXPECT_EQ(StatusOfGet(ContentPath(2, 10)), 500);
  EXPECT_EQ(StatusOfGet(ContentPath(2, 10)), 500);
  EXPECT_EQ(StatusOfGet(ContentPath(3, 10)), 200);
  server_.ClearFaults();
  EXPECT_EQ(StatusOfGet(ContentPath(2, 10)), 200);
}

TEST_F(ServerFaultTest, ACutConnectionCanBeResumedWithARange) {
  Fault fault;
  fault.close_after_bytes = 1000;
  const std::string path = FaultPath(fault, ContentPath(4, 100000));
  RawClient cut(server_.port());
  ASSERT_TRUE(cut.Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string partial = cut.ReceiveUntilClosed();
  ASSERT_EQ(StatusOf(partial), 200);
  EXPECT_NE(partial.find("Content-Length: 100000\r\n"), std::string::npos);
  const std::string body = partial.substr(partial.find("\r\n\r\n") + 4);
  EXPECT_EQ(body.size(), 1000u);
  EXPECT_EQ(FirstMismatch(4, 0, body), std::nullopt);
  ASSERT_TRUE(server_.WaitForFinished(std::chrono::seconds(10)));
  EXPECT_EQ(server_.Log().at(0).bytes, 1000u);
  EXPECT_TRUE(server_.Log().at(0).finished);

  httplib::Client client("127.0.0.1", server_.port());
  const auto rest = client.Get(ContentPath(4, 100000), {{"Range", "bytes=1000-"}});
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->status, 206);
  EXPECT_EQ(rest->body.size(), 99000u);
  EXPECT_EQ(FirstMismatch(4, 1000, rest->body), std::nullopt);
}

TEST_F(ServerFaultTest, ADelayHoldsTheAnswerBack) {
  Fault fault;
  fault.delay = std::chrono::milliseconds(100);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(StatusOfGet(FaultPath(fault, ContentPath(5, 10))), 200);
  EXPECT_GE(std::chrono::steady_clock::now() - started, fault.delay);
  EXPECT_EQ(server_.Log().at(0).fault, "delay-ms=100");
}

TEST_F(ServerFaultTest, StopDoesNotWaitForADelayedAnswer) {
  Fault fault;
  fault.delay = kMaxFaultDelay;
  RawClient waiting(server_.port());
  ASSERT_TRUE(
      waiting.Send("GET " + FaultPath(fault, ContentPath(5, 10)) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto started = std::chrono::steady_clock::now();
  server_.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, kMaxFaultDelay / 2);
  EXPECT_TRUE(waiting.ClosedWithin(std::chrono::seconds(3)));
}

TEST_F(ServerFaultTest, AFaultAppliesOnlyOnceAccessIsGranted) {
  server_.AddUser("alice", "pw");
  server_.Allow("/content/6/", {"alice"});
  Fault fault;
  fault.status = 503;
  EXPECT_EQ(StatusOfGet(FaultPath(fault, ContentPath(6, 10))), 401);
}

TEST_F(ServerFaultTest, AHeldRequestIsAnsweredOnlyOnceReleased) {
  server_.InjectFault("/content/7/", HoldFault());
  RawClient held(server_.port());
  ASSERT_TRUE(held.Send("GET " + ContentPath(7, 10) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(server_.WaitForHeld(1, std::chrono::seconds(10)));
  EXPECT_TRUE(server_.Log().empty());               // a held request is logged when it is answered
  EXPECT_EQ(StatusOfGet(ContentPath(8, 10)), 200);  // other paths are not held

  server_.ReleaseHeld();
  const std::string answer = held.ReceiveAtLeast(1);
  EXPECT_EQ(StatusOf(answer), 200);
  ASSERT_TRUE(server_.WaitForFinished(std::chrono::seconds(10)));
  const auto log = server_.Log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].path, ContentPath(7, 10));
  EXPECT_EQ(log[1].fault, "hold");
}

TEST_F(ServerFaultTest, ReleasedHoldingStaysReleasedUntilFaultsChange) {
  server_.InjectFault("/content/7/", HoldFault());
  server_.ReleaseHeld();
  EXPECT_EQ(StatusOfGet(ContentPath(7, 10)), 200);  // released before it arrived: not held

  server_.InjectFault("/content/7/", HoldFault());  // arms holding again
  RawClient held(server_.port());
  ASSERT_TRUE(held.Send("GET " + ContentPath(7, 10) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(server_.WaitForHeld(1, std::chrono::seconds(10)));
  server_.ClearFaults();  // re-arms, but does not release what is held
  EXPECT_TRUE(server_.WaitForHeld(1, std::chrono::milliseconds(0)));
  server_.ReleaseHeld();
  EXPECT_EQ(StatusOf(held.ReceiveAtLeast(1)), 200);
}

TEST_F(ServerFaultTest, AHoldInThePathWithACountHoldsOnlyThatManyRequests) {
  const std::string path = FaultPath(HoldFault(1), ContentPath(9, 10));
  RawClient first(server_.port());
  ASSERT_TRUE(first.Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(server_.WaitForHeld(1, std::chrono::seconds(10)));
  EXPECT_EQ(StatusOfGet(path), 200);
  EXPECT_TRUE(server_.WaitForHeld(1, std::chrono::milliseconds(0)));
  server_.ReleaseHeld();
  EXPECT_EQ(StatusOf(first.ReceiveAtLeast(1)), 200);
}

TEST_F(ServerFaultTest, ManyHeldRequestsDoNotStopOthersBeingAnswered) {
  const std::string path = FaultPath(HoldFault(), ContentPath(11, 10));
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 12; ++i) {
    held.push_back(std::make_unique<RawClient>(server_.port()));
    ASSERT_TRUE(held.back()->Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  }
  ASSERT_TRUE(server_.WaitForHeld(held.size(), std::chrono::seconds(10)));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(StatusOfGet(ContentPath(12, 100)), 200);
  server_.ReleaseHeld();
  for (const auto& client : held) EXPECT_EQ(StatusOf(client->ReceiveAtLeast(1)), 200);
}

TEST_F(ServerFaultTest, WaitForHeldReturnsFalseWhenTooFewAreHeld) {
  EXPECT_FALSE(server_.WaitForHeld(1, std::chrono::milliseconds(20)));
}

TEST_F(ServerFaultTest, StopReleasesHeldRequestsPromptly) {
  const std::string path = FaultPath(HoldFault(), ContentPath(10, 10));
  RawClient first(server_.port());
  RawClient second(server_.port());
  ASSERT_TRUE(first.Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(second.Send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(server_.WaitForHeld(2, std::chrono::seconds(10)));
  const auto started = std::chrono::steady_clock::now();
  server_.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_TRUE(first.ClosedWithin(std::chrono::seconds(3)));
  EXPECT_TRUE(second.ClosedWithin(std::chrono::seconds(3)));
  EXPECT_FALSE(server_.WaitForHeld(1, std::chrono::seconds(1)));
}

}  // namespace
}  // namespace bitscts::fakeserver
