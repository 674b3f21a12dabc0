// A test double's answers to the AgentHost requests it has no part in: each is
// HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED), what a host answers for what it cannot do.
#pragma once

#include <string>

#include "bitscts/agent/agent_server.h"

namespace bitscts::agent::testing_support {

class HostThatCannot : public AgentHost {
 public:
  HResult Remember(const std::string&, const std::string&) override { return hr::kNotSupported; }
  Outcome<TokenReport> ReportToken() override { return {hr::kNotSupported, {}}; }
  Outcome<std::string> UserProxy() override { return {hr::kNotSupported, {}}; }
  HResult ImpersonateWith(const Principal&, TokenShape) override { return hr::kNotSupported; }
  HResult InitializeSecurityAgain(CallerSettings) override { return hr::kNotSupported; }
  HResult PumpMessages() override { return hr::kNotSupported; }
  HResult Reconnect() override { return hr::kNotSupported; }
  HResult ReleaseCallbacks() override { return hr::kNotSupported; }
};

}  // namespace bitscts::agent::testing_support
