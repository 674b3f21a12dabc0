// Internal, Windows only: the SystemApi that calls Windows itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

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

// ---- Controls around BITS (control_calls.cpp): the SystemApi methods of the same names ----
DWORD WindowsReadRegistryValue(RegistryRoot root, const std::wstring& key, const std::wstring& name,
                               RegistryData* data);
DWORD WindowsWriteRegistryValue(RegistryRoot root, const std::wstring& key,
                                const std::wstring& name, const RegistryData& data);
DWORD WindowsDeleteRegistryValue(RegistryRoot root, const std::wstring& key,
                                 const std::wstring& name);
DWORD WindowsDeleteRegistryKey(RegistryRoot root, const std::wstring& key);
DWORD WindowsRegistrySubkeys(RegistryRoot root, const std::wstring& key,
                             std::vector<std::wstring>* subkeys);
DWORD WindowsLoadUserProfile(HANDLE token, const std::wstring& user, HANDLE* profile);
DWORD WindowsUnloadUserProfile(HANDLE token, HANDLE profile);
DWORD WindowsUserProxyConfig(UserProxyConfig* config);
DWORD WindowsComputerName(std::wstring* name);
DWORD WindowsNetShareAdd(const ShareSpec& spec);
DWORD WindowsNetShareDel(const std::wstring& name);
DWORD WindowsNetShareEnum(std::vector<std::wstring>* names);
DWORD WindowsSetFolderReaders(const std::wstring& path, const std::wstring& writer_sid,
                              const std::vector<std::wstring>& reader_sids);
DWORD WindowsCreateProcessWithLogon(const std::wstring& user, const std::wstring& domain,
                                    const Secret& password, const std::wstring& command_line,
                                    HANDLE* process);
DWORD WindowsWaitForProcessExit(HANDLE process, std::chrono::milliseconds patience,
                                DWORD* exit_code);
DWORD WindowsTerminateProcess(HANDLE process, DWORD exit_code);

}  // namespace bitscts::com
