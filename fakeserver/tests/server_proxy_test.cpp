// The proxy listener: absolute-form requests for the server's own origin are answered as the
// origin answers them and witnessed as having come through the proxy, with the identity
// presented to the proxy; everything else is refused by the proxy itself.
#include <httplib.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "access/authorization.h"
#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/server.h"
#include "raw_client.h"

namespace bitscts::fakeserver {
namespace {

using testing_support::Exchange;
using testing_support::RawClient;
using testing_support::StatusOf;

constexpr const char* kAlicePassword = "alice-s3cret-pw";
constexpr const char* kBobPassword = "bob-s3cret-pw";
constexpr const char* kFileText = "proxied file contents";

// Returns a request header field `name` carrying Basic credentials, with its line end.
std::string BasicField(std::string_view name, std::string_view user, std::string_view password) {
  return std::string(name) + ": Basic " +
         internal::EncodeBase64(std::string(user) + ":" + std::string(password)) + "\r\n";
}

std::string ProxyCredentials(std::string_view user, std::string_view password) {
  return BasicField("Proxy-Authorization", user, password);
}

// Returns the value of the first header field `name` (exact case) of `response`, empty if none.
std::string FieldOf(const std::string& response, const std::string& name) {
  const std::size_t head_end = response.find("\r\n\r\n");
  const std::size_t at = response.find("\r\n" + name + ": ");
  if (at == std::string::npos || at > head_end) return {};
  const std::size_t start = at + 4 + name.size();
  return response.substr(start, response.find("\r\n", start) - start);
}

// Returns the values of every `name` field of the head of `response`, in order.
std::vector<std::string> FieldsOf(const std::string& response, const std::string& name) {
  const std::size_t head_end = response.find("\r\n\r\n");
  std::vector<std::string> values;
  for (std::size_t at = response.find("\r\n" + name + ": ");
       at != std::string::npos && at < head_end; at = response.find("\r\n" + name + ": ", at + 2)) {
    const std::size_t start = at + 4 + name.size();
    values.push_back(response.substr(start, response.find("\r\n", start) - start));
  }
  return values;
}

class ServerProxyTest : public testing::Test {
 protected:
  void SetUp() override {
    folder_ =
        std::filesystem::temp_directory_path() /
        ("bitscts-fakeserver-proxy-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(folder_);
    std::ofstream(folder_ / "hello.txt", std::ios::binary) << kFileText;
    ServerOptions options;
    options.folder = folder_;
    server_ = std::make_unique<Server>(options);
    server_->AddUser("alice", kAlicePassword);
    server_->AddUser("bob", kBobPassword);
    ASSERT_EQ(server_->Start(), "");
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(folder_);
  }

  // Sends `GET target` to the proxy on a new connection, with `fields` (each ending in CRLF),
  // and returns the whole answer.
  std::string ProxyGet(const std::string& target, const std::string& fields = {}) {
    return Exchange(server_->proxy_port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" +
                                               std::to_string(server_->port()) + "\r\n" + fields +
                                               "Connection: close\r\n\r\n");
  }

  // Returns an httplib client of the origin that goes through the proxy.
  httplib::Client ProxiedClient() {
    httplib::Client client("127.0.0.1", server_->port());
    client.set_proxy("127.0.0.1", server_->proxy_port());
    return client;
  }

  std::filesystem::path folder_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerProxyTest, ListensOnASecondEphemeralPort) {
  EXPECT_GT(server_->proxy_port(), 0);
  EXPECT_NE(server_->proxy_port(), server_->port());
  EXPECT_EQ(server_->ProxyAddress(), "127.0.0.1:" + std::to_string(server_->proxy_port()));
}

TEST(ServerProxyLifetime, TheProxyPortIsZeroBeforeStart) {
  Server server;
  EXPECT_EQ(server.proxy_port(), 0);
}

TEST_F(ServerProxyTest, AnAbsoluteFormGetIsServedAndWitnessed) {
  const std::string response = ProxyGet(server_->Url(ContentPath(5, 100000) + "?x=1"));
  ASSERT_EQ(StatusOf(response), 200) << response.substr(0, 200);
  const std::size_t body = response.find("\r\n\r\n") + 4;
  EXPECT_EQ(response.size() - body, 100000u);
  EXPECT_EQ(FirstMismatch(5, 0, std::string_view(response).substr(body)), std::nullopt);
  ASSERT_TRUE(server_->WaitForFinished(std::chrono::seconds(10)));
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_TRUE(log[0].via_proxy);
  EXPECT_EQ(log[0].path, ContentPath(5, 100000));
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].status, 200);
  EXPECT_EQ(log[0].bytes, 100000u);
  EXPECT_EQ(log[0].proxy_identity, "");
  EXPECT_EQ(log[0].identity, "");
}

TEST_F(ServerProxyTest, RangesAndEscapesAreServedAsByTheOrigin) {
  const std::string response =
      ProxyGet(server_->Url("/files/hello%2etxt"), "Range: bytes=8-11\r\n");
  EXPECT_EQ(StatusOf(response), 206) << response;
  EXPECT_EQ(response.substr(response.size() - 4), "file");
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].path, "/files/hello.txt");
  EXPECT_EQ(log[0].range, "bytes=8-11");
  EXPECT_TRUE(log[0].via_proxy);
}

TEST_F(ServerProxyTest, TheOriginHostComparesIgnoringCaseAndAMissingPathIsTheRoot) {
  const std::string port = std::to_string(server_->port());
  EXPECT_EQ(StatusOf(ProxyGet("HTTP://127.0.0.1:" + port + "/content/1/10")), 200);
  EXPECT_EQ(StatusOf(ProxyGet("http://127.0.0.1:" + port)), 404);
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].path, "/");
  EXPECT_TRUE(log[1].via_proxy);
}

TEST_F(ServerProxyTest, DirectRequestsAreNotMarkedAsProxied) {
  httplib::Client client("127.0.0.1", server_->port());
  client.set_basic_auth("alice", kAlicePassword);
  client.set_proxy_basic_auth("bob", kBobPassword);  // not sent: this client uses no proxy
  const auto response = client.Get(ContentPath(1, 10));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_FALSE(log[0].via_proxy);
  EXPECT_EQ(log[0].proxy_identity, "");
  EXPECT_EQ(log[0].identity, "alice");
}

TEST_F(ServerProxyTest, TheOriginListenerStillRefusesTheAbsoluteForm) {
  const std::string response =
      Exchange(server_->port(), "GET " + server_->Url(ContentPath(1, 10)) +
                                    " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(StatusOf(response), 400) << response;
  EXPECT_FALSE(server_->Log().at(0).via_proxy);
}

TEST_F(ServerProxyTest, AnOriginFormTargetOnTheProxyIs400) {
  const std::string authority_form =
      "127.0.0.1:" + std::to_string(server_->port());  // as CONNECT names it
  for (const std::string& target : {ContentPath(1, 10), std::string("*"), authority_form}) {
    const std::string response = ProxyGet(target);
    EXPECT_EQ(StatusOf(response), 400) << target;
    EXPECT_NE(response.find("absolute http:// URL"), std::string::npos) << response;
  }
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_TRUE(log[0].via_proxy);
  EXPECT_EQ(log[0].status, 400);
  EXPECT_EQ(log[0].path, ContentPath(1, 10));
}

TEST_F(ServerProxyTest, AForeignAuthorityOrSchemeIs502) {
  const std::string port = std::to_string(server_->port());
  const std::string proxy_port = std::to_string(server_->proxy_port());
  const std::vector<std::string> targets = {"http://example.com/content/1/10",
                                            "http://127.0.0.1:" + proxy_port + "/content/1/10",
                                            "http://127.0.0.2:" + port + "/content/1/10",
                                            "https://127.0.0.1:" + port + "/content/1/10",
                                            "ftp://127.0.0.1:" + port + "/content/1/10",
                                            "http://alice@127.0.0.1:" + port + "/content/1/10"};
  for (const std::string& target : targets) {
    const std::string response = ProxyGet(target);
    EXPECT_EQ(StatusOf(response), 502) << target;
    EXPECT_NE(response.find("only to its own origin"), std::string::npos) << response;
  }
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    EXPECT_TRUE(log[i].via_proxy);
    EXPECT_EQ(log[i].status, 502);
    const bool has_user = targets[i].find('@') != std::string::npos;
    EXPECT_EQ(log[i].path, has_user ? "http://127.0.0.1:" + port + "/content/1/10" : targets[i])
        << "the log keeps no userinfo";
  }
}

TEST_F(ServerProxyTest, RequiredProxyUsersAreChallengedWithIntegratedSchemesAndBasic) {
  server_->RequireProxyUsers({"ALICE"});
  const std::string url = server_->Url(ContentPath(1, 10));
  const std::string anonymous = ProxyGet(url);
  EXPECT_EQ(StatusOf(anonymous), 407) << anonymous;
  EXPECT_EQ(FieldsOf(anonymous, "Proxy-Authenticate"),
            (std::vector<std::string>{"Negotiate", "NTLM",
                                      "Basic realm=\"bitscts-proxy\", charset=\"UTF-8\""}))
      << "a proxy that wants Windows integrated authentication, on every build";
  EXPECT_EQ(FieldOf(anonymous, "WWW-Authenticate"), "");
  const std::string wrong_password = ProxyGet(url, ProxyCredentials("alice", "wrong"));
  EXPECT_EQ(StatusOf(wrong_password), 407);
  EXPECT_NE(FieldOf(wrong_password, "Proxy-Authenticate"), "");
  EXPECT_EQ(StatusOf(ProxyGet(url, ProxyCredentials("mallory", "x"))), 407);
  EXPECT_EQ(StatusOf(ProxyGet(
                url,
                "Proxy-Authorization: Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAA=\r\n")),
            407);
  // Authorization is for the origin: it does not get anyone through the proxy.
  EXPECT_EQ(StatusOf(ProxyGet(url, BasicField("Authorization", "alice", kAlicePassword))), 407);

  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 5u);
  for (const RequestRecord& record : log) {
    EXPECT_TRUE(record.via_proxy);
    EXPECT_EQ(record.status, 407);
    EXPECT_EQ(record.proxy_identity, "");
    EXPECT_EQ(record.path, ContentPath(1, 10));
  }
}

TEST_F(ServerProxyTest, AValidButUnlistedProxyUserIsForbidden) {
  server_->RequireProxyUsers({"alice"});
  const std::string response =
      ProxyGet(server_->Url(ContentPath(1, 10)), ProxyCredentials("bob", kBobPassword));
  EXPECT_EQ(StatusOf(response), 403) << response;
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_TRUE(log[0].via_proxy);
  EXPECT_EQ(log[0].status, 403);
  EXPECT_EQ(log[0].proxy_identity, "bob");
  EXPECT_EQ(log[0].identity, "");
}

TEST_F(ServerProxyTest, AListedProxyUserGoesThroughAndIsWitnessed) {
  server_->RequireProxyUsers({"carol", "ALICE"});
  const std::string response =
      ProxyGet(server_->Url(ContentPath(1, 10)), ProxyCredentials("alice", kAlicePassword));
  EXPECT_EQ(StatusOf(response), 200) << response;
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_TRUE(log[0].via_proxy);
  EXPECT_EQ(log[0].proxy_identity, "alice");
  EXPECT_EQ(log[0].identity, "");  // nothing was presented to the origin
}

TEST_F(ServerProxyTest, AMalformedProxyAuthorizationIs400) {
  for (const bool required : {false, true}) {
    server_->RequireProxyUsers(required ? std::vector<std::string>{"alice"}
                                        : std::vector<std::string>{});
    for (const char* field :
         {"Proxy-Authorization: Basic\r\n", "Proxy-Authorization: Basic a b\r\n"}) {
      EXPECT_EQ(StatusOf(ProxyGet(server_->Url(ContentPath(1, 10)), field)), 400)
          << field << required;
    }
  }
}

TEST_F(ServerProxyTest, AnEmptyListTurnsProxyAuthenticationOff) {
  const std::string url = server_->Url(ContentPath(1, 10));
  server_->RequireProxyUsers({"alice"});
  EXPECT_EQ(StatusOf(ProxyGet(url)), 407);
  server_->RequireProxyUsers({});
  EXPECT_EQ(StatusOf(ProxyGet(url)), 200);
  // Valid credentials are still witnessed, invalid ones still refused.
  EXPECT_EQ(StatusOf(ProxyGet(url, ProxyCredentials("bob", kBobPassword))), 200);
  EXPECT_EQ(StatusOf(ProxyGet(url, ProxyCredentials("bob", "wrong"))), 407);
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[1].proxy_identity, "");
  EXPECT_EQ(log[2].proxy_identity, "bob");
}

TEST_F(ServerProxyTest, TheOriginsAccessRulesStillApplyThroughTheProxy) {
  server_->Allow("/content/7/", {"bob"});
  server_->RequireProxyUsers({"alice"});
  const std::string url = server_->Url(ContentPath(7, 10));
  const std::string proxy_only = ProxyGet(url, ProxyCredentials("alice", kAlicePassword));
  EXPECT_EQ(StatusOf(proxy_only), 401) << proxy_only;
  // The origin's own challenge (Negotiate and NTLM come before Basic).
  EXPECT_NE(proxy_only.find("\r\nWWW-Authenticate: Basic realm=\"bitscts\""), std::string::npos)
      << proxy_only;
  EXPECT_EQ(FieldOf(proxy_only, "Proxy-Authenticate"), "");

  const std::string both = ProxyGet(url, ProxyCredentials("alice", kAlicePassword) +
                                             BasicField("Authorization", "bob", kBobPassword));
  EXPECT_EQ(StatusOf(both), 200) << both;
  const std::string same_for_both =
      ProxyGet(url, ProxyCredentials("alice", kAlicePassword) +
                        BasicField("Authorization", "alice", kAlicePassword));
  EXPECT_EQ(StatusOf(same_for_both), 403) << same_for_both;

  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].status, 401);
  EXPECT_EQ(log[0].proxy_identity, "alice");
  EXPECT_EQ(log[0].identity, "");
  EXPECT_EQ(log[1].status, 200);
  EXPECT_EQ(log[1].proxy_identity, "alice");
  EXPECT_EQ(log[1].identity, "bob");
  EXPECT_TRUE(log[1].via_proxy);
  EXPECT_EQ(log[2].identity, "alice");
}

TEST_F(ServerProxyTest, AProxyChallengeKeepsTheConnectionForTheRetry) {
  server_->RequireProxyUsers({"alice"});
  const std::string request =
      "GET " + server_->Url(ContentPath(1, 10)) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  RawClient client(server_->proxy_port());
  ASSERT_TRUE(client.Send(request + "\r\n"));
  ASSERT_TRUE(client.Send(request + ProxyCredentials("alice", kAlicePassword) +
                          "Connection: close\r\n\r\n"));
  const std::string answers = client.ReceiveUntilClosed();
  EXPECT_EQ(StatusOf(answers), 407) << answers;
  EXPECT_NE(answers.find("Connection: keep-alive"), std::string::npos) << answers;
  const std::size_t second = answers.find("HTTP/1.1 ", 1);
  ASSERT_NE(second, std::string::npos) << answers;
  EXPECT_EQ(StatusOf(answers.substr(second)), 200) << answers;
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].proxy_identity, "alice");
}

TEST_F(ServerProxyTest, FaultsAndHoldsApplyThroughTheProxy) {
  Fault status;
  status.status = 503;
  status.times = 1;
  EXPECT_EQ(StatusOf(ProxyGet(server_->Url(FaultPath(status, ContentPath(2, 10))))), 503);

  Fault hold;
  hold.hold = true;
  server_->InjectFault("/content/3/", hold);
  RawClient held(server_->proxy_port());
  ASSERT_TRUE(
      held.Send("GET " + server_->Url(ContentPath(3, 10)) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(server_->WaitForHeld(1, std::chrono::seconds(10)));
  server_->ReleaseHeld();
  EXPECT_EQ(StatusOf(held.ReceiveAtLeast(1)), 200);
  ASSERT_TRUE(server_->WaitForFinished(std::chrono::seconds(10)));

  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].fault, "status=503,times=1");
  EXPECT_EQ(log[0].path, FaultPath(status, ContentPath(2, 10)));
  EXPECT_TRUE(log[0].via_proxy);
  EXPECT_EQ(log[1].fault, "hold");
  EXPECT_TRUE(log[1].via_proxy);
}

TEST_F(ServerProxyTest, HttplibReachesAFileThroughTheProxyWithProxyCredentials) {
  server_->RequireProxyUsers({"alice"});
  server_->Allow("/files/", {"bob"});
  auto client = ProxiedClient();
  client.set_proxy_basic_auth("alice", kAlicePassword);
  client.set_basic_auth("bob", kBobPassword);
  const auto response = client.Get("/files/hello.txt");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, kFileText);
  ASSERT_TRUE(server_->WaitForFinished(std::chrono::seconds(10)));
  const auto log = server_->Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_TRUE(log[0].via_proxy);
  EXPECT_EQ(log[0].proxy_identity, "alice");
  EXPECT_EQ(log[0].identity, "bob");
  EXPECT_EQ(log[0].path, "/files/hello.txt");
  EXPECT_EQ(log[0].status, 200);
}

TEST_F(ServerProxyTest, HttplibWithoutProxyCredentialsMeetsTheChallenge) {
  server_->RequireProxyUsers({"alice"});
  auto client = ProxiedClient();
  const auto response = client.Get("/files/hello.txt");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 407);
  ASSERT_EQ(response->get_header_value_count("Proxy-Authenticate"), 3u);
  EXPECT_EQ(response->get_header_value("Proxy-Authenticate", 2),
            "Basic realm=\"bitscts-proxy\", charset=\"UTF-8\"");
  client.set_proxy_basic_auth("alice", kAlicePassword);
  const auto retried = client.Get("/files/hello.txt");
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->status, 200);
  EXPECT_EQ(server_->Log().at(1).proxy_identity, "alice");
}

TEST(ServerProxyLifetime, StopIsPromptWithConnectionsOpenOnTheProxyPort) {
  ServerOptions options;
  options.keep_alive_timeout = std::chrono::minutes(5);
  options.io_timeout = std::chrono::minutes(5);
  Server server(options);
  ASSERT_EQ(server.Start(), "");
  RawClient idle(server.proxy_port());
  ASSERT_TRUE(idle.connected());
  RawClient kept_alive(server.proxy_port());
  ASSERT_TRUE(
      kept_alive.Send("GET " + server.Url(ContentPath(1, 1)) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(StatusOf(kept_alive.ReceiveAtLeast(1)), 200);
  RawClient partial(server.proxy_port());
  ASSERT_TRUE(partial.Send("GET " + server.Url(ContentPath(1, 1)) + " HTTP/1.1\r\n"));

  const auto started = std::chrono::steady_clock::now();
  server.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_TRUE(idle.ClosedWithin(std::chrono::seconds(3)));
  EXPECT_TRUE(kept_alive.ClosedWithin(std::chrono::seconds(3)));
  EXPECT_TRUE(partial.ClosedWithin(std::chrono::seconds(3)));
  const auto log = server.Log();
  ASSERT_FALSE(log.empty());
  for (const RequestRecord& record : log) EXPECT_TRUE(record.via_proxy);
}

TEST(ServerProxyLifetime, TheProxyRestartsWithTheServer) {
  Server server;
  ASSERT_EQ(server.Start(), "");
  server.Stop();
  ASSERT_EQ(server.Start(), "");
  EXPECT_EQ(StatusOf(Exchange(server.proxy_port(),
                              "GET " + server.Url(ContentPath(1, 1)) +
                                  " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
            200);
}

}  // namespace
}  // namespace bitscts::fakeserver
