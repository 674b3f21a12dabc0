// Internal to the fakeserver: what the server serves and to whom. The Site turns one parsed
// request into its answer (routing, authentication, access rules, faults, and the proxy's own
// checks for a request that came through it) and keeps the witness log; connections and
// threads are the Server's business. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "access/access_policy.h"
#include "access/connection_authenticator.h"
#include "bitscts/fakeserver/fault.h"
#include "bitscts/fakeserver/server.h"
#include "content/resource.h"
#include "http/request_head.h"
#include "http/response.h"

namespace bitscts::fakeserver::internal {

// Everything needed to send the answer to one request.
struct Answer {
  Response response;
  std::unique_ptr<Resource> resource;        // what response.resource points to, if anything
  bool head_only = false;                    // HEAD: announce the body, send none of it
  bool close_connection = false;             // the request leaves the connection unusable
  std::optional<std::uint64_t> body_budget;  // a fault cuts the connection after this many bytes
  std::chrono::milliseconds delay{0};        // a fault delays the answer by this much
  bool hold = false;                         // a fault holds the answer until released
  RequestRecord record;                      // what the witness log will hold
};

class Site {
 public:
  // Serves `canonical_folder` (already canonical; empty: no folder) under kFilesPrefix. Call
  // only while no request is being answered.
  void SetFolder(std::filesystem::path canonical_folder);
  // Names the server's origin ("host", port), the only one its proxy forwards to. Call only
  // while no request is being answered.
  void SetOrigin(std::string host, int port);

  void AddUser(std::string name, std::string password);
  void Allow(std::string path_prefix, std::vector<std::string> identities);
  void RequireProxyUsers(std::vector<std::string> identities);
  void InjectFault(std::string path_prefix, Fault fault);
  void ClearFaults();

  // Returns the answer to `head`, a request received on a connection whose connection-bound
  // authentication state is `authenticator`.
  Answer Respond(const RequestHead& head, ConnectionAuthenticator& authenticator);
  // Returns the answer to `head` received on the proxy listener: the proxy's own refusal (bad
  // target form, Proxy-Authorization, foreign origin), or else what Respond answers to the
  // same request in origin-form. The record is marked as having come through the proxy.
  // `proxy_authenticator` is the connection's handshake with the proxy, `authenticator` its
  // handshake with the origin.
  Answer RespondAsProxy(const RequestHead& head, ConnectionAuthenticator& authenticator,
                        ConnectionAuthenticator& proxy_authenticator);
  // Returns the answer to a request that could not be read or parsed, `status` with `reason`.
  static Answer Refuse(int status, std::string_view reason);

  // Appends `record` (not yet finished) to the witness log; returns its number for Finish.
  std::uint64_t Record(RequestRecord record);
  // Marks the record numbered `number` finished with `bytes` written, if it is still logged.
  void Finish(std::uint64_t number, std::uint64_t bytes);
  std::vector<RequestRecord> Log() const;
  void ClearLog();
  // Returns true once every logged record is finished, false if `timeout` passes first.
  bool WaitForFinished(std::chrono::milliseconds timeout) const;

 private:
  struct InjectedFault {
    Fault fault;
    int applied = 0;
  };

  std::optional<Fault> TakeFault(const std::string& request_path,
                                 const std::optional<Fault>& path_fault,
                                 const std::string& served_path);
  std::unique_ptr<Resource> Find(const std::string& served_path) const;

  ServedFolder folder_;
  std::string origin_host_;  // see SetOrigin
  int origin_port_ = 0;
  mutable std::shared_mutex policy_mutex_;
  AccessPolicy policy_;
  std::mutex fault_mutex_;
  std::map<std::string, InjectedFault, std::less<>> injected_faults_;
  std::map<std::string, int, std::less<>> path_fault_counts_;
  mutable std::mutex log_mutex_;
  mutable std::condition_variable log_changed_;
  std::vector<RequestRecord> log_;
  std::uint64_t first_number_ = 0;  // the number of log_.front()
  std::size_t unfinished_ = 0;      // records in log_ not yet finished
};

}  // namespace bitscts::fakeserver::internal
