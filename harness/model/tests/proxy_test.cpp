#include "proxy_route.h"

#include <gtest/gtest.h>

#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;
using namespace std::chrono_literals;

TEST(ProxyRouteTest, TheHttpEntryOrTheFirstBareEntryIsTheProxy) {
  ProxyChoice bare = HttpProxyOf("127.0.0.1:8080");
  ASSERT_TRUE(bare.valid && bare.address);
  EXPECT_EQ(bare.address->host, "127.0.0.1");
  EXPECT_EQ(bare.address->port, 8080);
  ProxyChoice typed = HttpProxyOf("https=secure:443 fallback http=http://plain:81/");
  ASSERT_TRUE(typed.valid && typed.address);
  EXPECT_EQ(typed.address->host, "plain");
  EXPECT_EQ(typed.address->port, 81);
  ProxyChoice default_port = HttpProxyOf("proxyhost");
  ASSERT_TRUE(default_port.address);
  EXPECT_EQ(default_port.address->port, 80);
  EXPECT_FALSE(HttpProxyOf("https=secure:443").address) << "no proxy for http://";
  EXPECT_FALSE(HttpProxyOf("").address);
  EXPECT_FALSE(HttpProxyOf("host:0").valid);
  EXPECT_FALSE(HttpProxyOf("host:99999").valid);
  EXPECT_FALSE(HttpProxyOf("ftp=host:21").valid);
  EXPECT_FALSE(HttpProxyOf(":8080").valid);
}

TEST(ProxyRouteTest, BypassEntriesMatchNamesWildcardsAndLocal) {
  EXPECT_TRUE(IsBypassed("intranet other", "INTRANET"));
  EXPECT_TRUE(IsBypassed("*.example.org", "files.example.org"));
  EXPECT_FALSE(IsBypassed("*.example.org", "example.com"));
  EXPECT_TRUE(IsBypassed("<local>", "fileserver"));
  EXPECT_FALSE(IsBypassed("<local>", "127.0.0.1")) << "a name with a period is not local";
  EXPECT_FALSE(IsBypassed("", "anything"));
  EXPECT_EQ(HostOf("http://127.0.0.1:8080/content/1"), "127.0.0.1");
  EXPECT_EQ(HostOf("http://name/path"), "name");
  EXPECT_EQ(HostOf("no scheme"), "");
}

TEST_F(ModelTest, ProxySettingsAreValidated) {
  auto job = CreateJob(Make().CurrentCaller());
  EXPECT_EQ(job->SetProxySettings(ProxyUsage::kOverride, "", ""), hr::kInvalidArg)
      << "OVERRIDE needs a list";
  EXPECT_EQ(job->SetProxySettings(ProxyUsage::kPreconfig, "proxy:80", ""), hr::kInvalidArg);
  EXPECT_EQ(job->SetProxySettings(ProxyUsage::kNoProxy, "", "bypass"), hr::kInvalidArg);
  EXPECT_EQ(job->SetProxySettings(static_cast<ProxyUsage>(7), "", ""), hr::kNotImpl);
  EXPECT_EQ(job->SetProxySettings(ProxyUsage::kOverride, "proxy:80", "<local>"), hr::kOk);
  EXPECT_EQ(job->SetProxySettings(ProxyUsage::kAutodetect, "", ""), hr::kOk);
  ASSERT_EQ(job->Cancel(), hr::kOk);
  EXPECT_EQ(job->SetProxySettings(ProxyUsage::kNoProxy, "", ""), hr::kInvalidState);
}

class ProxyTest : public ModelTest {
 protected:
  // Runs `job` with a file of content `seed` to a final transfer state; returns the server's
  // last log record.
  fakeserver::RequestRecord Download(Job& job, std::uint64_t seed) {
    EXPECT_EQ(job.AddFile(ContentUrl(seed, 10), OpenFolder() + "/proxied-" + std::to_string(seed)),
              hr::kOk);
    EXPECT_EQ(job.SetNoProgressTimeout(0), hr::kOk);
    EXPECT_EQ(job.Resume(), hr::kOk);
    EXPECT_TRUE(WaitFinished(job).reached);
    const auto log = server_.Log();
    return log.empty() ? fakeserver::RequestRecord{} : log.back();
  }
};

TEST_F(ProxyTest, OverrideSendsRequestsThroughTheProxyUnlessBypassed) {
  Caller& runner = Make().CurrentCaller();
  auto proxied = CreateJob(runner);
  ASSERT_EQ(proxied->SetProxySettings(ProxyUsage::kOverride, server_.ProxyAddress(), ""), hr::kOk);
  const auto through = Download(*proxied, 50);
  EXPECT_TRUE(through.via_proxy);
  EXPECT_EQ(proxied->State().value, JobState::kTransferred);
  EXPECT_EQ(through.proxy_identity, "") << "a proxy that challenges nobody sees nobody";

  auto bypassed = CreateJob(runner);
  ASSERT_EQ(bypassed->SetProxySettings(ProxyUsage::kOverride, server_.ProxyAddress(), "127.0.0.1"),
            hr::kOk);
  EXPECT_FALSE(Download(*bypassed, 51).via_proxy);

  auto broken = CreateJob(runner);
  ASSERT_EQ(broken->SetProxySettings(ProxyUsage::kOverride, "ftp=host:21", ""), hr::kOk);
  Download(*broken, 52);
  EXPECT_EQ(broken->State().value, JobState::kError);
  EXPECT_EQ(broken->Error().value.code, hr::kInvalidProxyInfo);
}

TEST_F(ProxyTest, TheProxySeesTheImplicitIdentityOrExplicitProxyCredentials) {
  Make();
  const Principal user = Provision(PrincipalKind::kStandardUser);
  server_.AddUser("proxy-account", "proxy-secret-123");
  server_.RequireProxyUsers({user.name, "proxy-account"});
  auto session = LogOn(user);
  auto implicit = CreateJob(*session);
  ASSERT_EQ(implicit->SetProxySettings(ProxyUsage::kOverride, server_.ProxyAddress(), ""), hr::kOk);
  ASSERT_EQ(implicit->SetCredentials(
                Credentials{AuthTarget::kProxy, AuthScheme::kNegotiate, {}, {}}),
            hr::kOk);
  EXPECT_EQ(Download(*implicit, 53).proxy_identity, user.name);

  auto explicit_job = CreateJob(*session);
  ASSERT_EQ(explicit_job->SetProxySettings(ProxyUsage::kOverride, server_.ProxyAddress(), ""),
            hr::kOk);
  ASSERT_EQ(explicit_job->SetCredentials(Credentials{AuthTarget::kProxy, AuthScheme::kBasic,
                                                     "proxy-account",
                                                     Password(std::string("proxy-secret-123"))}),
            hr::kOk);
  EXPECT_EQ(Download(*explicit_job, 54).proxy_identity, "proxy-account");

  server_.RequireProxyUsers({"proxy-account"});
  auto refused = CreateJob(*session);
  ASSERT_EQ(refused->SetProxySettings(ProxyUsage::kOverride, server_.ProxyAddress(), ""), hr::kOk);
  ASSERT_EQ(refused->SetCredentials(Credentials{AuthTarget::kProxy, AuthScheme::kNtlm, {}, {}}),
            hr::kOk);
  EXPECT_EQ(Download(*refused, 55).status, 403);
  EXPECT_EQ(refused->Error().value.code, hr::kHttpError403);
}

TEST_F(ProxyTest, PreconfigReadsTheHelpersSettingFrom1809) {
  for (const std::uint32_t build : {testing_support::kWindows10, testing_support::kWindows7}) {
    SCOPED_TRACE(build);
    Caller& runner = Make(build).CurrentCaller();
    const Principal helper = Provision(PrincipalKind::kStandardUser);
    ASSERT_EQ(Control<UserProxyControl>().SetUserProxy(helper, server_.ProxyAddress()), hr::kOk);
    auto job = CreateJob(runner);
    auto options = Options(*job);
    SetHelperTokenAs(runner, *options, helper);
    ASSERT_EQ(options->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
    EXPECT_EQ(Download(*job, 56).via_proxy, build >= 17763);

    ASSERT_EQ(runner.Impersonate(helper), hr::kOk);
    EXPECT_EQ(Control<UserProxyControl>().UserProxyOf(runner).value, server_.ProxyAddress())
        << "read as the thread's identity";
    ASSERT_EQ(runner.RevertToSelf(), hr::kOk);
    EXPECT_EQ(Control<UserProxyControl>().UserProxyOf(runner).value, "")
        << "the runner has no setting";
    EXPECT_EQ(Control<UserProxyControl>().SetUserProxy(
                  Principal{"nobody", "S-1-5-21-1-2-3-999", {}}, "p:1"),
              hr::kInvalidArg);
    target_->CancelLeftoverJobs();
    server_.ClearLog();
  }
}

TEST_F(ProxyTest, AutodetectFindsNoProxyOnTheModelsNetwork) {
  Caller& runner = Make().CurrentCaller();
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  ASSERT_EQ(Control<UserProxyControl>().SetUserProxy(helper, server_.ProxyAddress()), hr::kOk);
  auto job = CreateJob(runner);
  ASSERT_EQ(job->SetProxySettings(ProxyUsage::kAutodetect, "", ""), hr::kOk);
  EXPECT_FALSE(Download(*job, 57).via_proxy);
}

}  // namespace
}  // namespace bitscts::model
