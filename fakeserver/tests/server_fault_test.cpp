// Injected faults: statuses (transient or not), cut connections, delays.
#include <httplib.h>

#include <gtest/gtest.h>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/server.h"
#include "raw_client.h"

namespace bitscts::fakeserver {
namespace {

using testing_support::RawClient;
using testing_support::StatusOf;

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
  ASSERT_TRUE(waiting.Send("GET " + FaultPath(fault, ContentPath(5, 10)) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
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

}  // namespace
}  // namespace bitscts::fakeserver
