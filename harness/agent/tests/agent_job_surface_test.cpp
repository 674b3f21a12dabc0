// The BITS surface of an agent's jobs beyond transfers (notify flags and interfaces, error
// details, ownership, credentials, proxy settings, client certificates) and the release of its
// blocking callbacks: each call crosses the protocol with its arguments whole and comes back with
// exactly the HRESULT and values the agent's job answered, E_NOTIMPL and unwritten marks included.
// The far end is a thread serving a scripted job over a connected stream (agent_stream_test.cpp).
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bitscts/agent/agent_client.h"
#include "bitscts/agent/agent_server.h"
#include "bitscts/agent/agent_stream.h"
#include "bitscts/agent_fault.h"
#include "connected_pair.h"
#include "host_that_cannot.h"

namespace bitscts::agent {
namespace {

using testing_support::ConnectedPair;

// What the scripted job was asked, and what it answers.
struct Script {
  // Answers.
  HResult result = hr::kOk;  // of every call that answers only an HRESULT
  Outcome<std::uint32_t> notify_flags{hr::kOk, 0};
  Outcome<std::vector<Notification>> notifications{hr::kOk, {}};
  Outcome<std::string> text{hr::kOk, {}};  // of ErrorDescription, ErrorProtocol and OwnerSid
  Outcome<JobFile> file{hr::kOk, {}};
  std::optional<std::promise<void>*> hold_credentials;  // SetCredentials waits for it
  // Questions.
  std::vector<std::string> calls;
  std::uint32_t flags = 0;
  JobEvent event = JobEvent::kTransferred;
  std::chrono::milliseconds timeout{0};
  std::uint32_t language = 0;
  AuthTarget auth_target = AuthTarget::kServer;
  AuthScheme scheme = AuthScheme::kBasic;
  std::optional<std::string> user;
  std::optional<std::string> password;
  ProxyUsage usage = ProxyUsage::kPreconfig;
  std::string proxies;
  std::string bypass;
  CertStoreLocation location = CertStoreLocation::kCurrentUser;
  std::string store;
  std::string thumbprint;
  int releases = 0;
};

class ScriptedJob final : public Job {
 public:
  explicit ScriptedJob(Script& script) : script_(script) {}

  std::string Id() const override { return "{00000000-0000-0000-0000-000000000001}"; }
  HResult AddFile(const std::string&, const std::string&) override { return hr::kOk; }
  HResult Resume() override { return hr::kOk; }
  HResult Suspend() override { return hr::kOk; }
  HResult Cancel() override { return hr::kOk; }
  HResult Complete() override { return hr::kOk; }
  HResult SetNoProgressTimeout(std::uint32_t) override { return hr::kOk; }
  Outcome<JobState> State() override { return {hr::kOk, JobState::kSuspended}; }
  Outcome<JobError> Error() override { return {hr::kErrorInformationUnavailable, {}}; }
  WaitResult WaitForState(const std::vector<JobState>&, std::chrono::milliseconds) override {
    return {};
  }
  std::vector<JobState> StateHistory() const override { return {}; }
  Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() override {
    return {hr::kNoInterface, nullptr};
  }

  HResult SetNotifyFlags(std::uint32_t flags) override {
    script_.flags = flags;
    return Answer("SetNotifyFlags");
  }
  Outcome<std::uint32_t> NotifyFlags() override {
    script_.calls.push_back("NotifyFlags");
    return script_.notify_flags;
  }
  HResult SetNotifyInterface() override { return Answer("SetNotifyInterface"); }
  HResult SetBlockingNotifyInterface() override { return Answer("SetBlockingNotifyInterface"); }
  HResult RemoveNotifyInterface() override { return Answer("RemoveNotifyInterface"); }
  Outcome<std::vector<Notification>> WaitForNotification(
      JobEvent event, std::chrono::milliseconds timeout) override {
    script_.calls.push_back("WaitForNotification");
    script_.event = event;
    script_.timeout = timeout;
    return script_.notifications;
  }
  Outcome<std::string> ErrorDescription(std::uint32_t language_id) override {
    script_.calls.push_back("ErrorDescription");
    script_.language = language_id;
    return script_.text;
  }
  Outcome<JobFile> ErrorFile() override {
    script_.calls.push_back("ErrorFile");
    return script_.file;
  }
  Outcome<std::string> ErrorProtocol() override {
    script_.calls.push_back("ErrorProtocol");
    return script_.text;
  }
  Outcome<std::string> OwnerSid() override {
    script_.calls.push_back("OwnerSid");
    return script_.text;
  }
  HResult TakeOwnership() override { return Answer("TakeOwnership"); }
  HResult SetCredentials(const Credentials& credentials) override {
    if (script_.hold_credentials) (*script_.hold_credentials)->get_future().wait();
    script_.auth_target = credentials.target;
    script_.scheme = credentials.scheme;
    script_.user = credentials.user_name;
    script_.password.reset();
    if (credentials.password) script_.password = std::string(credentials.password->Reveal());
    return Answer("SetCredentials");
  }
  HResult SetProxySettings(ProxyUsage usage, const std::string& proxy_list,
                           const std::string& bypass_list) override {
    script_.usage = usage;
    script_.proxies = proxy_list;
    script_.bypass = bypass_list;
    return Answer("SetProxySettings");
  }
  HResult SetClientCertificate(CertStoreLocation location, const std::string& store_name,
                               const std::string& thumbprint) override {
    script_.location = location;
    script_.store = store_name;
    script_.thumbprint = thumbprint;
    return Answer("SetClientCertificate");
  }
  HResult SetCostFlags(std::uint32_t) override { return hr::kOk; }
  Outcome<std::uint32_t> CostFlags() override { return {hr::kOk, 0}; }

 private:
  HResult Answer(const char* call) {
    script_.calls.push_back(call);
    return script_.result;
  }

  Script& script_;
};

// The agent end: a caller whose jobs are scripted, and the release of blocking callbacks.
class ScriptedHost final : public testing_support::HostThatCannot, public Caller {
 public:
  explicit ScriptedHost(Script& script) : script_(script) {}
  Caller& caller() override { return *this; }
  HResult LogOn(const std::string&, const std::string&) override { return hr::kOk; }
  HResult ReleaseCallbacks() override {
    ++script_.releases;
    return script_.result;
  }

  std::string Sid() const override { return "S-1-5-21-1-2-3-1001"; }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string&) override {
    return {hr::kOk, std::make_unique<ScriptedJob>(script_)};
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string&) override {
    return {hr::kOk, std::make_unique<ScriptedJob>(script_)};
  }
  HResult Impersonate(const Principal&) override { return hr::kOk; }
  HResult RevertToSelf() override { return hr::kOk; }

 private:
  Script& script_;
};

class AgentJobSurfaceTest : public testing::Test {
 protected:
  void SetUp() override {
    auto [runner_end, agent_end] = ConnectedPair();
    server_ = std::thread([this, agent_end = agent_end] {
      AgentStream stream(agent_end);
      ServeAgent(host_, stream.in(), stream.out());
    });
    AttachedAgent attached;
    attached.stream = runner_end;
    attached.label = "scripted agent";
    attached.end = [](std::chrono::milliseconds) { return SiteEnding{true, "ended"}; };
    std::string error;
    agent_ = AgentCaller::Attach(std::move(attached), deadlines_, faults_, &error);
    ASSERT_TRUE(agent_) << error;
    Outcome<std::unique_ptr<Job>> created = agent_->CreateDownloadJob("scripted");
    ASSERT_EQ(created.hr, hr::kOk);
    job_ = std::move(created.value);
  }
  void TearDown() override {
    job_.reset();
    if (agent_) agent_->Stop();
    if (server_.joinable()) server_.join();
  }

  Script script_;
  ScriptedHost host_{script_};
  AgentDeadlines deadlines_;
  std::shared_ptr<FirstAgentFault> faults_ = std::make_shared<FirstAgentFault>();
  std::thread server_;
  std::unique_ptr<AgentCaller> agent_;
  std::unique_ptr<Job> job_;
};

TEST_F(AgentJobSurfaceTest, NotifyFlagsCrossWholeWithTheJobsAnswers) {
  script_.result = hr::kNotImpl;
  EXPECT_EQ(job_->SetNotifyFlags(0xFFFFFFFFu), hr::kNotImpl);
  EXPECT_EQ(script_.flags, 0xFFFFFFFFu);
  script_.notify_flags = {hr::kOk, unwritten::kNumber};
  const Outcome<std::uint32_t> flags = job_->NotifyFlags();
  EXPECT_EQ(flags.hr, hr::kOk);
  EXPECT_EQ(flags.value, unwritten::kNumber);
  script_.notify_flags = {hr::kNotImpl, 0};
  EXPECT_EQ(job_->NotifyFlags().hr, hr::kNotImpl);
}

TEST_F(AgentJobSurfaceTest, RegistrationsReachTheAgentsJobWithItsAnswers) {
  script_.result = hr::kNotImpl;
  EXPECT_EQ(job_->SetNotifyInterface(), hr::kNotImpl);
  script_.result = hr::kInvalidState;
  EXPECT_EQ(job_->SetBlockingNotifyInterface(), hr::kInvalidState);
  script_.result = hr::kOk;
  EXPECT_EQ(job_->RemoveNotifyInterface(), hr::kOk);
  EXPECT_EQ(script_.calls,
            (std::vector<std::string>{"SetNotifyInterface", "SetBlockingNotifyInterface",
                                      "RemoveNotifyInterface"}));
}

TEST_F(AgentJobSurfaceTest, NotificationsComeBackWholeAfterTheAgentsWait) {
  script_.notifications.value = {
      {JobEvent::kTransferred, std::nullopt, "S-1-5-21-1-2-3-1001"},
      {JobEvent::kError, JobError{hr::kHttpError404, ErrorContext::kRemoteFile, "No such file."},
       ""},
  };
  const auto heard = job_->WaitForNotification(JobEvent::kError, std::chrono::milliseconds(1234));
  EXPECT_EQ(script_.event, JobEvent::kError);
  EXPECT_EQ(script_.timeout, std::chrono::milliseconds(1234));
  EXPECT_EQ(heard.hr, hr::kOk);
  ASSERT_EQ(heard.value.size(), 2u);
  EXPECT_EQ(heard.value[0].event, JobEvent::kTransferred);
  EXPECT_FALSE(heard.value[0].error.has_value());
  EXPECT_EQ(heard.value[0].caller_sid, "S-1-5-21-1-2-3-1001");
  EXPECT_EQ(heard.value[1].event, JobEvent::kError);
  ASSERT_TRUE(heard.value[1].error.has_value());
  EXPECT_EQ(heard.value[1].error->code, hr::kHttpError404);
  EXPECT_EQ(heard.value[1].error->context, ErrorContext::kRemoteFile);
  EXPECT_EQ(heard.value[1].error->description, "No such file.");
  EXPECT_EQ(heard.value[1].caller_sid, "");

  script_.notifications = {hr::kNotImpl, {}};
  const auto refused = job_->WaitForNotification(JobEvent::kTransferred, {});
  EXPECT_EQ(refused.hr, hr::kNotImpl);
  EXPECT_TRUE(refused.value.empty());
  EXPECT_EQ(script_.event, JobEvent::kTransferred);
}

TEST_F(AgentJobSurfaceTest, ErrorDetailsComeBackWhole) {
  script_.text = {hr::kOk, "An error, with spaces.\r\n"};
  const Outcome<std::string> description = job_->ErrorDescription(0x0409);
  EXPECT_EQ(script_.language, 0x0409u);
  EXPECT_EQ(description.hr, hr::kOk);
  EXPECT_EQ(description.value, "An error, with spaces.\r\n");
  script_.text = {hr::kNotImpl, ""};
  EXPECT_EQ(job_->ErrorProtocol().hr, hr::kNotImpl);
  script_.text = {hr::kOk, unwritten::kText};
  EXPECT_EQ(job_->ErrorProtocol().value, unwritten::kText);
  script_.file = {hr::kOk, {"http://h/a b.bin", "C:\\t\\a b.bin"}};
  const Outcome<JobFile> file = job_->ErrorFile();
  EXPECT_EQ(file.hr, hr::kOk);
  EXPECT_EQ(file.value.remote_url, "http://h/a b.bin");
  EXPECT_EQ(file.value.local_path, "C:\\t\\a b.bin");
  script_.file = {hr::kFileNotAvailable, {}};
  EXPECT_EQ(job_->ErrorFile().hr, hr::kFileNotAvailable);
}

TEST_F(AgentJobSurfaceTest, OwnershipComesBackWhole) {
  script_.text = {hr::kOk, "S-1-5-21-1-2-3-1001"};
  EXPECT_EQ(job_->OwnerSid().value, "S-1-5-21-1-2-3-1001");
  script_.text = {hr::kNotImpl, ""};
  EXPECT_EQ(job_->OwnerSid().hr, hr::kNotImpl);
  script_.result = hr::kAccessDenied;
  EXPECT_EQ(job_->TakeOwnership(), hr::kAccessDenied);
}

TEST_F(AgentJobSurfaceTest, CredentialsCrossWithNullsKeptApart) {
  EXPECT_EQ(job_->SetCredentials(Credentials{AuthTarget::kProxy, AuthScheme::kNtlm, "dom\\user",
                                             Password("p a%s~s")}),
            hr::kOk);
  EXPECT_EQ(script_.auth_target, AuthTarget::kProxy);
  EXPECT_EQ(script_.scheme, AuthScheme::kNtlm);
  EXPECT_EQ(script_.user, "dom\\user");
  EXPECT_TRUE(script_.password == "p a%s~s") << "the password arrived changed";
  script_.result = hr::kNotImpl;
  EXPECT_EQ(job_->SetCredentials(Credentials{static_cast<AuthTarget>(3), static_cast<AuthScheme>(6),
                                             std::nullopt, Password(std::string())}),
            hr::kNotImpl);
  EXPECT_EQ(script_.auth_target, static_cast<AuthTarget>(3));
  EXPECT_EQ(script_.scheme, static_cast<AuthScheme>(6));
  EXPECT_EQ(script_.user, std::nullopt);
  EXPECT_TRUE(script_.password == std::string()) << "an empty password is not NULL";
  job_->SetCredentials(Credentials{AuthTarget::kServer, AuthScheme::kNegotiate, "", std::nullopt});
  EXPECT_EQ(script_.user, "") << "an empty user name is not NULL";
  EXPECT_FALSE(script_.password.has_value());
}

TEST_F(AgentJobSurfaceTest, ProxySettingsAndClientCertificatesCrossWhole) {
  script_.result = hr::kNotImpl;
  EXPECT_EQ(job_->SetProxySettings(ProxyUsage::kOverride, "http=h:1 https=h:2", ""), hr::kNotImpl);
  EXPECT_EQ(script_.usage, ProxyUsage::kOverride);
  EXPECT_EQ(script_.proxies, "http=h:1 https=h:2");
  EXPECT_EQ(script_.bypass, "");
  EXPECT_EQ(job_->SetClientCertificate(static_cast<CertStoreLocation>(8), "MY", "0a1b"),
            hr::kNotImpl);
  EXPECT_EQ(script_.location, static_cast<CertStoreLocation>(8));
  EXPECT_EQ(script_.store, "MY");
  EXPECT_EQ(script_.thumbprint, "0a1b");
}

TEST_F(AgentJobSurfaceTest, ReleasingCallbacksReachesTheHost) {
  EXPECT_EQ(agent_->ReleaseCallbacks(), hr::kOk);
  script_.result = hr::kNotSupported;
  EXPECT_EQ(agent_->ReleaseCallbacks(), hr::kNotSupported);
  EXPECT_EQ(script_.releases, 2);
}

TEST(AgentJobSurface, APasswordNeverReachesTheEvidenceOfAHungCall) {
  const std::string password = "Pw-4be0c2d1-never-printed";
  Script script;
  std::promise<void> release;
  script.hold_credentials = &release;
  ScriptedHost host(script);
  auto [runner_end, agent_end] = ConnectedPair();
  std::thread server([&host, agent_end = agent_end] {
    AgentStream stream(agent_end);
    ServeAgent(host, stream.in(), stream.out());
  });
  AttachedAgent attached;
  attached.stream = runner_end;
  attached.label = "hung agent";
  attached.end = [&release](std::chrono::milliseconds) {
    release.set_value();
    return SiteEnding{true, "ended"};
  };
  AgentDeadlines deadlines;
  deadlines.call = std::chrono::milliseconds(200);
  const auto faults = std::make_shared<FirstAgentFault>();
  std::string error;
  std::unique_ptr<AgentCaller> agent =
      AgentCaller::Attach(std::move(attached), deadlines, faults, &error);
  ASSERT_TRUE(agent) << error;
  std::unique_ptr<Job> job = agent->CreateDownloadJob("hung").value;
  ASSERT_TRUE(job);
  EXPECT_EQ(job->SetCredentials(
                Credentials{AuthTarget::kServer, AuthScheme::kBasic, "user", Password(password)}),
            hr::kTimeout);
  const std::optional<AgentFault> fault = faults->Take();
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->evidence.find(password), std::string::npos) << fault->evidence;
  job.reset();
  agent.reset();
  server.join();
}

}  // namespace
}  // namespace bitscts::agent
