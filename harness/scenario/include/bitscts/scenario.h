// Scenarios: how a conformance check is declared and what it can use. A scenario reads like the
// clause it checks (scenarios/clauses.catalog): it sets up principals, acts as a caller, and
// asserts HRESULTs by name with GoogleTest's EXPECT_/ASSERT_ macros. Mechanics (recording,
// waiting, cleanup) live here.
//
//   BITSCTS_SCENARIO(TokenOptionsQi, OwnJobAnswersQuery,
//                    {.clauses = {"HT-IF-1"}, .doc = "https://...", .needs =
//                    {Feature::kTokenOptions}}) {
//     auto job = s.CreateJob(s.caller());
//     BITSCTS_PROVES("HT-IF-1") EXPECT_EQ(job->QueryTokenOptions().hr, hr::kOk);
//   }
//
// What a scenario needs of the target (.needs, .unless, .builds) is declared in its ScenarioMeta,
// where `bitscts --list` shows it, and checked before its body runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bitscts/capabilities.h"
#include "bitscts/evidence.h"
#include "bitscts/fakeserver/server.h"
#include "bitscts/proof.h"
#include "bitscts/target.h"

namespace bitscts {

// The Windows builds (bitscts/windows_build.h) a rule holds on: from `from` on and before
// `before`, either bound 0 for none. `why` says where the rule holds, e.g.
// {.from = builds::kWindows1607, .why = "non-administrator owners use helper tokens from 1607 on"}.
struct BuildRange {
  std::uint32_t from = 0;
  std::uint32_t before = 0;
  std::string why = {};

  // Returns true if and only if `build` is in the range.
  bool Contains(std::uint32_t build) const;
  // Returns the range as `bitscts --list` shows it: "any", "from 14393 (1607)", "before 14393
  // (1607)" or "from 6000 (Vista) before 14393 (1607)".
  std::string Describe() const;
};

// What a scenario declares about itself, in this order (designated initializers follow it).
struct ScenarioMeta {
  // Clause ids its checks prove, e.g. {"HT-QI-2", "HT-SET-5"}: each needs a BITSCTS_PROVES check.
  std::vector<std::string> clauses;
  std::string doc;                   // documentation URL of the behaviour
  std::vector<Feature> needs = {};   // features without which it is unsupported
  std::vector<Feature> unless = {};  // features with which it does not apply (older versions)
  // The builds it is about: on a target of another build it does not apply, with `builds.why`
  // and the target's build as the reason, e.g. .builds = {.before = builds::kWindows1607, ...}.
  BuildRange builds = {};
  std::vector<std::string> records = {};  // clauses it records evidence of without proving them
};

// `size` bytes of deterministic content, named by a seed, that the fakeserver serves.
struct Content {
  std::uint64_t seed = 0;
  std::uint64_t size = 0;

  // Returns the fakeserver's path of the content (fakeserver::ContentPath).
  std::string path() const;
};

struct ScenarioInfo {
  std::string family;  // one file per family in scenarios/
  std::string name;
  ScenarioMeta meta;
  const char* file = "";  // where the scenario is defined
  int line = 0;
  // Returns "<family>.<name>", the id used by expectations and reports.
  std::string id() const { return family + "." + name; }
};

// Why a scenario cannot run on a target.
enum class Inapplicability : std::uint8_t {
  kMissingFeature,  // a needed feature is absent (a probe said so)
  kOtherVersion,    // the scenario is about a version or platform the target is not
  kPrecondition,    // the target could not provide a precondition (an account, a logon, ...)
};

// Thrown to end a scenario as unsupported; `what()` is the evidence.
class UnsupportedError : public std::runtime_error {
 public:
  UnsupportedError(const std::string& evidence, Inapplicability why,
                   std::optional<Feature> feature = std::nullopt)
      : std::runtime_error(evidence), why_(why), feature_(feature) {}
  Inapplicability why() const { return why_; }
  // Returns the absent feature when `why()` is kMissingFeature.
  std::optional<Feature> feature() const { return feature_; }

 private:
  Inapplicability why_;
  std::optional<Feature> feature_;
};
// Thrown when a wait reaches its deadline; `what()` says what was awaited and what was seen.
class TimeoutError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Thrown when the environment, not the target's behaviour, stops a scenario.
class EnvironmentError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What a running scenario can use. Jobs it creates are recorded as evidence and cancelled at the
// end of the scenario unless they reached a final state. The fakeserver starts each scenario
// with an empty log, no faults and a proxy without authentication, and answers any request
// still held when the scenario ends.
class Scenario {
 public:
  // `id` is the running scenario's ScenarioInfo::id(): it decides the seeds NewContent hands out.
  Scenario(Target& target, const Capabilities& capabilities, fakeserver::Server& server,
           std::string scratch_folder, const std::string& id = {});
  ~Scenario();
  Scenario(const Scenario&) = delete;
  Scenario& operator=(const Scenario&) = delete;

  // Returns the target under test.
  Target& target() { return target_; }
  // Returns the fakeserver every job downloads from.
  fakeserver::Server& server() { return server_; }
  // Returns the evidence recorded so far.
  Evidence& evidence() { return evidence_; }
  // Returns the runner's own identity as a recording caller.
  Caller& caller();

  // Returns the probe's answer for `feature` on this target.
  Probe Capability(Feature feature) const { return capabilities_.Get(feature); }
  // Ends the scenario as unsupported if the target lacks a feature `meta` needs, and as not
  // applicable if it has a feature `meta` names in `unless` or its build is outside `meta.builds`
  // (checked in that order). The runner calls it before the scenario's body; from then on the
  // scenario may use only the controls its `meta.needs` declares.
  void Admit(const ScenarioMeta& meta);
  // Ends the scenario as unsupported unless the target offers `feature`.
  void Require(Feature feature);
  // Ends the scenario as unsupported because the target could not provide a precondition.
  [[noreturn]] void Unsupported(const std::string& evidence);
  // Ends the scenario as unsupported because it is about another version or platform than the
  // target's (e.g. pre-1607 rules on a 1607+ build); strict expectation files accept this.
  [[noreturn]] void NotApplicable(const std::string& evidence);

  // Provisions a principal of `kind`; ends the scenario as unsupported if the target cannot.
  Principal Provision(PrincipalKind kind);
  // Logs `principal` on and returns a recording caller that lives until the scenario ends; jobs
  // it creates or opens are recorded and cancelled like the runner's. Ends the scenario as
  // unsupported if the target cannot log the principal on.
  Caller& LogOn(const Principal& principal, CallerSettings settings = {});
  // Like LogOn, with a logon of `kind` (LogonControl::LogOnAs for any kind but kInteractive);
  // ends the scenario as unsupported if the target cannot log the principal on that way.
  Caller& LogOnAs(const Principal& principal, LogonKind kind, CallerSettings settings = {});
  // Ends the logon session of a caller returned by LogOn (Target::LogOff); returns its HRESULT.
  HResult LogOff(Caller& caller);

  // Creates a download job as `caller`; a failed CreateJob ends the scenario as an error.
  std::unique_ptr<Job> CreateJob(Caller& caller, const std::string& display_name = "bitscts");
  // Returns a fresh absolute local path in the run's scratch folder.
  std::string LocalPath(const std::string& file_name);
  // Returns `size` bytes of content whose seed no other call of this run got: the n-th call of a
  // scenario gets the same seed in every run of the same scenarios.
  Content NewContent(std::uint64_t size);
  // Returns the fakeserver's URL of `content`.
  std::string ContentUrl(const Content& content);
  // Checks that the file at `local_path` holds exactly `content`; returns an empty string if it
  // does, else what differs.
  std::string VerifyContent(const std::string& local_path, const Content& content);

  // Controls (controls.h). Each needs its Feature in the scenario's `.needs`, so that --plan
  // shows it; using one the scenario did not declare is a scenario bug (an error verdict). A
  // control the target withholds ends the scenario as unsupported with the target's reason; a
  // control that fails ends it as an environment error. Every use is recorded as evidence.

  // Returns a new folder that only `writers` (and the runner) may write (FolderControl).
  std::string CreateFolder(const std::vector<Principal>& writers);
  // Returns a new SMB share that only `readers` may read, everyone when empty (ShareControl).
  Share CreateShare(const std::vector<Principal>& readers);
  // Lets `duration` pass on the target (TimeControl).
  void AdvanceTime(std::chrono::milliseconds duration);
  // Lets `duration` pass if the target runs in virtual time; returns false, doing nothing, if it
  // does not (no declaration needed: for waits that only go faster in virtual time).
  bool AdvanceVirtualTime(std::chrono::milliseconds duration);
  // Restarts the target's BITS service (ServiceControl).
  void RestartService();
  // Connects or disconnects the target's network (NetworkControl).
  void SetNetworkConnected(bool connected);
  // Makes the target's network cost the cost::k* state `cost_state` (NetworkControl).
  void SetNetworkCost(std::uint32_t cost_state);
  // Makes `proxy` (empty: direct) the per-user proxy setting of `principal` (UserProxyControl).
  void SetUserProxy(const Principal& principal, const std::string& proxy);
  // Reads the per-user proxy of `caller`'s current identity (UserProxyControl); its HRESULT is
  // the target's answer.
  Outcome<std::string> UserProxyOf(Caller& caller);
  // Makes the target trust the fakeserver's certificate authority (AuthorityControl) and
  // returns the https:// URL of `path` on the fakeserver's HTTPS listener that treats client
  // certificates as `mode` says; ends the scenario as unsupported if the fakeserver has no TLS.
  std::string HttpsUrl(const std::string& path, fakeserver::ClientCertificates mode);
  // Issues a client certificate for `owner` (subject CN: its name) from the fakeserver's
  // authority and installs it at `location` (ClientCertificateControl); returns its thumbprint.
  std::string InstallClientCertificate(const Principal& owner, CertStoreLocation location);
  // Reads the BITS binary's file version (FileVersionControl); its HRESULT is the target's
  // answer (a BITS without a version resource fails the scenario that reads it).
  Outcome<std::string> BitsFileVersion();
  // Makes `principal` the thread identity of `caller` with a token shaped by `shape`
  // (TokenShapeControl); returns the HRESULT, which scenarios judge.
  HResult ImpersonateWith(Caller& caller, const Principal& principal, TokenShape shape);
  // Calls CoInitializeSecurity again in `caller`'s process (SecurityControl); returns its
  // HRESULT, the scenario's finding.
  HResult InitializeSecurityAgain(Caller& caller, CallerSettings settings);
  // Dispatches the calls waiting for `caller`'s single-threaded apartment (ApartmentControl).
  void PumpMessages(Caller& caller);
  // Lets the calls blocked in blocking notify interfaces return (Target::ReleaseCallbacks),
  // recorded as evidence; a failure ends the scenario as an error.
  void ReleaseCallbacks();

  // Waits for one of `wanted`; on a deadline throws TimeoutError with the state and error seen.
  // A job found in an error state has its error read (and so recorded as evidence).
  JobState AwaitState(Job& job, std::initializer_list<JobState> wanted,
                      std::chrono::milliseconds timeout = std::chrono::seconds(60));

  // Appends the fakeserver's request log and the jobs' histories to the evidence.
  void CollectFinalEvidence();

 private:
  // Returns the target's control of type `Control` for `call`; throws std::logic_error if the
  // admitted scenario did not declare its Feature, UnsupportedError if the target withholds it.
  template <typename Control>
  Control& Use(const std::string& call);
  // Records `call` and its result; a failure ends the scenario as an environment error.
  void RecordControl(const std::string& call, HResult result);
  // The target's own caller behind a recording caller this scenario handed out, and its label.
  struct TargetCaller {
    Caller& caller;
    std::string label;
  };
  // Returns the target's caller behind `caller`; throws std::logic_error for a caller this
  // scenario did not hand out.
  TargetCaller Unwrapped(Caller& caller);

  Target& target_;
  const Capabilities& capabilities_;
  fakeserver::Server& server_;
  std::string scratch_folder_;
  Evidence evidence_;
  std::optional<std::vector<Feature>> declared_;  // the admitted scenario's `.needs`
  std::unique_ptr<Caller> caller_;
  // Callers from LogOn: the target's own, then the recording caller the scenario hands out.
  struct LoggedOn {
    std::unique_ptr<Caller> inner;
    std::unique_ptr<Caller> recording;
    std::string label;  // names the caller in evidence
  };
  std::vector<LoggedOn> logons_;
  int next_file_ = 0;
  std::uint64_t next_seed_;  // the seed NewContent hands out next
  std::uint64_t last_seed_;  // the last seed of this scenario's block
};

using ScenarioBody = void (*)(Scenario&);

// Adds a scenario to the process-wide registry; returns true (for static registration).
bool RegisterScenario(ScenarioInfo info, ScenarioBody body);

struct RegisteredScenario {
  ScenarioInfo info;
  ScenarioBody body;
};
// Returns every registered scenario, ordered by family and then name.
std::vector<RegisteredScenario> RegisteredScenarios();

}  // namespace bitscts

// Declares and registers a scenario. The body sees `bitscts::Scenario& s`.
#define BITSCTS_SCENARIO(family, name, ...)                                                       \
  static void BitsctsScenario_##family##_##name(::bitscts::Scenario& s);                          \
  [[maybe_unused]] static const bool bitscts_registered_##family##_##name =                       \
      ::bitscts::RegisterScenario({#family, #name, ::bitscts::ScenarioMeta __VA_ARGS__, __FILE__, \
                                   __LINE__},                                                     \
                                  &BitsctsScenario_##family##_##name);                            \
  static void BitsctsScenario_##family##_##name([[maybe_unused]] ::bitscts::Scenario& s)
