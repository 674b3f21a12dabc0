// Faults the fakeserver injects into its answers, so that transient errors, cut connections
// and resumed (Range) transfers can be provoked on purpose.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bitscts::fakeserver {

// A server-side delay longer than this is shortened to it.
inline constexpr std::chrono::milliseconds kMaxFaultDelay{10'000};

// What to do to a request instead of (or while) answering it normally. A fault applies only
// once the request is authorised, so protected paths still challenge first.
struct Fault {
  int status = 0;  // answer with this status (200..599) and a short text body; 0: answer normally
  std::optional<std::uint64_t>
      close_after_bytes;               // close the connection after this many body bytes
  std::chrono::milliseconds delay{0};  // wait this long (at most kMaxFaultDelay) before answering
  bool hold = false;  // answer only after Server::ReleaseHeld (Server::Stop closes unanswered)
  int times = 0;  // apply to this many requests, then answer normally; 0: apply to every request

  friend bool operator==(const Fault&, const Fault&) = default;
};

// Returns the server path that serves `path` with `fault` applied, e.g.
// "/fault/status=503,times=2/content/1/100". The grammar after "/fault/" is a comma-separated
// list of status=N, close-after=N, delay-ms=N, hold (no value) and times=N, then the served
// path. With times=N the server counts requests per whole fault path.
std::string FaultPath(const Fault& fault, std::string_view path);

}  // namespace bitscts::fakeserver
