#include "bitscts/scenario.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "bitscts/fakeserver/content.h"
#include "bitscts/fakeserver/server.h"
#include "bitscts/fakeserver/tls.h"
#include "bitscts/windows_build.h"
#include "recording.h"

namespace bitscts {
namespace {

std::vector<RegisteredScenario>& Registry() {
  static std::vector<RegisteredScenario> registry;
  return registry;
}

// How many content seeds each scenario has: the seeds of block b are b * kSeedsPerBlock + 1 up to
// (b + 1) * kSeedsPerBlock - 1, so that they read as the block's number followed by a count.
constexpr std::uint64_t kSeedsPerBlock = 1000;

// Returns the seed block of the scenario `id`: 1 + its place among the registered scenarios
// (ordered by family and name), or 0 for an id no registered scenario has.
std::uint64_t SeedBlock(const std::string& id) {
  const std::vector<RegisteredScenario> scenarios = RegisteredScenarios();
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (scenarios[i].info.id() == id) return i + 1;
  }
  return 0;
}

// Returns "<release> (build <build>)" when `build` is outside `range`: "pre-1607 (build 7601)"
// below it, "1607+ (build 19045)" at or above its end.
std::string OutsideName(const BuildRange& range, std::uint32_t build) {
  const std::string release = build < range.from ? "pre-" + builds::ReleaseName(range.from)
                                                 : builds::ReleaseName(range.before) + "+";
  return release + " (build " + std::to_string(build) + ")";
}

std::string StateSetName(std::initializer_list<JobState> states) {
  std::string text;
  for (JobState state : states) {
    if (!text.empty()) text += " or ";
    text += Name(state);
  }
  return text;
}

// Returns what to change when `result` says the machine, not BITS, is at fault; else "".
std::string EnvironmentAdvice(HResult result) {
  if (result == hr::kNotLoggedOn) {
    return ": BITS takes jobs only from users with an interactive logon session or from service "
           "accounts; run the "
           "suite from a desktop session or as a service, not over a network logon such as ssh or "
           "WinRM";
  }
  return {};
}

}  // namespace

bool BuildRange::Contains(std::uint32_t build) const {
  return (from == 0 || build >= from) && (before == 0 || build < before);
}

std::string BuildRange::Describe() const {
  if (from == 0 && before == 0) return "any";
  std::string text;
  if (from != 0) text = "from " + std::to_string(from) + " (" + builds::ReleaseName(from) + ")";
  if (from != 0 && before != 0) text += ' ';
  if (before != 0)
    text += "before " + std::to_string(before) + " (" + builds::ReleaseName(before) + ")";
  return text;
}

std::string Content::path() const { return fakeserver::ContentPath(seed, size); }

bool RegisterScenario(ScenarioInfo info, ScenarioBody body) {
  Registry().push_back({std::move(info), body});
  return true;
}

std::vector<RegisteredScenario> RegisteredScenarios() {
  std::vector<RegisteredScenario> sorted = Registry();
  std::sort(sorted.begin(), sorted.end(),
            [](const RegisteredScenario& a, const RegisteredScenario& b) {
              return a.info.family != b.info.family ? a.info.family < b.info.family
                                                    : a.info.name < b.info.name;
            });
  return sorted;
}

Scenario::Scenario(Target& target, const Capabilities& capabilities, fakeserver::Server& server,
                   std::string scratch_folder, const std::string& id)
    : target_(target),
      capabilities_(capabilities),
      server_(server),
      scratch_folder_(std::move(scratch_folder)),
      next_seed_(SeedBlock(id) * kSeedsPerBlock + 1),
      last_seed_(next_seed_ + kSeedsPerBlock - 2) {
  // Each scenario starts with an empty log, no injected faults, fresh /fault/ counters,
  // Fault::hold holding again and a proxy that asks for no credentials.
  server_.ClearLog();
  server_.ClearFaults();
  server_.RequireProxyUsers({});
}

// Requests the scenario left held are answered, so that no transfer outlives it waiting.
Scenario::~Scenario() { server_.ReleaseHeld(); }

Caller& Scenario::caller() {
  if (!caller_) caller_ = internal::RecordCaller(target_.CurrentCaller(), "runner", evidence_);
  return *caller_;
}

void Scenario::Admit(const ScenarioMeta& meta) {
  declared_ = meta.needs;
  for (Feature feature : meta.needs) Require(feature);
  for (Feature feature : meta.unless) {
    if (const Probe probe = Capability(feature); probe.available) {
      NotApplicable("applies only without " + std::string(Name(feature)) + ": " + probe.evidence);
    }
  }
  const std::uint32_t build = target_.Description().os_build;
  if (!meta.builds.Contains(build))
    NotApplicable(meta.builds.why + "; target is " + OutsideName(meta.builds, build));
}

void Scenario::Require(Feature feature) {
  const Probe probe = capabilities_.Get(feature);
  if (!probe.available) {
    throw UnsupportedError("needs " + std::string(Name(feature)) + ": " + probe.evidence,
                           Inapplicability::kMissingFeature, feature);
  }
}

void Scenario::Unsupported(const std::string& evidence) {
  throw UnsupportedError(evidence, Inapplicability::kPrecondition);
}

void Scenario::NotApplicable(const std::string& evidence) {
  throw UnsupportedError(evidence, Inapplicability::kOtherVersion);
}

Principal Scenario::Provision(PrincipalKind kind) {
  Outcome<Principal> outcome = target_.Provision(kind);
  evidence_.Call("Provision(" + Name(kind) + ")" +
                     (outcome.hr.Succeeded() ? " = " + outcome.value.name + " " + outcome.value.sid
                                             : ""),
                 outcome.hr);
  if (outcome.hr.Failed())
    Unsupported("Provision(" + Name(kind) + ") returned " + outcome.hr.ToString());
  return outcome.value;
}

Caller& Scenario::LogOn(const Principal& principal, CallerSettings settings) {
  return LogOnAs(principal, LogonKind::kInteractive, settings);
}

Caller& Scenario::LogOnAs(const Principal& principal, LogonKind kind, CallerSettings settings) {
  const bool interactive = kind == LogonKind::kInteractive;
  const bool single_threaded = settings.apartment == Apartment::kSingleThreaded;
  const std::string what = std::string(interactive ? "LogOn(" : "LogOnAs(") + principal.name +
                           ", " + Name(settings.level) + (interactive ? "" : ", " + Name(kind)) +
                           (single_threaded ? ", " + Name(settings.apartment) + " apartment" : "") +
                           ")";
  if (single_threaded) Use<ApartmentControl>(what);
  Outcome<std::unique_ptr<Caller>> outcome =
      interactive ? target_.LogOn(principal, settings)
                  : Use<LogonControl>(what).LogOnAs(principal, settings, kind);
  evidence_.Call(what, outcome.hr);
  if (outcome.hr.Failed() || !outcome.value)
    Unsupported(what + " returned " + outcome.hr.ToString());
  const std::string label =
      Name(principal.kind) + " " + principal.name + " #" + std::to_string(logons_.size() + 1);
  LoggedOn logon;
  logon.inner = std::move(outcome.value);
  logon.recording = internal::RecordCaller(*logon.inner, label, evidence_);
  logon.label = label;
  logons_.push_back(std::move(logon));
  return *logons_.back().recording;
}

HResult Scenario::LogOff(Caller& caller) {
  for (const LoggedOn& logon : logons_) {
    if (logon.recording.get() != &caller) continue;
    const HResult result = target_.LogOff(*logon.inner);
    evidence_.Call("LogOff(" + std::string(logon.inner->Sid()) + ")", result);
    return result;
  }
  throw EnvironmentError("Scenario::LogOff was given a caller that Scenario::LogOn did not return");
}

std::unique_ptr<Job> Scenario::CreateJob(Caller& caller, const std::string& display_name) {
  auto outcome = caller.CreateDownloadJob(display_name);
  if (outcome.hr.Failed() || !outcome.value) {
    throw EnvironmentError("CreateJob failed with " + outcome.hr.ToString() +
                           EnvironmentAdvice(outcome.hr));
  }
  return std::move(outcome.value);
}

std::string Scenario::LocalPath(const std::string& file_name) {
  const std::filesystem::path path =
      std::filesystem::path(scratch_folder_) / (std::to_string(++next_file_) + "-" + file_name);
  return path.string();
}

Content Scenario::NewContent(std::uint64_t size) {
  if (next_seed_ > last_seed_) {
    throw EnvironmentError("the scenario asked for more than " +
                           std::to_string(kSeedsPerBlock - 1) +
                           " contents, the seeds a scenario has");
  }
  return Content{next_seed_++, size};
}

std::string Scenario::ContentUrl(const Content& content) { return server_.Url(content.path()); }

std::string Scenario::VerifyContent(const std::string& local_path, const Content& content) {
  std::ifstream file(local_path, std::ios::binary);
  if (!file) return "cannot open " + local_path;
  const std::string data((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (data.size() != content.size) {
    return local_path + " holds " + std::to_string(data.size()) + " bytes, expected " +
           std::to_string(content.size);
  }
  if (const auto offset = fakeserver::FirstMismatch(content.seed, 0, data)) {
    return local_path + " differs from the served content at byte " + std::to_string(*offset);
  }
  return {};
}

template <typename Control>
Control& Scenario::Use(const std::string& call) {
  const Feature feature = Control::kFeature;
  if (declared_ && std::find(declared_->begin(), declared_->end(), feature) == declared_->end()) {
    throw std::logic_error(call + " uses the " + std::string(Name(feature)) +
                           " control, which the scenario does not declare in .needs");
  }
  Control* control = target_.Controls().Find<Control>();
  if (control == nullptr) {
    throw UnsupportedError("needs " + std::string(Name(feature)) + ": " +
                               target_.Controls().Missing(feature).value_or("not offered"),
                           Inapplicability::kMissingFeature, feature);
  }
  return *control;
}

void Scenario::RecordControl(const std::string& call, HResult result) {
  evidence_.Call(call, result);
  if (result.Failed()) throw EnvironmentError(call + " returned " + result.ToString());
}

Scenario::TargetCaller Scenario::Unwrapped(Caller& caller) {
  if (caller_ && caller_.get() == &caller) return {target_.CurrentCaller(), "runner"};
  for (const LoggedOn& logon : logons_) {
    if (logon.recording.get() == &caller) return {*logon.inner, logon.label};
  }
  throw std::logic_error("a control was given a caller that this scenario did not hand out");
}

std::string Scenario::CreateFolder(const std::vector<Principal>& writers) {
  std::string names;
  for (const Principal& writer : writers) names += (names.empty() ? "" : ", ") + writer.name;
  const std::string call = "CreateFolder(writers: " + (names.empty() ? "none" : names) + ")";
  const Outcome<std::string> folder = Use<FolderControl>(call).CreateFolder(writers);
  RecordControl(call + (folder.hr.Succeeded() ? " = " + folder.value : std::string()), folder.hr);
  return folder.value;
}

Share Scenario::CreateShare(const std::vector<Principal>& readers) {
  const std::string call = "CreateShare(" + std::to_string(readers.size()) + " readers)";
  const Outcome<Share> share = Use<ShareControl>(call).CreateShare(readers);
  RecordControl(call + (share.hr.Succeeded() ? " = " + share.value.unc : std::string()), share.hr);
  return share.value;
}

void Scenario::AdvanceTime(std::chrono::milliseconds duration) {
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(duration).count();
  const std::string call = "AdvanceTime(" +
                           (hours >= 48 ? std::to_string(hours / 24) + " days"
                                        : std::to_string(duration.count()) + " ms") +
                           ")";
  RecordControl(call, Use<TimeControl>(call).AdvanceTime(duration));
}

bool Scenario::AdvanceVirtualTime(std::chrono::milliseconds duration) {
  TimeControl* time = target_.Controls().Find<TimeControl>();
  if (time == nullptr) return false;
  const HResult result = time->AdvanceTime(duration);
  if (result.Failed()) {
    throw EnvironmentError("AdvanceTime(" + std::to_string(duration.count()) + " ms) returned " +
                           result.ToString());
  }
  return true;
}

void Scenario::RestartService() {
  const std::string call = "RestartService()";
  RecordControl(call, Use<ServiceControl>(call).RestartService());
}

void Scenario::SetNetworkConnected(bool connected) {
  const std::string call = connected ? "SetNetworkConnected(true)" : "SetNetworkConnected(false)";
  RecordControl(call, Use<NetworkControl>(call).SetNetworkConnected(connected));
}

void Scenario::SetNetworkCost(std::uint32_t cost_state) {
  std::ostringstream call;
  call << "SetNetworkCost(0x" << std::hex << cost_state << ")";
  RecordControl(call.str(), Use<NetworkControl>(call.str()).SetNetworkCost(cost_state));
}

void Scenario::SetUserProxy(const Principal& principal, const std::string& proxy) {
  const std::string call = "SetUserProxy(" + principal.name + ", " +
                           (proxy.empty() ? std::string("direct") : proxy) + ")";
  RecordControl(call, Use<UserProxyControl>(call).SetUserProxy(principal, proxy));
}

Outcome<std::string> Scenario::UserProxyOf(Caller& caller) {
  const std::string call = "WinHttpGetIEProxyConfigForCurrentUser()";
  const TargetCaller target_caller = Unwrapped(caller);
  Outcome<std::string> proxy = Use<UserProxyControl>(call).UserProxyOf(target_caller.caller);
  evidence_.Call(target_caller.label + ": " + call +
                     (proxy.hr.Succeeded()
                          ? " = " + (proxy.value.empty() ? std::string("direct") : proxy.value)
                          : std::string()),
                 proxy.hr);
  return proxy;
}

std::string Scenario::HttpsUrl(const std::string& path, fakeserver::ClientCertificates mode) {
  const fakeserver::TestAuthority* authority = server_.authority();
  const std::string url = server_.HttpsUrl(path, mode);
  if (authority == nullptr || url.empty()) {
    throw UnsupportedError("the fakeserver has no HTTPS listener: this build has no TLS (OpenSSL)",
                           Inapplicability::kMissingFeature, AuthorityControl::kFeature);
  }
  const std::string call = "TrustAuthority(the fakeserver's test authority)";
  RecordControl(call, Use<AuthorityControl>(call).TrustAuthority(authority->certificate_pem()));
  return url;
}

std::string Scenario::InstallClientCertificate(const Principal& owner, CertStoreLocation location) {
  fakeserver::TestAuthority* authority = server_.authority();
  if (authority == nullptr) {
    throw UnsupportedError(
        "the fakeserver has no certificate authority: this build has no TLS (OpenSSL)",
        Inapplicability::kMissingFeature, AuthorityControl::kFeature);
  }
  const std::string call = "InstallClientCertificate(" + owner.name + ", " + Name(location) + ")";
  ClientCertificateControl& control = Use<ClientCertificateControl>(call);
  const fakeserver::IssuedCertificate issued = authority->IssueClient(owner.name);
  if (issued.certificate_pem.empty())
    throw EnvironmentError("OpenSSL could not issue a client certificate");
  const ClientCertificate certificate{issued.certificate_pem, issued.private_key_pem,
                                      issued.thumbprint};
  RecordControl(call + " = " + issued.thumbprint,
                control.InstallClientCertificate(owner, location, certificate));
  return issued.thumbprint;
}

Outcome<std::string> Scenario::BitsFileVersion() {
  const std::string call = "QMgr.dll file version";
  Outcome<std::string> version = Use<FileVersionControl>(call).BitsFileVersion();
  evidence_.Call(call + (version.hr.Succeeded() ? " = " + version.value : std::string()),
                 version.hr);
  return version;
}

HResult Scenario::ImpersonateWith(Caller& caller, const Principal& principal, TokenShape shape) {
  const std::string call = "impersonate " + principal.name + " (" + Name(principal.kind) +
                           ") with a " + Name(shape.level) +
                           (shape.restricted ? " restricted" : "") + " token";
  const TargetCaller target_caller = Unwrapped(caller);
  const HResult result =
      Use<TokenShapeControl>(call).ImpersonateWith(target_caller.caller, principal, shape);
  evidence_.Call(target_caller.label + ": " + call, result);
  return result;
}

HResult Scenario::InitializeSecurityAgain(Caller& caller, CallerSettings settings) {
  const std::string call =
      "CoInitializeSecurity(" + Name(settings.level) + ", " + Name(settings.cloaking) + ") again";
  const TargetCaller target_caller = Unwrapped(caller);
  const HResult result =
      Use<SecurityControl>(call).InitializeSecurityAgain(target_caller.caller, settings);
  evidence_.Call(target_caller.label + ": " + call, result);
  return result;
}

void Scenario::PumpMessages(Caller& caller) {
  const TargetCaller target_caller = Unwrapped(caller);
  const std::string call = target_caller.label + ": pump the thread's messages";
  RecordControl(call, Use<ApartmentControl>(call).PumpMessages(target_caller.caller));
}

void Scenario::ReleaseCallbacks() {
  RecordControl("ReleaseCallbacks()", target_.ReleaseCallbacks());
}

JobState Scenario::AwaitState(Job& job, std::initializer_list<JobState> wanted,
                              std::chrono::milliseconds timeout) {
  const WaitResult result = job.WaitForState(std::vector<JobState>(wanted), timeout);
  if (result.reached) {
    // The error of a job in an error state is evidence, whatever the scenario expected.
    if (result.state == JobState::kError || result.state == JobState::kTransientError) job.Error();
    return result.state;
  }
  std::ostringstream message;
  message << "waited " << result.waited.count() << " ms for " << StateSetName(wanted)
          << "; the job was in " << Name(result.state);
  const auto error = job.Error();
  if (error.hr.Succeeded()) {
    message << " with error " << error.value.code << " in " << Name(error.value.context);
  }
  throw TimeoutError(message.str());
}

void Scenario::CollectFinalEvidence() {
  for (const fakeserver::RequestRecord& record : server_.Log()) {
    std::ostringstream line;
    line << "fakeserver: " << record.method << ' ' << record.path;
    if (!record.range.empty()) line << " [" << record.range << ']';
    line << " -> " << record.status << ", " << record.bytes << " bytes, identity "
         << (record.identity.empty() ? "(anonymous)" : record.identity);
    evidence_.Note(line.str());
  }
}

}  // namespace bitscts
