// Client certificates: which identity's certificate a job presents to an HTTPS server when a
// helper token takes part, and what a server that asks for one does to a job without it
// (HT-FLAG-4, HT-FLAG-5, JOB-ERR-9). The fakeserver's HTTPS listeners log the subject of every
// client certificate they are shown.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "bitscts/fakeserver/tls.h"
#include "bitscts/scenario.h"
#include "docs.h"
#include "steps/access_rules.h"
#include "steps/helper_token.h"
#include "steps/transfer.h"

namespace bitscts {
namespace {

using fakeserver::ClientCertificates;

constexpr std::uint64_t kSize = 4096;
constexpr const char* kPersonalStore = "MY";

// Returns success if a request for `path` reached the fakeserver and the last one presented the
// client certificate of `subject`; what it presented is recorded.
testing::AssertionResult LastCertificateIs(Scenario& s, const std::string& path,
                                           const std::string& subject) {
  const steps::Requests requests(s, path);
  if (requests.empty())
    return testing::AssertionFailure() << "no request for " << path << " reached the fakeserver";
  const std::string seen = requests.last().client_certificate;
  s.evidence().Note(
      "fakeserver: the last request for " + path + " presented " +
      (seen.empty() ? std::string("no client certificate") : "the certificate of " + seen));
  if (seen != subject) {
    return testing::AssertionFailure()
           << "the server saw the certificate of \"" << seen << "\", not " << subject << "'s";
  }
  return testing::AssertionSuccess();
}

// Names the job's client certificate (SetClientCertificateByID); returns BITS's answer.
HResult NameCertificate(Job& job, CertStoreLocation location, const std::string& thumbprint) {
  return job.SetClientCertificate(location, kPersonalStore, thumbprint);
}

// A job's client certificate is its owner's, whatever helper token it has: with a helper token
// set, the certificate is still looked up in the owner's store (the helper's is not there,
// CRYPT_E_NOT_FOUND as SetClientCertificateByID documents), and the server is shown the
// owner's certificate.
BITSCTS_SCENARIO(ClientCertificates, OwnersCertificateDespiteTheHelper,
                 {.clauses = {"HT-FLAG-4"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kDownload, Feature::kTokenOptions,
                            Feature::kDistinctIdentities, AuthorityControl::kFeature,
                            ClientCertificateControl::kFeature}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string path = s.NewContent(kSize).path();
  const std::string url = s.HttpsUrl(path, ClientCertificates::kRequired);
  const std::string owner_certificate =
      s.InstallClientCertificate(owner, CertStoreLocation::kCurrentUser);
  const std::string helper_certificate =
      s.InstallClientCertificate(helper, CertStoreLocation::kCurrentUser);
  Caller& session = s.LogOn(owner);

  steps::TokenJob job(s, session);
  ASSERT_EQ(job->AddFile(url, s.LocalPath("owner-certificate.bin")), hr::kOk);
  ASSERT_TRUE(job.Install(helper, token_usage::kLocalFile));
  BITSCTS_PROVES("HT-FLAG-4")
    EXPECT_EQ(NameCertificate(*job, CertStoreLocation::kCurrentUser, helper_certificate),
              hr::kCryptNotFound)
        << "the helper's certificate is not in the owner's store";
  ASSERT_EQ(NameCertificate(*job, CertStoreLocation::kCurrentUser, owner_certificate), hr::kOk);
  ASSERT_EQ(steps::RunToEnd(s, *job), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-4")
    EXPECT_TRUE(LastCertificateIs(s, path, owner.name))
        << "the server must see the owner's certificate, not the helper's";
}

// With BG_TOKEN_NETWORK the job's client certificate works only for a LocalSystem owner: a
// user's job fails with ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY, while a LocalSystem
// job with a machine certificate reaches the server with it, the owner's and not the helper's.
BITSCTS_SCENARIO(ClientCertificates, NetworkFlagNeedsALocalSystemOwner,
                 {.clauses = {"HT-FLAG-5", "HT-FLAG-4"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kDownload, Feature::kTokenOptions,
                            Feature::kDistinctIdentities, AuthorityControl::kFeature,
                            ClientCertificateControl::kFeature}}) {
  const Principal user = s.Provision(PrincipalKind::kAdministrator);
  const Principal system = s.Provision(PrincipalKind::kLocalSystem);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string user_path = s.NewContent(kSize).path();
  const std::string system_path = s.NewContent(kSize).path();
  const std::string user_url = s.HttpsUrl(user_path, ClientCertificates::kRequired);
  const std::string system_url = s.HttpsUrl(system_path, ClientCertificates::kRequired);
  const std::string user_certificate =
      s.InstallClientCertificate(user, CertStoreLocation::kCurrentUser);
  const std::string machine_certificate =
      s.InstallClientCertificate(system, CertStoreLocation::kLocalMachine);

  const struct {
    Caller& caller;
    std::string url;
    CertStoreLocation location;
    std::string thumbprint;
    bool local_system;
  } cases[] = {{s.LogOn(user), user_url, CertStoreLocation::kCurrentUser, user_certificate, false},
               {s.LogOn(system), system_url, CertStoreLocation::kLocalMachine, machine_certificate,
                true}};
  for (const auto& owner : cases) {
    SCOPED_TRACE(owner.local_system ? "LocalSystem owner" : "administrator owner");
    steps::TokenJob job(s, owner.caller);
    const std::string local =
        s.LocalPath(owner.local_system ? "system-certificate.bin" : "user-certificate.bin");
    ASSERT_EQ(job->AddFile(owner.url, local), hr::kOk);
    ASSERT_EQ(NameCertificate(*job, owner.location, owner.thumbprint), hr::kOk);
    ASSERT_TRUE(job.Install(helper, token_usage::kNetwork));
    const JobState state = steps::RunToEndWithoutRetries(s, *job);
    if (owner.local_system) {
      BITSCTS_PROVES("HT-FLAG-5")
        ASSERT_EQ(state, JobState::kTransferred) << "a LocalSystem owner's certificate works";
      BITSCTS_PROVES("HT-FLAG-4")
        EXPECT_TRUE(LastCertificateIs(s, system_path, system.name))
            << "the owner's certificate, not the helper's";
      continue;
    }
    BITSCTS_PROVES("HT-FLAG-5") ASSERT_EQ(state, JobState::kError);
    const Outcome<JobError> error = job->Error();
    ASSERT_EQ(error.hr, hr::kOk);
    BITSCTS_PROVES("HT-FLAG-5") EXPECT_EQ(error.value.code, hr::kClientCertNoAccessPrivateKey);
    s.evidence().Note("HT-FLAG-5: the error context was " + Name(error.value.context));
  }
}

// A site that asks for a client certificate without requiring one fails a job that names none
// with ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED; the same file from a listener that does not ask
// is downloaded.
BITSCTS_SCENARIO(ClientCertificates, RequestedButAbsentCertificateFails,
                 {.clauses = {"JOB-ERR-9"},
                  .doc = docs::kSetClientCertificateById,
                  .needs = {Feature::kDownload, AuthorityControl::kFeature}}) {
  const std::string path = s.NewContent(kSize).path();
  auto plain = s.CreateJob(s.caller());
  ASSERT_EQ(plain->AddFile(s.HttpsUrl(path, ClientCertificates::kIgnored),
                           s.LocalPath("unasked.bin")),
            hr::kOk);
  ASSERT_EQ(steps::RunToEnd(s, *plain), JobState::kTransferred);
  EXPECT_EQ(plain->Complete(), hr::kOk);

  auto asked = s.CreateJob(s.caller());
  ASSERT_EQ(asked->AddFile(s.HttpsUrl(path, ClientCertificates::kRequested),
                           s.LocalPath("asked.bin")),
            hr::kOk);
  BITSCTS_PROVES("JOB-ERR-9") ASSERT_EQ(steps::RunToEndWithoutRetries(s, *asked), JobState::kError);
  BITSCTS_PROVES("JOB-ERR-9") EXPECT_TRUE(steps::ErrorIs(*asked, hr::kClientAuthCertNeeded));
}

// 1607+, a non-administrator owner, the helper token and BG_TOKEN_NETWORK installed before the
// certificate is named: the owner's certificate reaches the server from a job without a helper
// token, and the same owner's job with BG_TOKEN_NETWORK fails with
// ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY.
BITSCTS_SCENARIO(ClientCertificates, StandardOwnersCertificateFailsWithNetworkFlag,
                 {.clauses = {"HT-FLAG-5"},
                  .doc = docs::kSetHelperTokenFlags,
                  .needs = {Feature::kDownload, Feature::kTokenOptions,
                            Feature::kDistinctIdentities, AuthorityControl::kFeature,
                            ClientCertificateControl::kFeature},
                  .builds = steps::k1607Rules}) {
  const auto [owner, helper, client] =
      steps::ProvisionOwnerAndHelper(s, PrincipalKind::kStandardUser);
  const std::string certificate =
      s.InstallClientCertificate(owner, CertStoreLocation::kCurrentUser);
  const std::string plain_path = s.NewContent(kSize).path();
  const std::string flagged_path = s.NewContent(kSize).path();

  auto plain = s.CreateJob(client);
  ASSERT_EQ(plain->AddFile(s.HttpsUrl(plain_path, ClientCertificates::kRequired),
                           s.LocalPath("standard-certificate.bin")),
            hr::kOk);
  ASSERT_EQ(NameCertificate(*plain, CertStoreLocation::kCurrentUser, certificate), hr::kOk);
  ASSERT_EQ(steps::RunToEnd(s, *plain), JobState::kTransferred)
      << "without a helper token the owner's certificate works";
  EXPECT_EQ(plain->Complete(), hr::kOk);
  ASSERT_TRUE(LastCertificateIs(s, plain_path, owner.name));

  steps::TokenJob job(s, client);
  ASSERT_TRUE(job.Install(helper, token_usage::kNetwork));
  ASSERT_EQ(job->AddFile(s.HttpsUrl(flagged_path, ClientCertificates::kRequired),
                         s.LocalPath("standard-certificate-flagged.bin")),
            hr::kOk);
  ASSERT_EQ(NameCertificate(*job, CertStoreLocation::kCurrentUser, certificate), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-5") ASSERT_EQ(steps::RunToEndWithoutRetries(s, *job), JobState::kError);
  const Outcome<JobError> error = job->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("HT-FLAG-5") EXPECT_EQ(error.value.code, hr::kClientCertNoAccessPrivateKey);
  s.evidence().Note("HT-FLAG-5: the error context was " + Name(error.value.context));
}

}  // namespace
}  // namespace bitscts
