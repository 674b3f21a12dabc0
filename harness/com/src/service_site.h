// Internal: agents in temporary Windows services, for the principals BITS always counts as
// logged on (LocalSystem, LocalService, NetworkService) and a service with its own SID.
//
// Every service the run creates is named bitscts-agent-<ten letters or digits>, recorded in the
// run's ServiceStore and deleted by the end of the run; at the run's first provisioning the
// services of that shape an earlier, crashed run left are stopped and deleted.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent_site.h"
#include "bitscts/com/call_log.h"
#include "bitscts/com/system_api.h"
#include "bitscts/target.h"

namespace bitscts::com {

// The prefix of every service (and agent pipe) name the run creates.
inline constexpr std::string_view kAgentServicePrefix = "bitscts-agent-";
// The account-name prefix of a service's own SID (a kWindowsService principal's name).
inline constexpr std::string_view kServiceAccountPrefix = "NT SERVICE\\";

// Returns true if and only if `name` is kAgentServicePrefix followed by exactly ten letters or
// digits (compared without regard to case): the only services a run ever deletes unasked.
bool IsAgentServiceName(std::string_view name);

// The account a service principal's service runs as, and its service SID type.
struct ServiceAccount {
  std::wstring account;  // for CreateServiceW: "LocalSystem", "NT AUTHORITY\\LocalService", ...
  DWORD sid_type = 0;    // SERVICE_SID_TYPE_*
};

// Returns the service account of a service principal kind; nullopt for the other kinds.
std::optional<ServiceAccount> ServiceAccountOf(PrincipalKind kind);

// Returns the principal of a service kind other than kWindowsService (its well-known SID).
std::optional<Principal> WellKnownServicePrincipal(PrincipalKind kind);

// The run's services.
class ServiceStore {
 public:
  ServiceStore(SystemApi& system, std::chrono::milliseconds patience)
      : system_(system), patience_(patience) {}
  ServiceStore(const ServiceStore&) = delete;
  ServiceStore& operator=(const ServiceStore&) = delete;
  // Deletes every service still held (results unreported: call DeleteAll first).
  ~ServiceStore();

  // Stops and deletes every service whose name IsAgentServiceName and that this store does not
  // hold; returns what it did, for evidence.
  std::string RemoveLeftovers();
  // Returns a new random service name, or nullopt (with the failed call) if randomness failed.
  std::optional<std::string> NewName(std::string* failure);
  // Records that the service `name` exists / is deleted.
  void Created(const std::string& name);
  void Deleted(const std::string& name);
  // Stops and deletes every service held; holds none afterwards.
  CallLog DeleteAll();

  // Stops the service `name` within `patience` and deletes it; records what it did in `log`.
  // Returns true once it is stopped (or gone) and deleted (or marked for deletion); `*deleted`
  // (when given) says whether it is gone or marked for deletion, stopped or not.
  bool StopAndDelete(const std::string& name, std::chrono::milliseconds patience, CallLog& log,
                     bool* deleted = nullptr);

 private:
  SystemApi& system_;
  std::chrono::milliseconds patience_;
  std::vector<std::string> held_;
};

// An agent in a temporary own-process service of the service control manager: Start creates it
// (demand start, the principal's account, no password) with the agent's command line plus
// --agent-service=<name> as its binary path and starts it; End stops and deletes it.
class ServiceSite final : public AgentSite {
 public:
  ServiceSite(SystemApi& system, ServiceStore& store, std::string name, ServiceAccount account)
      : system_(system), store_(store), name_(std::move(name)), account_(std::move(account)) {}

  HResult Start(const std::wstring& command_line, std::string* evidence) override;
  HResult End(std::chrono::milliseconds patience, std::string* evidence) override;
  std::string Describe() const override;

 private:
  SystemApi& system_;
  ServiceStore& store_;
  std::string name_;
  ServiceAccount account_;
  bool created_ = false;
};

}  // namespace bitscts::com
