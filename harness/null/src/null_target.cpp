#include "bitscts/null/null_target.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "bitscts/model/emulated_build.h"

namespace bitscts::null_target {
namespace {

class NullTokenOptions final : public TokenOptions {
 public:
  HResult SetHelperToken() override { return hr::kOk; }
  HResult ClearHelperToken() override { return hr::kOk; }
  HResult SetHelperTokenFlags(std::uint32_t /*flags*/) override { return hr::kOk; }
  Outcome<std::uint32_t> GetHelperTokenFlags() override { return {hr::kOk, unwritten::kNumber}; }
  Outcome<std::optional<std::string>> GetHelperTokenSid() override {
    return {hr::kOk, unwritten::kText};
  }
};

class NullJob final : public Job {
 public:
  explicit NullJob(std::string id) : id_(std::move(id)) {}

  std::string Id() const override { return id_; }
  HResult AddFile(const std::string& /*remote_url*/, const std::string& /*local_path*/) override {
    return hr::kOk;
  }
  HResult Resume() override { return hr::kOk; }
  HResult Suspend() override { return hr::kOk; }
  HResult Cancel() override { return hr::kOk; }
  HResult Complete() override { return hr::kOk; }
  HResult SetNoProgressTimeout(std::uint32_t /*seconds*/) override { return hr::kOk; }
  Outcome<JobState> State() override { return {hr::kOk, JobState::kSuspended}; }
  Outcome<JobError> Error() override {
    return {hr::kOk, {HResult{unwritten::kNumber}, ErrorContext::kNone, unwritten::kText}};
  }
  WaitResult WaitForState(const std::vector<JobState>& wanted,
                          std::chrono::milliseconds timeout) override {
    WaitResult result;
    for (JobState state : wanted) {
      if (state == JobState::kSuspended) result.reached = true;
      result.waited_for += (result.waited_for.empty() ? "" : " or ") + Name(state);
    }
    result.waited = result.reached ? std::chrono::milliseconds(0) : timeout;
    return result;
  }
  std::vector<JobState> StateHistory() const override { return {JobState::kSuspended}; }
  Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() override {
    return {hr::kOk, std::make_unique<NullTokenOptions>()};
  }

  HResult SetNotifyFlags(std::uint32_t /*flags*/) override { return hr::kOk; }
  Outcome<std::uint32_t> NotifyFlags() override { return {hr::kOk, unwritten::kNumber}; }
  HResult SetNotifyInterface() override { return hr::kOk; }
  HResult SetBlockingNotifyInterface() override { return hr::kOk; }
  HResult RemoveNotifyInterface() override { return hr::kOk; }
  Outcome<std::vector<Notification>> WaitForNotification(
      JobEvent /*event*/, std::chrono::milliseconds /*timeout*/) override {
    return {hr::kOk, {}};
  }
  Outcome<std::string> ErrorDescription(std::uint32_t /*language_id*/) override {
    return {hr::kOk, unwritten::kText};
  }
  Outcome<JobFile> ErrorFile() override { return {hr::kOk, {unwritten::kText, unwritten::kText}}; }
  Outcome<std::string> ErrorProtocol() override { return {hr::kOk, unwritten::kText}; }
  Outcome<std::string> OwnerSid() override { return {hr::kOk, unwritten::kText}; }
  HResult TakeOwnership() override { return hr::kOk; }
  HResult SetCredentials(const Credentials& /*credentials*/) override { return hr::kOk; }
  HResult SetProxySettings(ProxyUsage /*usage*/, const std::string& /*proxy_list*/,
                           const std::string& /*bypass_list*/) override {
    return hr::kOk;
  }
  HResult SetClientCertificate(CertStoreLocation /*location*/, const std::string& /*store_name*/,
                               const std::string& /*thumbprint*/) override {
    return hr::kOk;
  }
  HResult SetCostFlags(std::uint32_t /*flags*/) override { return hr::kOk; }
  Outcome<std::uint32_t> CostFlags() override { return {hr::kOk, unwritten::kNumber}; }

 private:
  std::string id_;
};

// Returns a job id in registry format, unique within the process.
std::string NextJobId() {
  static int next = 0;
  std::string digits = std::to_string(++next);
  digits.insert(0, 12 - digits.size(), '0');
  return "{00000000-0000-0000-0000-" + digits + "}";
}

class NullCaller final : public Caller {
 public:
  explicit NullCaller(std::string sid) : sid_(std::move(sid)) {}

  std::string Sid() const override { return sid_; }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& /*display_name*/) override {
    return {hr::kOk, std::make_unique<NullJob>(NextJobId())};
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) override {
    return {hr::kOk, std::make_unique<NullJob>(job_id)};
  }
  HResult Impersonate(const Principal& /*principal*/) override { return hr::kOk; }
  HResult RevertToSelf() override { return hr::kOk; }

 private:
  std::string sid_;
};

// Offers every control, each doing nothing and answering S_OK.
class NullTarget final : public Target,
                         public FolderControl,
                         public ShareControl,
                         public TimeControl,
                         public NetworkControl,
                         public ServiceControl,
                         public LogonControl,
                         public AuthorityControl,
                         public ClientCertificateControl,
                         public UserProxyControl,
                         public FileVersionControl,
                         public TokenShapeControl,
                         public SecurityControl,
                         public ApartmentControl {
 public:
  NullTarget(const model::EmulatedBuild& build, std::filesystem::path scratch)
      : scratch_(std::move(scratch)),
        runner_("S-1-5-21-1000-1000-1000-500"),
        bits4_(build.token_rules != model::TokenRules::kAbsent) {
    description_.id = "null-" + std::to_string(build.build);
    description_.family = "null";
    description_.implementation = "bitscts null target (answers S_OK and does nothing)";
    description_.os_name = build.os_name;
    description_.os_build = build.build;
    description_.bits_version = build.bits_version;
    controls_.Offer<FolderControl>(*this)
        .Offer<ShareControl>(*this)
        .Offer<TimeControl>(*this)
        .Offer<NetworkControl>(*this)
        .Offer<ServiceControl>(*this)
        .Offer<LogonControl>(*this)
        .Offer<AuthorityControl>(*this)
        .Offer<ClientCertificateControl>(*this)
        .Offer<UserProxyControl>(*this)
        .Offer<FileVersionControl>(*this)
        .Offer<TokenShapeControl>(*this)
        .Offer<SecurityControl>(*this)
        .Offer<ApartmentControl>(*this);
  }

  const TargetDescription& Description() const override { return description_; }
  Capabilities Probe() override {
    Capabilities capabilities;
    for (Feature feature : AllFeatures())
      capabilities.Set(feature, true, "the null target claims every feature");
    // The version features follow the build, so that the scenarios about BITS before 4.0 run too.
    const std::string version = "emulated BITS " + description_.bits_version;
    capabilities.Set(Feature::kBits4, bits4_, version);
    capabilities.Set(Feature::kTokenOptions, bits4_, version);
    return capabilities;
  }
  Caller& CurrentCaller() override { return runner_; }
  Outcome<Principal> Provision(PrincipalKind kind) override {
    const int number = ++principals_;
    return {hr::kOk,
            {"bitscts-null-" + std::to_string(number),
             "S-1-5-21-1000-1000-1000-" + std::to_string(1000 + number), kind}};
  }
  Outcome<std::unique_ptr<Caller>> LogOn(const Principal& principal,
                                         CallerSettings /*settings*/) override {
    return {hr::kOk, std::make_unique<NullCaller>(principal.sid)};
  }
  Outcome<std::unique_ptr<Caller>> LogOnAs(const Principal& principal, CallerSettings settings,
                                           LogonKind /*kind*/) override {
    return LogOn(principal, settings);
  }
  HResult LogOff(Caller& /*caller*/) override { return hr::kOk; }
  Outcome<std::string> CreateFolder(const std::vector<Principal>& /*writers*/) override {
    return {hr::kOk, NewFolder("folder")};
  }
  Outcome<Share> CreateShare(const std::vector<Principal>& /*readers*/) override {
    const std::string folder = NewFolder("share");
    return {hr::kOk, {"\\\\null\\share" + std::to_string(folders_), folder}};
  }
  int CancelLeftoverJobs() override { return 0; }
  HResult AdvanceTime(std::chrono::milliseconds /*duration*/) override { return hr::kOk; }
  HResult RestartService() override { return hr::kOk; }
  HResult SetNetworkConnected(bool /*connected*/) override { return hr::kOk; }
  HResult SetNetworkCost(std::uint32_t /*cost_state*/) override { return hr::kOk; }
  HResult ActivateManagerClass(const std::string& /*version*/) override { return hr::kOk; }
  Outcome<std::string> BitsFileVersion() override { return {hr::kOk, unwritten::kText}; }
  HResult TrustAuthority(const std::string& /*authority_pem*/) override { return hr::kOk; }
  HResult InstallClientCertificate(const Principal& /*owner*/, CertStoreLocation /*location*/,
                                   const ClientCertificate& /*certificate*/) override {
    return hr::kOk;
  }
  HResult SetUserProxy(const Principal& /*principal*/, const std::string& /*proxy*/) override {
    return hr::kOk;
  }
  HResult ReleaseCallbacks() override { return hr::kOk; }
  // Nothing changes the per-user proxy setting, so it stays what a new account has: direct.
  Outcome<std::string> UserProxyOf(Caller& /*caller*/) override { return {hr::kOk, ""}; }
  HResult ImpersonateWith(Caller& /*caller*/, const Principal& /*principal*/,
                          TokenShape /*shape*/) override {
    return hr::kOk;
  }
  HResult InitializeSecurityAgain(Caller& /*caller*/, CallerSettings /*settings*/) override {
    return hr::kOk;
  }
  HResult PumpMessages(Caller& /*caller*/) override { return hr::kOk; }
  const ControlSet& Controls() const override { return controls_; }

 private:
  // Creates an empty folder under the scratch folder, so that paths in it can be written.
  std::string NewFolder(const std::string& kind) {
    const std::filesystem::path folder =
        scratch_ / ("null-" + kind + "-" + std::to_string(++folders_));
    std::error_code ignored;
    std::filesystem::create_directories(folder, ignored);
    return folder.string();
  }

  TargetDescription description_;
  std::filesystem::path scratch_;
  NullCaller runner_;
  bool bits4_;
  int principals_ = 0;
  int folders_ = 0;
  ControlSet controls_;
};

}  // namespace

std::unique_ptr<Target> MakeNullTarget(NullOptions options, std::string* error) {
  const std::optional<model::EmulatedBuild> build = model::DescribeBuild(options.build, error);
  if (!build) return nullptr;
  std::filesystem::path scratch =
      options.scratch.empty() ? std::filesystem::temp_directory_path() : options.scratch;
  return std::make_unique<NullTarget>(*build, std::move(scratch));
}

}  // namespace bitscts::null_target
