#include "bitscts/com/com_target.h"

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "bitscts/com/bits_api.h"
#include "bitscts/com/com_ref.h"
#include "bits_classes.h"
#include "com_job.h"
#include "job_events.h"
#include "text.h"

namespace bitscts::com {
namespace {

// Returns the EOAC_* capability for `cloaking`.
DWORD CloakingCapability(Cloaking cloaking) {
  switch (cloaking) {
    case Cloaking::kNone: return EOAC_NONE;
    case Cloaking::kStatic: return EOAC_STATIC_CLOAKING;
    case Cloaking::kDynamic: return EOAC_DYNAMIC_CLOAKING;
  }
  return EOAC_DYNAMIC_CLOAKING;
}

std::string CloakingText(Cloaking cloaking) {
  switch (cloaking) {
    case Cloaking::kNone: return "EOAC_NONE";
    case Cloaking::kStatic: return "EOAC_STATIC_CLOAKING";
    case Cloaking::kDynamic: return "EOAC_DYNAMIC_CLOAKING";
  }
  return "EOAC_DYNAMIC_CLOAKING";
}

constexpr ULONG kNotifyFlags = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR | BG_NOTIFY_JOB_MODIFICATION;

class ComTarget;

// The runner's own process identity as a BITS client.
class ProcessCaller final : public Caller {
 public:
  ProcessCaller(ComTarget& target, SystemApi& system) : target_(target), system_(system) {
    std::wstring sid;
    if (system_.CurrentProcessSid(&sid) == ERROR_SUCCESS) sid_ = Narrow(sid);
  }

  std::string Sid() const override { return sid_; }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& display_name) override;
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) override;
  HResult Impersonate(const Principal&) override { return hr::kNotImpl; }
  HResult RevertToSelf() override { return FromWin32(system_.RevertToSelf()); }

 private:
  ComTarget& target_;
  SystemApi& system_;
  std::string sid_;
};

class ComTarget final : public Target {
 public:
  ComTarget(std::shared_ptr<SystemApi> system, const ComOptions& options)
      : system_(std::move(system)),
        scratch_(options.scratch),
        security_(options.security),
        facts_(system_->ReadPlatformFacts()),
        events_(JobEvents::Create()),
        caller_(*this, *system_) {}

  ~ComTarget() override {
    manager_.Reset();
    if (com_initialised_) system_->CoUninitialize();
    events_.Reset();  // released only once the apartment is gone (a live proxy may still hold it)
  }

  // Initialises COM and connects to the newest BITS class that activates; returns a reason on failure.
  std::string Connect() {
    HRESULT result = system_->CoInitializeEx(COINIT_MULTITHREADED);
    if (FAILED(result)) return "CoInitializeEx failed with " + ToHResult(result).ToString();
    com_initialised_ = true;
    // By default SetHelperToken's impersonate level, and dynamic cloaking so that the thread's
    // impersonation token is what BITS sees (HT-IMP-2, HT-IMP-3); agents may ask for less.
    result = system_->CoInitializeSecurity(RPC_C_AUTHN_LEVEL_CONNECT, static_cast<DWORD>(security_.level),
                                           CloakingCapability(security_.cloaking));
    security_evidence_ = "CoInitializeSecurity(" + Name(security_.level) + ", " + CloakingText(security_.cloaking) +
                         ") -> " + ToHResult(result).ToString();
    if (ToHResult(result) == hr::kTooLate) {
      // Security was set earlier in this process (defect D14): not fatal, the earlier settings apply.
      security_evidence_ += ": the process had already initialised COM security, whose settings apply";
    } else if (FAILED(result)) {
      return security_evidence_;
    }
    for (const VersionedClass& candidate : kVersionedClasses) {
      result = system_->CoCreateInstance(candidate.clsid, CLSCTX_LOCAL_SERVER, IidOf<IBackgroundCopyManager>(),
                                         manager_.PutVoid());
      connect_evidence_ += std::string(connect_evidence_.empty() ? "" : "; ") + "BackgroundCopyManager" +
                           candidate.version + " -> " + ToHResult(result).ToString();
      if (SUCCEEDED(result) && manager_) {
        bits_version_ = candidate.version;
        break;
      }
      manager_.Reset();
    }
    if (!manager_) return "no BackgroundCopyManager class could be activated: " + connect_evidence_;
    description_ = Describe();
    return {};
  }

  const TargetDescription& Description() const override { return description_; }

  Capabilities Probe() override {
    Capabilities capabilities;
    capabilities.Set(Feature::kDownload, true, "BITS " + bits_version_ + " activated; " + security_evidence_);
    const bool bits4 = VersionAtLeast(4);
    capabilities.Set(Feature::kBits4, bits4, "newest class activated: BackgroundCopyManager" + bits_version_ +
                                                 " (" + connect_evidence_ + ")");
    ProbeTokenOptions(capabilities);
    const std::string not_yet = "agent processes and test accounts are not implemented in the com target yet (issue 5)";
    capabilities.Set(Feature::kDistinctIdentities, false, not_yet);
    capabilities.Set(Feature::kLogoff, false, not_yet);
    capabilities.Set(Feature::kAdministrator, facts_.administrator, facts_.administrator_evidence);
    return capabilities;
  }

  Caller& CurrentCaller() override { return caller_; }

  Outcome<Principal> Provision(PrincipalKind) override { return {hr::kNotImpl, {}}; }
  Outcome<std::unique_ptr<Caller>> LogOn(const Principal&, CallerSettings) override { return {hr::kNotImpl, nullptr}; }
  HResult LogOff(Caller&) override { return hr::kNotImpl; }

  Outcome<std::string> CreateFolder(const std::vector<Principal>& writers) override {
    if (!writers.empty()) return {hr::kNotImpl, {}};
    const std::filesystem::path folder = std::filesystem::path(scratch_) / ("folder-" + std::to_string(++folders_));
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) return {hr::kAccessDenied, {}};
    return {hr::kOk, folder.string()};
  }

  int CancelLeftoverJobs() override {
    int cancelled = 0;
    for (const GUID& id : created_) {
      ComRef<IBackgroundCopyJob> job;
      if (FAILED(manager_->GetJob(id, job.Put())) || !job) continue;
      BG_JOB_STATE state = BG_JOB_STATE_CANCELLED;
      if (FAILED(job->GetState(&state))) continue;
      if (state != BG_JOB_STATE_CANCELLED && state != BG_JOB_STATE_ACKNOWLEDGED && SUCCEEDED(job->Cancel())) {
        ++cancelled;
      }
    }
    created_.clear();
    return cancelled;
  }

  Outcome<std::unique_ptr<Job>> CreateJob(const std::string& display_name) {
    const std::wstring name = Widen(display_name);
    GUID id{};
    ComRef<IBackgroundCopyJob> job;
    const HRESULT result = manager_->CreateJob(name.c_str(), BG_JOB_TYPE_DOWNLOAD, &id, job.Put());
    if (FAILED(result) || !job) return {ToHResult(result), nullptr};
    created_.push_back(id);
    Subscribe(*job.get());
    return {ToHResult(result), MakeComJob(system_, std::move(job), events_)};
  }

  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) {
    GUID id{};
    if (!ParseGuid(job_id, &id)) return {hr::kInvalidArg, nullptr};
    ComRef<IBackgroundCopyJob> job;
    const HRESULT result = manager_->GetJob(id, job.Put());
    if (FAILED(result) || !job) return {ToHResult(result), nullptr};
    return {ToHResult(result), MakeComJob(system_, std::move(job), events_)};
  }

 private:
  bool VersionAtLeast(int major) const { return !bits_version_.empty() && std::stoi(bits_version_) >= major; }

  // Asks for notifications; falls back to the two basic ones where modifications are refused.
  void Subscribe(IBackgroundCopyJob& job) {
    job.SetNotifyInterface(static_cast<IBackgroundCopyCallback*>(events_.get()));
    if (FAILED(job.SetNotifyFlags(kNotifyFlags))) job.SetNotifyFlags(BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR);
  }

  // Creates a job, asks it for IBitsTokenOptions and cancels it: E_NOINTERFACE (BITS before 4.0,
  // or Wine) makes the feature unsupported, with the HRESULT as evidence.
  void ProbeTokenOptions(Capabilities& capabilities) {
    GUID id{};
    ComRef<IBackgroundCopyJob> job;
    HRESULT result = manager_->CreateJob(L"bitscts probe", BG_JOB_TYPE_DOWNLOAD, &id, job.Put());
    if (FAILED(result) || !job) {
      capabilities.Set(Feature::kTokenOptions, false,
                       "CreateJob for the probe failed with " + ToHResult(result).ToString());
      return;
    }
    ComRef<IBitsTokenOptions> options;
    result = job->QueryInterface(IidOf<IBitsTokenOptions>(), options.PutVoid());
    capabilities.Set(Feature::kTokenOptions, SUCCEEDED(result) && options,
                     "QueryInterface(IID_IBitsTokenOptions) on a new job returned " + ToHResult(result).ToString());
    options.Reset();
    job->Cancel();
  }

  TargetDescription Describe() const {
    TargetDescription description;
    const std::string version = std::to_string(facts_.major) + "." + std::to_string(facts_.minor);
    description.os_build = facts_.build;
    description.bits_version = bits_version_;
    if (!facts_.wine_version.empty()) {
      description.id = "wine-" + facts_.wine_version;
      description.family = "wine";
      description.implementation = "Wine " + facts_.wine_version + " qmgr";
      description.os_name = "Wine " + facts_.wine_version + " reporting Windows " + version + "." +
                            std::to_string(facts_.build);
    } else {
      description.id = "windows-" + version + "." + std::to_string(facts_.build);
      description.family = "windows";
      description.implementation = "Microsoft BITS " + bits_version_;
      description.os_name = "Windows " + version + "." + std::to_string(facts_.build);
    }
    return description;
  }

  std::shared_ptr<SystemApi> system_;
  std::string scratch_;
  CallerSettings security_;
  PlatformFacts facts_;
  ComRef<JobEvents> events_;
  ProcessCaller caller_;
  ComRef<IBackgroundCopyManager> manager_;
  bool com_initialised_ = false;
  std::string bits_version_;
  std::string security_evidence_;
  std::string connect_evidence_;
  TargetDescription description_;
  std::vector<GUID> created_;
  int folders_ = 0;
};

Outcome<std::unique_ptr<Job>> ProcessCaller::CreateDownloadJob(const std::string& display_name) {
  return target_.CreateJob(display_name);
}

Outcome<std::unique_ptr<Job>> ProcessCaller::OpenJob(const std::string& job_id) { return target_.OpenJob(job_id); }

}  // namespace

std::variant<std::unique_ptr<Target>, std::string> ConnectComTarget(std::shared_ptr<SystemApi> system,
                                                                     const ComOptions& options) {
  auto target = std::make_unique<ComTarget>(std::move(system), options);
  if (std::string error = target->Connect(); !error.empty()) return error;
  return std::unique_ptr<Target>(std::move(target));
}

}  // namespace bitscts::com
