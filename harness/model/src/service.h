// The emulated BITS service: the job queue, the operations that touch files or sessions, and the
// scheduler that moves jobs through their states in virtual time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "bitscts/model/emulated_build.h"
#include "certificates.h"
#include "clock.h"
#include "folder_acl.h"
#include "http_fetch.h"
#include "job_record.h"
#include "security.h"

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
  JobRecord* CreateJob(const Token& owner, const std::string& display_name, HResult* result);
  // Opens a queued job for `caller` (HT-ADM-5, HT-ADM-7, JOB-STATE-9); null with the HRESULT.
  JobRecord* OpenJob(const std::string& id, const Token& caller, HResult* result);
  // Returns the job with `id` whatever its state, or null.
  JobRecord* Find(const std::string& id);

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
  void Notify(JobRecord& job, JobEvent event);
  // Lets every blocked callback return, then delivers the calls that waited (JOB-CB-4).
  void ReleaseCallbacks();

  // Runs the scheduler, and cancels jobs inactive for longer than the JobInactivityTimeout, until
  // `done()` holds or virtual time reaches `deadline`; returns done().
  bool RunUntil(VirtualTime deadline, const std::function<bool()>& done);

 private:
  // Returns true if the network's cost keeps `job` from transferring (JOB-RETRY-5).
  bool BlockedByCost(const JobRecord& job) const;
  // Moves `job` to TRANSIENT_ERROR with BG_E_BLOCKED_BY_COST_TRANSFER_POLICY until the cost allows.
  void BlockByCost(JobRecord& job);
  bool Runnable(const JobRecord& job) const;
  bool IsActive(const JobRecord& job) const;
  void Step(JobRecord& job);
  void StartNextFile(JobRecord& job);
  // Ends the start of file `index` with the outcome of its download: TRANSFERRING on success,
  // else the error of the exchange over `protocol` ("http", "file").
  void Settle(JobRecord& job, std::size_t index, const FetchOutcome& outcome, const char* protocol);
  void Fail(JobRecord& job, ErrorRecord error, bool transient);
  // HT-FLAG-13: the proxy a request of `job` for `url` goes through (none: direct), with what is
  // presented to it (PresentationTo the proxy); false if the proxy list is malformed.
  bool ChooseProxy(const JobRecord& job, const std::string& url, const std::string& network_sid,
                   std::optional<ProxyHop>* hop) const;
  // Returns what a request of `job` presents to `target`: its explicit credentials for it, else
  // with implicit credentials (HT-FLAG-3, JOB-OWN-8) `network_sid`'s logon identity in answer to a
  // challenge, else nothing (anonymous).
  std::optional<Presentation> PresentationTo(const JobRecord& job, AuthTarget target,
                                             const std::string& network_sid) const;
  std::string NewGuid();

  EmulatedBuild build_;
  Authority authority_;
  FolderAcl acl_;
  CertificateStores certificates_;
  struct Share {
    std::filesystem::path folder;
    std::set<std::string> readers;  // empty: everyone
  };
  std::map<std::string, Share> shares_;  // by name
  // Reads the file a UNC or local remote name names into `destination`, as `network_sid` for a
  // share (HT-FLAG-3); nullopt when `remote_name` is a URL.
  std::optional<FetchOutcome> CopyRemoteFile(const std::string& remote_name, const std::string& network_sid,
                                             const std::filesystem::path& destination) const;
  VirtualClock clock_;
  std::mt19937_64 random_;
  bool network_connected_ = true;
  // JOB-CB-4: the callbacks of each registering user (by SID) that have not returned, and the
  // calls waiting for one of them to return.
  struct PendingCall {
    std::function<void(const Notification&)> callback;
    Notification notification;
    bool blocking = false;
  };
  std::map<std::string, int> callbacks_in_flight_;
  std::map<std::string, std::deque<PendingCall>> waiting_calls_;
  // Makes the call now if the user has a free slot, else queues it.
  void Deliver(PendingCall call);
  std::uint32_t network_cost_ = cost::kUnrestricted;
  std::uint32_t next_temp_ = 1;
  std::vector<std::unique_ptr<JobRecord>> jobs_;  // creation order, never shrinks
};

}  // namespace bitscts::model
