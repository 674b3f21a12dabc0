// Files of the served folder through every way the server sends a body: behind the head in one
// write, span by span without copying (Linux sendfile) and as a chunked copy, whole or in ranges.
#include <httplib.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/server.h"
#include "raw_client.h"

namespace bitscts::fakeserver {
namespace {

constexpr std::uint64_t kSeed = 21;

class ServerFilesTest : public testing::Test {
 protected:
  void SetUp() override {
    folder_ =
        std::filesystem::temp_directory_path() /
        ("bitscts-fakeserver-files-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(folder_);
    WriteContentFile("small.bin", 3000);
    WriteContentFile("medium.bin", 200 * 1024);
    WriteContentFile("large.bin", 3 * 1024 * 1024);
    ServerOptions options;
    options.folder = folder_;
    server_ = std::make_unique<Server>(options);
    ASSERT_EQ(server_->Start(), "");
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(folder_);
  }

  // Writes `size` bytes of the content named by kSeed to `name` in the served folder.
  void WriteContentFile(const std::string& name, std::size_t size) {
    std::vector<std::uint8_t> bytes(size);
    FillContent(kSeed, 0, bytes.data(), size);
    std::ofstream(folder_ / name, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(size));
  }

  httplib::Result Get(const std::string& path, const std::string& range = {}) {
    httplib::Client client("127.0.0.1", server_->port());
    if (range.empty()) return client.Get(path);
    return client.Get(path, {{"Range", range}});
  }

  // Expects the last logged request to have finished with `bytes` body bytes written.
  void ExpectLoggedBytes(std::uint64_t bytes) {
    ASSERT_TRUE(server_->WaitForFinished(std::chrono::seconds(10)));
    const auto log = server_->Log();
    ASSERT_FALSE(log.empty());
    EXPECT_TRUE(log.back().finished);
    EXPECT_EQ(log.back().bytes, bytes);
  }

  std::filesystem::path folder_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerFilesTest, WholeFilesOfEverySizeArriveIntact) {
  for (const auto& [name, size] : std::vector<std::pair<std::string, std::uint64_t>>{
           {"small.bin", 3000}, {"medium.bin", 200 * 1024}, {"large.bin", 3 * 1024 * 1024}}) {
    const auto response = Get("/files/" + name);
    ASSERT_TRUE(response) << name;
    EXPECT_EQ(response->status, 200) << name;
    EXPECT_EQ(response->body.size(), size) << name;
    EXPECT_EQ(FirstMismatch(kSeed, 0, response->body), std::nullopt) << name;
    ExpectLoggedBytes(size);
  }
}

TEST_F(ServerFilesTest, AFileIsTaggedByItsModificationTimeAndSize) {
  const auto response = Get("/files/small.bin");
  ASSERT_TRUE(response);
  const std::string tag = response->get_header_value("ETag");
  // "MODIFIED-SIZE" in hexadecimal: 3000 bytes are bb8.
  ASSERT_GE(tag.size(), 7u) << tag;
  EXPECT_EQ(tag.front(), '"') << tag;
  EXPECT_EQ(tag.substr(tag.size() - 5), "-bb8\"") << tag;
  EXPECT_EQ(tag.find_first_not_of("0123456789abcdef", 1), tag.size() - 5) << tag;
  EXPECT_EQ(response->get_header_value("Last-Modified").size(), 29u);
  const auto again = Get("/files/small.bin");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->get_header_value("ETag"), tag);
}

TEST_F(ServerFilesTest, SingleRangesOfEveryLengthArriveIntact) {
  struct Case {
    std::string range;
    std::uint64_t first;
    std::uint64_t length;
  };
  for (const Case& c : std::vector<Case>{{"bytes=100-199", 100, 100},
                                         {"bytes=20000-119999", 20000, 100000},
                                         {"bytes=-70000", 3 * 1024 * 1024 - 70000, 70000},
                                         {"bytes=1-2097152", 1, 2097152},
                                         {"bytes=3000000-", 3000000, 3 * 1024 * 1024 - 3000000}}) {
    const auto response = Get("/files/large.bin", c.range);
    ASSERT_TRUE(response) << c.range;
    EXPECT_EQ(response->status, 206) << c.range;
    EXPECT_EQ(response->body.size(), c.length) << c.range;
    EXPECT_EQ(FirstMismatch(kSeed, c.first, response->body), std::nullopt) << c.range;
    ExpectLoggedBytes(c.length);
  }
}

TEST_F(ServerFilesTest, SeveralRangesOfAFileComeAsMultipart) {
  const auto response = Get("/files/large.bin", "bytes=0-99,50000-249999");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 206);
  const std::string& body = response->body;
  const std::size_t second = body.find("Content-Range: bytes 50000-249999/3145728\r\n\r\n");
  ASSERT_NE(second, std::string::npos);
  const std::size_t data = body.find("\r\n\r\n", second) + 4;
  EXPECT_EQ(FirstMismatch(kSeed, 50000, body.substr(data, 200000)), std::nullopt);
}

TEST_F(ServerFilesTest, ACutAfterSomeBytesOfAFileRangeStopsThere) {
  Fault fault;
  fault.close_after_bytes = 50000;
  testing_support::RawClient client(server_->port());
  ASSERT_TRUE(client.Send("GET " + FaultPath(fault, "/files/large.bin") +
                          " HTTP/1.1\r\nHost: x\r\nRange: bytes=1000-100999\r\n\r\n"));
  const std::string answer = client.ReceiveUntilClosed();
  ASSERT_EQ(testing_support::StatusOf(answer), 206);
  const std::string body = answer.substr(answer.find("\r\n\r\n") + 4);
  EXPECT_EQ(body.size(), 50000u);
  EXPECT_EQ(FirstMismatch(kSeed, 1000, body), std::nullopt);
  ExpectLoggedBytes(50000);
}

TEST_F(ServerFilesTest, AReplacedFileIsServedAsItIsNow) {
  const auto before = Get("/files/small.bin");
  ASSERT_TRUE(before);
  std::ofstream(folder_ / "small.bin", std::ios::binary | std::ios::trunc) << "replaced";
  const auto after = Get("/files/small.bin");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->body, "replaced");
}

}  // namespace
}  // namespace bitscts::fakeserver
