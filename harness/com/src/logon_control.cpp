#include "logon_control.h"

#include "secondary_logon_site.h"

namespace bitscts::com {

Outcome<std::unique_ptr<Caller>> ComLogonControl::LogOnAs(const Principal& principal,
                                                          CallerSettings settings, LogonKind kind) {
  switch (kind) {
    case LogonKind::kInteractive: return host_.LogOn(principal, settings);
    case LogonKind::kPowerShellRemote:
      return host_.LogOnInSite(principal, settings, [&](const Secret& password) {
        return std::make_shared<RemoteSessionSite>(system_, sessions_, principal.name, password);
      });
    case LogonKind::kSecondary:
      return host_.LogOnInSite(principal, settings, [&](const Secret& password) {
        return std::make_shared<SecondaryLogonSite>(system_, principal.name, password);
      });
  }
  return {hr::kInvalidArg, nullptr};
}

}  // namespace bitscts::com
