#include "bitscts/com/com_target.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "agent_backed_caller.h"
#include "apartment_control.h"
#include "authority_trust.h"
#include "bits_classes.h"
#include "bitscts/com/accounts.h"
#include "bitscts/com/bits_api.h"
#include "bitscts/com/preflight.h"
#include "bitscts/controls.h"
#include "callback_gate.h"
#include "caller_kind.h"
#include "client_certificate_stores.h"
#include "com_job.h"
#include "com_ref.h"
#include "folder_control.h"
#include "job_events.h"
#include "logon_control.h"
#include "probe_steps.h"
#include "process_caller.h"
#include "qmgr_version.h"
#include "remote_session.h"
#include "security_control.h"
#include "service_control.h"
#include "service_sid.h"
#include "service_site.h"
#include "share_control.h"
#include "site_agent.h"
#include "text.h"
#include "token_shape_control.h"
#include "user_proxy_control.h"

namespace bitscts::com {
namespace {

// Sends agent faults to `sink` for as long as it lives, then to where they went before, on every
// path out of its scope.
class FaultsGoTo {
 public:
  FaultsGoTo(std::shared_ptr<AgentFaultSink>& faults, std::shared_ptr<AgentFaultSink> sink)
      : faults_(faults), before_(std::exchange(faults, std::move(sink))) {}
  ~FaultsGoTo() { faults_ = std::move(before_); }
  FaultsGoTo(const FaultsGoTo&) = delete;
  FaultsGoTo& operator=(const FaultsGoTo&) = delete;

 private:
  std::shared_ptr<AgentFaultSink>& faults_;
  std::shared_ptr<AgentFaultSink> before_;
};

// Returns a copy of `secret` as narrow text, which the caller scrubs (agents take text).
std::string Reveal(const Secret& secret) {
  return Narrow(std::wstring_view(secret.Expose(), secret.size()));
}

// Runs `use` with `secret` as narrow text and scrubs the text afterwards.
template <typename Use>
HResult WithRevealed(const Secret& secret, Use use) {
  std::string text = Reveal(secret);
  const HResult result = use(text);
  ScrubMemory(text.data(), text.size());
  return result;
}

// Returns true if `call` of a leftovers sweep failed to remove or restore what it found. A failed
// look-up (a store, registry key, share list or folder it could not list: on Wine, machine keys
// and shares, every run) found nothing to name.
bool LeftoverStayed(const CallResult& call) {
  if (call.hr.Succeeded()) return false;
  for (const std::string_view look_up : {"List", "NetShareEnum", "RegEnumKeyExW", "listing "}) {
    if (call.call.starts_with(look_up)) return false;
  }
  return true;
}

class ComTarget final : public Target,
                        public FileVersionControl,
                        private JobSource,
                        private LogonHost {
 public:
  ComTarget(std::shared_ptr<SystemApi> system, const ComOptions& options)
      : system_(std::move(system)),
        scratch_(options.scratch),
        security_(options.security),
        account_options_(options.accounts),
        agent_command_(options.agent_command),
        faults_(options.agent_faults ? options.agent_faults : std::make_shared<FirstAgentFault>()),
        probe_(options.probe),
        refusal_is_an_answer_(options.activation_refusal_is_an_answer),
        facts_(system_->ReadPlatformFacts()),
        events_(JobEvents::Create()),
        caller_(*this, *system_),
        user_proxy_(*system_, caller_,
                    [this](const std::string& account) { return caller_.PasswordOf(account); }),
        shares_(*system_, scratch_),
        logons_(*system_, remote_run_, *this),
        folder_control_(*system_, scratch_),
        token_shape_control_(caller_),
        security_control_(*system_, caller_),
        apartment_control_(*system_, caller_, security_.apartment),
        service_control_(*system_, [this] { return Reconnect(); }) {
    OfferControls();
  }

  ~ComTarget() override {
    callbacks_->Open();  // no call BITS makes into this process stays blocked from now on
    // The certificates go while the accounts whose stores hold them still exist.
    for (const CallLog& removal : {client_certificates_.RemoveAll(), authorities_.RemoveAll()}) {
      if (!removal.Succeeded())
        std::cerr << "bitscts: removing the run's certificates: " << removal << "\n";
    }
    if (services_) {
      const CallLog deletion = services_->DeleteAll();
      if (!deletion.Succeeded())
        std::cerr << "bitscts: deleting the run's agent services: " << deletion << "\n";
    }
    if (accounts_) {
      const CallLog deletion = accounts_->DeleteAll();
      if (!deletion.Succeeded())
        std::cerr << "bitscts: deleting the run's test accounts: " << deletion << "\n";
    }
    manager_.Reset();
    if (com_initialised_) system_->CoUninitialize();
    events_.Reset();  // released only once the apartment is gone (a live proxy may still hold it)
  }

  // Initialises COM and connects to the newest BITS class that activates; returns a reason on
  // failure.
  std::string Connect() {
    HRESULT result = system_->CoInitializeEx(ConcurrencyOf(security_.apartment));
    if (FAILED(result)) return "CoInitializeEx failed with " + ToHResult(result).ToString();
    com_initialised_ = true;
    if (security_.apartment == Apartment::kSingleThreaded) {
      // Calls into the apartment wait for PumpMessages (ApartmentControl).
      result = system_->AdmitCallsOnlyWhilePumping();
      if (FAILED(result))
        return "CoRegisterMessageFilter failed with " + ToHResult(result).ToString();
    }
    // By default SetHelperToken's impersonate level, and dynamic cloaking so that the thread's
    // impersonation token is what BITS sees (HT-IMP-2, HT-IMP-3); agents may ask for less.
    result = system_->CoInitializeSecurity(RPC_C_AUTHN_LEVEL_CONNECT,
                                           static_cast<DWORD>(security_.level),
                                           CloakingCapability(security_.cloaking));
    security_evidence_ = "CoInitializeSecurity(" + Name(security_.level) + ", " +
                         Name(security_.cloaking) + ") -> " + ToHResult(result).ToString();
    if (ToHResult(result) == hr::kTooLate) {
      // Security was set earlier in this process (defect D14): not fatal, the earlier settings
      // apply.
      security_evidence_ +=
          ": the process had already initialised COM security, whose settings apply";
    } else if (FAILED(result)) {
      return security_evidence_;
    }
    for (const VersionedClass& candidate : kVersionedClasses) {
      result = system_->CoCreateInstance(candidate.clsid, CLSCTX_LOCAL_SERVER,
                                         IidOf<IBackgroundCopyManager>(), manager_.PutVoid());
      connect_evidence_ += std::string(connect_evidence_.empty() ? "" : "; ") +
                           "BackgroundCopyManager" + candidate.version + " -> " +
                           ToHResult(result).ToString();
      if (SUCCEEDED(result) && manager_) {
        bits_version_ = candidate.version;
        break;
      }
      manager_.Reset();
    }
    if (!manager_ && refusal_is_an_answer_ && FAILED(result)) {
      refusal_ = ToHResult(result);
      return {};
    }
    if (!manager_) return "no BackgroundCopyManager class could be activated: " + connect_evidence_;
    description_ = Describe();
    return {};
  }

  HResult ActivateManagerClass(const std::string& version) override {
    for (const VersionedClass& candidate : kVersionedClasses) {
      if (version != candidate.version) continue;
      ComRef<IBackgroundCopyManager> manager;
      return ToHResult(system_->CoCreateInstance(candidate.clsid, CLSCTX_LOCAL_SERVER,
                                                 IidOf<IBackgroundCopyManager>(),
                                                 manager.PutVoid()));
    }
    return hr::kInvalidArg;
  }

  const TargetDescription& Description() const override { return description_; }

  // Claims a feature only after seeing it work: the evidence names every call and observation.
  // The runner's elevation is the preflight's check (CheckElevation).
  Capabilities Probe() override {
    Capabilities capabilities;
    RemoveEarlierRunsLeftovers();
    const CheckResult elevation = CheckElevation(*system_);
    ProbeDownload(capabilities, CancelEarlierRunsJobs());
    const bool bits4 = VersionAtLeast(4);
    capabilities.Set(Feature::kBits4, bits4,
                     "newest class activated: BackgroundCopyManager" + bits_version_ + " (" +
                         connect_evidence_ + ")");
    ProbeTokenOptions(capabilities);
    // The probe's agents report their faults into its evidence: no scenario is running.
    {
      const FaultsGoTo probe_sink(faults_, probe_faults_);
      ProbeIdentities(capabilities, elevation);
    }
    capabilities.Set(Feature::kAdministrator, elevation.ok(), FormatCheck(elevation));
    return capabilities;
  }

  Caller& CurrentCaller() override { return caller_; }

  // Creates a local test account (standard or administrator) that lives until the end of the
  // run, or names a service principal (whose service LogOn creates). The first call removes the
  // agent services an earlier, crashed run left.
  Outcome<Principal> Provision(PrincipalKind kind) override {
    Services();
    if (ServiceAccountOf(kind)) return ProvisionService(kind);
    AccountKind account_kind = AccountKind::kStandard;
    switch (kind) {
      case PrincipalKind::kStandardUser: account_kind = AccountKind::kStandard; break;
      case PrincipalKind::kAdministrator:
      case PrincipalKind::kFilteredAdministrator: account_kind = AccountKind::kAdministrator; break;
      default: return {hr::kNotSupported, {}};
    }
    const AccountCreation creation = Accounts().Create(account_kind);
    if (creation.account == nullptr) {
      last_provision_failure_ = creation.calls.ToString();
      return {creation.calls.Result(), {}};
    }
    const TestAccount& account = *creation.account;
    if (const CallLog grant = LetWriteScratch(account.sid); !grant.Succeeded()) {
      last_provision_failure_ = grant.ToString();
      return {grant.Result(), {}};
    }
    caller_.Remember(account.name,
                     Secret(std::wstring_view(account.password.Expose(), account.password.size())));
    for (AgentBackedCaller* agent : agents_) {
      WithRevealed(account.password, [&](const std::string& text) {
        return agent->agent().Remember(account.name, text);
      });
    }
    return {hr::kOk, Principal{account.name, account.sid, kind}};
  }

  // Starts an agent with `settings` where `principal` is logged on as BITS counts it: a test
  // account's PowerShell remote session, or a temporary service running as a service principal.
  // The agent must then report a token of the principal's kind (CheckCallerKind).
  Outcome<std::unique_ptr<Caller>> LogOn(const Principal& principal,
                                         CallerSettings settings) override {
    if (const std::optional<ServiceAccount> account = ServiceAccountOf(principal.kind)) {
      return LogOnWith(principal, settings, [&](const agent::AgentCommand& command) {
        return StartServiceAgent(principal, *account, command);
      });
    }
    return LogOnWith(principal, settings, [&](const agent::AgentCommand& command) {
      return StartSessionAgent(principal, command, RemoteSessionOf(principal), true);
    });
  }

  Outcome<std::unique_ptr<Caller>> LogOnInSite(const Principal& principal, CallerSettings settings,
                                               const SiteMaker& make_site) override {
    return LogOnWith(principal, settings, [&](const agent::AgentCommand& command) {
      return StartSessionAgent(principal, command, make_site, false);
    });
  }

  // Ends the agent's logon session as a logoff BITS sees: the account's PowerShell remote session
  // is removed, which ends the agent in it. A service principal's agent ends with its service,
  // which is stopped and deleted. BITS counts a service principal as always logged on, so this is
  // no logoff BITS sees for it: the scenarios rely on exactly that (Logoff.ServiceOwnerKeepsToken
  // checks that a LocalSystem owner's job keeps its helper token after its caller went away,
  // HT-LOGOFF-9).
  HResult LogOff(Caller& caller) override {
    const auto found = std::find(agents_.begin(), agents_.end(), &caller);
    if (found == agents_.end()) return hr::kInvalidArg;  // only callers from LogOn can log off
    return (*found)->agent().Stop();
  }

  // Connects to BITS again after its service restarted: a new manager of the class Connect chose
  // (none where BITS refused this caller, whose calls still answer that refusal), then every
  // agent's own; returns the first failure.
  HResult Reconnect() {
    HResult first = hr::kOk;
    for (const VersionedClass& candidate : kVersionedClasses) {
      if (bits_version_.empty() || candidate.version != bits_version_) continue;
      manager_.Reset();
      first =
          ToHResult(system_->CoCreateInstance(candidate.clsid, CLSCTX_LOCAL_SERVER,
                                              IidOf<IBackgroundCopyManager>(), manager_.PutVoid()));
    }
    for (AgentBackedCaller* agent : agents_) {
      const HResult result = agent->agent().Reconnect();
      if (first.Succeeded()) first = result;
    }
    return first;
  }

  Outcome<std::string> BitsFileVersion() override { return ReadQmgrFileVersion(*system_); }

  const ControlSet& Controls() const override { return controls_; }

  int CancelLeftoverJobs() override {
    int cancelled = 0;
    if (!manager_) return cancelled;
    for (const GUID& id : created_) {
      ComRef<IBackgroundCopyJob> job;
      if (FAILED(manager_->GetJob(id, job.Put())) || !job) continue;
      BG_JOB_STATE state = BG_JOB_STATE_CANCELLED;
      if (FAILED(job->GetState(&state))) continue;
      if (state != BG_JOB_STATE_CANCELLED && state != BG_JOB_STATE_ACKNOWLEDGED &&
          SUCCEEDED(job->Cancel())) {
        ++cancelled;
      }
    }
    created_.clear();
    return cancelled;
  }

  Outcome<std::unique_ptr<Job>> CreateJob(const std::string& display_name) override {
    if (!manager_) return {refusal_, nullptr};
    const std::wstring name = Widen(display_name);
    GUID id{};
    ComRef<IBackgroundCopyJob> job;
    const HRESULT result = manager_->CreateJob(name.c_str(), BG_JOB_TYPE_DOWNLOAD, &id, job.Put());
    if (FAILED(result) || !job) return {ToHResult(result), nullptr};
    created_.push_back(id);
    // A single-threaded caller hears only what it pumps: its waits poll instead.
    if (security_.apartment == Apartment::kMultithreaded) Subscribe(*job.get());
    return {ToHResult(result), MakeComJob(system_, std::move(job), events_, callbacks_)};
  }

  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) override {
    GUID id{};
    if (!manager_) return {refusal_, nullptr};
    if (!ParseGuid(job_id, &id)) return {hr::kInvalidArg, nullptr};
    ComRef<IBackgroundCopyJob> job;
    const HRESULT result = manager_->GetJob(id, job.Put());
    if (FAILED(result) || !job) return {ToHResult(result), nullptr};
    return {ToHResult(result), MakeComJob(system_, std::move(job), events_, callbacks_)};
  }

  // Lets every call held in a blocking notify interface return: this process's, then every live
  // agent's; the first failure of an agent is the answer, after every agent was asked.
  HResult ReleaseCallbacks() override {
    callbacks_->Release();
    HResult result = hr::kOk;
    for (AgentBackedCaller* agent : agents_) {
      const HResult released = agent->agent().ReleaseCallbacks();
      if (released.Failed() && result.Succeeded()) result = released;
    }
    return result;
  }

 private:
  // Says which controls (controls.h) the com target offers, and why it withholds the others.
  void OfferControls() {
    for (const auto& [feature, reason] : WithheldControls()) controls_.Withhold(feature, reason);
    controls_.Offer<FileVersionControl>(*this);
    controls_.Offer<UserProxyControl>(user_proxy_);
    controls_.Offer<ShareControl>(shares_);
    controls_.Offer<AuthorityControl>(authorities_);
    controls_.Offer<ClientCertificateControl>(client_certificates_);
    controls_.Offer<LogonControl>(logons_);
    if (scratch_.empty()) {
      controls_.Withhold(FolderControl::kFeature, "the target was given no scratch folder");
    } else {
      controls_.Offer<FolderControl>(folder_control_);
    }
    controls_.Offer<TokenShapeControl>(token_shape_control_);
    controls_.Offer<SecurityControl>(security_control_);
    controls_.Offer<ApartmentControl>(apartment_control_);
    controls_.Offer<ServiceControl>(service_control_);
  }

  // Starts an agent with `settings` for `principal` through `start`, checks that it reports a
  // token of the principal's kind and returns the caller speaking to it.
  template <typename Start>
  Outcome<std::unique_ptr<Caller>> LogOnWith(const Principal& principal, CallerSettings settings,
                                             Start start) {
    if (!agent_command_) return {hr::kNotSupported, nullptr};
    agent::AgentCommand command = agent_command_(settings);
    command.label = principal.name + " at " + Name(settings.level) + ", " + Name(settings.cloaking);
    if (settings.apartment != Apartment::kMultithreaded)
      command.label += ", " + Name(settings.apartment);
    Outcome<std::unique_ptr<agent::AgentCaller>> started = start(command);
    if (!started.value) return {started.hr, nullptr};
    std::unique_ptr<agent::AgentCaller> agent = std::move(started.value);
    std::string kind_evidence;
    const HResult kind = CheckCallerKind(principal.kind, agent->ReportToken(), &kind_evidence);
    if (kind.Failed()) {
      agent->Stop();
      faults_->Report({AgentFaultKind::kNotAsPromised,
                       "the agent for " + command.label +
                           " is not what its principal's kind promises: " + kind_evidence});
      return {kind, nullptr};
    }
    for (const TestAccount* account : Accounts().accounts()) {
      const HResult result = WithRevealed(account->password, [&](const std::string& text) {
        return agent->Remember(account->name, text);
      });
      if (result.Failed()) return {result, nullptr};
    }
    AgentBackedCaller::Hooks hooks;
    hooks.job_created = [this](const std::string& id) {
      GUID guid{};
      if (ParseGuid(id, &guid)) created_.push_back(guid);
    };
    hooks.gone = [this](AgentBackedCaller& gone) { std::erase(agents_, &gone); };
    auto caller = std::make_unique<AgentBackedCaller>(std::move(agent), std::move(hooks));
    agents_.push_back(caller.get());
    return {hr::kOk, std::move(caller)};
  }

  // Returns what makes the site of `principal`'s PowerShell remote session.
  SiteMaker RemoteSessionOf(const Principal& principal) {
    return [this, name = principal.name](const Secret& password) {
      return std::make_shared<RemoteSessionSite>(*system_, remote_run_, name, password);
    };
  }

  // Removes what an earlier, crashed run left on the machine through the controls that leave
  // state there (certificates and keys, per-user proxy settings, shares, writers' folders), before
  // any scenario; says on standard error what a sweep found and could not remove.
  void RemoveEarlierRunsLeftovers() {
    const std::pair<const char*, CallLog> sweeps[] = {
        {"certificates", authorities_.RemoveLeftovers()},
        {"client certificates", client_certificates_.RemoveLeftovers()},
        {"per-user proxy settings", user_proxy_.RestoreLeftovers()},
        {"shares", shares_.RemoveLeftovers()},
        {"folders", folder_control_.RemoveLeftovers()},
    };
    for (const auto& [what, sweep] : sweeps) {
      if (std::any_of(sweep.calls().begin(), sweep.calls().end(), LeftoverStayed))
        std::cerr << "bitscts: removing an earlier run's " << what << ": " << sweep << "\n";
    }
  }

  // Returns the principal of a service kind: the well-known account, or for kWindowsService a
  // new service name under NT SERVICE\ with the SID the service will have (computed from its name).
  Outcome<Principal> ProvisionService(PrincipalKind kind) {
    std::optional<Principal> principal = WellKnownServicePrincipal(kind);
    if (!principal) {
      std::string failure;
      const std::optional<std::string> name = Services().NewName(&failure);
      if (!name) {
        last_provision_failure_ = failure;
        return {hr::kFail, {}};
      }
      principal = Principal{std::string(kServiceAccountPrefix) + *name, ServiceSid(*name), kind};
    }
    if (const CallLog grant = LetWriteScratch(principal->sid); !grant.Succeeded()) {
      last_provision_failure_ = grant.ToString();
      return {grant.Result(), {}};
    }
    return {hr::kOk, *principal};
  }

  // Starts an agent for the test account `principal` in the site `make_site` makes: for LogOn
  // (`counted_logon`) a logon session of that account that BITS counts, a PowerShell remote
  // session to this machine, a BITS logon from 10.0.14393 (refused before). A
  // UAC-filtered administrator's agent then acts with the account's interactive logon token,
  // which UAC filters. Reached over a pipe only the runner and the account may open.
  Outcome<std::unique_ptr<agent::AgentCaller>> StartSessionAgent(const Principal& principal,
                                                                 const agent::AgentCommand& command,
                                                                 const SiteMaker& make_site,
                                                                 bool counted_logon) {
    const Secret* password = caller_.PasswordOf(principal.name);
    if (password == nullptr) return {hr::kInvalidArg, nullptr};  // not an account of this run
    if (counted_logon && !CountedLogonProblem().empty()) return {hr::kNotSupported, nullptr};
    std::string error;
    std::unique_ptr<agent::AgentCaller> agent;
    if (const std::optional<std::vector<std::string>> admitted = PipeAdmits(principal, &error)) {
      agent =
          StartAgentInSite(*system_, make_site(*password), *admitted, command, {}, faults_, &error);
    }
    if (!agent) {
      faults_->Report(
          {AgentFaultKind::kExited, "the agent for " + command.label + " did not start: " + error});
      return {hr::kDisconnected, nullptr};
    }
    if (principal.kind == PrincipalKind::kFilteredAdministrator) {
      const HResult result = WithRevealed(*password, [&](const std::string& text) {
        return agent->LogOn(principal.name, text);
      });
      if (result.Failed()) return {result, nullptr};
    }
    return {hr::kOk, std::move(agent)};
  }

  // Returns the SIDs an agent pipe for `principal` admits: the runner's and the principal's; or
  // nullopt, with `*error` saying why, when the runner's SID is unknown.
  std::optional<std::vector<std::string>> PipeAdmits(const Principal& principal,
                                                     std::string* error) {
    std::wstring runner_sid;
    const DWORD read = system_->CurrentProcessSid(&runner_sid);
    if (read != ERROR_SUCCESS) {
      *error = "the runner's SID, which its pipe admits, is unknown: CurrentProcessSid -> " +
               FromWin32(read).ToString();
      return std::nullopt;
    }
    std::vector<std::string> admitted{Narrow(runner_sid)};
    if (admitted.front() != principal.sid) admitted.push_back(principal.sid);
    return admitted;
  }

  // Returns why this machine offers test accounts no logon session BITS counts, or "".
  std::string CountedLogonProblem() const {
    if (facts_.build >= kRemoteSessionLogonBuild) return {};
    return "Windows build " + std::to_string(facts_.build) +
           " does not count PowerShell remote sessions as logons "
           "(they are BITS logons from 10.0." +
           std::to_string(kRemoteSessionLogonBuild) +
           "), and the com target "
           "opens no Terminal Services session: run on Windows 10 1607 / Server 2016 or later";
  }

  // Starts an agent for the service principal `principal` in a new service running as
  // `account`, reached over a pipe that only the runner and the principal may open. The agent's
  // identity is its process's: it is sent no LogOn (a service principal has no password).
  Outcome<std::unique_ptr<agent::AgentCaller>> StartServiceAgent(
      const Principal& principal, const ServiceAccount& account,
      const agent::AgentCommand& command) {
    std::string name;
    std::string failure;
    if (principal.kind == PrincipalKind::kWindowsService) {
      if (principal.name.starts_with(kServiceAccountPrefix))
        name = principal.name.substr(kServiceAccountPrefix.size());
      if (!IsAgentServiceName(name) || ServiceSid(name) != principal.sid)
        return {hr::kInvalidArg, nullptr};
    } else {
      const std::optional<Principal> known = WellKnownServicePrincipal(principal.kind);
      if (!known || known->sid != principal.sid) return {hr::kInvalidArg, nullptr};
      std::optional<std::string> fresh = Services().NewName(&failure);
      if (fresh) name = std::move(*fresh);
    }
    std::string error;
    std::unique_ptr<agent::AgentCaller> agent;
    if (name.empty()) {
      error = "no name for its service: " + failure;
    } else if (const std::optional<std::vector<std::string>> admitted =
                   PipeAdmits(principal, &error)) {
      agent = StartAgentInSite(*system_,
                               std::make_shared<ServiceSite>(*system_, Services(), name, account),
                               *admitted, command, {}, faults_, &error);
    }
    if (!agent) {
      faults_->Report({AgentFaultKind::kExited, "the agent for " + command.label +
                                                    " did not start: " + error + " (" +
                                                    services_evidence_ + ")"});
      return {hr::kDisconnected, nullptr};
    }
    return {hr::kOk, std::move(agent)};
  }

  // Returns the run's agent services; the first call removes the services of earlier runs.
  ServiceStore& Services() {
    if (!services_) {
      services_ = std::make_unique<ServiceStore>(*system_, agent::AgentDeadlines{}.stop);
      services_evidence_ = services_->RemoveLeftovers();
      if (services_evidence_.find("no services") != 0)
        std::cerr << "bitscts: " << services_evidence_ << "\n";
    }
    return *services_;
  }

  // Returns the run's account store; the first call removes the accounts of earlier runs.
  AccountStore& Accounts() {
    if (!accounts_) {
      accounts_ = std::make_unique<AccountStore>(*system_, account_options_);
      const LeftoverRemoval removal = accounts_->RemoveLeftovers();
      leftovers_evidence_ =
          removal.removed.empty()
              ? "no accounts of earlier runs found"
              : "removed " + std::to_string(removal.removed.size()) + " accounts of earlier runs";
      if (!removal.calls.Succeeded()) leftovers_evidence_ += " (" + removal.calls.ToString() + ")";
    }
    return *accounts_;
  }

  // Cancels the jobs whose display names start with "bitscts" (every job the suite creates) that
  // an earlier, interrupted run left in the queue: any user's when the process may see them all.
  // Returns what it did, for evidence.
  std::string CancelEarlierRunsJobs() {
    ComRef<IEnumBackgroundCopyJobs> jobs;
    const DWORD scope = facts_.administrator ? BG_JOB_ENUM_ALL_USERS : 0;
    const HRESULT result = manager_->EnumJobs(scope, jobs.Put());
    if (FAILED(result) || !jobs) {
      return "jobs of earlier runs not looked for: EnumJobs -> " + ToHResult(result).ToString();
    }
    int cancelled = 0;
    int refused = 0;
    for (;;) {
      ComRef<IBackgroundCopyJob> job;
      ULONG fetched = 0;
      if (jobs->Next(1, job.Put(), &fetched) != S_OK || fetched != 1 || !job) break;
      LPWSTR name = nullptr;
      if (FAILED(job->GetDisplayName(&name)) || name == nullptr) continue;
      const bool ours = std::wstring_view(name).starts_with(L"bitscts");
      system_->CoTaskMemFree(name);
      BG_JOB_STATE state = BG_JOB_STATE_CANCELLED;
      if (!ours || FAILED(job->GetState(&state))) continue;
      if (state == BG_JOB_STATE_CANCELLED || state == BG_JOB_STATE_ACKNOWLEDGED) continue;
      ++(SUCCEEDED(job->Cancel()) ? cancelled : refused);
    }
    std::string evidence = "jobs of earlier runs cancelled: " + std::to_string(cancelled);
    if (refused > 0) evidence += ", refused: " + std::to_string(refused);
    return evidence;
  }

  // Lets the principal `sid` create, write and delete files in the run's scratch folder, where
  // the scenarios' jobs put their local files (the runner's TEMP admits only the runner).
  CallLog LetWriteScratch(const std::string& sid) {
    CallLog log;
    if (scratch_.empty()) return log;
    log.Add("GrantFolderAccess(" + scratch_ + ", " + sid + ")",
            FromWin32(system_->GrantFolderAccess(Widen(scratch_), Widen(sid))));
    return log;
  }

  // Returns the path of `name` in the run's scratch folder.
  std::string ScratchPath(const std::string& name) const {
    return (std::filesystem::path(scratch_) / name).string();
  }

  // Download is available once a job the runner created has transferred the probe's content into
  // the scratch folder and the file's bytes are that content. When it has not, the preflight's
  // checks of what stops transfers (the runner's session, BITS' group policy) are evidence too.
  void ProbeDownload(Capabilities& capabilities, const std::string& earlier_runs) {
    const std::string context =
        "BITS " + bits_version_ + " activated; " + security_evidence_ + "; " + earlier_runs;
    if (probe_.url.empty() || !probe_.verify || scratch_.empty()) {
      capabilities.Set(
          Feature::kDownload, false,
          context +
              "; no content URL, content check and scratch folder were given to the probe, so no "
              "download was tried");
      return;
    }
    ProbeLog log;
    const std::string local = ScratchPath("probe-download.bin");
    const std::unique_ptr<Job> job =
        StartDownload(caller_, "bitscts probe download", probe_.url, local, log);
    const bool proved = job && AwaitTransfer(*job, probe_.timeout, log) &&
                        CompleteAndCheck(*job, local, probe_.verify, log);
    std::string evidence = context + "; a download as the runner: " + log.ToString();
    if (!proved) {
      evidence += "; " + FormatCheck(CheckInteractiveSession(*system_));
      for (const CheckResult& policy : CheckBitsPolicies(*system_))
        evidence += "; " + FormatCheck(policy);
    }
    capabilities.Set(Feature::kDownload, proved, evidence);
  }

  // Distinct identities are available once a job that a provisioned standard account created
  // through its own agent (LogOn) has transferred the probe's content into a folder granted to it,
  // and the runner has read that account as the job's owner. Logoff is available once that
  // account's logoff has stopped its running job, as the runner sees it.
  void ProbeIdentities(Capabilities& capabilities, const CheckResult& elevation) {
    const auto unsupported = [&capabilities](const std::string& evidence) {
      capabilities.Set(Feature::kDistinctIdentities, false, evidence);
      capabilities.Set(Feature::kLogoff, false,
                       "no test account's job was seen to transfer, so no logoff could stop one: " +
                           evidence);
    };
    if (!agent_command_) return unsupported("this process cannot start agent processes");
    if (!elevation.ok()) {
      return unsupported("creating test accounts needs an elevated administrator: " +
                         FormatCheck(elevation));
    }
    if (probe_.url.empty() || !probe_.verify || scratch_.empty()) {
      return unsupported(
          "no content URL, content check and scratch folder were given to the probe, so no test "
          "account's transfer was tried");
    }
    const std::string untried =
        "not tried: a logon session for it, a job it owns, that job's transfer";
    const Outcome<Principal> account = Provision(PrincipalKind::kStandardUser);
    if (account.hr.Failed()) {
      return unsupported(leftovers_evidence_ + "; creating a standard test account failed: " +
                         last_provision_failure_ + "; " + untried);
    }
    const Principal owner = account.value;
    ProbeLog log;
    log.Note(leftovers_evidence_);
    log.Note("standard test account " + owner.name + " (" + owner.sid + ")");
    if (const std::string problem = CountedLogonProblem(); !problem.empty()) {
      log.Note(problem);
      log.Note(untried);
      return unsupported(log.ToString());
    }
    Outcome<std::unique_ptr<Caller>> logged_on = LogOn(owner, CallerSettings{});
    log.Call("LogOn(" + owner.name + "): an agent in a PowerShell remote session of the account",
             logged_on.hr);
    if (const std::optional<AgentFault> fault = probe_faults_->Take()) log.Note(fault->evidence);
    if (logged_on.hr.Failed() || !logged_on.value) {
      log.Note("not tried: a job it owns, that job's transfer");
      // What a remote session of a test account needs, as the preflight checks it.
      for (const CheckResult& check :
           {CheckPowerShellRemoting(*system_), CheckRemoteManagementUsers(*system_)}) {
        log.Note(FormatCheck(check));
      }
      return unsupported(log.ToString());
    }
    std::unique_ptr<Caller> account_caller = std::move(logged_on.value);
    log.Note("the agent's identity: " + account_caller->Sid());
    const std::string folder = ScratchPath("probe-" + owner.name);
    CallLog made;  // the folder inherits the scratch folder's grant to the account (Provision)
    made.Add("CreateDirectoryW(" + folder + ")",
             FromWin32(system_->CreateDirectoryW(Widen(folder))));
    if (!log.Calls(made) || !ProveOwnedTransfer(*account_caller, owner, folder, log)) {
      account_caller.reset();  // ends the agent before its fault, if any, is collected
      if (const std::optional<AgentFault> fault = probe_faults_->Take()) log.Note(fault->evidence);
      return unsupported(log.ToString());
    }
    capabilities.Set(Feature::kDistinctIdentities, true, log.ToString());
    ProbeLogoff(capabilities, std::move(account_caller), owner, folder);
  }

  // Has `account_caller` download the probe's content into `folder` and checks, as the runner,
  // that the job belongs to `owner`; returns true once the file's bytes are the content.
  bool ProveOwnedTransfer(Caller& account_caller, const Principal& owner, const std::string& folder,
                          ProbeLog& log) {
    const std::string local = (std::filesystem::path(folder) / "identities.bin").string();
    const std::unique_ptr<Job> job =
        StartDownload(account_caller, "bitscts probe identities", probe_.url, local, log);
    if (!job || !AwaitTransfer(*job, probe_.timeout, log)) return false;
    if (!OwnedBy(job->Id(), owner.sid, log)) {
      log.Call("Cancel", job->Cancel());
      return false;
    }
    return CompleteAndCheck(*job, local, probe_.verify, log);
  }

  // Reads the job's owner as the runner (GetJob, GetOwner); returns true if it is `sid`.
  bool OwnedBy(const std::string& job_id, const std::string& sid, ProbeLog& log) {
    GUID id{};
    if (!ParseGuid(job_id, &id)) {
      log.Note("the job id \"" + job_id + "\" is no GUID");
      return false;
    }
    ComRef<IBackgroundCopyJob> job;
    if (log.Call("GetJob(" + job_id + ") as the runner", ToHResult(manager_->GetJob(id, job.Put())))
            .Failed() ||
        !job) {
      return false;
    }
    LPWSTR owner = nullptr;
    const HResult read = log.Call("GetOwner", ToHResult(job->GetOwner(&owner)));
    const std::string text = Narrow(owner);
    if (owner != nullptr) system_->CoTaskMemFree(owner);
    if (read.Failed()) return false;
    if (text != sid) {
      log.Note("the job's owner is " + (text.empty() ? "not named" : text) +
               ", not the test account");
      return false;
    }
    log.Note("the job's owner is the test account");
    return true;
  }

  // Has `account_caller` start a job on the probe's slow URL, waits as the runner until it runs,
  // logs the agent off and waits as the runner for the job to stop; the job is cancelled
  // afterwards.
  void ProbeLogoff(Capabilities& capabilities, std::unique_ptr<Caller> account_caller,
                   const Principal& owner, const std::string& folder) {
    ProbeLog log;
    log.Note("test account " + owner.name + " (" + owner.sid + ") logged on in an agent");
    const auto conclude = [&](bool stopped) {
      account_caller.reset();
      if (const std::optional<AgentFault> fault = probe_faults_->Take()) log.Note(fault->evidence);
      capabilities.Set(Feature::kLogoff, stopped, log.ToString());
    };
    if (probe_.slow_url.empty()) {
      log.Note(
          "no slow URL was given to the probe, so no job could be kept running for the logoff");
      return conclude(false);
    }
    const std::string local = (std::filesystem::path(folder) / "logoff.bin").string();
    std::unique_ptr<Job> job =
        StartDownload(*account_caller, "bitscts probe logoff", probe_.slow_url, local, log);
    if (!job) return conclude(false);
    const std::string job_id = job->Id();
    job.reset();  // the agent's handle goes before the agent does
    Outcome<std::unique_ptr<Job>> seen = OpenJob(job_id);
    if (log.Call("GetJob(" + job_id + ") as the runner", seen.hr).Failed() || !seen.value)
      return conclude(false);
    Job& observed = *seen.value;
    if (!AwaitRunning(observed, probe_.timeout, log)) {
      log.Call("Cancel as the runner", observed.Cancel());
      return conclude(false);
    }
    const HResult logged_off =
        log.Call("LogOff(" + owner.name + "): its PowerShell remote session is removed",
                 LogOff(*account_caller));
    const bool stopped = logged_off.Succeeded() && AwaitStop(observed, probe_.timeout, log);
    log.Call("Cancel as the runner", observed.Cancel());
    conclude(stopped);
  }

  bool VersionAtLeast(int major) const {
    return !bits_version_.empty() && std::stoi(bits_version_) >= major;
  }

  // Registers the target's own notification object, which wakes its waits, on a job it created.
  // The job's notify flags stay BITS's defaults, as a scenario must read them: waits for the
  // states those notify wake at once, and waits for others fall back to polling (job_wait.h).
  void Subscribe(IBackgroundCopyJob& job) {
    job.SetNotifyInterface(static_cast<IBackgroundCopyCallback*>(events_.get()));
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
                     "QueryInterface(IID_IBitsTokenOptions) on a new job returned " +
                         ToHResult(result).ToString());
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
  AccountStoreOptions account_options_;
  std::function<agent::AgentCommand(CallerSettings)> agent_command_;
  std::shared_ptr<AgentFaultSink> faults_;  // where the faults of the agents LogOn starts now go
  std::shared_ptr<FirstAgentFault> probe_faults_ =
      std::make_shared<FirstAgentFault>();  // those of the probe's
  ProbeDownloads probe_;
  bool refusal_is_an_answer_;
  HResult refusal_ = hr::kOk;  // BITS's refusal of every class, when it is the answer to every call
  PlatformFacts facts_;
  ComRef<JobEvents> events_;
  std::shared_ptr<CallbackGate> callbacks_ = std::make_shared<CallbackGate>();  // blocking ones
  ProcessCaller caller_;
  ComRef<IBackgroundCopyManager> manager_;
  bool com_initialised_ = false;
  std::string bits_version_;
  std::string security_evidence_;
  std::string connect_evidence_;
  TargetDescription description_;
  std::vector<GUID> created_;  // by this process or its agents
  std::unique_ptr<AccountStore> accounts_;
  std::string leftovers_evidence_;
  std::string last_provision_failure_;
  std::vector<AgentBackedCaller*> agents_;  // alive, in the order they logged on
  RemoteSessionRun remote_run_;             // what the run's PowerShell remote sessions share
  std::unique_ptr<ServiceStore>
      services_;  // the agent services this run created, deleted at its end
  std::string services_evidence_;
  // The controls (OfferControls): after caller_, whose passwords they use, and destroyed first,
  // so that each undoes what it did.
  ComUserProxyControl user_proxy_;
  ComShareControl shares_;
  ComLogonControl logons_;
  AuthorityTrust authorities_{*system_};
  ClientCertificateStores client_certificates_{*system_, [this](const std::string& account) {
                                                 return caller_.PasswordOf(account);
                                               }};
  ComFolderControl folder_control_;
  ComTokenShapeControl token_shape_control_;
  ComSecurityControl security_control_;
  ComApartmentControl apartment_control_;
  ComServiceControl service_control_;
  ControlSet controls_;
};

}  // namespace

std::map<Feature, std::string> WithheldControls() {
  return {
      {TimeControl::kFeature,
       "real BITS runs in real time: no target but the model can let days pass"},
      {NetworkControl::kFeature,
       "taking the machine's network away would cut a CI runner off its controller, and BITS's "
       "view of the network cost follows the real adapter"},
  };
}

std::variant<std::unique_ptr<Target>, std::string> ConnectComTarget(
    std::shared_ptr<SystemApi> system, const ComOptions& options) {
  auto target = std::make_unique<ComTarget>(std::move(system), options);
  if (std::string error = target->Connect(); !error.empty()) return error;
  return std::unique_ptr<Target>(std::move(target));
}

HResult ReconnectComTarget(Target& target) { return static_cast<ComTarget&>(target).Reconnect(); }

}  // namespace bitscts::com
