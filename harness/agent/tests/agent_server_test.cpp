#include "bitscts/agent/agent_server.h"

#include <gtest/gtest.h>

#include <sstream>

#include "bitscts/model/model_target.h"
#include "fields.h"
#include "host_that_cannot.h"
#include "protocol.h"
#include "wire.h"

namespace bitscts::agent {
namespace {

class ModelHost final : public testing_support::HostThatCannot {
 public:
  ModelHost() : model_(model::MakeModelTarget({}, nullptr)) {}
  Caller& caller() override { return model_->CurrentCaller(); }
  HResult LogOn(const std::string& user, const std::string&) override {
    last_user = user;
    return hr::kOk;
  }
  HResult Remember(const std::string& user, const std::string&) override {
    remembered = user;
    return hr::kOk;
  }
  std::string last_user;
  std::string remembered;

 private:
  std::unique_ptr<Target> model_;
};

// Serves `lines` and returns the answers, one field list per request.
std::vector<std::vector<std::string>> Serve(AgentHost& host, const std::vector<std::string>& lines,
                                            int* exit_code = nullptr) {
  std::stringstream requests;
  for (const std::string& line : lines) requests << line << "\n";
  std::stringstream answers;
  const int code = ServeAgent(host, requests, answers);
  if (exit_code != nullptr) *exit_code = code;
  std::vector<std::vector<std::string>> result;
  std::string line;
  while (std::getline(answers, line))
    result.push_back(wire::Split(line).value_or(std::vector<std::string>{"?"}));
  return result;
}

// A host that can report its token.
class TokenHost final : public testing_support::HostThatCannot {
 public:
  Caller& caller() override { return host_.caller(); }
  HResult LogOn(const std::string& user, const std::string& password) override {
    return host_.LogOn(user, password);
  }
  Outcome<TokenReport> ReportToken() override {
    return {hr::kOk, TokenReport{true, 3, AdministratorsGroup::kDenyOnly}};
  }

 private:
  ModelHost host_;
};

TEST(AgentServer, TheTokenRequestAnswersWhatTheHostReports) {
  TokenHost host;
  const auto answers = Serve(host, {"token"});
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0], (std::vector<std::string>{"0x00000000", "1", "3", "deny-only"}));
}

TEST(AgentServer, AHostThatCannotTellItsTokenAnswersNotSupported) {
  ModelHost host;
  const auto answers = Serve(host, {"token"});
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0], (std::vector<std::string>{"0x80070032", "0", "0", "absent"}));
}

// A host that reads a per-user proxy.
class ProxyHost final : public testing_support::HostThatCannot {
 public:
  explicit ProxyHost(std::string proxy) : proxy_(std::move(proxy)) {}
  Caller& caller() override { return host_.caller(); }
  HResult LogOn(const std::string& user, const std::string& password) override {
    return host_.LogOn(user, password);
  }
  Outcome<std::string> UserProxy() override { return {hr::kOk, proxy_}; }

 private:
  ModelHost host_;
  std::string proxy_;
};

TEST(AgentServer, TheUserProxyRequestAnswersWhatTheHostReads) {
  ProxyHost proxied("proxy.test:8080");
  ProxyHost direct("");
  const auto through = Serve(proxied, {"userproxy"});
  const auto straight = Serve(direct, {"userproxy"});
  ASSERT_EQ(through.size(), 1u);
  ASSERT_EQ(straight.size(), 1u);
  EXPECT_EQ(through[0], (std::vector<std::string>{"0x00000000", "proxy.test:8080"}));
  EXPECT_EQ(straight[0], (std::vector<std::string>{"0x00000000", ""}));
}

TEST(AgentServer, AHostThatCannotReadTheUserProxyAnswersNotSupported) {
  ModelHost host;
  const auto answers = Serve(host, {"userproxy"});
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0], (std::vector<std::string>{"0x80070032", ""}));
}

TEST(TokenReport, AdministratorsGroupNamesRoundTrip) {
  for (AdministratorsGroup group : {AdministratorsGroup::kAbsent, AdministratorsGroup::kDenyOnly,
                                    AdministratorsGroup::kEnabled}) {
    EXPECT_EQ(ParseAdministratorsGroup(Name(group)), group);
  }
  EXPECT_EQ(ParseAdministratorsGroup("Enabled"), std::nullopt);
  EXPECT_EQ(ParseAdministratorsGroup(""), std::nullopt);
}

TEST(AgentServer, BadRequestsGetProtocolErrorsAndServingGoesOn) {
  ModelHost host;
  const auto answers = Serve(host, {"frobnicate", "job 99 state", "job x state", "a%ZZ",
                                    "opt 1 getflags", "job", "create", "sid"});
  ASSERT_EQ(answers.size(), 8u);
  for (std::size_t i = 0; i + 1 < answers.size(); ++i) {
    EXPECT_EQ(answers[i].front(), protocol::kProtocolError) << "request " << i;
    EXPECT_GE(answers[i].size(), 2u) << "a protocol error says why";
  }
  EXPECT_EQ(answers.back().front(), HResultField(hr::kOk));
}

TEST(AgentServer, ByeEndsServingBeforeLaterRequests) {
  ModelHost host;
  int exit_code = -1;
  const auto answers = Serve(host, {"bye", "sid"}, &exit_code);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].front(), HResultField(hr::kOk));
  EXPECT_EQ(exit_code, 0);
}

TEST(AgentServer, LogOnPassesTheUserToTheHost) {
  ModelHost host;
  const auto answers = Serve(host, {wire::Join({"logon", "someone", "pass word"})});
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].front(), HResultField(hr::kOk));
  EXPECT_EQ(host.last_user, "someone");
}

TEST(AgentServer, CredentialsGoToTheHost) {
  ModelHost host;
  const auto answers = Serve(host, {wire::Join({"credential", "helper", "pass word"})});
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].front(), HResultField(hr::kOk));
  EXPECT_EQ(host.remembered, "helper");
  EXPECT_TRUE(host.last_user.empty()) << "remembering a credential is not a logon";
}

TEST(AgentServer, HostsThatCannotImpersonateRefuseCredentials) {
  class PlainHost final : public testing_support::HostThatCannot {
   public:
    Caller& caller() override { return model_->CurrentCaller(); }
    HResult LogOn(const std::string&, const std::string&) override { return hr::kOk; }

   private:
    std::unique_ptr<Target> model_ = model::MakeModelTarget({}, nullptr);
  } host;
  const auto answers = Serve(host, {wire::Join({"credential", "helper", "secret"})});
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].front(), HResultField(hr::kNotSupported));
}

TEST(AgentServer, ReleasedHandlesAreGone) {
  ModelHost host;
  const auto answers =
      Serve(host, {"create probe", "job 1 options", "opt 2 release", "opt 2 getflags",
                   "job 1 cancel", "job 1 release", "job 1 state"});
  ASSERT_EQ(answers.size(), 7u);
  EXPECT_EQ(answers[0][1], "1");
  EXPECT_EQ(answers[1][1], "2");
  EXPECT_EQ(answers[2].front(), HResultField(hr::kOk));
  EXPECT_EQ(answers[3].front(), protocol::kProtocolError);
  EXPECT_EQ(answers[4].front(), HResultField(hr::kOk));
  EXPECT_EQ(answers[6].front(), protocol::kProtocolError);
}

TEST(AgentServer, WaitsNeedAStateAndStatesMustExist) {
  ModelHost host;
  const auto answers =
      Serve(host, {"create w", "job 1 wait 10", "job 1 wait 10 9", "job 1 wait 0 3"});
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_EQ(answers[1].front(), protocol::kProtocolError);
  EXPECT_EQ(answers[2].front(), protocol::kProtocolError);
  ASSERT_EQ(answers[3].size(), 5u);
  EXPECT_EQ(answers[3][1], "1") << "a new job is suspended";
}

TEST(AgentServer, SurfaceRequestsWithMalformedFieldsGetProtocolErrors) {
  ModelHost host;
  const auto answers =
      Serve(host, {"create s", "job 1 setnotify x", "job 1 setnotify 4294967296",
                   "job 1 notifications 5", "job 1 notifications 5 2", "job 1 errordesc",
                   "job 1 credentials 1 1 maybe u none ~", "job 1 credentials 1 1 none ~ some",
                   "job 1 proxy 2 list", "job 1 clientcert 0 MY", "job 1 getnotify"});
  ASSERT_EQ(answers.size(), 11u);
  for (std::size_t i = 1; i + 1 < answers.size(); ++i)
    EXPECT_EQ(answers[i].front(), protocol::kProtocolError) << "request " << i;
  EXPECT_EQ(answers.back(), (std::vector<std::string>{HResultField(hr::kOk), "3"}))
      << "the model's new job asks for JobTransferred and JobError";
}

TEST(AgentServer, AHostWithoutBlockingCallbacksAnswersTheirReleaseNotSupported) {
  ModelHost host;
  const auto answers = Serve(host, {"releasecallbacks"});
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0], (std::vector<std::string>{HResultField(hr::kNotSupported)}));
}

}  // namespace
}  // namespace bitscts::agent
