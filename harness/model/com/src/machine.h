// The model's COM face: an emulated machine whose BITS is the reference model, served to clients
// through the portable COM shapes (bits_portable.h). One Machine holds one Service; each emulated
// client process has a ClientProcess; every COM method takes the machine's lock, sets the
// caller's thread identity from the calling OS thread, and answers through the model's JobHandle
// and TokenOptionsHandle so its readings are the model's by construction.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "bitscts/com/bits_api.h"
#include "bitscts/model/emulated_build.h"
#include "caller_state.h"
#include "security.h"
#include "service.h"

namespace bitscts::model::com_face {

struct MachineCore;  // machine_core.h

// A call into a single-threaded process, waiting in its message queue (JOB-CB-6).
struct PostedCall {
  std::string caller_sid;        // the user whose JOB-CB-4 slot the call holds
  std::uint64_t generation = 0;  // of the service that made the call
  std::function<void()> call;
};

// One emulated client process: its caller state (process token, COM security settings, liveness),
// its posted calls and the token each of its OS threads impersonates.
struct ClientProcess {
  std::shared_ptr<CallerState> state;
  std::deque<PostedCall> posted;  // guarded by the machine lock
  std::map<std::thread::id, Token> thread_tokens;
  bool security_set = false;     // CoInitializeSecurity was called
  bool single_threaded = false;  // CoInitializeEx(COINIT_APARTMENTTHREADED)
  // Returns the calling OS thread's impersonation token, if it has one.
  std::optional<Token> ThreadToken() const;
};

class Machine {
 public:
  using RegisterIdentity = std::function<void(const std::string&, const std::string&)>;
  Machine(EmulatedBuild build, RegisterIdentity register_identity);
  // Stops the clock and joins every callback delivery.
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Returns the lock every COM method, the clock and the model-served SystemApi take.
  std::unique_lock<std::mutex> Lock();
  Service& service();
  Authority& authority();

  // Returns a new emulated process whose primary token is `token`.
  std::shared_ptr<ClientProcess> NewProcess(Token token);
  // CoCreateInstance of BITS's manager for `process`: REGDB_E_CLASSNOTREG for a class the build's
  // BITS lacks, E_ACCESSDENIED for an anonymous process, else the IBackgroundCopyManager.
  HRESULT Activate(const std::shared_ptr<ClientProcess>& process, REFCLSID clsid, REFIID iid,
                   void** object);
  // Restarts BITS: every COM object obtained before answers RPC_E_DISCONNECTED.
  void RestartService();
  // Ends `process`: it can no longer call, its posted calls are dropped, and its session is
  // logged off for BITS.
  void LogOff(ClientProcess& process);
  // Dispatches the calls waiting for a single-threaded `process` to pump; returns how many.
  std::size_t Pump(ClientProcess& process);

  // The SID of the BITS service thread's caller while it calls a client's callback (the
  // CoGetCallContext answer of a callback); empty outside such a call.
  static thread_local std::string serving_sid;

 private:
  // Shared with every COM object served, which may outlive the Machine.
  std::shared_ptr<MachineCore> core_;
  std::thread clock_;
  std::mutex clock_mutex_;
  std::condition_variable clock_wake_;
  bool stopping_ = false;  // guarded by clock_mutex_
};

// Returns a copy of `text` (UTF-8) as a task-allocated wide string a client frees with
// FreeTaskString; COM's out-strings and the model-served CoTaskMemFree share this allocator.
wchar_t* TaskString(std::string_view text);
// Frees a string from TaskString; null is allowed.
void FreeTaskString(void* memory);

}  // namespace bitscts::model::com_face
