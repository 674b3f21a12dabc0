// Internal, Windows only: the SystemApi that calls Windows itself.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "bitscts/com/system_api.h"

namespace bitscts::com {

// Returns a SystemApi whose every method forwards to the Win32 or COM function it is named after.
std::shared_ptr<SystemApi> MakeWindowsSystemApi();

// Reads the version with RtlGetVersion (independent of the executable's manifest), detects Wine
// by ntdll's wine_get_version export, and checks Administrators membership of the process token.
PlatformFacts ReadWindowsPlatformFacts();

// Opens a TCP connection to 127.0.0.1:`port` and closes it; returns 0 or the first Winsock error.
DWORD ConnectLoopbackPort(std::uint16_t port);

// ---- Child processes and the effective token ----
// SystemApi::StartChildProcess over CreateProcessW and anonymous pipes (child_process.cpp).
DWORD StartWindowsChildProcess(const std::wstring& command_line,
                               std::unique_ptr<ChildProcess>* child);
// SystemApi::EffectiveTokenFacts over OpenThreadToken/OpenProcessToken (token_facts.cpp).
DWORD ReadEffectiveTokenFacts(TokenFacts* facts);

}  // namespace bitscts::com
