// HT-FLAG-3, JOB-OWN-8: a logon identity goes to a server or a proxy only when the job has
// implicit credentials (SetCredentials with NTLM or Negotiate and NULL user name and password) for
// it, and only in answer to a challenge that names Negotiate or NTLM.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "bitscts/credentials.h"
#include "http_fetch.h"
#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;

Credentials Implicit(AuthTarget target, AuthScheme scheme = AuthScheme::kNegotiate) {
  return Credentials{target, scheme, std::nullopt, std::nullopt};
}

TEST(ChallengesForLogonCredentialsTest, NegotiateOrNtlmInAnyCaseAndPlace) {
  EXPECT_TRUE(ChallengesForLogonCredentials({"Negotiate"}));
  EXPECT_TRUE(ChallengesForLogonCredentials({"Basic realm=\"x\"", "ntlm"}));
  EXPECT_TRUE(ChallengesForLogonCredentials({"NEGOTIATE abcd=="}));
  EXPECT_FALSE(ChallengesForLogonCredentials({"Basic realm=\"x\""}));
  EXPECT_FALSE(ChallengesForLogonCredentials({"Digest realm=\"x\"", "NegotiateX"}));
  EXPECT_FALSE(ChallengesForLogonCredentials({}));
}

class ImplicitCredentialsTest : public ModelTest {
 protected:
  // Makes a job of the runner with a helper token and BG_TOKEN_NETWORK that downloads a path
  // only the helper may read; `credentials` are set on it if given.
  std::unique_ptr<Job> HelperJob(const Principal& helper, std::uint64_t seed,
                                 std::optional<Credentials> credentials) {
    path_ = fakeserver::ContentPath(seed, 100);
    server_.Allow(path_, {helper.name});
    Caller& runner = target_->CurrentCaller();
    auto job = CreateJob(runner);
    EXPECT_EQ(job->AddFile(server_.Url(path_), OpenFolder() + "/implicit-" + std::to_string(seed)),
              hr::kOk);
    if (credentials) {
      EXPECT_EQ(job->SetCredentials(*credentials), hr::kOk);
    }
    auto options = Options(*job);
    EXPECT_EQ(runner.Impersonate(helper), hr::kOk);
    EXPECT_EQ(options->SetHelperToken(), hr::kOk);
    EXPECT_EQ(runner.RevertToSelf(), hr::kOk);
    EXPECT_EQ(options->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
    EXPECT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
    return job;
  }

  // Returns the server's records of requests for the job's path, oldest first.
  std::vector<fakeserver::RequestRecord> Requests() const {
    std::vector<fakeserver::RequestRecord> mine;
    for (const auto& record : server_.Log()) {
      if (record.path == path_) mine.push_back(record);
    }
    return mine;
  }

  std::string path_;
};

TEST_F(ImplicitCredentialsTest, TheFirstRequestIsAnonymousAndTheHelperAnswersTheChallenge) {
  Make();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto job = HelperJob(helper, 61, Implicit(AuthTarget::kServer));
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kTransferred);
  const auto requests = Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].identity, "") << "nothing is presented before the challenge";
  EXPECT_EQ(requests[0].status, 401);
  EXPECT_EQ(requests[1].identity, helper.name);
  EXPECT_EQ(requests[1].status, 200);
}

TEST_F(ImplicitCredentialsTest, WithoutImplicitCredentialsTheChallengeEndsTheJob) {
  Make();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto job = HelperJob(helper, 62, std::nullopt);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kError);
  EXPECT_EQ(job->Error().value.code, hr::kHttpError401);  // JOB-ERR-7
  EXPECT_EQ(job->Error().value.context, ErrorContext::kRemoteFile);
  const auto requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].identity, "") << "no SetCredentials(..., NULL, NULL), so no logon identity";
}

TEST_F(ImplicitCredentialsTest, ExplicitOrBasicCredentialsAreNotImplicit) {
  Make();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto named =
      HelperJob(helper, 63,
                Credentials{AuthTarget::kServer, AuthScheme::kNtlm, "someone", std::nullopt});
  ASSERT_EQ(named->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*named).state, JobState::kError)
      << "a user name makes NTLM credentials not implicit";
  EXPECT_EQ(named->Error().value.code, hr::kHttpError401);
}

TEST_F(ImplicitCredentialsTest, ImplicitProxyCredentialsServeTheServerToo) {
  Make();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  auto job = HelperJob(helper, 64, Implicit(AuthTarget::kProxy, AuthScheme::kNtlm));
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kTransferred) << "JOB-OWN-8";
  EXPECT_EQ(Requests().back().identity, helper.name);
}

TEST_F(ImplicitCredentialsTest, ImplicitServerCredentialsDoNotServeTheProxy) {
  Make();
  const Principal user = Provision(PrincipalKind::kStandardUser);
  server_.RequireProxyUsers({user.name});
  auto session = LogOn(user);
  auto job = CreateJob(*session);
  ASSERT_EQ(job->AddFile(ContentUrl(65, 10), OpenFolder() + "/proxy-server-only.bin"), hr::kOk);
  ASSERT_EQ(job->SetProxySettings(ProxyUsage::kOverride, server_.ProxyAddress(), ""), hr::kOk);
  ASSERT_EQ(job->SetCredentials(Implicit(AuthTarget::kServer)), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kError);
  EXPECT_EQ(job->Error().value.code, hr::kHttpError407);
  EXPECT_EQ(server_.Log().back().proxy_identity, "");
}

TEST_F(ImplicitCredentialsTest, AnOpenPathIsNeverAnsweredWithAnIdentity) {
  Make();
  Caller& runner = target_->CurrentCaller();
  auto job = CreateJob(runner);
  ASSERT_EQ(job->AddFile(ContentUrl(66, 10), OpenFolder() + "/open-implicit.bin"), hr::kOk);
  ASSERT_EQ(job->SetCredentials(Implicit(AuthTarget::kServer)), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kTransferred);
  const auto log = server_.Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].identity, "") << "no challenge, nothing to answer";
}

TEST_F(ImplicitCredentialsTest, ExplicitServerCredentialsGoWithTheFirstRequest) {
  Make();
  server_.AddUser("bitscts-explicit", "explicit-secret-1");
  const std::string path = fakeserver::ContentPath(67, 10);
  server_.Allow(path, {"bitscts-explicit"});
  auto job = CreateJob(target_->CurrentCaller());
  ASSERT_EQ(job->AddFile(server_.Url(path), OpenFolder() + "/explicit-first.bin"), hr::kOk);
  ASSERT_EQ(job->SetCredentials(Implicit(AuthTarget::kServer)), hr::kOk);
  ASSERT_EQ(job->SetCredentials(Credentials{AuthTarget::kServer, AuthScheme::kBasic,
                                            "bitscts-explicit",
                                            Password(std::string("explicit-secret-1"))}),
            hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kTransferred);
  const auto log = server_.Log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].identity, "bitscts-explicit")
      << "explicit credentials win over implicit ones, unasked";
}

}  // namespace
}  // namespace bitscts::model
