// A connected duplex byte stream between the runner and an agent that is not the runner's child
// (an agent in a service or in another logon session): a connected named pipe on Windows, a
// connected socket elsewhere (where only the tests use it). Both ends speak the agent protocol
// over it exactly as a child agent does over its standard streams.
#pragma once

#include <chrono>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace bitscts::agent {

#ifdef _WIN32
using StreamHandle = void*;  // a HANDLE opened for overlapped I/O (or not: both work)
inline const StreamHandle kNoStream =
    reinterpret_cast<void*>(static_cast<long long>(-1));  // INVALID_HANDLE_VALUE
#else
using StreamHandle = int;  // a socket's file descriptor
inline constexpr StreamHandle kNoStream = -1;
#endif

// The prefix of every pipe the runner creates for an agent: \\.\pipe\bitscts-agent-<random>.
inline constexpr std::string_view kAgentPipePrefix = R"(\\.\pipe\bitscts-agent-)";

class HandleStream;

// An istream and an ostream over one connected stream, which it owns and closes. One thread may
// read while another writes (on Windows every call is overlapped with its own event, so a
// pending read never holds up a write on the same pipe).
class AgentStream {
 public:
  explicit AgentStream(StreamHandle handle);
  ~AgentStream();
  AgentStream(const AgentStream&) = delete;
  AgentStream& operator=(const AgentStream&) = delete;

  std::istream& in();
  std::ostream& out();
  // Makes the pending read or write, and every later one, fail, so that the reader sees the end
  // of input: for a peer that neither answers nor goes away, or a service told to stop. Any thread.
  void Cancel();

 private:
  std::unique_ptr<HandleStream> stream_;
};

// Opens the runner's pipe `name` (a full \\.\pipe\ path) as its client, waiting at most
// `patience` for it to exist and be free (WaitNamedPipeW); returns kNoStream and a one-line
// reason naming the call and its error on failure. Windows only: elsewhere it always fails.
StreamHandle OpenAgentPipe(const std::string& name, std::chrono::milliseconds patience,
                           std::string* error);

}  // namespace bitscts::agent
