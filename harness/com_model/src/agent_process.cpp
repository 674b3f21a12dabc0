#include "agent_process.h"

#include <charconv>
#include <iostream>
#include <sstream>
#include <utility>
#include <vector>

#include "bitscts/com/com_agent.h"
#include "text.h"

namespace bitscts::com_model {
namespace {

// Returns the words of `line`, split at blanks outside quotes, without the quotes. The words an
// agent is found by (--model-agent, --agent-pipe, --agent-service) hold no blank, quote or
// backslash before a quote, so CommandLineToArgvW's other rules never matter for them.
std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false;
  bool in_word = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      in_word = true;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

// Returns the value of `--<name>=value` if `word` is that option.
std::optional<std::string_view> OptionValue(std::string_view word, std::string_view name) {
  if (!word.starts_with("--") || !word.substr(2).starts_with(name)) return std::nullopt;
  const std::string_view rest = word.substr(2 + name.size());
  if (!rest.starts_with("=")) return std::nullopt;
  return rest.substr(1);
}

}  // namespace

std::optional<AgentCommandLine> ParseAgentCommandLine(std::wstring_view line) {
  AgentCommandLine parsed;
  bool registered = false;
  for (const std::string& word : Words(com::Narrow(std::wstring(line)))) {
    if (const auto value = OptionValue(word, "model-agent")) {
      const char* end = value->data() + value->size();
      const auto [stop, error] = std::from_chars(value->data(), end, parsed.registration);
      registered = error == std::errc() && stop == end && !value->empty();
    } else if (const auto pipe = OptionValue(word, "agent-pipe")) {
      parsed.pipe = std::string(*pipe);
    } else if (const auto service = OptionValue(word, "agent-service")) {
      parsed.service = std::string(*service);
    }
  }
  if (!registered || parsed.pipe.empty()) return std::nullopt;
  return parsed;
}

AgentProcess::AgentProcess(AgentPipes& pipes, const std::string& pipe,
                           std::shared_ptr<model::com_face::ClientProcess> process,
                           std::shared_ptr<com::SystemApi> system, CallerSettings settings,
                           std::function<void(DWORD)> exited)
    : process_(std::move(process)), system_(std::move(system)) {
  // The process token is set when the process is made and never changes.
  const std::vector<std::string> sids = process_->state->process.Sids();
  DWORD refused = ERROR_SUCCESS;
  const agent::StreamHandle end = pipes.Claim(pipe, sids, &refused);
  if (end != agent::kNoStream) stream_ = std::make_unique<agent::AgentStream>(end);
  thread_ = std::thread([this, settings, exited = std::move(exited)]() mutable {
    Serve(settings, std::move(exited));
  });
}

AgentProcess::~AgentProcess() { Terminate(1); }

void AgentProcess::Serve(CallerSettings settings, std::function<void(DWORD)> exited) {
  DWORD code = 1;  // the agent executable's exit code when it cannot open the pipe
  agent::AgentStream* stream = nullptr;
  {
    std::lock_guard lock(mutex_);
    stream = stream_.get();
  }
  if (stream != nullptr) {
    std::ostringstream diagnostics;
    code = static_cast<DWORD>(
        com::ServeComAgentWith(system_, settings, stream->in(), stream->out(), diagnostics));
    if (!diagnostics.str().empty()) std::cerr << diagnostics.str() << std::flush;
    std::lock_guard lock(mutex_);
    stream_.reset();  // the agent's end closes as its process ends
  }
  {
    std::lock_guard lock(mutex_);
    if (terminated_with_) code = *terminated_with_;
  }
  if (exited) exited(code);
  std::lock_guard lock(mutex_);
  exit_code_ = code;
  changed_.notify_all();
}

void AgentProcess::Terminate(DWORD exit_code) {
  {
    std::lock_guard lock(mutex_);
    if (!exit_code_ && !terminated_with_) terminated_with_ = exit_code;
    if (stream_) stream_->Cancel();
  }
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

DWORD AgentProcess::WaitForExit(std::chrono::milliseconds patience, DWORD* exit_code) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, patience, [&] { return exit_code_.has_value(); }))
    return com::win32::kWaitTimeout;
  *exit_code = *exit_code_;
  return ERROR_SUCCESS;
}

bool AgentProcess::exited() const {
  std::lock_guard lock(mutex_);
  return exit_code_.has_value();
}

}  // namespace bitscts::com_model
