#include "secondary_logon_site.h"

#include <utility>

#include "text.h"

namespace bitscts::com {
namespace {

constexpr std::chrono::milliseconds kDestructorPatience{10'000};
// How long a terminated process gets to be gone.
constexpr std::chrono::milliseconds kTerminatedPatience{5'000};

}  // namespace

SecondaryLogonSite::SecondaryLogonSite(SystemApi& system, std::string account,
                                       const Secret& password)
    : system_(system), account_(std::move(account)), password_(password) {}

SecondaryLogonSite::~SecondaryLogonSite() {
  std::string ignored;
  End(kDestructorPatience, &ignored);
}

std::string SecondaryLogonSite::Describe() const { return "RunAs logon of " + account_; }

HResult SecondaryLogonSite::Start(const std::wstring& command_line, std::string* evidence) {
  if (process_ != nullptr) {
    *evidence = Describe() + ": already started";
    return hr::kUnexpected;
  }
  HANDLE process = nullptr;
  const HResult started = FromWin32(
      system_.CreateProcessWithLogonW(Widen(account_), L".", password_, command_line, &process));
  *evidence = Describe() + ": CreateProcessWithLogonW(" + account_ + ", LOGON_WITH_PROFILE) -> " +
              started.ToString();
  if (started.Succeeded()) process_ = process;
  return started;
}

HResult SecondaryLogonSite::End(std::chrono::milliseconds patience, std::string* evidence) {
  if (process_ == nullptr) {
    *evidence = Describe() + ": no process";
    return hr::kOk;
  }
  DWORD exit_code = 0;
  const DWORD waited = system_.WaitForProcessExit(process_, patience, &exit_code);
  HResult result = hr::kOk;
  if (waited == ERROR_SUCCESS) {
    *evidence = Describe() + ": the process exited with " + std::to_string(exit_code);
  } else {
    const HResult terminated = FromWin32(system_.TerminateProcess(process_, 1));
    const DWORD gone = system_.WaitForProcessExit(process_, kTerminatedPatience, &exit_code);
    *evidence =
        Describe() + ": the process did not exit within " + std::to_string(patience.count()) +
        " ms (" + FromWin32(waited).ToString() + "), TerminateProcess -> " + terminated.ToString() +
        (gone == ERROR_SUCCESS ? "" : ", and it still runs (" + FromWin32(gone).ToString() + ")");
    result = FromWin32(win32::kErrorTimeout);
  }
  system_.CloseHandle(process_);
  process_ = nullptr;
  return result;
}

}  // namespace bitscts::com
