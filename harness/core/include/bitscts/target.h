// The Target interface: the one surface scenarios use to drive a BITS implementation (the
// reference model, real BITS through COM, or Wine's BITS). Every call returns the HRESULT the
// implementation produced; nothing here decides whether that HRESULT is right.
//
// Every target implements every method here: these are BITS's answers, and a BITS that answers
// E_NOTIMPL fails the scenario like any other wrong answer. What the harness does around BITS
// (folders, shares, certificates, time, ...) is in controls.h, offered or withheld by the target.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bitscts/bits_types.h"
#include "bitscts/capabilities.h"
#include "bitscts/controls.h"
#include "bitscts/credentials.h"
#include "bitscts/hresult.h"
#include "bitscts/principal.h"

namespace bitscts {

// What a target reports for an output that a successful call left unwritten. The com target
// fills every output with these before the call, so that a BITS answering S_OK without writing
// shows as such and never as the answer a scenario expects (a zero flag set, a null SID).
namespace unwritten {
inline constexpr std::uint32_t kNumber = 0xBAADF00Du;  // a DWORD: flags, a cost state, an HRESULT
inline constexpr const char* kText =
    "(left unwritten by a call that succeeded)";           // a string or SID
inline constexpr auto kState = static_cast<JobState>(15);  // a job state: no BG_JOB_STATE is 15
}  // namespace unwritten

// What IBackgroundCopyJob::GetError and IBackgroundCopyError report.
struct JobError {
  HResult code;
  ErrorContext context = ErrorContext::kNone;
  std::string description;
};

// A file of a job as IBackgroundCopyFile names it.
struct JobFile {
  std::string remote_url;
  std::string local_path;
};

// The IBackgroundCopyCallback methods BITS calls.
enum class JobEvent : std::uint8_t { kTransferred, kError };  // JobTransferred, JobError

// Returns "JobTransferred" or "JobError".
std::string Name(JobEvent event);

// One callback BITS made to a notify interface a scenario registered.
struct Notification {
  JobEvent event = JobEvent::kTransferred;
  std::optional<JobError> error;  // what the IBackgroundCopyError of a JobError reported
  std::string caller_sid;         // identity BITS made the call as (JOB-CB-5); empty if unknown
};

// What a wait for a job state saw, whether or not the state was reached.
struct WaitResult {
  bool reached = false;
  JobState state = JobState::kSuspended;  // the last state observed
  std::string waited_for;                 // e.g. "BG_JOB_STATE_TRANSFERRED or BG_JOB_STATE_ERROR"
  std::chrono::milliseconds waited{0};    // elapsed time (virtual on the model)
};

// Identifies the implementation under test and the platform it emulates or runs on.
struct TargetDescription {
  std::string id;      // unique per run family: "model-19045", "wine-8.0", "windows-10.0.20348"
  std::string family;  // expectations family: "model", "wine" or "windows"
  std::string implementation;  // human-readable: "bitscts reference model", "Wine 8.0 qmgr"
  std::string os_name;         // e.g. "Windows 10 (emulated)"
  std::uint32_t os_build = 0;  // Windows build number, emulated on the model
  std::string bits_version;    // highest BITS version detected: "10.3", "4.0", "1.0"
};

// A job's helper-token options (IBitsTokenOptions), as obtained by one QueryInterface call.
class TokenOptions {
 public:
  virtual ~TokenOptions() = default;
  // Stores the calling caller's current identity as the job's helper token.
  virtual HResult SetHelperToken() = 0;
  // Discards the job's helper token.
  virtual HResult ClearHelperToken() = 0;
  // Sets the BG_TOKEN_* usage flags.
  virtual HResult SetHelperTokenFlags(std::uint32_t flags) = 0;
  // Gets the BG_TOKEN_* usage flags.
  virtual Outcome<std::uint32_t> GetHelperTokenFlags() = 0;
  // Gets the helper token's SID string; the value is empty when the target returned a null string.
  virtual Outcome<std::optional<std::string>> GetHelperTokenSid() = 0;
};

// A BITS job as seen by the caller that created or opened it.
class Job {
 public:
  virtual ~Job() = default;
  // Returns the job's GUID in registry format.
  virtual std::string Id() const = 0;
  // Adds a file to download from `remote_url` to the absolute local path `local_path`.
  virtual HResult AddFile(const std::string& remote_url, const std::string& local_path) = 0;
  virtual HResult Resume() = 0;
  virtual HResult Suspend() = 0;
  virtual HResult Cancel() = 0;
  virtual HResult Complete() = 0;
  // Sets the no-progress timeout in seconds (0: every error is final at once).
  virtual HResult SetNoProgressTimeout(std::uint32_t seconds) = 0;
  // Reads the job's current state.
  virtual Outcome<JobState> State() = 0;
  // Reads the job's error object (BG_E_ERROR_INFORMATION_UNAVAILABLE outside the error states).
  virtual Outcome<JobError> Error() = 0;
  // Waits until the job is in one of `wanted` or `timeout` has elapsed (virtual time on the model).
  virtual WaitResult WaitForState(const std::vector<JobState>& wanted,
                                  std::chrono::milliseconds timeout) = 0;
  // Returns every distinct state the job was observed in, oldest first.
  virtual std::vector<JobState> StateHistory() const = 0;
  // Queries the job for IBitsTokenOptions; the pointer is null unless the HRESULT succeeded.
  virtual Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() = 0;

  // Notifications. A target that uses notifications for its own waits must not let that show:
  // flags and the interface read back as scenarios set them.
  // Sets the BG_NOTIFY_* flags (BITS answers E_NOTIMPL for bits it does not know).
  virtual HResult SetNotifyFlags(std::uint32_t flags) = 0;
  // Gets the BG_NOTIFY_* flags.
  virtual Outcome<std::uint32_t> NotifyFlags() = 0;
  // Registers, with SetNotifyInterface, a callback object of this pointer's caller that records
  // every call it receives.
  virtual HResult SetNotifyInterface() = 0;
  // Like SetNotifyInterface, with a callback object whose methods do not return until
  // Target::ReleaseCallbacks: each call it receives stays in flight (JOB-CB-4).
  virtual HResult SetBlockingNotifyInterface() = 0;
  // Calls SetNotifyInterface(NULL).
  virtual HResult RemoveNotifyInterface() = 0;
  // Waits until the object registered through this pointer has received `event` or `timeout`
  // has elapsed (virtual time on the model); returns every call it received, oldest first.
  virtual Outcome<std::vector<Notification>> WaitForNotification(
      JobEvent event, std::chrono::milliseconds timeout) = 0;

  // Error details; each reads the job's error object first, so outside the error states they
  // answer BG_E_ERROR_INFORMATION_UNAVAILABLE.
  // Gets the error's description in `language_id` (IBackgroundCopyError::GetErrorDescription).
  virtual Outcome<std::string> ErrorDescription(std::uint32_t language_id) = 0;
  // Gets the file the error belongs to (GetFile; BG_E_FILE_NOT_AVAILABLE when none).
  virtual Outcome<JobFile> ErrorFile() = 0;
  // Gets the protocol of the failed transfer (GetProtocol; BG_E_PROTOCOL_NOT_AVAILABLE when none).
  virtual Outcome<std::string> ErrorProtocol() = 0;

  // Gets the owner's SID string (IBackgroundCopyJob::GetOwner).
  virtual Outcome<std::string> OwnerSid() = 0;
  // Makes the caller's current identity the job's owner (IBackgroundCopyJob::TakeOwnership).
  virtual HResult TakeOwnership() = 0;

  // Sets the credentials for one target and scheme (IBackgroundCopyJob2::SetCredentials).
  // Implementations and their evidence never show the password.
  virtual HResult SetCredentials(const Credentials& credentials) = 0;

  // Says where the job's requests go (IBackgroundCopyJob::SetProxySettings); an empty list is
  // passed as NULL. Lists are space-separated "[http=][http://]host[:port]" entries.
  virtual HResult SetProxySettings(ProxyUsage usage, const std::string& proxy_list,
                                   const std::string& bypass_list) = 0;

  // Names the job's client certificate by store and thumbprint
  // (IBackgroundCopyJobHttpOptions::SetClientCertificateByID); a thumbprint that is not 40 hex
  // digits is passed as a hash of another size.
  virtual HResult SetClientCertificate(CertStoreLocation location, const std::string& store_name,
                                       const std::string& thumbprint) = 0;

  // Cost flags through IBackgroundCopyJob5; a job without that interface (BITS before 5.0)
  // answers with the E_NOINTERFACE of its QueryInterface.
  // Sets the job's cost flags (SetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS)).
  virtual HResult SetCostFlags(std::uint32_t flags) = 0;
  // Gets the job's cost flags (GetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS)).
  virtual Outcome<std::uint32_t> CostFlags() = 0;
};

// A client of BITS: one logged-on identity with its COM security settings. Its calls are made
// with its current thread identity: its own, or the principal it impersonates.
class Caller {
 public:
  virtual ~Caller() = default;
  // Returns the SID string of the caller's own (process) identity.
  virtual std::string Sid() const = 0;
  // Creates a download job; the job's owner is the caller's current identity.
  virtual Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& display_name) = 0;
  // Opens an existing job by its GUID (IBackgroundCopyManager::GetJob) as the current identity.
  virtual Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) = 0;
  // Makes `principal` the calling thread's identity (LogonUser + ImpersonateLoggedOnUser) until
  // RevertToSelf; the logon is the target's, with the principal's credentials it keeps secret.
  virtual HResult Impersonate(const Principal& principal) = 0;
  // Ends any impersonation; S_OK when there was none.
  virtual HResult RevertToSelf() = 0;
};

// A BITS implementation under test.
class Target {
 public:
  virtual ~Target() = default;
  // Describes the implementation; valid after construction.
  virtual const TargetDescription& Description() const = 0;
  // Probes what the implementation offers; each feature carries the evidence for its answer.
  virtual Capabilities Probe() = 0;
  // Returns the caller that represents the runner's own identity.
  virtual Caller& CurrentCaller() = 0;
  // Provisions a principal of `kind` for this run (deleted at the end of the run when the
  // target created it); a failed HRESULT says why it cannot
  // (HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED): not on this target).
  virtual Outcome<Principal> Provision(PrincipalKind kind) = 0;
  // Logs `principal` on interactively and returns a caller acting as it with `settings` (a
  // kWindowsService principal: the service's process started by the service control manager). A
  // single-threaded `settings.apartment` needs the target's ApartmentControl.
  virtual Outcome<std::unique_ptr<Caller>> LogOn(const Principal& principal,
                                                 CallerSettings settings) = 0;
  // Ends `caller`'s logon session as a user's logoff would; the caller is unusable afterwards.
  virtual HResult LogOff(Caller& caller) = 0;
  // Cancels every job this run created that is still in the queue; returns how many it cancelled.
  virtual int CancelLeftoverJobs() = 0;

  // Creates and releases a CLSID_BackgroundCopyManager<version> object (CoCreateInstance with
  // CLSCTX_LOCAL_SERVER and IID_IBackgroundCopyManager) for `version` "1.0" (the unversioned
  // class) ... "10.3", and returns its HRESULT; E_INVALIDARG for a version that has no class.
  virtual HResult ActivateManagerClass(const std::string& version) = 0;
  // Lets every call blocked in a notify interface of SetBlockingNotifyInterface return.
  virtual HResult ReleaseCallbacks() = 0;
  // Returns the controls the target offers around BITS, and why it withholds the others; the
  // same answer for the whole run, known without probing.
  virtual const ControlSet& Controls() const = 0;
};

}  // namespace bitscts
