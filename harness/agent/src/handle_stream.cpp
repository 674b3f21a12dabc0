#include "handle_stream.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#endif

#include <algorithm>
#include <string>

#include "bitscts/agent/agent_stream.h"

namespace bitscts::agent {

HandleStream::HandleStream(StreamHandle handle) : handle_(handle) {
#ifdef _WIN32
  read_event_ = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  write_event_ = CreateEventW(nullptr, TRUE, FALSE, nullptr);
#endif
}

HandleStream::~HandleStream() {
  out_.flush();
#ifdef _WIN32
  if (handle_ != kNoStream) CloseHandle(handle_);
  if (read_event_ != nullptr) CloseHandle(read_event_);
  if (write_event_ != nullptr) CloseHandle(write_event_);
#else
  if (handle_ != kNoStream) close(handle_);
#endif
}

void HandleStream::Cancel() {
  cancelled_ = true;
#ifdef _WIN32
  // A server end is disconnected, so that a read issued after this fails at once too; on a
  // client end DisconnectNamedPipe fails, and cancelling the pending calls is enough.
  DisconnectNamedPipe(handle_);
  CancelIoEx(handle_, nullptr);
#else
  shutdown(handle_, SHUT_RDWR);
#endif
}

std::size_t HandleStream::Read(char* data, std::size_t size) {
  if (cancelled_ || handle_ == kNoStream) return 0;
#ifdef _WIN32
  OVERLAPPED overlapped{};
  overlapped.hEvent = read_event_;
  DWORD got = 0;
  const DWORD asked = static_cast<DWORD>(std::min<std::size_t>(size, 1u << 16));
  if (!ReadFile(handle_, data, asked, &got, &overlapped)) {
    if (GetLastError() != ERROR_IO_PENDING ||
        !GetOverlappedResult(handle_, &overlapped, &got, TRUE)) {
      return 0;  // ERROR_BROKEN_PIPE: the peer closed its end; ERROR_OPERATION_ABORTED: cancelled
    }
  }
  return got;
#else
  for (;;) {
    const ssize_t got = read(handle_, data, size);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) return 0;
  }
#endif
}

bool HandleStream::Write(const char* data, std::size_t size) {
  while (size > 0) {
    if (cancelled_ || handle_ == kNoStream) return false;
#ifdef _WIN32
    OVERLAPPED overlapped{};
    overlapped.hEvent = write_event_;
    DWORD wrote = 0;
    const DWORD asked = static_cast<DWORD>(std::min<std::size_t>(size, 1u << 16));
    if (!WriteFile(handle_, data, asked, &wrote, &overlapped)) {
      if (GetLastError() != ERROR_IO_PENDING ||
          !GetOverlappedResult(handle_, &overlapped, &wrote, TRUE))
        return false;
    }
    if (wrote == 0) return false;
#else
    const ssize_t sent = send(handle_, data, size, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    const std::size_t wrote = static_cast<std::size_t>(sent);
#endif
    data += wrote;
    size -= wrote;
  }
  return true;
}

HandleStream::Buffer::int_type HandleStream::Buffer::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  const std::size_t got = owner_.Read(get_.data(), get_.size());
  if (got == 0) return traits_type::eof();
  setg(get_.data(), get_.data(), get_.data() + got);
  return traits_type::to_int_type(*gptr());
}

HandleStream::Buffer::int_type HandleStream::Buffer::overflow(int_type c) {
  if (!put_ready_) {
    setp(put_.data(), put_.data() + put_.size());
    put_ready_ = true;
  }
  if (pptr() == epptr() && !Flush()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

int HandleStream::Buffer::sync() { return Flush() ? 0 : -1; }

bool HandleStream::Buffer::Flush() {
  if (!put_ready_) return true;
  const std::size_t pending = static_cast<std::size_t>(pptr() - pbase());
  const bool written = pending == 0 || owner_.Write(pbase(), pending);
  setp(put_.data(), put_.data() + put_.size());
  return written;
}

}  // namespace bitscts::agent

namespace bitscts::agent {

AgentStream::AgentStream(StreamHandle handle) : stream_(std::make_unique<HandleStream>(handle)) {}
AgentStream::~AgentStream() = default;
std::istream& AgentStream::in() { return stream_->in(); }
std::ostream& AgentStream::out() { return stream_->out(); }
void AgentStream::Cancel() { stream_->Cancel(); }

StreamHandle OpenAgentPipe(const std::string& name, std::chrono::milliseconds patience,
                           std::string* error) {
#ifdef _WIN32
  const std::wstring wide(name.begin(), name.end());  // the pipe names the runner makes are ASCII
  const auto deadline = std::chrono::steady_clock::now() + patience;
  for (;;) {
    HANDLE pipe = CreateFileW(wide.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                              FILE_FLAG_OVERLAPPED, nullptr);
    if (pipe != INVALID_HANDLE_VALUE) return pipe;
    DWORD failure = GetLastError();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    // Busy: another client holds the one instance; missing: the runner has not created it yet,
    // which WaitNamedPipeW does not wait for, so only a busy pipe is waited on.
    if (failure == ERROR_PIPE_BUSY && left.count() > 0 &&
        WaitNamedPipeW(wide.c_str(), static_cast<DWORD>(left.count()))) {
      continue;
    }
    if (failure == ERROR_PIPE_BUSY && left.count() > 0) failure = GetLastError();
    if (error != nullptr) {
      *error = "cannot open the runner's pipe " + name +
               ": CreateFileW/WaitNamedPipeW failed with Win32 error " + std::to_string(failure);
    }
    return kNoStream;
  }
#else
  (void)patience;
  if (error != nullptr)
    *error = "cannot open the runner's pipe " + name + ": named pipes need Windows";
  return kNoStream;
#endif
}

}  // namespace bitscts::agent
