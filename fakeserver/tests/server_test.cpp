#include <httplib.h>

#include "bitscts/fakeserver/server.h"

#include <gtest/gtest.h>

#include "bitscts/fakeserver/content.h"

namespace bitscts::fakeserver {
namespace {

class ServerTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(server_.Start(), ""); }

  httplib::Client Client() { return httplib::Client("127.0.0.1", server_.port()); }

  Server server_;
};

TEST_F(ServerTest, ListensOnAnEphemeralLoopbackPort) {
  EXPECT_GT(server_.port(), 0);
  EXPECT_EQ(server_.Url("/a"), "http://127.0.0.1:" + std::to_string(server_.port()) + "/a");
}

TEST_F(ServerTest, GetReturnsTheWholeDeterministicContent) {
  auto client = Client();
  const auto response = client.Get(ContentPath(5, 100000));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body.size(), 100000u);
  EXPECT_EQ(FirstMismatch(5, 0, response->body), std::nullopt);
  EXPECT_EQ(response->get_header_value("Accept-Ranges"), "bytes");
}

TEST_F(ServerTest, HeadAnnouncesLengthAndRanges) {
  auto client = Client();
  const auto response = client.Head(ContentPath(5, 4242));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Length"), "4242");
  EXPECT_EQ(response->get_header_value("Accept-Ranges"), "bytes");
  EXPECT_TRUE(response->body.empty());
}

TEST_F(ServerTest, RangeReturnsPartialContent) {
  auto client = Client();
  const auto response = client.Get(ContentPath(9, 1000), {{"Range", "bytes=100-199"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 206);
  EXPECT_EQ(response->body.size(), 100u);
  EXPECT_EQ(FirstMismatch(9, 100, response->body), std::nullopt);
}

TEST_F(ServerTest, UnsatisfiableRangeIs416) {
  auto client = Client();
  const auto response = client.Get(ContentPath(9, 1000), {{"Range", "bytes=5000-6000"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 416);
}

TEST_F(ServerTest, UnknownPathIs404) {
  auto client = Client();
  const auto response = client.Get("/content/nope");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
}

TEST_F(ServerTest, LogRecordsEveryRequest) {
  auto client = Client();
  ASSERT_TRUE(client.Get(ContentPath(1, 10), {{"Range", "bytes=0-4"}}));
  const auto log = server_.Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].path, "/content/1/10");
  EXPECT_EQ(log[0].range, "bytes=0-4");
  EXPECT_EQ(log[0].status, 206);
  server_.ClearLog();
  EXPECT_TRUE(server_.Log().empty());
}

}  // namespace
}  // namespace bitscts::fakeserver
