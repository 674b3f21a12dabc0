#include "agent_connection.h"

#include <boost/version.hpp>
#if BOOST_VERSION >= 108800
#error \
    "Boost 1.88 moved Boost.Process v1, which the agents use, under boost/process/v1: build with the Boost of vcpkg.json's builtin-baseline (1.87) or Debian 12's (1.81)"
#endif

// Boost.Process's Windows code uses these without including them.
#include <boost/system/error_code.hpp>
#ifdef _WIN32
#include <boost/winapi/handle_info.hpp>
#endif
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/handles.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#endif

#include <exception>
#include <functional>
#include <istream>

#include "bitscts/agent/agent_stream.h"
#include "fields.h"
#include "protocol.h"
#include "wire.h"

namespace bitscts::agent {
namespace bp = boost::process;

namespace {

constexpr std::size_t kStderrTailBytes = 4096;

std::string KindText(AgentFaultKind kind) {
  switch (kind) {
    case AgentFaultKind::kExited: return "ended";
    case AgentFaultKind::kHung: return "did not answer in time and was killed";
    case AgentFaultKind::kProtocolError: return "answered something that is not the protocol";
    case AgentFaultKind::kNotAsPromised:
      return "acts with a token its principal's kind does not have";
  }
  return "failed";
}

}  // namespace

struct AgentConnection::Process {
  // A child over its standard streams...
  bp::opstream to_agent;
  bp::ipstream from_agent;
  bp::ipstream agent_stderr;
  bp::child child;
  // ... or an attached agent over its stream, and how to end its site.
  std::unique_ptr<AgentStream> stream;
  std::function<SiteEnding(std::chrono::milliseconds)> end_site;

  std::istream& input() { return stream ? stream->in() : from_agent; }
  std::ostream& output() { return stream ? stream->out() : to_agent; }
};

namespace {

// Stops agents started later from inheriting this agent's pipe ends: an inherited end would keep
// a pipe open after this agent ends, and its end would then look like a hang.
void KeepOurEndsFromLaterAgents(AgentConnection::Process& process) {
#ifdef _WIN32
  for (HANDLE handle :
       {process.to_agent.pipe().native_sink(), process.from_agent.pipe().native_source(),
        process.agent_stderr.pipe().native_source()}) {
    SetHandleInformation(handle, HANDLE_FLAG_INHERIT, 0);
  }
#else
  for (int fd : {process.to_agent.pipe().native_sink(), process.from_agent.pipe().native_source(),
                 process.agent_stderr.pipe().native_source()}) {
    fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
  }
#endif
}

}  // namespace

AgentConnection::AgentConnection(std::string label, AgentDeadlines deadlines,
                                 std::shared_ptr<AgentFaultSink> faults)
    : label_(std::move(label)), deadlines_(deadlines), faults_(std::move(faults)) {}

std::shared_ptr<AgentConnection> AgentConnection::Launch(const AgentCommand& command,
                                                         AgentDeadlines deadlines,
                                                         std::shared_ptr<AgentFaultSink> faults,
                                                         std::string* error) {
  std::shared_ptr<AgentConnection> connection(
      new AgentConnection(command.label, deadlines, std::move(faults)));
  connection->process_ = std::make_unique<Process>();
  Process& process = *connection->process_;
  std::error_code launch_error;
  // The redirections are in parentheses so that nobody (clang-format included) reads template
  // brackets.
  process.child = bp::child(bp::exe = command.executable.string(), bp::args = command.arguments,
                            (bp::std_in < process.to_agent), (bp::std_out > process.from_agent),
                            (bp::std_err > process.agent_stderr), launch_error);
  if (launch_error || !process.child.valid()) {
    connection->process_.reset();
    if (error != nullptr) {
      *error = "cannot start agent '" + command.label + "' (" + command.executable.string() +
               "): " + launch_error.message();
    }
    return nullptr;
  }
  KeepOurEndsFromLaterAgents(process);
  connection->StartReader();
  AgentConnection* self = connection.get();
  connection->stderr_reader_ = std::thread([self] {
    char buffer[512];
    while (self->process_->agent_stderr.read(buffer, sizeof buffer) ||
           self->process_->agent_stderr.gcount() > 0) {
      std::lock_guard lock(self->mutex_);
      self->stderr_tail_.append(buffer,
                                static_cast<std::size_t>(self->process_->agent_stderr.gcount()));
      if (self->stderr_tail_.size() > kStderrTailBytes) {
        self->stderr_tail_.erase(0, self->stderr_tail_.size() - kStderrTailBytes);
      }
    }
  });
  return connection;
}

std::shared_ptr<AgentConnection> AgentConnection::Attach(AttachedAgent agent,
                                                         AgentDeadlines deadlines,
                                                         std::shared_ptr<AgentFaultSink> faults) {
  std::shared_ptr<AgentConnection> connection(
      new AgentConnection(agent.label, deadlines, std::move(faults)));
  connection->attached_ = true;
  connection->process_ = std::make_unique<Process>();
  connection->process_->stream = std::make_unique<AgentStream>(agent.stream);
  connection->process_->end_site = std::move(agent.end);
  connection->StartReader();
  return connection;
}

void AgentConnection::StartReader() {
  AgentConnection* self = this;
  stdout_reader_ = std::thread([self] {
    std::string line;
    while (std::getline(self->process_->input(), line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::lock_guard lock(self->mutex_);
      self->lines_.push_back(std::move(line));
      self->changed_.notify_all();
    }
    std::lock_guard lock(self->mutex_);
    self->output_ended_ = true;
    self->changed_.notify_all();
  });
}

AgentConnection::~AgentConnection() { Stop(); }

bool AgentConnection::Usable() const {
  std::lock_guard lock(mutex_);
  return usable_;
}

HResult AgentConnection::UnusableResult() const {
  std::lock_guard lock(mutex_);
  return hung_ ? hr::kTimeout : hr::kDisconnected;
}

void AgentConnection::ReportFaultsTo(std::shared_ptr<AgentFaultSink> faults) {
  std::lock_guard call(call_mutex_);
  faults_ = std::move(faults);
}

std::optional<std::string> AgentConnection::NextLine(std::chrono::steady_clock::time_point deadline,
                                                     bool* timed_out) {
  std::unique_lock lock(mutex_);
  *timed_out =
      !changed_.wait_until(lock, deadline, [this] { return !lines_.empty() || output_ended_; });
  if (lines_.empty()) return std::nullopt;
  std::string line = std::move(lines_.front());
  lines_.pop_front();
  return line;
}

std::optional<std::vector<std::string>> AgentConnection::Call(
    const std::vector<std::string>& request, std::chrono::milliseconds extra, bool secret) {
  std::lock_guard call(call_mutex_);
  if (!Usable()) return std::nullopt;
  const std::string verb = request.empty() ? ""
                           : request.front() == protocol::kJob || request.front() == protocol::kOpt
                               ? request.front() + " " + (request.size() > 2 ? request[2] : "")
                               : request.front();
  const std::string what = "'" + (secret ? request.front() : verb) + "'";
  process_->output() << wire::Join(request) << '\n' << std::flush;
  if (!process_->output()) {
    Fail(AgentFaultKind::kExited, "its input pipe was closed when sending " + what);
    return std::nullopt;
  }
  const bool first = !greeted_;
  greeted_ = true;
  const auto limit = (first ? deadlines_.start : deadlines_.call) + extra;
  bool timed_out = false;
  const std::optional<std::string> line =
      NextLine(std::chrono::steady_clock::now() + limit, &timed_out);
  if (!line) {
    Fail(timed_out ? AgentFaultKind::kHung : AgentFaultKind::kExited,
         timed_out ? "no answer to " + what + " within " + std::to_string(limit.count()) + " ms"
                   : "it ended before answering " + what);
    return std::nullopt;
  }
  std::optional<std::vector<std::string>> fields = wire::Split(*line);
  if (!fields || fields->empty() || fields->front() == protocol::kProtocolError ||
      !ParseHResultField(fields->front())) {
    Fail(AgentFaultKind::kProtocolError,
         "its answer to " + what + " was '" + line->substr(0, 200) + "'");
    return std::nullopt;
  }
  return fields;
}

void AgentConnection::Fail(AgentFaultKind kind, const std::string& what) {
  {
    std::lock_guard lock(mutex_);
    usable_ = false;
    hung_ = kind == AgentFaultKind::kHung;
  }
  Reap(kind == AgentFaultKind::kHung ? std::chrono::milliseconds(0) : deadlines_.stop);
  std::string evidence = "agent '" + label_ + "' " + KindText(kind) + ": " + what;
  if (exit_code_) evidence += "; exit code " + std::to_string(*exit_code_);
  if (attached_) {
    evidence += "; ending its site: " + site_ending_.evidence;
  } else {
    const std::string tail = StderrTail();
    evidence += tail.empty() ? "; its stderr was empty" : "; its stderr ends with:\n" + tail;
  }
  faults_->Report({kind, std::move(evidence)});
}

void AgentConnection::Reap(std::chrono::milliseconds patience) {
  if (!process_) return;
  if (!attached_) process_->to_agent.pipe().close();
  bool timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (NextLine(deadline, &timed_out)) {
  }
  if (attached_) {
    closed_by_agent_ = !timed_out;
    // Ending the site ends an agent that is still there, which closes its end; should it not,
    // cancelling our calls ends the reader all the same.
    if (process_->end_site) site_ending_ = process_->end_site(deadlines_.stop);
    process_->stream->Cancel();
  } else {
    std::error_code ignored;
    if (timed_out) process_->child.terminate(ignored);
    process_->child.wait(ignored);
    if (!ignored && !timed_out) exit_code_ = process_->child.exit_code();
  }
  if (stdout_reader_.joinable()) stdout_reader_.join();
  if (stderr_reader_.joinable()) stderr_reader_.join();
  process_.reset();
}

std::string AgentConnection::StderrTail() {
  std::lock_guard lock(mutex_);
  return stderr_tail_;
}

HResult AgentConnection::Stop() {
  std::lock_guard call(call_mutex_);
  if (!process_) return hr::kOk;
  {
    std::lock_guard lock(mutex_);
    if (!usable_) return hr::kOk;
    usable_ = false;
  }
  process_->output() << wire::Join({std::string(protocol::kBye)}) << '\n' << std::flush;
  Reap(deadlines_.stop);
  if (exit_code_) return hr::kOk;
  if (attached_) {
    if (closed_by_agent_ && site_ending_.ended) return hr::kOk;
    faults_->Report(
        {AgentFaultKind::kHung,
         "agent '" + label_ + "' " +
             (closed_by_agent_ ? "closed its end after 'bye'"
                               : "did not close its end within " +
                                     std::to_string(deadlines_.stop.count()) + " ms of 'bye'") +
             "; ending its site: " + site_ending_.evidence});
    return hr::kTimeout;
  }
  faults_->Report({AgentFaultKind::kHung, "agent '" + label_ + "' did not exit within " +
                                              std::to_string(deadlines_.stop.count()) +
                                              " ms of 'bye' and was killed"});
  return hr::kTimeout;
}

}  // namespace bitscts::agent
