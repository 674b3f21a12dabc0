// Identities and access rules: who may read what, and which identity the log witnesses.
#include <httplib.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/server.h"

namespace bitscts::fakeserver {
namespace {

constexpr const char* kAlicePassword = "alice-s3cret-pw";
constexpr const char* kBobPassword = "bob-s3cret-pw";

class ServerAccessTest : public testing::Test {
 protected:
  void SetUp() override {
    server_.AddUser("alice", kAlicePassword);
    server_.AddUser("bob", kBobPassword);
    server_.Allow("/content/7/", {"alice"});
    ASSERT_EQ(server_.Start(), "");
  }

  httplib::Result Get(const std::string& path, const char* user = nullptr,
                      const char* password = nullptr) {
    httplib::Client client("127.0.0.1", server_.port());
    if (user != nullptr) client.set_basic_auth(user, password);
    return client.Get(path);
  }

  Server server_;
};

TEST_F(ServerAccessTest, AProtectedPathChallengesAnonymousClients) {
  const auto response = Get(ContentPath(7, 10));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  std::vector<std::string> challenges;
  for (std::size_t i = 0; i < response->get_header_value_count("WWW-Authenticate"); ++i) {
    challenges.push_back(response->get_header_value("WWW-Authenticate", i));
  }
  // A server that wants Windows integrated authentication names its schemes first, on every
  // build, so that a client with implicit credentials answers (HT-FLAG-3).
  const std::vector<std::string> expected = {"Negotiate", "NTLM",
                                             "Basic realm=\"bitscts\", charset=\"UTF-8\""};
  EXPECT_EQ(challenges, expected);
}

TEST_F(ServerAccessTest, AnAllowedIdentityReadsAndIsWitnessed) {
  const auto response = Get(ContentPath(7, 10), "alice", kAlicePassword);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(FirstMismatch(7, 0, response->body), std::nullopt);
  const auto log = server_.Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].identity, "alice");
}

TEST_F(ServerAccessTest, AKnownIdentityThatIsNotAllowedIsForbidden) {
  const auto response = Get(ContentPath(7, 10), "bob", kBobPassword);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  EXPECT_EQ(server_.Log().at(0).identity, "bob");
}

TEST_F(ServerAccessTest, AnAccessListNamesAccountsWithOrWithoutTheirDomain) {
  server_.Allow("/content/9/", {"WORKSTATION\\Alice"});
  const auto allowed = Get(ContentPath(9, 10), "alice", kAlicePassword);
  const auto other = Get(ContentPath(9, 10), "bob", kBobPassword);
  ASSERT_TRUE(allowed && other);
  EXPECT_EQ(allowed->status, 200) << "a domain-qualified entry admits the bare account, case aside";
  EXPECT_EQ(other->status, 403);
}

TEST_F(ServerAccessTest, WrongCredentialsAreChallenged) {
  for (const auto& [user, password] : {std::pair{"alice", "wrong"}, std::pair{"mallory", "x"}}) {
    const auto response = Get(ContentPath(7, 10), user, password);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 401) << user;
  }
}

TEST_F(ServerAccessTest, PathsWithoutARuleAreAnonymousButStillWitnessIdentities) {
  const auto anonymous = Get(ContentPath(8, 10));
  const auto named = Get(ContentPath(8, 10), "bob", kBobPassword);
  ASSERT_TRUE(anonymous && named);
  EXPECT_EQ(anonymous->status, 200);
  EXPECT_EQ(named->status, 200);
  const auto log = server_.Log();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].identity, "");
  EXPECT_EQ(log[1].identity, "bob");
}

TEST_F(ServerAccessTest, TheLongestPrefixDecidesAndNamesIgnoreCase) {
  server_.Allow("/content/7/10", {"BOB"});
  EXPECT_EQ(Get(ContentPath(7, 10), "bob", kBobPassword)->status, 200);
  EXPECT_EQ(Get(ContentPath(7, 10), "alice", kAlicePassword)->status, 403);
  EXPECT_EQ(Get(ContentPath(7, 20), "alice", kAlicePassword)->status, 200);
}

TEST_F(ServerAccessTest, PasswordsNeverReachTheLog) {
  Get(ContentPath(7, 10), "alice", kAlicePassword);
  Get(ContentPath(7, 10), "alice", "wrong-password-typed");
  for (const RequestRecord& record : server_.Log()) {
    for (const std::string& field :
         {record.method, record.path, record.range, record.identity, record.fault}) {
      EXPECT_EQ(field.find("s3cret"), std::string::npos) << field;
      EXPECT_EQ(field.find("wrong-password"), std::string::npos) << field;
    }
  }
}

}  // namespace
}  // namespace bitscts::fakeserver
