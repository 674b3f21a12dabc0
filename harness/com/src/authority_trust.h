// Internal: the com target's AuthorityControl. The run's test certificate authority is added to
// the machine's root store (LocalMachine\ROOT) with the friendly name "bitscts test authority
// <run tag>", and removed at the end of the run; the first use removes every certificate an
// earlier, crashed run left there with that mark.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bitscts/com/call_log.h"
#include "bitscts/com/system_api.h"
#include "bitscts/controls.h"

namespace bitscts::com {

// The friendly name prefix of the authorities a run trusts; the run's tag follows it.
inline constexpr std::wstring_view kAuthorityMark = L"bitscts test authority ";

class AuthorityTrust final : public AuthorityControl {
 public:
  explicit AuthorityTrust(SystemApi& system) : system_(system) {}
  // Removes what the run added (RemoveAll).
  ~AuthorityTrust() override;
  AuthorityTrust(const AuthorityTrust&) = delete;
  AuthorityTrust& operator=(const AuthorityTrust&) = delete;

  // Adds the authority to the machine's root store once; later calls with it change nothing.
  HResult TrustAuthority(const std::string& authority_pem) override;

  // Removes from the machine's root store every certificate an earlier run marked; the calls
  // it made. Done once, before the first TrustAuthority, and again on a later call.
  CallLog RemoveLeftovers();
  // Removes every authority this run added; the calls it made.
  CallLog RemoveAll();
  // Returns the calls of the last TrustAuthority that touched the store.
  const CallLog& last_calls() const { return last_calls_; }

 private:
  // Returns this run's friendly name, drawing its tag at the first call; nullopt if it cannot.
  std::optional<std::wstring> Mark(CallLog& log);

  SystemApi& system_;
  std::string tag_;
  bool swept_ = false;
  std::vector<std::string> trusted_;  // thumbprints of the authorities this run added
  CallLog last_calls_;
};

}  // namespace bitscts::com
