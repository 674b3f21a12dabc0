#include <gtest/gtest.h>

#include "model_fixture.h"

namespace bitscts::model {
namespace {

using testing_support::ModelTest;
using namespace std::chrono_literals;

// Returns Basic credentials for the server.
Credentials Basic(std::string user, std::string password) {
  return Credentials{AuthTarget::kServer, AuthScheme::kBasic, std::move(user),
                     Password(std::move(password))};
}

TEST_F(ModelTest, OnlyAnAdministratorTakesOwnership) {
  Make();
  const Principal user = Provision(PrincipalKind::kStandardUser);
  const Principal filtered = Provision(PrincipalKind::kFilteredAdministrator);
  auto session = LogOn(user);
  auto job = CreateJob(*session);
  EXPECT_EQ(job->TakeOwnership(), hr::kAccessDenied) << "a standard user, even of its own job";
  auto uac = LogOn(filtered);
  ASSERT_EQ(uac->Impersonate(user), hr::kOk);
  auto impersonated = uac->OpenJob(job->Id());
  ASSERT_EQ(uac->RevertToSelf(), hr::kOk);
  ASSERT_EQ(impersonated.hr, hr::kOk);
  EXPECT_EQ(impersonated.value->TakeOwnership(), hr::kAccessDenied)
      << "a UAC-filtered administrator is not elevated";
  EXPECT_EQ(job->OwnerSid().value, user.sid);
}

TEST_F(ModelTest, TakeOwnershipMovesTheJobAndDropsCredentials) {
  Make();
  const Principal user = Provision(PrincipalKind::kStandardUser);
  const Principal admin = Provision(PrincipalKind::kAdministrator);
  const Principal helper = Provision(PrincipalKind::kStandardUser);
  server_.AddUser("bitscts-basic-only", "s3cret-basic");
  const std::string path = fakeserver::ContentPath(30, 10);
  server_.Allow(path, {"bitscts-basic-only"});

  auto session = LogOn(user);
  auto job = CreateJob(*session);
  ASSERT_EQ(job->AddFile(server_.Url(path), OpenFolder() + "/owned.bin"), hr::kOk);
  ASSERT_EQ(job->SetCredentials(Basic("bitscts-basic-only", "s3cret-basic")), hr::kOk);
  ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  auto options = Options(*job);
  ASSERT_EQ(session->Impersonate(helper), hr::kOk);
  ASSERT_EQ(options->SetHelperToken(), hr::kOk);
  ASSERT_EQ(session->RevertToSelf(), hr::kOk);

  auto administrator = LogOn(admin);
  auto opened = administrator->OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  ASSERT_EQ(opened.value->TakeOwnership(), hr::kOk);
  EXPECT_EQ(opened.value->OwnerSid().value, admin.sid);
  EXPECT_EQ(session->OpenJob(job->Id()).hr, hr::kAccessDenied) << "no longer the user's job";
  EXPECT_EQ(Options(*opened.value)->GetHelperTokenSid().value, helper.sid)
      << "the helper token stays";

  ASSERT_EQ(opened.value->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*opened.value).state, JobState::kError);
  EXPECT_EQ(opened.value->Error().value.code, hr::kHttpError401)
      << "the credentials went with the old owner, and without implicit ones nobody answers the "
         "challenge";
  ASSERT_EQ(opened.value->SetCredentials(Basic("bitscts-basic-only", "s3cret-basic")), hr::kOk);
  ASSERT_EQ(opened.value->Resume(), hr::kOk);
  EXPECT_EQ(WaitFinished(*opened.value).state, JobState::kTransferred);
  ASSERT_EQ(opened.value->Complete(), hr::kOk);
  EXPECT_EQ(opened.value->TakeOwnership(), hr::kInvalidState);
}

TEST_F(ModelTest, TheNewOwnerMustReachTheTemporaryFiles) {
  Make();
  const Principal user = Provision(PrincipalKind::kStandardUser);
  const Principal admin = Provision(PrincipalKind::kAdministrator);
  auto folder = Control<FolderControl>().CreateFolder({user});
  ASSERT_EQ(folder.hr, hr::kOk);
  auto session = LogOn(user);
  auto job = CreateJob(*session);
  ASSERT_EQ(job->AddFile(ContentUrl(31, 10), folder.value + "/private.bin"), hr::kOk);
  auto administrator = LogOn(admin);
  auto before = administrator->OpenJob(job->Id());
  ASSERT_EQ(before.hr, hr::kOk);
  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kTransferred);
  EXPECT_EQ(before.value->TakeOwnership(), hr::kNewOwnerNoFileAccess);
  EXPECT_EQ(job->OwnerSid().value, user.sid);
}

TEST_F(ModelTest, CredentialsAreValidated) {
  auto job = CreateJob(Make().CurrentCaller());
  EXPECT_EQ(job->SetCredentials(Credentials{static_cast<AuthTarget>(3), AuthScheme::kNtlm, {}, {}}),
            hr::kInvalidAuthTarget);
  EXPECT_EQ(job->SetCredentials(
                Credentials{AuthTarget::kServer, static_cast<AuthScheme>(6), {}, {}}),
            hr::kInvalidAuthScheme);
  EXPECT_EQ(job->SetCredentials(Credentials{AuthTarget::kServer, AuthScheme::kBasic, {}, {}}),
            hr::kInvalidArg);
  EXPECT_EQ(job->SetCredentials(Credentials{AuthTarget::kProxy, AuthScheme::kDigest, "user", {}}),
            hr::kInvalidArg);
  EXPECT_EQ(job->SetCredentials(Basic(std::string(301, 'u'), "p")), hr::kUsernameTooLarge);
  EXPECT_EQ(job->SetCredentials(Basic(std::string(300, 'u'), std::string(65536, 'p'))),
            hr::kPasswordTooLarge);
  EXPECT_EQ(job->SetCredentials(Basic(std::string(300, 'u'), std::string(65535, 'p'))), hr::kOk);
  EXPECT_EQ(job->SetCredentials(Credentials{AuthTarget::kServer, AuthScheme::kNegotiate, {}, {}}),
            hr::kOk)
      << "implicit credentials";
  ASSERT_EQ(job->Cancel(), hr::kOk);
  EXPECT_EQ(job->SetCredentials(Credentials{AuthTarget::kServer, AuthScheme::kNtlm, {}, {}}),
            hr::kInvalidState);
}

TEST_F(ModelTest, ExplicitServerCredentialsArePresentedAndOnlyTheOwnerSetsThem) {
  Make();
  const Principal user = Provision(PrincipalKind::kStandardUser);
  const Principal admin = Provision(PrincipalKind::kAdministrator);
  server_.AddUser("bitscts-basic", "first-secret");
  const std::string path = fakeserver::ContentPath(32, 10);
  server_.Allow(path, {"bitscts-basic"});
  auto session = LogOn(user);
  auto job = CreateJob(*session);
  ASSERT_EQ(job->AddFile(server_.Url(path), OpenFolder() + "/basic.bin"), hr::kOk);
  ASSERT_EQ(job->SetCredentials(Basic("bitscts-basic", "wrong")), hr::kOk);
  ASSERT_EQ(job->SetCredentials(Basic("bitscts-basic", "first-secret")), hr::kOk)
      << "replaces the pair";

  auto administrator = LogOn(admin);
  auto opened = administrator->OpenJob(job->Id());
  ASSERT_EQ(opened.hr, hr::kOk);
  EXPECT_EQ(opened.value->SetCredentials(Basic("bitscts-basic", "wrong")), hr::kAccessDenied)
      << "credentials are set in the owner's context";

  ASSERT_EQ(job->Resume(), hr::kOk);
  ASSERT_EQ(WaitFinished(*job).state, JobState::kTransferred);
  bool presented = false;
  for (const auto& request : server_.Log()) {
    if (request.path == path) presented = presented || request.identity == "bitscts-basic";
  }
  EXPECT_TRUE(presented);
}

TEST_F(ModelTest, AServiceJobKeepsTheServiceSidFrom1903Only) {
  for (const std::uint32_t build : {testing_support::kWindows10, testing_support::kWindows7}) {
    SCOPED_TRACE(build);
    Make(build);
    const Principal service = Provision(PrincipalKind::kWindowsService);
    EXPECT_TRUE(service.sid.starts_with("S-1-5-80-")) << service.sid;
    auto process = LogOn(service);
    EXPECT_EQ(process->Sid(), "S-1-5-18") << "a service process runs as LocalSystem";
    const auto folder = Control<FolderControl>().CreateFolder({service});
    ASSERT_EQ(folder.hr, hr::kOk);
    auto job = CreateJob(*process);
    ASSERT_EQ(job->AddFile(ContentUrl(43, 10), folder.value + "/svc.bin"), hr::kOk)
        << "checked as the caller";
    ASSERT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
    ASSERT_EQ(job->Resume(), hr::kOk);
    ASSERT_TRUE(WaitFinished(*job).reached);
    if (build >= 18362) {
      EXPECT_EQ(job->State().value, JobState::kTransferred);
    } else {
      EXPECT_EQ(job->State().value, JobState::kError);
      EXPECT_EQ(job->Error().value.code, hr::kAccessDenied);
    }
    target_->CancelLeftoverJobs();
  }
}

}  // namespace
}  // namespace bitscts::model
