// ServiceControl on the com target: the BITS service stopped and started again through the
// service control manager, each step waited for on its status notifications with a deadline,
// and the target connected to BITS again afterwards.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "bitscts/com/call_log.h"
#include "bitscts/com/system_api.h"
#include "bitscts/controls.h"

namespace bitscts::com {

// The name of the BITS service.
inline constexpr std::wstring_view kBitsServiceName = L"BITS";
// How long the BITS service may take to stop, and to start.
inline constexpr std::chrono::milliseconds kServicePatience{60'000};

class ComServiceControl final : public ServiceControl {
 public:
  // `reconnect` connects the target (and its agents) to BITS again once the service runs.
  ComServiceControl(SystemApi& system, std::function<HResult()> reconnect,
                    std::chrono::milliseconds patience = kServicePatience)
      : system_(system), reconnect_(std::move(reconnect)), patience_(patience) {}

  // StopService, StartServiceW (a service already running again counts as started) and
  // AwaitServiceRunning, then the reconnection; returns the first failure's HRESULT, with the
  // state the service was seen in written to last_failure() and to standard error.
  HResult RestartService() override;

  // Returns the calls of the last RestartService, for evidence.
  const CallLog& last_calls() const { return last_calls_; }
  // Returns what the last RestartService's failure was and the service's state then; empty
  // after a success.
  const std::string& last_failure() const { return last_failure_; }

 private:
  // Records the failure `result` of `what` with the service's state, and says it on stderr.
  HResult Fail(const std::string& what, HResult result, const ServiceFacts& seen);

  SystemApi& system_;
  std::function<HResult()> reconnect_;
  std::chrono::milliseconds patience_;
  CallLog last_calls_;
  std::string last_failure_;
};

// Returns the SERVICE_* name of a service state ("SERVICE_RUNNING"), or "state <n>".
std::string ServiceStateName(DWORD state);

}  // namespace bitscts::com
