// Test helper: the output side of a stand-in for a child process (SystemApi::StartChildProcess):
// the lines it prints, read one by one, and its exit, waited for with a deadline.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>

#include "bitscts/com/system_api.h"

namespace bitscts::com::testing_support {

class ChildOutput {
 public:
  // Adds `line` to what the child printed.
  void Print(std::string line) {
    std::lock_guard lock(mutex_);
    lines_.push_back(std::move(line));
    changed_.notify_all();
  }
  // Ends the child with `code` (the first exit counts); its output closes.
  void Exit(DWORD code) {
    std::lock_guard lock(mutex_);
    if (exited_) return;
    exited_ = true;
    code_ = code;
    changed_.notify_all();
  }
  bool exited() const {
    std::lock_guard lock(mutex_);
    return exited_;
  }
  // As ChildProcess::ReadLine: the next line, or ERROR_BROKEN_PIPE once the child exited and
  // every line was read.
  DWORD ReadLine(std::string* line) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !lines_.empty() || exited_; });
    if (lines_.empty()) return win32::kErrorBrokenPipe;
    *line = lines_.front();
    lines_.pop_front();
    return ERROR_SUCCESS;
  }
  // As ChildProcess::WaitForExit.
  DWORD WaitForExit(std::chrono::milliseconds timeout, DWORD* exit_code) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return exited_; })) return win32::kWaitTimeout;
    *exit_code = code_;
    return ERROR_SUCCESS;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> lines_;
  bool exited_ = false;
  DWORD code_ = 0;
};

}  // namespace bitscts::com::testing_support
