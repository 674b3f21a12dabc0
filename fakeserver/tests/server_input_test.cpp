// Hostile and malformed input: each gets its status or is cut off within a bound, and nothing
// outside the served folder is ever served.
#include <httplib.h>

#include <gtest/gtest.h>

#include <fstream>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/server.h"
#include "raw_client.h"

namespace bitscts::fakeserver {
namespace {

using testing_support::Exchange;
using testing_support::RawClient;
using testing_support::StatusOf;

class ServerInputTest : public testing::Test {
 protected:
  void SetUp() override {
    base_ = std::filesystem::temp_directory_path() /
            ("bitscts-fakeserver-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(base_ / "served" / "sub");
    std::ofstream(base_ / "served" / "sub" / "hello.txt", std::ios::binary) << "hello, world";
    std::ofstream(base_ / "secret.txt", std::ios::binary) << "SECRET-OUTSIDE";
    ServerOptions options;
    options.folder = base_ / "served";
    options.io_timeout = std::chrono::milliseconds(500);
    server_ = std::make_unique<Server>(options);
    ASSERT_EQ(server_->Start(), "");
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(base_);
  }

  std::string Get(std::string_view target, std::string_view extra_fields = {}) {
    return Exchange(server_->port(), "GET " + std::string(target) + " HTTP/1.1\r\nHost: x\r\n" +
                                         std::string(extra_fields) + "Connection: close\r\n\r\n");
  }

  std::filesystem::path base_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerInputTest, ServesFilesOfTheFolder) {
  const std::string response = Get("/files/sub/hello.txt");
  EXPECT_EQ(StatusOf(response), 200) << response;
  EXPECT_EQ(response.substr(response.size() - 12), "hello, world");
  EXPECT_NE(response.find("Last-Modified: "), std::string::npos);
  const std::string range = Get("/files/sub/hello.txt", "Range: bytes=7-\r\n");
  EXPECT_EQ(StatusOf(range), 206);
  EXPECT_EQ(range.substr(range.size() - 5), "world");
}

TEST_F(ServerInputTest, TraversalIsRefusedInEveryForm) {
  for (const char* target :
       {"/files/../secret.txt", "/files/sub/../../secret.txt", "/files/%2e%2e/secret.txt",
        "/files/%2E%2E%2Fsecret.txt", "/files/..%5csecret.txt", "/files/sub%2f..%2f..%2fsecret.txt",
        "/files//etc/passwd", "/files/C:/Windows/win.ini", "http://x/files/../secret.txt",
        "/files/sub\\..\\..\\secret.txt"}) {
    const std::string response = Get(target);
    const int status = StatusOf(response);
    EXPECT_TRUE(status == 400 || status == 404) << target << " -> " << status;
    EXPECT_EQ(response.find("SECRET-OUTSIDE"), std::string::npos) << target;
  }
}

TEST_F(ServerInputTest, ALinkOutOfTheFolderIsNotFollowed) {
  std::error_code error;
  std::filesystem::create_symlink(base_ / "secret.txt", base_ / "served" / "link.txt", error);
  if (error) GTEST_SKIP() << "this system cannot create symbolic links: " << error.message();
  const std::string response = Get("/files/link.txt");
  EXPECT_EQ(StatusOf(response), 404);
  EXPECT_EQ(response.find("SECRET-OUTSIDE"), std::string::npos);
}

TEST_F(ServerInputTest, OversizedHeadsAre431) {
  const std::string huge_field = "X-Big: " + std::string(20000, 'a') + "\r\n";
  EXPECT_EQ(StatusOf(Get("/content/1/1", huge_field)), 431);
  std::string many_fields;
  for (int i = 0; i < 100; ++i) many_fields += "X-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(StatusOf(Get("/content/1/1", many_fields)), 431);
  // A head that never ends is cut off once it passes the limit.
  RawClient endless(server_->port());
  ASSERT_TRUE(endless.connected());
  endless.Send("GET / HTTP/1.1\r\nX: " + std::string(40000, 'a'));
  EXPECT_EQ(StatusOf(endless.ReceiveUntilClosed()), 431);
}

TEST_F(ServerInputTest, MalformedRequestsAreRefused) {
  EXPECT_EQ(StatusOf(Exchange(server_->port(), "GARBAGE\r\n\r\n")), 400);
  EXPECT_EQ(StatusOf(Exchange(server_->port(), "GET / HTTP/1.1\r\n\r\n")), 400);  // no Host
  EXPECT_EQ(StatusOf(
                Exchange(server_->port(), std::string("GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n", 29))),
            400);
  EXPECT_EQ(StatusOf(Exchange(server_->port(), "GET / HTTP/3.0\r\nHost: x\r\n\r\n")), 505);
  EXPECT_EQ(StatusOf(
                Exchange(server_->port(),
                         "POST /content/1/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")),
            405);
  EXPECT_EQ(StatusOf(
                Exchange(server_->port(),
                         "GET /content/1/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")),
            400);
  EXPECT_EQ(StatusOf(Get("/" + std::string(10000, 'a'))), 414);
  EXPECT_EQ(StatusOf(Get("/fault/bogus=1/content/1/1")), 400);
  EXPECT_EQ(StatusOf(Get("/content/1/1", "Authorization: Basic !!!\r\n")), 400);
}

TEST_F(ServerInputTest, MalformedAndExcessiveRangesGetTheWhole) {
  std::string too_many = "Range: bytes=";
  for (int i = 0; i < 100; ++i)
    too_many += std::to_string(i * 10) + "-" + std::to_string(i * 10 + 1) + ",";
  for (const std::string& range :
       {std::string("Range: bytes=5-1\r\n"), std::string("Range: bytes=x-y\r\n"),
        std::string("Range: pages=1-2\r\n"), too_many + "\r\n"}) {
    const std::string response = Get("/content/1/1000", range);
    EXPECT_EQ(StatusOf(response), 200) << range.substr(0, 40);
    EXPECT_NE(response.find("Content-Length: 1000\r\n"), std::string::npos);
  }
}

TEST_F(ServerInputTest, OverlappingRangesAreMergedIntoOne) {
  const std::string response = Get("/content/1/1000", "Range: bytes=0-99,50-149,0-,100-\r\n");
  EXPECT_EQ(StatusOf(response), 206);
  EXPECT_NE(response.find("Content-Range: bytes 0-999/1000\r\n"), std::string::npos);
}

TEST_F(ServerInputTest, ASlowClientIsCutOffWithin408) {
  RawClient slow(server_->port());
  ASSERT_TRUE(slow.connected());
  ASSERT_TRUE(slow.Send("GET /content/1/1 HTTP/1.1\r\nHo"));  // and then nothing more
  const std::string response = slow.ReceiveUntilClosed(std::chrono::seconds(10));
  EXPECT_EQ(StatusOf(response), 408) << response;
}

TEST_F(ServerInputTest, AnIdleConnectionIsClosedWithoutAnAnswer) {
  RawClient idle(server_->port());
  ASSERT_TRUE(idle.connected());
  EXPECT_EQ(idle.ReceiveUntilClosed(std::chrono::seconds(10)), "");
}

TEST_F(ServerInputTest, PipelinedRequestsAreAnsweredInOrder) {
  const std::string response =
      Exchange(server_->port(),
               "GET /content/1/3 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /content/1/4 HTTP/1.1\r\nHost: "
               "x\r\nConnection: close\r\n\r\n");
  const std::size_t first = response.find("Content-Length: 3\r\n");
  const std::size_t second = response.find("Content-Length: 4\r\n");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_EQ(server_->Log().size(), 2u);
}

TEST_F(ServerInputTest, RefusedRequestsAreWitnessedToo) {
  Exchange(server_->port(), "GARBAGE\r\n\r\n");
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].status, 400);
}

}  // namespace
}  // namespace bitscts::fakeserver
