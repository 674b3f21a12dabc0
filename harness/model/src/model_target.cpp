#include "bitscts/model/model_target.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <random>
#include <set>
#include <system_error>

#include "handles.h"
#include "model_extensions.h"

namespace bitscts::model {
namespace {

// The model offers every control (controls.h): it is the emulated machine.
class ModelTarget final : public Target,
                          public ModelControls,
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
  ModelTarget(EmulatedBuild build, ModelOptions options)
      : service_(std::make_shared<Service>(build, std::move(options.register_identity))),
        scratch_(std::move(options.scratch)),
        owns_scratch_(scratch_.empty()),
        stand_in_(std::move(options.stand_in)) {
    description_.id = "model-" + std::to_string(build.build);
    description_.family = "model";
    description_.implementation = "bitscts reference model";
    description_.os_name = build.os_name;
    description_.os_build = build.build;
    description_.bits_version = build.bits_version;
    const Account& runner = service_->authority().Provision(options.runner);
    runner_ = NewCaller(runner, CallerSettings{});
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

  ~ModelTarget() override {
    if (owns_scratch_ && !scratch_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_, ignored);
    }
  }

  const TargetDescription& Description() const override { return description_; }

  Capabilities Probe() override {
    Capabilities capabilities;
    const EmulatedBuild& build = service_->build();
    const std::string emulated =
        "emulated build " + std::to_string(build.build) + " (BITS " + build.bits_version + ")";
    capabilities.Set(Feature::kDownload, true,
                     "model: jobs download over real HTTP (cpp-httplib) into real local files");
    capabilities.Set(Feature::kBits4, build.HasTokenOptions(),
                     build.HasTokenOptions()
                         ? emulated + ": CLSID_BackgroundCopyManager4_0 is registered"
                         : emulated + ": CLSID_BackgroundCopyManager4_0 gives REGDB_E_CLASSNOTREG");
    capabilities.Set(Feature::kTokenOptions, ProbeTokenOptions().Succeeded(),
                     emulated +
                         ": QueryInterface(IID_IBitsTokenOptions) on a new job of the runner "
                         "returned " +
                         ProbeTokenOptions().ToString());
    capabilities.Set(Feature::kDistinctIdentities, true,
                     "model: Provision creates accounts with distinct SIDs and Basic secrets");
    capabilities.Set(Feature::kLogoff, true, "model: LogOff ends the caller's emulated session");
    const Token& runner = runner_->state().process;
    capabilities.Set(Feature::kAdministrator, runner.AdminEnabled(),
                     "model: the runner is " + Name(runner.kind) +
                         (runner.AdminEnabled() ? ", S-1-5-32-544 enabled in its token"
                                                : ", S-1-5-32-544 not enabled in its token"));
    return capabilities;
  }

  Caller& CurrentCaller() override { return *runner_; }

  Outcome<Principal> Provision(PrincipalKind kind) override {
    const Account& account = service_->authority().Provision(kind);
    return {hr::kOk, Principal{account.name, account.sid, account.kind}};
  }

  Outcome<std::unique_ptr<Caller>> LogOn(const Principal& principal,
                                         CallerSettings settings) override {
    return LogOnAs(principal, settings, LogonKind::kInteractive);
  }

  Outcome<std::unique_ptr<Caller>> LogOnAs(const Principal& principal, CallerSettings settings,
                                           LogonKind kind) override {
    const Account* account = service_->authority().Find(principal.sid);
    if (account == nullptr || account->name != principal.name) return {hr::kInvalidArg, nullptr};
    // JOB-OWN-2, HT-VER-6: RunAs is no logon for BITS; a PowerShell remote session is from 1607.
    const bool counts =
        kind == LogonKind::kInteractive ||
        (kind == LogonKind::kPowerShellRemote && service_->build().build >= builds::kWindows1607);
    return {hr::kOk, NewCaller(*account, settings, counts)};
  }

  HResult LogOff(Caller& caller) override {
    auto* handle = dynamic_cast<CallerHandle*>(&caller);
    if (handle == nullptr) return hr::kInvalidArg;
    CallerState& state = handle->state();
    if (!state.alive) return hr::kNotLoggedOn;
    state.alive = false;
    state.impersonated.reset();
    state.posted.clear();  // calls waiting in the thread's message queue are lost with it
    service_->LogOff(state.process.ts_session, state.serial);
    return hr::kOk;
  }

  Outcome<std::string> CreateFolder(const std::vector<Principal>& writers) override {
    const Outcome<std::string> folder = NewFolder();
    if (folder.hr.Failed()) return folder;
    std::set<std::string> sids;
    for (const auto& writer : writers) sids.insert(writer.sid);
    service_->acl().Restrict(folder.value, std::move(sids));
    return folder;
  }

  Outcome<Share> CreateShare(const std::vector<Principal>& readers) override {
    const Outcome<std::string> folder = NewFolder();
    if (folder.hr.Failed()) return {folder.hr, {}};
    std::set<std::string> sids;
    for (const auto& reader : readers) sids.insert(reader.sid);
    const std::string name = service_->CreateShare(folder.value, std::move(sids));
    return {hr::kOk, Share{"\\\\" + std::string(kMachineName) + "\\" + name, folder.value}};
  }

  int CancelLeftoverJobs() override { return service_->CancelLeftovers(); }

  HResult AdvanceTime(std::chrono::milliseconds duration) override {
    if (duration.count() < 0) return hr::kInvalidArg;
    service_->RunUntil(service_->Now() + duration, [] { return false; });
    return hr::kOk;
  }

  std::chrono::milliseconds Now() const override { return service_->Now(); }

  // HT-LOGOFF-8 (unclear): see Service::Restart.
  HResult RestartService() override {
    service_->Restart();
    return hr::kOk;
  }

  HResult SetNetworkConnected(bool connected) override {
    service_->SetNetworkConnected(connected);
    return hr::kOk;
  }

  HResult TrustAuthority(const std::string& authority_pem) override {
    if (authority_pem.empty()) return hr::kInvalidArg;
    service_->certificates().Trust(authority_pem);
    return hr::kOk;
  }

  HResult InstallClientCertificate(const Principal& owner, CertStoreLocation location,
                                   const ClientCertificate& certificate) override {
    if (service_->authority().Find(owner.sid) == nullptr) return hr::kInvalidArg;
    if (certificate.certificate_pem.empty() || certificate.private_key_pem.empty())
      return hr::kInvalidArg;
    if (CheckThumbprint(certificate.thumbprint).Failed()) return hr::kInvalidArg;
    return service_->certificates().Install(location, owner.sid, certificate);
  }

  HResult SetUserProxy(const Principal& principal, const std::string& proxy) override {
    if (service_->authority().Find(principal.sid) == nullptr) return hr::kInvalidArg;
    service_->authority().SetUserProxy(principal.sid, proxy);
    return hr::kOk;
  }

  // HT-VER-1: the classes of every BITS version up to the emulated one are registered.
  HResult ActivateManagerClass(const std::string& version) override {
    static constexpr const char* kVersions[] = {"1.0", "1.5", "2.0",  "2.5",  "3.0",
                                                "4.0", "5.0", "10.1", "10.2", "10.3"};
    const auto* known = std::find(std::begin(kVersions), std::end(kVersions), version);
    const auto* emulated =
        std::find(std::begin(kVersions), std::end(kVersions), service_->build().bits_version);
    if (known == std::end(kVersions)) return hr::kInvalidArg;
    return known <= emulated ? hr::kOk : hr::kClassNotRegistered;
  }

  HResult ReleaseCallbacks() override {
    service_->ReleaseCallbacks();
    return hr::kOk;
  }

  Outcome<std::string> BitsFileVersion() override {
    return {hr::kOk, service_->build().QmgrFileVersion()};
  }

  HResult SetNetworkCost(std::uint32_t cost_state) override {
    service_->SetNetworkCost(cost_state);
    return hr::kOk;
  }

  Outcome<std::string> UserProxyOf(Caller& caller) override {
    CallerHandle* handle = dynamic_cast<CallerHandle*>(&caller);
    if (handle == nullptr) return {hr::kInvalidArg, {}};
    return handle->UserProxy();
  }

  HResult ImpersonateWith(Caller& caller, const Principal& principal, TokenShape shape) override {
    CallerHandle* handle = dynamic_cast<CallerHandle*>(&caller);
    return handle == nullptr ? hr::kInvalidArg : handle->ImpersonateWith(principal, shape);
  }

  HResult InitializeSecurityAgain(Caller& caller, CallerSettings settings) override {
    CallerHandle* handle = dynamic_cast<CallerHandle*>(&caller);
    return handle == nullptr ? hr::kInvalidArg : handle->InitializeSecurityAgain(settings);
  }

  HResult PumpMessages(Caller& caller) override {
    CallerHandle* handle = dynamic_cast<CallerHandle*>(&caller);
    return handle == nullptr ? hr::kInvalidArg : handle->PumpMessages();
  }

  const ControlSet& Controls() const override { return controls_; }

 private:
  std::unique_ptr<CallerHandle> NewCaller(const Account& account, CallerSettings settings,
                                          bool counts = true) {
    auto state = std::make_shared<CallerState>();
    state->serial = ++callers_;
    state->process =
        service_->authority().TokenFor(account, service_->authority().LogOn(account, counts));
    state->settings = settings;
    return std::make_unique<CallerHandle>(service_, std::move(state), stand_in_);
  }

  // Creates a new empty folder in the run's scratch folder.
  Outcome<std::string> NewFolder() {
    std::error_code error;
    if (scratch_.empty()) {
      scratch_ = std::filesystem::temp_directory_path(error) / ("bitscts-model-" + RandomTag());
      if (error) return {hr::kFail, {}};
    }
    const auto folder = scratch_ / ("folder-" + std::to_string(++folders_) + "-" + RandomTag());
    std::filesystem::create_directories(folder, error);
    if (error) return {hr::kFail, {}};
    return {hr::kOk, folder.string()};
  }

  // HT-IF-3, HT-VER-2: feature detection by QueryInterface on a throw-away job of the runner.
  HResult ProbeTokenOptions() {
    if (probe_result_) return *probe_result_;
    HResult created;
    JobRecord* job = service_->CreateJob(runner_->state().process, "bitscts probe", &created);
    if (job == nullptr) return created;
    probe_result_ = CheckQueryInterface(service_->build().token_rules,
                                        ImpersonationLevel::kImpersonate, job->owner, *job);
    service_->Cancel(*job);
    return *probe_result_;
  }

  std::string RandomTag() {
    char tag[12];
    std::snprintf(tag, sizeof tag, "%08x", static_cast<unsigned>(random_() & 0xFFFFFFFFu));
    return tag;
  }

  std::shared_ptr<Service> service_;
  TargetDescription description_;
  std::filesystem::path scratch_;
  bool owns_scratch_ = false;
  JobStandIn stand_in_;
  std::unique_ptr<CallerHandle> runner_;
  std::uint64_t callers_ = 0;
  int folders_ = 0;
  std::optional<HResult> probe_result_;
  std::mt19937 random_{std::random_device{}()};
  ControlSet controls_;
};

}  // namespace

std::unique_ptr<Target> MakeModelTarget(ModelOptions options, std::string* error) {
  auto build = DescribeBuild(options.build, error);
  if (!build) return nullptr;
  return std::make_unique<ModelTarget>(std::move(*build), std::move(options));
}

ModelJob* AsModelJob(Job& job) { return dynamic_cast<ModelJob*>(&job); }

ModelControls* AsModelControls(Target& target) { return dynamic_cast<ModelControls*>(&target); }

}  // namespace bitscts::model
