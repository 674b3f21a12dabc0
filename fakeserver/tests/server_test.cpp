#include <httplib.h>

#include "bitscts/fakeserver/server.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "bitscts/fakeserver/content.h"
#include "raw_client.h"

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
  ASSERT_TRUE(server_.WaitForFinished(std::chrono::seconds(10)));
  EXPECT_EQ(server_.Log().at(0).bytes, 0u);  // a HEAD writes no body
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

namespace bitscts::fakeserver {
namespace {

TEST_F(ServerTest, HeadAndGetCarryTheSameValidators) {
  auto client = Client();
  const auto head = client.Head(ContentPath(3, 10));
  const auto get = client.Get(ContentPath(3, 10));
  ASSERT_TRUE(head && get);
  EXPECT_FALSE(head->get_header_value("ETag").empty());
  EXPECT_EQ(head->get_header_value("ETag"), get->get_header_value("ETag"));
  EXPECT_EQ(head->get_header_value("Last-Modified"), "Mon, 01 Jan 2024 00:00:00 GMT");
  EXPECT_NE(client.Head(ContentPath(4, 10))->get_header_value("ETag"),
            head->get_header_value("ETag"));
}

TEST_F(ServerTest, SingleRangeNamesItsContentRange) {
  auto client = Client();
  const auto response = client.Get(ContentPath(9, 1000), {{"Range", "bytes=-10"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 206);
  EXPECT_EQ(response->get_header_value("Content-Range"), "bytes 990-999/1000");
  EXPECT_EQ(FirstMismatch(9, 990, response->body), std::nullopt);
}

TEST_F(ServerTest, MultipleRangesComeAsMultipartByteranges) {
  auto client = Client();
  const auto response = client.Get(ContentPath(9, 1000), {{"Range", "bytes=900-909,0-9"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 206);
  const std::string type = response->get_header_value("Content-Type");
  const std::string boundary_key = "boundary=";
  ASSERT_EQ(type.rfind("multipart/byteranges; " + boundary_key, 0), 0u) << type;
  const std::string boundary = type.substr(type.find(boundary_key) + boundary_key.size());
  const std::string& body = response->body;
  // The parts come in offset order, each with its own Content-Range, then the closing boundary.
  const std::size_t first = body.find("Content-Range: bytes 0-9/1000\r\n\r\n");
  const std::size_t second = body.find("Content-Range: bytes 900-909/1000\r\n\r\n");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  const std::size_t first_data = body.find("\r\n\r\n", first) + 4;
  const std::size_t second_data = body.find("\r\n\r\n", second) + 4;
  EXPECT_EQ(FirstMismatch(9, 0, body.substr(first_data, 10)), std::nullopt);
  EXPECT_EQ(FirstMismatch(9, 900, body.substr(second_data, 10)), std::nullopt);
  EXPECT_EQ(body.rfind("--" + boundary + "--\r\n"), body.size() - boundary.size() - 6);
}

TEST_F(ServerTest, UnsatisfiableRangeNamesTheSize) {
  auto client = Client();
  const auto response = client.Get(ContentPath(9, 1000), {{"Range", "bytes=1000-"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 416);
  EXPECT_EQ(response->get_header_value("Content-Range"), "bytes */1000");
}

TEST_F(ServerTest, IfRangeWithAStaleValidatorGetsTheWhole) {
  auto client = Client();
  const std::string etag = client.Head(ContentPath(2, 100))->get_header_value("ETag");
  const auto fresh = client.Get(ContentPath(2, 100), {{"Range", "bytes=0-9"}, {"If-Range", etag}});
  const auto stale =
      client.Get(ContentPath(2, 100), {{"Range", "bytes=0-9"}, {"If-Range", "\"old\""}});
  ASSERT_TRUE(fresh && stale);
  EXPECT_EQ(fresh->status, 206);
  EXPECT_EQ(stale->status, 200);
  EXPECT_EQ(stale->body.size(), 100u);
}

TEST_F(ServerTest, ContentOfTensOfGibibytesIsAnnouncedAndServedInRanges) {
  const std::uint64_t size = 40ull << 30;
  auto client = Client();
  const auto head = client.Head(ContentPath(11, size));
  ASSERT_TRUE(head);
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(size));
  const auto tail = client.Get(ContentPath(11, size), {{"Range", "bytes=-4096"}});
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->status, 206);
  EXPECT_EQ(FirstMismatch(11, size - 4096, tail->body), std::nullopt);
}

TEST_F(ServerTest, AClientThatHasItsResponseFindsItsRequestLogged) {
  for (int i = 0; i < 20; ++i) {
    auto client = Client();
    const std::string path = ContentPath(static_cast<std::uint64_t>(i), 100);
    ASSERT_TRUE(client.Get(path));
    const auto log = server_.Log();
    ASSERT_FALSE(log.empty());
    EXPECT_EQ(log.back().path, path);
    EXPECT_EQ(log.back().bytes, 100u);
  }
}

TEST_F(ServerTest, LogsTheBodyBytesWrittenWhenTheClientLeavesEarly) {
  const std::uint64_t size = 256ull << 20;  // far more than the socket buffers hold
  {
    testing_support::RawClient leaving(server_.port());
    ASSERT_TRUE(leaving.Send("GET " + ContentPath(12, size) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    const std::string start = leaving.ReceiveAtLeast(64 * 1024);
    ASSERT_EQ(testing_support::StatusOf(start), 200);
  }  // closes with unread data: the server's writes fail
  ASSERT_TRUE(server_.WaitForFinished(std::chrono::seconds(10)));
  const auto log = server_.Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_TRUE(log[0].finished);
  EXPECT_GT(log[0].bytes, 0u);
  EXPECT_LT(log[0].bytes, size);
}

TEST_F(ServerTest, OneConnectionMixesQuickAndLongAnswersInOrder) {
  const std::uint64_t large = 3 << 20;
  testing_support::RawClient client(server_.port());
  ASSERT_TRUE(client.Send("GET " + ContentPath(13, 10) + " HTTP/1.1\r\nHost: x\r\n\r\n" + "GET " +
                          ContentPath(14, large) + " HTTP/1.1\r\nHost: x\r\n\r\n" + "GET " +
                          ContentPath(15, 20) +
                          " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  const std::string answers = client.ReceiveUntilClosed();
  const std::size_t second = answers.find("HTTP/1.1 200", 1);
  const std::size_t third = answers.rfind("HTTP/1.1 200");
  ASSERT_NE(second, std::string::npos);
  ASSERT_NE(third, second);
  const std::size_t large_body = answers.find("\r\n\r\n", second) + 4;
  EXPECT_EQ(third - large_body, large);
  EXPECT_EQ(FirstMismatch(14, 0, std::string_view(answers).substr(large_body, large)),
            std::nullopt);
  EXPECT_EQ(FirstMismatch(15, 0, answers.substr(answers.find("\r\n\r\n", third) + 4)),
            std::nullopt);
  ASSERT_TRUE(server_.WaitForFinished(std::chrono::seconds(10)));
  const auto log = server_.Log();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].bytes, large);
  EXPECT_EQ(log[2].path, ContentPath(15, 20));
}

TEST_F(ServerTest, ManyKeepAliveConnectionsAreAnsweredTogether) {
  std::vector<std::unique_ptr<httplib::Client>> clients;
  for (int i = 0; i < 40; ++i) {
    clients.push_back(std::make_unique<httplib::Client>("127.0.0.1", server_.port()));
    clients.back()->set_keep_alive(true);
  }
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < clients.size(); ++i) {
      const auto response = clients[i]->Get(ContentPath(i, 4096));
      ASSERT_TRUE(response);
      EXPECT_EQ(response->status, 200);
      EXPECT_EQ(FirstMismatch(i, 0, response->body), std::nullopt);
    }
  }
  EXPECT_EQ(server_.Log().size(), 120u);
}

TEST_F(ServerTest, WaitForFinishedIsTrueForAnEmptyLog) {
  EXPECT_TRUE(server_.WaitForFinished(std::chrono::milliseconds(0)));
}

TEST(ServerLifetime, StopIsPromptWhileAClientKeepsItsConnectionOpen) {
  ServerOptions options;
  options.keep_alive_timeout = std::chrono::minutes(5);
  Server server(options);
  ASSERT_EQ(server.Start(), "");
  testing_support::RawClient idle(server.port());
  ASSERT_TRUE(idle.connected());
  ASSERT_TRUE(idle.Send("GET /content/1/1 HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto started = std::chrono::steady_clock::now();
  server.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_TRUE(idle.ClosedWithin(std::chrono::seconds(3)));
}

TEST(ServerLifetime, StartReportsAPortInUse) {
  Server first;
  ASSERT_EQ(first.Start(), "");
  ServerOptions options;
  options.port = first.port();
  Server second(options);
  EXPECT_NE(second.Start(), "");
  EXPECT_EQ(second.port(), 0);
}

TEST(ServerLifetime, StartReportsAMissingFolder) {
  ServerOptions options;
  options.folder = "/definitely/not/a/folder/of/bitscts";
  Server server(options);
  EXPECT_NE(server.Start().find("not a readable directory"), std::string::npos);
}

}  // namespace
}  // namespace bitscts::fakeserver
