// Client certificates: which identity's certificate a job presents to an HTTPS server when a
// helper token takes part, and what a server that asks for one does to a job without it
// (HT-FLAG-4, HT-FLAG-5, JOB-ERR-9). The fakeserver's HTTPS listeners log the subject of every
// client certificate they are shown.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/tls.h"
#include "bitscts/scenario.h"
#include "token_steps.h"

namespace bitscts {
namespace {

using fakeserver::ClientCertificates;

constexpr const char* kSetHelperTokenFlagsDoc =
    "https://learn.microsoft.com/windows/win32/api/bits4_0/nf-bits4_0-ibitstokenoptions-sethelpertokenflags";
constexpr const char* kSetClientCertificateDoc =
    "https://learn.microsoft.com/windows/win32/api/bits2_5/"
    "nf-bits2_5-ibackgroundcopyjobhttpoptions-setclientcertificatebyid";
constexpr std::uint64_t kSize = 4096;
constexpr const char* kPersonalStore = "MY";

// Returns the subject of the client certificate the last request for `path` presented, empty if
// none; `asked` tells whether any request came.
std::string CertificateSeenFor(Scenario& s, const std::string& path, bool* asked) {
  std::string subject;
  *asked = false;
  for (const fakeserver::RequestRecord& request : s.server().Log()) {
    if (request.path != path) continue;
    *asked = true;
    subject = request.client_certificate;
  }
  s.evidence().Note("fakeserver: the last request for " + path + " presented " +
                    (subject.empty() ? std::string("no client certificate") : "the certificate of " + subject));
  return subject;
}

// Names the job's client certificate; ends the scenario as unsupported if the target offers none.
HResult NameCertificate(Scenario& s, Job& job, CertStoreLocation location, const std::string& thumbprint) {
  const HResult result = job.SetClientCertificate(location, kPersonalStore, thumbprint);
  s.RequireImplemented(Feature::kClientCertificates, result, "SetClientCertificateByID");
  return result;
}

// A job's client certificate is its owner's, whatever helper token it has: with a helper token
// set, the certificate is still looked up in the owner's store (the helper's is not there,
// CRYPT_E_NOT_FOUND as SetClientCertificateByID documents), and the server is shown the
// owner's certificate.
BITSCTS_SCENARIO(ClientCertificates, OwnersCertificateDespiteTheHelper,
                 {.clauses = {"HT-FLAG-4"},
                  .doc = kSetHelperTokenFlagsDoc,
                  .needs = {Feature::kDownload, Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal owner = s.Provision(PrincipalKind::kAdministrator);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string path = fakeserver::ContentPath(951, kSize);
  const std::string url = s.HttpsUrl(path, ClientCertificates::kRequired);
  const std::string owner_certificate = s.InstallClientCertificate(owner, CertStoreLocation::kCurrentUser);
  const std::string helper_certificate = s.InstallClientCertificate(helper, CertStoreLocation::kCurrentUser);
  Caller& session = s.LogOn(owner);

  auto job = s.CreateJob(session);
  ASSERT_EQ(job->AddFile(url, s.LocalPath("owner-certificate.bin")), hr::kOk);
  auto options = job->QueryTokenOptions();
  ASSERT_EQ(options.hr, hr::kOk);
  ASSERT_EQ(steps::SetHelperTokenAs(s, session, *options.value, helper), hr::kOk);
  ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kLocalFile), hr::kOk);
  BITSCTS_PROVES("HT-FLAG-4")
  EXPECT_EQ(NameCertificate(s, *job, CertStoreLocation::kCurrentUser, helper_certificate), hr::kCryptNotFound)
      << "the helper's certificate is not in the owner's store";
  ASSERT_EQ(NameCertificate(s, *job, CertStoreLocation::kCurrentUser, owner_certificate), hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*job, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(job->Complete(), hr::kOk);
  bool asked = false;
  const std::string seen = CertificateSeenFor(s, path, &asked);
  ASSERT_TRUE(asked);
  BITSCTS_PROVES("HT-FLAG-4") EXPECT_EQ(seen, owner.name) << "the server must see the owner's certificate, not the helper's";
}

// With BG_TOKEN_NETWORK the job's client certificate works only for a LocalSystem owner: a
// user's job fails with ERROR_WINHTTP_CLIENT_CERT_NO_ACCESS_PRIVATE_KEY, while a LocalSystem
// job with a machine certificate reaches the server with it, the owner's and not the helper's.
BITSCTS_SCENARIO(ClientCertificates, NetworkFlagNeedsALocalSystemOwner,
                 {.clauses = {"HT-FLAG-5", "HT-FLAG-4"},
                  .doc = kSetHelperTokenFlagsDoc,
                  .needs = {Feature::kDownload, Feature::kTokenOptions, Feature::kDistinctIdentities}}) {
  const Principal user = s.Provision(PrincipalKind::kAdministrator);
  const Principal system = s.Provision(PrincipalKind::kLocalSystem);
  const Principal helper = s.Provision(PrincipalKind::kStandardUser);
  const std::string user_path = fakeserver::ContentPath(952, kSize);
  const std::string system_path = fakeserver::ContentPath(953, kSize);
  const std::string user_url = s.HttpsUrl(user_path, ClientCertificates::kRequired);
  const std::string system_url = s.HttpsUrl(system_path, ClientCertificates::kRequired);
  const std::string user_certificate = s.InstallClientCertificate(user, CertStoreLocation::kCurrentUser);
  const std::string machine_certificate = s.InstallClientCertificate(system, CertStoreLocation::kLocalMachine);

  const struct {
    Caller& caller;
    std::string url;
    CertStoreLocation location;
    std::string thumbprint;
    bool local_system;
  } cases[] = {{s.LogOn(user), user_url, CertStoreLocation::kCurrentUser, user_certificate, false},
               {s.LogOn(system), system_url, CertStoreLocation::kLocalMachine, machine_certificate, true}};
  for (const auto& owner : cases) {
    SCOPED_TRACE(owner.local_system ? "LocalSystem owner" : "administrator owner");
    auto job = s.CreateJob(owner.caller);
    const std::string local = s.LocalPath(owner.local_system ? "system-certificate.bin" : "user-certificate.bin");
    ASSERT_EQ(job->AddFile(owner.url, local), hr::kOk);
    ASSERT_EQ(NameCertificate(s, *job, owner.location, owner.thumbprint), hr::kOk);
    auto options = job->QueryTokenOptions();
    ASSERT_EQ(options.hr, hr::kOk);
    ASSERT_EQ(steps::SetHelperTokenAs(s, owner.caller, *options.value, helper), hr::kOk);
    ASSERT_EQ(options.value->SetHelperTokenFlags(token_usage::kNetwork), hr::kOk);
    ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
    ASSERT_EQ(job->Resume(), hr::kOk);
    const JobState state = s.AwaitState(*job, {JobState::kTransferred, JobState::kError});
    if (owner.local_system) {
      BITSCTS_PROVES("HT-FLAG-5") ASSERT_EQ(state, JobState::kTransferred) << "a LocalSystem owner's certificate works";
      bool asked = false;
      const std::string seen = CertificateSeenFor(s, system_path, &asked);
      ASSERT_TRUE(asked);
      BITSCTS_PROVES("HT-FLAG-4") EXPECT_EQ(seen, system.name) << "the owner's certificate, not the helper's";
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
                 {.clauses = {"JOB-ERR-9"}, .doc = kSetClientCertificateDoc, .needs = {Feature::kDownload}}) {
  const std::string path = fakeserver::ContentPath(954, kSize);
  auto plain = s.CreateJob(s.caller());
  ASSERT_EQ(plain->AddFile(s.HttpsUrl(path, ClientCertificates::kIgnored), s.LocalPath("unasked.bin")), hr::kOk);
  ASSERT_EQ(plain->Resume(), hr::kOk);
  ASSERT_EQ(s.AwaitState(*plain, {JobState::kTransferred, JobState::kError}), JobState::kTransferred);
  EXPECT_EQ(plain->Complete(), hr::kOk);

  auto asked = s.CreateJob(s.caller());
  ASSERT_EQ(asked->AddFile(s.HttpsUrl(path, ClientCertificates::kRequested), s.LocalPath("asked.bin")), hr::kOk);
  ASSERT_EQ(asked->SetNoProgressTimeout(0), hr::kOk);
  ASSERT_EQ(asked->Resume(), hr::kOk);
  BITSCTS_PROVES("JOB-ERR-9")
  ASSERT_EQ(s.AwaitState(*asked, {JobState::kError, JobState::kTransferred}), JobState::kError);
  const Outcome<JobError> error = asked->Error();
  ASSERT_EQ(error.hr, hr::kOk);
  BITSCTS_PROVES("JOB-ERR-9") EXPECT_EQ(error.value.code, hr::kClientAuthCertNeeded);
}

}  // namespace
}  // namespace bitscts
