// Proxy: where a job's requests go and who it is to the proxy when a helper token with
// BG_TOKEN_NETWORK takes part (HT-FLAG-13, HT-FLAG-14). The fakeserver's own forward proxy is
// the proxy, so its log tells whether a request went through it and as whom.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "bitscts/credentials.h"
#include "bitscts/fakeserver/identity.h"
#include "bitscts/scenario.h"
#include "bitscts/windows_build.h"
#include "docs.h"
#include "steps/access_rules.h"
#include "steps/credentials.h"
#include "steps/helper_token.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

constexpr std::uint64_t kSize = 4096;

// How the fakeserver saw the requests for one path.
struct Route {
  bool asked = false;          // some request asked for the path
  bool via_proxy = false;      // the last one came through the proxy
  std::string proxy_identity;  // the identity the last one presented to the proxy
  int status = 0;              // what the last one was answered
};

// Returns how the last request for `path` reached the fakeserver.
Route RouteOf(Scenario& s, const std::string& path) {
  const steps::Requests requests(s, path);
  Route route;
  if (!requests.empty()) {
    const fakeserver::RequestRecord& last = requests.last();
    route = Route{true, last.via_proxy, last.proxy_identity, last.status};
  }
  s.evidence().Note("fakeserver: the last request for " + path + " came " +
                    (!route.asked ? std::string("never")
                     : route.via_proxy
                         ? "through the proxy as " +
                               (route.proxy_identity.empty() ? "nobody" : route.proxy_identity)
                         : std::string("directly")) +
                    (route.asked ? " and was answered " + std::to_string(route.status) : ""));
  return route;
}

// Sets the job's proxy settings, expecting SetProxySettings to succeed.
void SetProxy(Job& job, ProxyUsage usage, const std::string& proxy_list) {
  const HResult result = job.SetProxySettings(usage, proxy_list, "");
  ASSERT_EQ(result, hr::kOk) << Name(usage) << " " << proxy_list;
}

// Runs `job`, whose file is added, to TRANSFERRED and completes it.
void TransferAndComplete(Scenario& s, Job& job) {
  ASSERT_EQ(steps::RunToEnd(s, job), JobState::kTransferred);
  EXPECT_EQ(job.Complete(), hr::kOk);
}

// Runs a new job of `owner` without a helper token, for one new file into `file_name`, to
// TRANSFERRED and completes it (call it inside ASSERT_NO_FATAL_FAILURE); sets `*route` to how its
// request reached the fakeserver.
void TransferWithoutHelper(Scenario& s, Caller& owner, const std::string& file_name, Route* route) {
  const std::string path = s.NewContent(kSize).path();
  auto job = s.CreateJob(owner);
  ASSERT_EQ(job->AddFile(s.server().Url(path), s.LocalPath(file_name)), hr::kOk);
  ASSERT_NO_FATAL_FAILURE(TransferAndComplete(s, *job));
  *route = RouteOf(s, path);
  ASSERT_TRUE(route->asked) << "the job's request reached the fakeserver";
}

// With BG_JOB_PROXY_USAGE_PRECONFIG a job takes the per-user proxy setting. With a helper token
// and BG_TOKEN_NETWORK, 1809 and later read the helper's setting, earlier builds the owner's.
// Only the helper has one here (the fakeserver's proxy): the flagged job's request goes through
// the proxy from 1809 and straight to the server before, a job without the flag always straight.
BITSCTS_SCENARIO(Proxy, PreconfigReadsTheHelpersSettingsFrom1809,
                 {.clauses = {"HT-FLAG-13", "HT-VER-5"},
                  .doc = docs::kAuthentication,
                  .needs = {Feature::kDownload, Feature::kTokenOptions,
                            Feature::kDistinctIdentities, UserProxyControl::kFeature}}) {
  Caller& owner = steps::TokenOwner(s);
  const Outcome<std::string> own_setting = s.UserProxyOf(owner);
  if (own_setting.hr.Failed() || !own_setting.value.empty()) {
    s.Unsupported("the owner's own per-user proxy setting must be direct; it is \"" +
                  own_setting.value + "\" (" + own_setting.hr.ToString() + ")");
  }
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  s.SetUserProxy(helper, s.server().ProxyAddress());

  Route plain;
  ASSERT_NO_FATAL_FAILURE(TransferWithoutHelper(s, owner, "owner-settings.bin", &plain));
  ASSERT_FALSE(plain.via_proxy) << "without a helper token the owner's setting (direct) counts";

  const std::string flagged_path = s.NewContent(kSize).path();
  steps::TokenJob flagged(s, owner);
  ASSERT_EQ(flagged->AddFile(s.server().Url(flagged_path), s.LocalPath("helper-settings.bin")),
            hr::kOk);
  ASSERT_TRUE(flagged.Install(helper, token_usage::kNetwork));
  ASSERT_NO_FATAL_FAILURE(TransferAndComplete(s, *flagged));
  const bool from1809 = steps::BuildFrom(s, builds::kWindows1809);
  const Route route = RouteOf(s, flagged_path);
  ASSERT_TRUE(route.asked);
  BITSCTS_PROVES("HT-FLAG-13", "HT-VER-5")
    EXPECT_EQ(route.via_proxy, from1809)
        << "build " << s.target().Description().os_build << " reads the "
        << (from1809 ? "helper's" : "owner's") << " proxy setting";
}

// Points `job` of the service `service` at the proxy of `helper`'s per-user setting: from 1809
// with BG_JOB_PROXY_USAGE_PRECONFIG, which reads the helper's setting there (HT-FLAG-13); before,
// by reading the setting as the helper and giving it as an override. A failed step is a failed
// check (call it inside ASSERT_NO_FATAL_FAILURE).
void UseTheHelpersProxy(Scenario& s, Caller& service, const Principal& helper, Job& job) {
  if (steps::BuildFrom(s, builds::kWindows1809)) {
    ASSERT_NO_FATAL_FAILURE(SetProxy(job, ProxyUsage::kPreconfig, ""));
    return;
  }
  steps::Impersonate(s, service, helper);
  const Outcome<std::string> proxy = s.UserProxyOf(service);
  ASSERT_EQ(service.RevertToSelf(), hr::kOk);
  ASSERT_EQ(proxy.hr, hr::kOk);
  ASSERT_EQ(proxy.value, s.server().ProxyAddress()) << "the helper's setting, read as the helper";
  ASSERT_NO_FATAL_FAILURE(SetProxy(job, ProxyUsage::kOverride, proxy.value));
}

// The documented recipe for a service behind an authenticating proxy: implicit proxy
// credentials, the helper's proxy (PRECONFIG from 1809; before, the setting read while
// impersonating the helper and copied with OVERRIDE), a helper token with BG_TOKEN_NETWORK. The
// proxy lets only the helper through, and sees the helper. Without a helper token the same
// service's job goes straight to the server: a system account has no per-user proxy setting.
// The fakeserver's proxy challenges with Negotiate and NTLM (which it accepts through SSPI on
// Windows) and Basic, the stand-in the model presents for implicit credentials (HT-FLAG-3).
BITSCTS_SCENARIO(Proxy, ServiceBehindAuthenticatingProxyUsesTheHelper,
                 {.clauses = {"HT-FLAG-14", "HT-FLAG-13", "HT-FLAG-3", "JOB-OWN-5"},
                  .doc = docs::kAuthentication,
                  .needs = {Feature::kDownload, Feature::kTokenOptions,
                            Feature::kDistinctIdentities, UserProxyControl::kFeature}}) {
  const Principal system = s.Provision(PrincipalKind::kLocalSystem);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  s.SetUserProxy(helper, s.server().ProxyAddress());
  s.server().RequireProxyUsers({helper.name});
  Caller& service = s.LogOn(system);

  Route direct;
  ASSERT_NO_FATAL_FAILURE(TransferWithoutHelper(s, service, "service-direct.bin", &direct));
  BITSCTS_PROVES("JOB-OWN-5")
    EXPECT_FALSE(direct.via_proxy) << "LocalSystem has no per-user proxy setting";

  const Content content = s.NewContent(kSize);
  const std::string local = s.LocalPath("service-proxied.bin");
  steps::TokenJob job(s, service);
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk);
  ASSERT_NO_FATAL_FAILURE(steps::SetImplicitCredentials(s, *job, AuthTarget::kProxy));
  ASSERT_NO_FATAL_FAILURE(UseTheHelpersProxy(s, service, helper, *job));
  ASSERT_TRUE(job.Install(helper, token_usage::kNetwork));
  BITSCTS_PROVES("HT-FLAG-14") ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred);
  BITSCTS_PROVES("HT-FLAG-14") EXPECT_TRUE(steps::Completes(s, *job, local, content));
  const Route route = RouteOf(s, content.path());
  ASSERT_TRUE(route.asked);
  BITSCTS_PROVES("HT-FLAG-13") EXPECT_TRUE(route.via_proxy) << "the helper's proxy setting counts";
  BITSCTS_PROVES("HT-FLAG-3", "HT-FLAG-13")
    EXPECT_TRUE(fakeserver::NamesAccount(route.proxy_identity, helper.name))
        << "the proxy saw \"" << route.proxy_identity << "\", not the helper " << helper.name;
}

// A proxy that wants credentials and gets none refuses with 407, which puts the job in ERROR
// with BG_E_HTTP_ERROR_407. The job is LocalService's, which presents no identity on the network
// (JOB-OWN-5), and an OVERRIDE proxy list sends it to the proxy.
BITSCTS_SCENARIO(Proxy, UnauthenticatedRequestEndsInError407,
                 {.clauses = {"JOB-ERR-7"},
                  .doc = docs::kSetProxySettings,
                  .needs = {Feature::kDownload, Feature::kDistinctIdentities}}) {
  const Principal local_service = s.Provision(PrincipalKind::kLocalService);
  const Principal allowed = s.Provision(PrincipalKind::kStandardUser);
  s.server().RequireProxyUsers({allowed.name});
  Caller& service = s.LogOn(local_service);
  const Content content = s.NewContent(kSize);
  auto job = s.CreateJob(service);
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), s.LocalPath("proxy-refused.bin")), hr::kOk);
  ASSERT_NO_FATAL_FAILURE(SetProxy(*job, ProxyUsage::kOverride, s.server().ProxyAddress()));
  BITSCTS_PROVES("JOB-ERR-7") ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError);
  BITSCTS_PROVES("JOB-ERR-7")
    EXPECT_TRUE(steps::ErrorIs(*job, hr::kHttpError407, ErrorContext::kRemoteFile));
  const Route route = RouteOf(s, content.path());
  ASSERT_TRUE(route.asked);
  EXPECT_TRUE(route.via_proxy);
  EXPECT_EQ(route.status, 407);
  EXPECT_EQ(route.proxy_identity, "");
}

// 1607+, the recipe for another service account and in another order: a NetworkService job gets
// its helper token and BG_TOKEN_NETWORK first, then the helper's proxy (PRECONFIG from 1809;
// before, read as the helper and copied with OVERRIDE), then implicit NEGOTIATE proxy credentials.
// The proxy lets only the helper through and sees the helper.
BITSCTS_SCENARIO(Proxy, NetworkServiceTokenFirstBehindAuthenticatingProxy,
                 {.clauses = {"HT-FLAG-14", "HT-FLAG-13"},
                  .doc = docs::kAuthentication,
                  .needs = {Feature::kDownload, Feature::kTokenOptions,
                            Feature::kDistinctIdentities, UserProxyControl::kFeature},
                  .builds = steps::k1607Rules}) {
  const auto [account, helper, service] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kNetworkService);
  s.SetUserProxy(helper, s.server().ProxyAddress());
  s.server().RequireProxyUsers({helper.name});

  const Content content = s.NewContent(kSize);
  const std::string local = s.LocalPath("network-service-proxied.bin");
  steps::TokenJob job(s, service);
  ASSERT_TRUE(job.Install(helper, token_usage::kNetwork));
  ASSERT_EQ(job->AddFile(s.ContentUrl(content), local), hr::kOk);
  ASSERT_NO_FATAL_FAILURE(UseTheHelpersProxy(s, service, helper, *job));
  ASSERT_NO_FATAL_FAILURE(steps::SetImplicitCredentials(s, *job, AuthTarget::kProxy));
  BITSCTS_PROVES("HT-FLAG-14") ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred);
  BITSCTS_PROVES("HT-FLAG-14") EXPECT_TRUE(steps::Completes(s, *job, local, content));
  const Route route = RouteOf(s, content.path());
  ASSERT_TRUE(route.asked);
  BITSCTS_PROVES("HT-FLAG-14", "HT-FLAG-13")
    EXPECT_TRUE(route.via_proxy) << "the helper's proxy setting counts";
  BITSCTS_PROVES("HT-FLAG-14")
    EXPECT_TRUE(fakeserver::NamesAccount(route.proxy_identity, helper.name))
        << "the proxy saw \"" << route.proxy_identity << "\", not the helper " << helper.name;
}

}  // namespace
}  // namespace bitscts
