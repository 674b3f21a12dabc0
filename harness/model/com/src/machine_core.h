// Internal: what one emulated machine's COM objects share (the lock, the service, the service's
// generation, the callback deliveries in flight), and the identity of a served object.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "bitscts/model/emulated_build.h"
#include "deliveries.h"
#include "machine.h"
#include "service.h"

namespace bitscts::model::com_face {

struct MachineCore {
  MachineCore(EmulatedBuild emulated, Machine::RegisterIdentity register_identity)
      : service(std::make_shared<Service>(std::move(emulated), std::move(register_identity))) {}

  std::mutex mutex;  // the machine lock: guards everything below but `deliveries`
  std::shared_ptr<Service> service;
  std::uint64_t generation = 1;  // bumped by each restart of BITS
  std::uint64_t last_serial = 0;
  // The jobs whose notify interface a COM client registered (released when the job is final).
  std::set<std::string> registered_jobs;
  Deliveries deliveries;  // has its own lock
};

// What a served COM object is bound to: its machine, the client process holding it, and the
// generation of the service that made it.
struct Served {
  std::shared_ptr<MachineCore> core;
  std::shared_ptr<ClientProcess> process;
  std::uint64_t generation = 0;
};

}  // namespace bitscts::model::com_face
