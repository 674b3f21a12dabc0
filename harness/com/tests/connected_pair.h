// Test helper: the two ends of a new connected duplex stream, as the agent library speaks over
// (agent_stream.h): a socket pair natively, a connected named pipe on Windows. The doubles hand
// the first end out as the runner's pipe HANDLE; a thread serves an agent on the second.
#pragma once

#include <cstdint>

#include "../../agent/tests/connected_pair.h"  // ConnectedPair
#include "bitscts/agent/agent_stream.h"
#include "bitscts/com/bits_api.h"

namespace bitscts::com::testing_support {

using agent::testing_support::ConnectedPair;

// Returns `stream` as the HANDLE the doubles hand out for a pipe.
inline HANDLE AsHandle(agent::StreamHandle stream) {
#ifdef _WIN32
  return stream;
#else
  return reinterpret_cast<HANDLE>(static_cast<std::intptr_t>(stream));
#endif
}

}  // namespace bitscts::com::testing_support
