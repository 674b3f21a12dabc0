#include "helper_token.h"

#include "bitscts/bits_types.h"
#include "com_ref.h"
#include "logon.h"

namespace bitscts::com {

HelperTokenOutcome SetHelperTokenAs(SystemApi& system, IBitsTokenOptions& options,
                                    const std::string& account, const Secret& password,
                                    std::uint32_t flags) {
  HelperTokenOutcome outcome;
  CallLog& log = outcome.calls;
  LogonToken token = LogonToken::LogOn(system, account, password, log);
  if (!token.is_open()) return outcome;
  {
    Impersonation impersonation = Impersonation::Begin(system, token, log);
    if (impersonation.active() &&
        log.Add("SetHelperToken", ToHResult(options.SetHelperToken())).Succeeded()) {
      log.Add("SetHelperTokenFlags(" + TokenUsageName(flags) + ")",
              ToHResult(options.SetHelperTokenFlags(static_cast<DWORD>(flags))));
    }
    impersonation.End(log);
  }
  token.Close(log);
  return outcome;
}

HelperTokenOutcome SetHelperTokenOrCancelJob(SystemApi& system, IBackgroundCopyJob& job,
                                             const std::string& account, const Secret& password,
                                             std::uint32_t flags) {
  HelperTokenOutcome outcome;
  ComRef<IBitsTokenOptions> options;
  const HResult queried = outcome.calls.Add("QueryInterface(IID_IBitsTokenOptions)",
                                            ToHResult(job.QueryInterface(IidOf<IBitsTokenOptions>(),
                                                                         options.PutVoid())));
  if (queried.Succeeded() && options) {
    outcome.calls.Append(SetHelperTokenAs(system, *options.get(), account, password, flags).calls);
  } else if (queried.Succeeded()) {
    outcome.calls.Add("QueryInterface(IID_IBitsTokenOptions) returned no interface", hr::kPointer);
  }
  options.Reset();
  if (!outcome.Succeeded()) {
    outcome.job_cancelled = outcome.calls.Add("Cancel", ToHResult(job.Cancel())).Succeeded();
  }
  return outcome;
}

}  // namespace bitscts::com
