// Test helper: the two ends of a new connected duplex stream, as the agent library speaks over
// (agent_stream.h): a socket pair natively, a connected named pipe on Windows.
#pragma once

#ifdef _WIN32
#include <windows.h>
#else
#include <sys/socket.h>
#endif

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <utility>

#include "bitscts/agent/agent_stream.h"

namespace bitscts::agent::testing_support {

inline std::pair<StreamHandle, StreamHandle> ConnectedPair() {
#ifdef _WIN32
  static std::atomic<int> counter{0};
  const std::wstring name = L"\\\\.\\pipe\\bitscts-test-" + std::to_wstring(GetCurrentProcessId()) +
                            L"-" + std::to_wstring(++counter);
  HANDLE server =
      CreateNamedPipeW(name.c_str(),
                       PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
                       PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT, 1, 65536, 65536, 0,
                       nullptr);
  EXPECT_NE(server, INVALID_HANDLE_VALUE) << GetLastError();
  HANDLE client = CreateFileW(name.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                              FILE_FLAG_OVERLAPPED, nullptr);
  EXPECT_NE(client, INVALID_HANDLE_VALUE) << GetLastError();
  return {server, client};
#else
  int ends[2] = {-1, -1};
  EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, ends), 0);
  return {ends[0], ends[1]};
#endif
}

}  // namespace bitscts::agent::testing_support
