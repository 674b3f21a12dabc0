// TokenShapeControl on the com target: identification-level and restricted thread tokens of a
// principal whose password the target keeps, made in the caller's own process.
#pragma once

#include "bitscts/controls.h"
#include "process_caller.h"

namespace bitscts::com {

class ComTokenShapeControl final : public TokenShapeControl {
 public:
  // Acts in this process for `own` (the target's own caller) and through the agent for others.
  explicit ComTokenShapeControl(ProcessCaller& own) : own_(own) {}

  // Logs `principal` on in `caller`'s process, shapes the logon token (ShapeToken) and
  // impersonates the result until the caller's RevertToSelf; E_INVALIDARG for a caller of
  // another target.
  HResult ImpersonateWith(Caller& caller, const Principal& principal, TokenShape shape) override;

 private:
  ProcessCaller& own_;
};

}  // namespace bitscts::com
