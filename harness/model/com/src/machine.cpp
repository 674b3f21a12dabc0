#include "machine.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "bits_classes.h"
#include "machine_core.h"
#include "notify_interface.h"
#include "objects.h"
#include "text.h"

namespace bitscts::model::com_face {
namespace {

// How often the clock lets the service's virtual time catch up with real time.
constexpr std::chrono::milliseconds kClockTick{20};

// Returns `version` ("10.3") as a comparable number (10003).
int VersionNumber(std::string_view version) {
  const std::size_t dot = version.find('.');
  const int major = std::atoi(std::string(version.substr(0, dot)).c_str());
  const int minor =
      dot == std::string_view::npos ? 0 : std::atoi(std::string(version.substr(dot + 1)).c_str());
  return major * 1000 + minor;
}

// Returns true if and only if `clsid` is a BackgroundCopyManager class the build's BITS has.
bool IsRegistered(const EmulatedBuild& build, REFCLSID clsid) {
  for (const com::VersionedClass& versioned : com::kVersionedClasses) {
    if (com::SameGuid(versioned.clsid, clsid))
      return VersionNumber(versioned.version) <= VersionNumber(build.bits_version);
  }
  return false;
}

}  // namespace

thread_local std::string Machine::serving_sid;

std::optional<Token> ClientProcess::ThreadToken() const {
  const auto found = thread_tokens.find(std::this_thread::get_id());
  if (found == thread_tokens.end()) return std::nullopt;
  return found->second;
}

Machine::Machine(EmulatedBuild build, RegisterIdentity register_identity)
    : core_(std::make_shared<MachineCore>(std::move(build), std::move(register_identity))) {
  clock_ = std::thread([this] {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> clock_lock(clock_mutex_);
    while (!clock_wake_.wait_for(clock_lock, kClockTick, [this] { return stopping_; })) {
      const auto elapsed =
          std::chrono::duration_cast<VirtualTime>(std::chrono::steady_clock::now() - start);
      std::vector<NotifyRegistration> released;  // released after the lock
      std::lock_guard<std::mutex> lock(core_->mutex);
      core_->service->RunUntil(elapsed, [] { return false; });
      released = ReleaseFinalRegistrations(*core_);
    }
  });
}

Machine::~Machine() {
  {
    std::lock_guard<std::mutex> lock(clock_mutex_);
    stopping_ = true;
  }
  clock_wake_.notify_all();
  clock_.join();
  core_->deliveries.JoinAll();
}

std::unique_lock<std::mutex> Machine::Lock() { return std::unique_lock<std::mutex>(core_->mutex); }

Service& Machine::service() { return *core_->service; }

Authority& Machine::authority() { return core_->service->authority(); }

std::shared_ptr<ClientProcess> Machine::NewProcess(Token token) {
  auto process = std::make_shared<ClientProcess>();
  process->state = std::make_shared<CallerState>();
  std::lock_guard<std::mutex> lock(core_->mutex);
  process->state->serial = ++core_->last_serial;
  process->state->process = std::move(token);
  return process;
}

HRESULT Machine::Activate(const std::shared_ptr<ClientProcess>& process, REFCLSID clsid, REFIID iid,
                          void** object) {
  if (object == nullptr) return E_POINTER;
  *object = nullptr;
  std::unique_lock<std::mutex> lock(core_->mutex);
  if (!IsRegistered(core_->service->build(), clsid)) return REGDB_E_CLASSNOTREG;
  if (const HResult can = process->state->CanCall(); can.Failed())
    return static_cast<HRESULT>(can.bits());
  // The manager proxy presents, without dynamic cloaking, the identity of its creation.
  const std::optional<Token> thread = process->ThreadToken();
  IBackgroundCopyManager* manager = NewManager(Served{core_, process, core_->generation},
                                               thread ? *thread : process->state->process);
  lock.unlock();  // QueryInterface is a served call
  const HRESULT result = manager->QueryInterface(iid, object);
  manager->Release();
  return result;
}

void Machine::RestartService() {
  std::vector<NotifyRegistration> dropped;  // released after unlocking: releasing runs client code
  std::lock_guard<std::mutex> lock(core_->mutex);
  for (const std::string& id : core_->registered_jobs) {
    if (JobRecord* job = core_->service->Find(id); job != nullptr && job->notify) {
      dropped.push_back(std::move(*job->notify));
      job->notify.reset();
    }
  }
  core_->service->Restart();  // drops every notify registration
  core_->registered_jobs.clear();
  ++core_->generation;
}

void Machine::LogOff(ClientProcess& process) {
  // Released after unlocking: releasing runs client code.
  std::deque<PostedCall> lost;
  std::vector<NotifyRegistration> dropped;
  std::lock_guard<std::mutex> lock(core_->mutex);
  CallerState& state = *process.state;
  if (!state.alive) return;
  state.alive = false;
  state.impersonated.reset();
  // The calls waiting in the process's message queue are lost with it: they return at once.
  lost.swap(process.posted);
  for (const PostedCall& call : lost) {
    if (call.generation == core_->generation) core_->service->CallbackReturned(call.caller_sid);
  }
  process.thread_tokens.clear();
  for (const std::string& id : core_->registered_jobs) {  // the service drops them (JOB-CB-2)
    JobRecord* job = core_->service->Find(id);
    if (job != nullptr && job->notify && job->notify->caller_serial == state.serial) {
      dropped.push_back(std::move(*job->notify));
      job->notify.reset();
    }
  }
  core_->service->LogOff(state.process.ts_session, state.serial);
}

std::size_t Machine::Pump(ClientProcess& process) {
  std::size_t dispatched = 0;
  for (;;) {
    std::function<void()> call;
    {
      std::lock_guard<std::mutex> lock(core_->mutex);
      if (process.posted.empty()) return dispatched;
      call = std::move(process.posted.front().call);
      process.posted.pop_front();
    }
    call();  // a callback into the client: never under the lock
    ++dispatched;
  }
}

wchar_t* TaskString(std::string_view text) {
  const std::wstring wide = com::Widen(text);
  auto* copy = static_cast<wchar_t*>(std::malloc((wide.size() + 1) * sizeof(wchar_t)));
  if (copy == nullptr) return nullptr;
  std::memcpy(copy, wide.c_str(), (wide.size() + 1) * sizeof(wchar_t));
  return copy;
}

void FreeTaskString(void* memory) { std::free(memory); }

}  // namespace bitscts::model::com_face
