#include "remote_session.h"

#include <algorithm>
#include <utility>

#include "platform_crypto.h"
#include "text.h"

namespace bitscts::com {
namespace {

constexpr DWORD kErrorTimeout = 1460;  // ERROR_TIMEOUT
constexpr std::chrono::milliseconds kDestructorPatience{10'000};
// How long a PowerShell that reported "failed" gets to exit by itself.
constexpr std::chrono::milliseconds kFailedExitPatience{5'000};

// The script. It runs as the runner; only what it starts through Invoke-Command runs as the
// account. Why these choices:
// - New-PSSession -ComputerName localhost with an explicit credential: the session's logon holds
//   the account's password, so its token is not the network-restricted token of a loopback
//   session with implicit credentials that -EnableNetworkAccess exists to replace; "localhost"
//   rather than 127.0.0.1, because WinRM only allows an IP address over HTTPS or with TrustedHosts.
// - Start-Process -NoNewWindow inside the session: the agent becomes a process of the session's
//   host (wsmprovhost.exe), so it outlives the Invoke-Command that started it and is ended with
//   the host when Remove-PSSession closes the shell; Invoke-Command -AsJob would instead tie the
//   agent's life to a pipeline that the runner would have to keep reading.
// - The password is read character by character straight into a SecureString: it never becomes
//   a .NET string, which could not be scrubbed.
// - Standard input and output are UTF-8 (the agent's path may hold any character); a failed sweep
//   of leftover shells is reported and does not stop the session.
// - Every failure, including the runner closing standard input instead of sending "end", removes
//   the session (when one was made) and prints one "failed:" line.
constexpr std::wstring_view kScript =
    LR"PS($ErrorActionPreference = 'Stop'
try { [Console]::InputEncoding = New-Object System.Text.UTF8Encoding $false } catch { }
try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false } catch { }
function Say([string]$text) { [Console]::Out.WriteLine($text); [Console]::Out.Flush() }
function Read-SecretLine {
  $secure = New-Object System.Security.SecureString
  while ($true) {
    $c = [Console]::In.Read()
    if ($c -lt 0 -or $c -eq 10) { break }
    if ($c -ne 13) { $secure.AppendChar([char]$c) }
  }
  $secure.MakeReadOnly()
  return $secure
}
$session = $null
try {
  $sweep = [Console]::In.ReadLine()
  $account = [Console]::In.ReadLine()
  $password = Read-SecretLine
  $agent = [Console]::In.ReadLine()
  if (-not $account -or -not $agent) { throw 'standard input ended before the account and the agent command line' }
  if ($sweep -eq 'sweep') {
    try {
      foreach ($shell in @(Get-WSManInstance -ResourceURI shell -Enumerate)) {
        if ("$($shell.Owner)" -match '(^|\\)bitscts-[a-z0-9]{10}$') {
          Remove-WSManInstance -ResourceURI shell -SelectorSet @{ ShellId = $shell.ShellId }
          Say "removed leftover shell $($shell.ShellId) of $($shell.Owner)"
        }
      }
    } catch {
      Say ('removing leftover shells failed: ' + ($_.Exception.Message -replace '\s+', ' '))
    }
  }
  $credential = New-Object System.Management.Automation.PSCredential -ArgumentList ".\$account", $password
  $session = New-PSSession -ComputerName localhost -Credential $credential
  $agentId = Invoke-Command -Session $session -ArgumentList $agent -ScriptBlock {
    param([string]$line)
    $ErrorActionPreference = 'Stop'
    if ($line.StartsWith('"')) {
      $close = $line.IndexOf('"', 1)
      $file = $line.Substring(1, $close - 1)
      $rest = $line.Substring($close + 1).Trim()
    } else {
      $space = $line.IndexOf(' ')
      if ($space -lt 0) { $space = $line.Length }
      $file = $line.Substring(0, $space)
      $rest = $line.Substring($space).Trim()
    }
    if ($rest) { $started = Start-Process -FilePath $file -ArgumentList $rest -NoNewWindow -PassThru }
    else { $started = Start-Process -FilePath $file -NoNewWindow -PassThru }
    $started.Id
  }
  Say "started session $($session.InstanceId) agent $agentId"
  $order = [Console]::In.ReadLine()
  if ($order -ne 'end') { throw 'standard input ended without "end"' }
  Remove-PSSession -Session $session
  $session = $null
  Say 'ended'
  exit 0
} catch {
  Say ('failed: ' + ($_.Exception.Message -replace '\s+', ' '))
  if ($session) { Remove-PSSession -Session $session -ErrorAction SilentlyContinue }
  exit 1
}
)PS";

std::chrono::milliseconds Remaining(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return std::max(left, std::chrono::milliseconds(0));
}

}  // namespace

std::wstring_view RemoteSessionScript() { return kScript; }

std::wstring PowerShellCommandLine(const std::wstring& powershell, std::wstring_view script) {
  std::string utf16le;
  utf16le.reserve(script.size() * 2);
  for (wchar_t c : script) {
    const auto unit = static_cast<std::uint16_t>(c);  // the script is ASCII: one UTF-16 unit each
    utf16le += static_cast<char>(unit & 0xFF);
    utf16le += static_cast<char>(unit >> 8);
  }
  return L"\"" + powershell +
         L"\" -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand " +
         Widen(Base64(utf16le));
}

RemoteSessionSite::RemoteSessionSite(SystemApi& system, RemoteSessionRun& run, std::string account,
                                     const Secret& password, RemoteSessionOptions options)
    : system_(system),
      run_(run),
      account_(std::move(account)),
      password_(password),
      options_(options) {}

RemoteSessionSite::~RemoteSessionSite() {
  std::string ignored;
  End(kDestructorPatience, &ignored);
}

std::string RemoteSessionSite::Describe() const {
  return "PowerShell remote session of " + account_;
}

HResult RemoteSessionSite::Start(const std::wstring& command_line, std::string* evidence) {
  const std::string site = Describe();
  if (child_) {
    *evidence = site + ": already started";
    return hr::kUnexpected;
  }
  std::wstring system_folder;
  if (const DWORD error = system_.GetSystemDirectoryW(&system_folder); error != ERROR_SUCCESS) {
    *evidence = site + ": GetSystemDirectoryW -> " + FromWin32(error).ToString();
    return FromWin32(error);
  }
  // The full path, so that no powershell.exe beside the runner or on PATH is run instead.
  const std::wstring powershell = system_folder + L"\\WindowsPowerShell\\v1.0\\powershell.exe";
  if (const DWORD error =
          system_.StartChildProcess(PowerShellCommandLine(powershell, kScript), &child_);
      error != ERROR_SUCCESS || !child_) {
    child_.reset();
    const HResult failed = error != ERROR_SUCCESS ? FromWin32(error) : hr::kUnexpected;
    *evidence = site + ": starting " + Narrow(powershell) + " failed: CreateProcessW -> " +
                failed.ToString();
    return failed;
  }
  {
    std::lock_guard lock(mutex_);
    unread_.clear();
    transcript_.clear();
    output_closed_ = false;
  }
  reader_ = std::thread([this] { ReadOutput(); });

  const Clock::time_point deadline = Clock::now() + options_.start_patience;
  const bool sweep = run_.ClaimLeftoverSweep();
  std::string what = site + (sweep ? " (removing leftover bitscts shells first)" : "");
  DWORD error = child_->Write((sweep ? "sweep\n" : "keep\n") + account_ + "\n");
  if (error == ERROR_SUCCESS) error = child_->WriteSecretLine(password_);
  if (error == ERROR_SUCCESS) error = child_->Write(Narrow(command_line) + "\n");
  if (error != ERROR_SUCCESS) {
    const std::string finish = Finish(Clock::now()).what;
    *evidence = what +
                ": writing to PowerShell's standard input failed: " + FromWin32(error).ToString() +
                "; " + finish + "; PowerShell printed: " + Transcript();
    return FromWin32(error);
  }
  const Awaited awaited = AwaitLine({"started", "failed"}, deadline);
  if (awaited.line && awaited.line->starts_with("started")) {
    *evidence = what + ": " + Transcript();
    return hr::kOk;
  }
  if (awaited.line) {
    const std::string finish = Finish(Clock::now() + kFailedExitPatience).what;
    *evidence = what + ": PowerShell reported a failure; " + finish +
                "; PowerShell printed: " + Transcript();
    return hr::kFail;
  }
  if (awaited.closed) {
    const std::string finish = Finish(Clock::now() + kFailedExitPatience).what;
    *evidence = what + ": PowerShell's output ended before \"started\"; " + finish +
                "; PowerShell printed: " + Transcript();
    return hr::kFail;
  }
  const std::string finish = Finish(Clock::now()).what;
  *evidence = what + ": no \"started\" within " + std::to_string(options_.start_patience.count()) +
              " ms; " + finish + "; PowerShell printed: " + Transcript();
  return FromWin32(kErrorTimeout);
}

HResult RemoteSessionSite::End(std::chrono::milliseconds patience, std::string* evidence) {
  const std::string site = Describe();
  if (!child_) {
    *evidence = site + ": no session open";
    return hr::kOk;
  }
  const Clock::time_point deadline = Clock::now() + patience;
  const DWORD written = child_->Write("end\n");
  Awaited awaited;
  if (written == ERROR_SUCCESS) awaited = AwaitLine({"ended", "failed"}, deadline);
  const Finished finished = Finish(deadline);
  std::string found = site + ": ";
  if (written != ERROR_SUCCESS)
    found += "writing \"end\" failed: " + FromWin32(written).ToString() + "; ";
  const bool ended = awaited.line && awaited.line->starts_with("ended");
  if (ended) {
    found += "the session was removed; ";
  } else if (awaited.line) {
    found += "removing the session failed; ";
  } else if (awaited.closed) {
    found += "PowerShell's output ended without \"ended\"; ";
  } else {
    found += "no \"ended\" within " + std::to_string(patience.count()) + " ms; ";
  }
  *evidence = found + finished.what + "; PowerShell printed: " + Transcript();
  if (ended && finished.clean) return hr::kOk;
  return finished.terminated ? FromWin32(kErrorTimeout) : hr::kFail;
}

void RemoteSessionSite::ReadOutput() {
  std::string line;
  while (child_->ReadLine(&line) == ERROR_SUCCESS) {
    std::lock_guard lock(mutex_);
    unread_.push_back(std::move(line));
    line.clear();
    changed_.notify_all();
  }
  std::lock_guard lock(mutex_);
  output_closed_ = true;
  changed_.notify_all();
}

RemoteSessionSite::Awaited RemoteSessionSite::AwaitLine(
    const std::vector<std::string_view>& prefixes, Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  Awaited awaited;
  while (true) {
    while (!unread_.empty()) {
      std::string line = std::move(unread_.front());
      unread_.pop_front();
      transcript_.push_back(line);
      const bool wanted =
          std::any_of(prefixes.begin(), prefixes.end(),
                      [&](std::string_view prefix) { return line.starts_with(prefix); });
      if (wanted) {
        awaited.line = std::move(line);
        return awaited;
      }
    }
    if (output_closed_) {
      awaited.closed = true;
      return awaited;
    }
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout && unread_.empty() &&
        !output_closed_) {
      return awaited;
    }
  }
}

RemoteSessionSite::Finished RemoteSessionSite::Finish(Clock::time_point deadline) {
  Finished finished;
  DWORD exit_code = 0;
  DWORD waited = child_->WaitForExit(Remaining(deadline), &exit_code);
  if (waited == ERROR_SUCCESS) {
    finished.what = "PowerShell exited with " + std::to_string(exit_code);
    finished.clean = exit_code == 0;
  } else {
    finished.terminated = true;
    const DWORD terminated = child_->Terminate(1);
    finished.what = "PowerShell did not exit in time (" + FromWin32(waited).ToString() +
                    "), so it was terminated (" + FromWin32(terminated).ToString() + ")";
    // A terminated process is gone at once; the wait only collects its exit.
    waited = child_->WaitForExit(kFailedExitPatience, &exit_code);
    if (waited != ERROR_SUCCESS)
      finished.what += " but still runs (" + FromWin32(waited).ToString() + ")";
  }
  // The output closes when PowerShell is gone, which ends the reader.
  if (reader_.joinable()) reader_.join();
  {
    std::lock_guard lock(mutex_);
    while (!unread_.empty()) {
      transcript_.push_back(std::move(unread_.front()));
      unread_.pop_front();
    }
  }
  child_.reset();
  return finished;
}

std::string RemoteSessionSite::Transcript() const {
  std::lock_guard lock(mutex_);
  if (transcript_.empty()) return "(nothing)";
  std::string joined;
  for (const std::string& line : transcript_) joined += (joined.empty() ? "" : " | ") + line;
  return joined;
}

}  // namespace bitscts::com
