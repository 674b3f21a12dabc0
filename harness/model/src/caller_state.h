// What the model knows about one client of BITS: its logon, COM security settings and the
// identity its calling thread currently has.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>

#include "bitscts/target.h"
#include "security.h"

namespace bitscts::model {

struct CallerState {
  std::uint64_t serial = 0;
  Token process;                      // the caller's own (primary) token
  std::optional<Token> impersonated;  // the thread token while impersonating
  CallerSettings settings;
  bool alive = true;  // false once logged off
  // JOB-CB-6: calls into a single-threaded caller, waiting in its thread's message queue until
  // it pumps messages.
  std::deque<std::function<void()>> posted;

  // Returns the calling thread's effective token.
  const Token& Thread() const { return impersonated ? *impersonated : process; }
  // Returns the identity COM presents to BITS on a proxy obtained while `proxy_identity` was
  // the thread's identity (HT-IMP-3, HT-IMP-4): the thread's with dynamic cloaking, the one
  // captured with the proxy with static cloaking, the process's without cloaking.
  const Token& Presented(const Token& proxy_identity) const {
    switch (settings.cloaking) {
      case Cloaking::kDynamic: return Thread();
      case Cloaking::kStatic: return proxy_identity;
      case Cloaking::kNone: break;
    }
    return process;
  }
  // Returns S_OK if the caller can make a BITS call at all (alive, identifiable: HT-IMP-1).
  HResult CanCall() const {
    if (!alive) return hr::kNotLoggedOn;
    if (settings.level == ImpersonationLevel::kAnonymous) return hr::kAccessDenied;
    return hr::kOk;
  }
  // Returns S_OK if the caller may create or change a job while presenting `presented`: a
  // token with restricting SIDs may only read (HT-ADM-6).
  HResult CanModify(const Token& presented) const {
    if (const HResult can = CanCall(); can.Failed()) return can;
    return presented.restricted ? hr::kAccessDenied : hr::kOk;
  }
};

}  // namespace bitscts::model
