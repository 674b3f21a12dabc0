#include "site_agent.h"

#include <cstdint>
#include <utility>

#include "bitscts/com/bits_api.h"
#include "bitscts/com/call_log.h"
#include "random_text.h"
#include "text.h"

namespace bitscts::com {
namespace {

// Returns the connected pipe as the agent library's stream handle. On Windows both are the
// HANDLE; elsewhere only the tests' doubles make pipes, and they hand out a socket's file
// descriptor as the HANDLE's value.
agent::StreamHandle StreamOf(HANDLE pipe) {
#ifdef _WIN32
  return pipe;
#else
  return static_cast<agent::StreamHandle>(reinterpret_cast<std::intptr_t>(pipe));
#endif
}

// Returns one word quoted for the command line: as it is when it has no blank or quote, else
// in quotes with the backslashes before a quote (or before the closing quote) doubled.
std::wstring QuoteWord(const std::wstring& word) {
  if (!word.empty() && word.find_first_of(L" \t\n\v\"") == std::wstring::npos) return word;
  std::wstring quoted = L"\"";
  std::size_t backslashes = 0;
  for (wchar_t c : word) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    quoted.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
    backslashes = 0;
    quoted += c;
  }
  quoted.append(backslashes * 2, L'\\');
  return quoted + L"\"";
}

std::string Joined(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) joined += (joined.empty() ? "" : ", ") + word;
  return joined;
}

}  // namespace

std::wstring QuoteCommandLine(const std::filesystem::path& executable,
                              const std::vector<std::string>& arguments) {
  std::wstring line = QuoteWord(executable.wstring());
  for (const std::string& argument : arguments) line += L" " + QuoteWord(Widen(argument));
  return line;
}

std::unique_ptr<agent::AgentCaller> StartAgentInSite(
    SystemApi& system, std::shared_ptr<AgentSite> site,
    const std::vector<std::string>& admitted_sids, const agent::AgentCommand& command,
    agent::AgentDeadlines deadlines, std::shared_ptr<AgentFaultSink> faults, std::string* error) {
  std::string ignored;
  std::string& failure = error != nullptr ? *error : ignored;
  CallLog log;
  std::string suffix;
  {
    RandomChoices random(system, log);
    for (std::size_t i = 0; i < kAccountSuffixLength; ++i) {
      const std::optional<std::size_t> pick = random.Below(kAccountSuffixAlphabet.size());
      if (!pick) {
        failure = "no name for the agent's pipe: " + log.ToString();
        return nullptr;
      }
      suffix += kAccountSuffixAlphabet[*pick];
    }
  }
  const std::string name = std::string(agent::kAgentPipePrefix) + suffix;
  std::vector<std::wstring> sids;
  for (const std::string& sid : admitted_sids) sids.push_back(Widen(sid));
  HANDLE pipe = nullptr;
  const HResult created = FromWin32(system.CreateAgentPipe(Widen(name), sids, &pipe));
  if (created.Failed()) {
    failure = "CreateNamedPipeW(" + name + ", admitting " + Joined(admitted_sids) + ") -> " +
              created.ToString();
    return nullptr;
  }
  // Ends the site after a failure and says what that did.
  const auto abandon = [&](const std::string& what) {
    system.CloseHandle(pipe);
    std::string ended;
    const HResult end = site->End(deadlines.stop, &ended);
    failure = what + "; ending " + site->Describe() + " -> " + end.ToString() +
              (ended.empty() ? "" : ": " + ended);
    return nullptr;
  };
  std::vector<std::string> arguments = command.arguments;
  arguments.push_back("--agent-pipe=" + name);
  std::string started;
  const HResult start = site->Start(QuoteCommandLine(command.executable, arguments), &started);
  if (start.Failed())
    return abandon(site->Describe() + " did not start the agent: " + start.ToString() + ": " +
                   started);
  const HResult connected = FromWin32(system.ConnectNamedPipe(pipe, deadlines.start));
  if (connected.Failed()) {
    return abandon("waited " + std::to_string(deadlines.start.count()) + " ms for the agent in " +
                   site->Describe() + " to connect to " + name + ": ConnectNamedPipe -> " +
                   connected.ToString() + "; starting it: " + started);
  }
  agent::AttachedAgent attached;
  attached.stream = StreamOf(pipe);
  attached.label = command.label;
  attached.end = [site](std::chrono::milliseconds patience) {
    agent::SiteEnding ending;
    const HResult end = site->End(patience, &ending.evidence);
    ending.ended = end.Succeeded();
    ending.evidence = site->Describe() + " -> " + end.ToString() +
                      (ending.evidence.empty() ? "" : ": " + ending.evidence);
    return ending;
  };
  return agent::AgentCaller::Attach(std::move(attached), deadlines, std::move(faults), error);
}

}  // namespace bitscts::com
