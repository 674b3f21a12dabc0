// The emulated BITS service: its job queue, the operations that touch files, sessions and the
// network, and the scheduler that moves jobs through their states in virtual time. The members
// are defined in three files: service.cpp (files, ownership, logoff, restart, network and cost),
// scheduler.cpp (the state machine in virtual time) and transfer.cpp (starting a file's transfer
// as transfer_rules.h decides it). The queue and the callbacks are classes of their own.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "bitscts/model/emulated_build.h"
#include "callbacks.h"
#include "certificates.h"
#include "clock.h"
#include "folder_acl.h"
#include "http_fetch.h"
#include "job_queue.h"
#include "job_record.h"
#include "security.h"
#include "transfer_rules.h"

namespace bitscts::model {

class Service {
 public:
  Service(EmulatedBuild build,
          std::function<void(const std::string&, const std::string&)> register_identity);
  // Waits for the downloads still on their way (BackgroundFetch threads) to end.
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  const EmulatedBuild& build() const { return build_; }
  Authority& authority() { return authority_; }
  FolderAcl& acl() { return acl_; }
  CertificateStores& certificates() { return certificates_; }
  VirtualTime Now() const { return clock_.Now(); }

  // Creates a download job owned by `owner` (JOB-STATE-1, JOB-LIM-1); null with the HRESULT.
  JobRecord* CreateJob(const Token& owner, const std::string& display_name, HResult* result) {
    return queue_.Create(owner, display_name, Now(), result);
  }
  // Opens a queued job for `caller` (HT-ADM-5, HT-ADM-7, JOB-STATE-9); null with the HRESULT.
  JobRecord* OpenJob(const std::string& id, const Token& caller, HResult* result) {
    return queue_.Open(id, caller, result);
  }
  // Returns the job with `id` whatever its state, or null.
  JobRecord* Find(const std::string& id) { return queue_.Find(id); }

  // Adds a download file checked as `caller` (JOB-LIM-2, JOB-LIM-4).
  HResult AddFile(JobRecord& job, const Token& caller, const std::string& remote_url,
                  const std::string& local_path);
  // Cancels the job and deletes its temporary files (JOB-STATE-5).
  HResult Cancel(JobRecord& job);
  // Completes the job, renaming its temporary files as the local-file identity (JOB-STATE-6).
  HResult Complete(JobRecord& job);
  // Shares `folder` over SMB as a new share whose files only `reader_sids` may read (everyone
  // when empty); returns the share's name.
  std::string CreateShare(std::filesystem::path folder, std::set<std::string> reader_sids);
  // Shares `folder` as the share `name` (NetShareAdd) whose files only `reader_sids` may read
  // (everyone when empty); false if a share of that name exists.
  bool CreateShare(const std::string& name, std::filesystem::path folder,
                   std::set<std::string> reader_sids);
  // Stops sharing `name` (NetShareDel); false if there is no such share.
  bool DeleteShare(const std::string& name) { return shares_.erase(name) == 1; }
  // Returns the name of every share.
  std::vector<std::string> ShareNames() const;
  // Names the job's client certificate as `caller` (IBackgroundCopyJobHttpOptions).
  HResult SetClientCertificate(JobRecord& job, const Token& caller, JobCertificate certificate);
  // Makes `new_owner` the job's owner (JOB-OWN-7).
  HResult TakeOwnership(JobRecord& job, const Token& new_owner);
  // Records a property change of the job: it restarts the inactivity period (JOB-STATE-11).
  void Touch(JobRecord& job) { job.last_activity = Now(); }

  // Ends Terminal Services session `ts_session` for the caller `caller_serial` (HT-LOGOFF-*).
  void LogOff(std::uint32_t ts_session, std::uint64_t caller_serial);
  // Restarts the service: helper tokens and callbacks are lost (HT-LOGOFF-8 reading).
  void Restart();
  // Connects or disconnects the network (JOB-STATE-10, JOB-RETRY-3).
  void SetNetworkConnected(bool connected);
  // Makes the network's cost the BITS_COST_STATE_* `cost_state` (JOB-RETRY-5).
  void SetNetworkCost(std::uint32_t cost_state);
  // Applies the job's cost flags after a change: a job they now block stops, a job they no
  // longer block is queued again (JOB-RETRY-5; new flags take effect at once).
  void ApplyCostPolicy(JobRecord& job);
  // Cancels every job not in a final state; returns how many.
  int CancelLeftovers();

  // Delivers `event` to the job's notification callback if its notify flags ask for it.
  void Notify(JobRecord& job, JobEvent event) { callbacks_.Notify(job, event); }
  // Lets every blocked callback return, then delivers the calls that waited (JOB-CB-4).
  void ReleaseCallbacks() { callbacks_.Release(); }
  // Frees the slot of a blocked callback of `user` that returned, then delivers the first call of
  // `user` that waited (JOB-CB-4).
  void CallbackReturned(const std::string& user) { callbacks_.Returned(user); }
  // Returns every job ever created, final ones included, in creation order.
  std::span<const std::unique_ptr<JobRecord>> jobs() { return queue_.all(); }

  // Runs the scheduler, and cancels jobs inactive for longer than the JobInactivityTimeout, until
  // `done()` holds or virtual time reaches `deadline`; returns done().
  bool RunUntil(VirtualTime deadline, const std::function<bool()>& done);

 private:
  // Real time the scheduler waits for a server to finish answering a request before it leaves the
  // transfer in flight (TRANSFERRING) and lets virtual time go on. A loopback answer takes far
  // less, so only a server that holds the request (or stalls) is left in flight; a slow answer is
  // still taken, at the job's next TRANSFERRING step.
  static constexpr std::chrono::milliseconds kAnswerPatience{250};

  // service.cpp
  // Returns true if the network's cost keeps `job` from transferring (JOB-RETRY-5).
  bool BlockedByCost(const JobRecord& job) const;
  // Moves `job` to TRANSIENT_ERROR with BG_E_BLOCKED_BY_COST_TRANSFER_POLICY until the cost allows.
  void BlockByCost(JobRecord& job);
  // Moves `job` to TRANSIENT_ERROR with BG_E_NETWORK_DISCONNECTED until the network is back.
  void WaitForNetwork(JobRecord& job);
  // Moves a CONNECTING or TRANSFERRING `job` back to QUEUED, to be picked up again.
  void Requeue(JobRecord& job);

  // scheduler.cpp
  // Returns true if `job`'s owner is logged on, so that it may run (JOB-OWN-1..3).
  bool Runnable(const JobRecord& job) const;
  // Returns true if the scheduler has something to do for `job` at `job.due`.
  bool IsActive(const JobRecord& job) const;
  // Acts on `job`, which is due now, according to its state.
  void Step(JobRecord& job);
  // Ends the transfer of the current file of a TRANSFERRING `job` and starts the next one.
  void FinishFile(JobRecord& job);
  // Ends the start of file `index` with the outcome of its download: TRANSFERRING on success,
  // else the error of the exchange over `protocol` ("http", "file").
  void Settle(JobRecord& job, std::size_t index, const FetchOutcome& outcome, const char* protocol);
  // Stores `error` and moves the job to TRANSIENT_ERROR (retried later) or ERROR (JOB-RETRY-*).
  void Fail(JobRecord& job, ErrorRecord error, bool transient);

  // transfer.cpp
  // Starts the transfer of the job's next file, as DecideTransfer says.
  void StartNextFile(JobRecord& job);
  // Returns what the transfer rules read about transferring `file` of `job`.
  TransferFacts FactsOf(const JobRecord& job, const FileRecord& file) const;
  // Returns what the machine holds for `token` when it transfers `file` of `job`.
  IdentityFacts IdentityFactsOf(const JobRecord& job, const FileRecord& file,
                                const Token& token) const;
  // Returns the identity a request presents as `choice` says, or nothing (anonymous).
  std::optional<Presentation> PresentationOf(const CredentialChoice& choice) const;
  // Starts the HTTP(S) download of file `index` as `plan` says.
  void StartFetch(JobRecord& job, std::size_t index, const TransferPlan& plan);
  // Reads the file a UNC or local remote name names into `destination`, as `network_sid` for a
  // share (HT-FLAG-3); nullopt when `remote_name` is a URL.
  std::optional<FetchOutcome> CopyRemoteFile(const std::string& remote_name,
                                             const std::string& network_sid,
                                             const std::filesystem::path& destination) const;

  EmulatedBuild build_;
  Authority authority_;
  FolderAcl acl_;
  CertificateStores certificates_;
  struct Share {
    std::filesystem::path folder;
    std::set<std::string> readers;  // empty: everyone
  };
  std::map<std::string, Share> shares_;  // by name
  VirtualClock clock_;
  JobQueue queue_;
  Callbacks callbacks_;
  bool network_connected_ = true;
  std::uint32_t network_cost_ = cost::kUnrestricted;
  std::uint32_t next_temp_ = 1;
};

}  // namespace bitscts::model
