// Windows only, and it changes the machine for its duration: the agent pipe and an agent in a
// real temporary service, through the real Windows API (under Wine: its service control manager
// and named pipes). The agent is this build's bitscts.exe, found beside the runner's folder.
#include <windows.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "bitscts/agent/agent_client.h"
#include "bitscts/agent_fault.h"
#include "service_site.h"
#include "site_agent.h"
#include "text.h"
#include "windows_system_api.h"

namespace bitscts::com {
namespace {

// The runner built beside this test: build/<preset>/harness/runner/bitscts.exe.
std::filesystem::path Runner() {
  return agent::CurrentExecutable().parent_path().parent_path().parent_path() / "runner" /
         "bitscts.exe";
}

std::wstring ProcessSid(SystemApi& system) {
  std::wstring sid;
  EXPECT_EQ(system.CurrentProcessSid(&sid), 0u);
  return sid;
}

TEST(AgentPipe, AClientThatDoesNotComeIsATimeoutAndOneThatComesIsConnected) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  const std::wstring name =
      L"\\\\.\\pipe\\bitscts-agent-test" + std::to_wstring(GetCurrentProcessId());
  HANDLE pipe = nullptr;
  ASSERT_EQ(system->CreateAgentPipe(name, {ProcessSid(*system)}, &pipe), 0u);
  const auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(system->ConnectNamedPipe(pipe, std::chrono::milliseconds(200)),
            static_cast<DWORD>(ERROR_TIMEOUT));
  EXPECT_GE(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(200));
  HANDLE second = nullptr;
  EXPECT_NE(system->CreateAgentPipe(name, {ProcessSid(*system)}, &second), 0u)
      << "FILE_FLAG_FIRST_PIPE_INSTANCE";
  std::string error;
  const agent::StreamHandle client =
      agent::OpenAgentPipe(Narrow(name), std::chrono::seconds(5), &error);
  ASSERT_NE(client, agent::kNoStream) << error;
  EXPECT_EQ(system->ConnectNamedPipe(pipe, std::chrono::milliseconds(200)), 0u);
  CloseHandle(client);
  CloseHandle(pipe);
}

TEST(AgentPipe, ItsDaclAdmitsOnlyTheGivenSids) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  const PlatformFacts facts = system->ReadPlatformFacts();
  if (!facts.wine_version.empty()) {
    GTEST_SKIP() << "Wine " << facts.wine_version
                 << " opens a named pipe whatever its DACL says (seen: CreateFileW "
                 << "succeeds on a pipe admitting only S-1-5-19); Windows checks it";
  }
  const std::wstring name =
      L"\\\\.\\pipe\\bitscts-agent-dacl" + std::to_wstring(GetCurrentProcessId());
  HANDLE pipe = nullptr;
  // Admits LocalService only: not this process.
  ASSERT_EQ(system->CreateAgentPipe(name, {L"S-1-5-19"}, &pipe), 0u);
  HANDLE client = CreateFileW(name.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                              0, nullptr);
  const DWORD refused = client == INVALID_HANDLE_VALUE ? GetLastError() : 0;
  if (client != INVALID_HANDLE_VALUE) CloseHandle(client);
  CloseHandle(pipe);
  EXPECT_EQ(refused, static_cast<DWORD>(ERROR_ACCESS_DENIED));
  HANDLE bad = nullptr;
  EXPECT_NE(system->CreateAgentPipe(name, {L"not a sid"}, &bad), 0u);
}

TEST(ServiceAgent, ALocalSystemAgentAnswersFromItsServiceWhichIsDeletedAtItsEnd) {
  const std::shared_ptr<SystemApi> system = MakeWindowsSystemApi();
  ASSERT_TRUE(std::filesystem::exists(Runner())) << Runner();
  ServiceStore store(*system, std::chrono::seconds(20));
  std::string failure;
  const std::optional<std::string> name = store.NewName(&failure);
  ASSERT_TRUE(name) << failure;
  auto site = std::make_shared<ServiceSite>(*system, store, *name,
                                            *ServiceAccountOf(PrincipalKind::kLocalSystem));
  agent::AgentCommand command;
  command.executable = Runner();
  command.arguments = {"--agent"};
  command.label = "LocalSystem in " + *name;
  const auto faults = std::make_shared<FirstAgentFault>();
  std::string error;
  std::unique_ptr<agent::AgentCaller> caller =
      StartAgentInSite(*system, site, {Narrow(ProcessSid(*system)), "S-1-5-18"}, command,
                       agent::AgentDeadlines{}, faults, &error);
  ASSERT_TRUE(caller) << error;
  const std::string sid = caller->Sid();
  EXPECT_FALSE(sid.empty());
  std::cout << "the service agent's identity: " << sid << "\n";
  Outcome<std::unique_ptr<Job>> job = caller->CreateDownloadJob("bitscts service agent test");
  EXPECT_EQ(job.hr, hr::kOk);
  if (job.value) {
    EXPECT_EQ(job.value->Cancel(), hr::kOk);
  }
  job.value.reset();
  EXPECT_EQ(caller->Stop(), hr::kOk);
  if (const std::optional<AgentFault> fault = faults->Take()) ADD_FAILURE() << fault->evidence;
  ServiceFacts facts;
  EXPECT_EQ(system->QueryService(Widen(*name), &facts), win32::kErrorServiceDoesNotExist);
}

}  // namespace
}  // namespace bitscts::com
