#include "service_control.h"

#include <iostream>
#include <string>

namespace bitscts::com {
namespace {

constexpr DWORD kErrorServiceAlreadyRunning = 1056;  // ERROR_SERVICE_ALREADY_RUNNING

}  // namespace

std::string ServiceStateName(DWORD state) {
  switch (state) {
    case 1: return "SERVICE_STOPPED";
    case 2: return "SERVICE_START_PENDING";
    case 3: return "SERVICE_STOP_PENDING";
    case 4: return "SERVICE_RUNNING";
    case 5: return "SERVICE_CONTINUE_PENDING";
    case 6: return "SERVICE_PAUSE_PENDING";
    case 7: return "SERVICE_PAUSED";
    default: return "state " + std::to_string(state);
  }
}

HResult ComServiceControl::RestartService() {
  last_calls_ = CallLog();
  last_failure_.clear();
  ServiceFacts seen;
  const HResult stopped =
      last_calls_.Add("StopService(BITS)",
                      FromWin32(
                          system_.StopService(std::wstring(kBitsServiceName), patience_, &seen)));
  if (stopped.Failed()) return Fail("stopping BITS", stopped, seen);
  const DWORD start_error = system_.StartServiceW(std::wstring(kBitsServiceName));
  last_calls_.Add("StartServiceW(BITS)", FromWin32(start_error));
  if (start_error != ERROR_SUCCESS && start_error != kErrorServiceAlreadyRunning)
    return Fail("starting BITS", FromWin32(start_error), seen);
  seen = ServiceFacts{};
  HResult running =
      last_calls_.Add("AwaitServiceRunning(BITS)",
                      FromWin32(system_.AwaitServiceRunning(std::wstring(kBitsServiceName),
                                                            patience_, &seen)));
  if (running.Succeeded() && seen.state != win32::kServiceRunning)
    running = FromWin32(win32::kErrorServiceNotActive);
  if (running.Failed()) return Fail("waiting for BITS to run", running, seen);
  const HResult reconnected = last_calls_.Add("reconnecting to BITS", reconnect_());
  if (reconnected.Failed()) return Fail("reconnecting to BITS", reconnected, seen);
  return hr::kOk;
}

HResult ComServiceControl::Fail(const std::string& what, HResult result, const ServiceFacts& seen) {
  last_failure_ = what + " failed with " + result.ToString() + "; the service was seen " +
                  ServiceStateName(seen.state);
  if (seen.exit_code != 0) last_failure_ += ", exit code " + std::to_string(seen.exit_code);
  if (seen.service_exit_code != 0)
    last_failure_ += ", service-specific exit code " + std::to_string(seen.service_exit_code);
  std::cerr << "bitscts: restarting the BITS service: " << last_failure_ << " (" << last_calls_
            << ")\n";
  return result;
}

}  // namespace bitscts::com
