#include "bitscts/agent/agent_client.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "agent_connection.h"
#include "fields.h"
#include "protocol.h"
#include "wire.h"

namespace bitscts::agent {
namespace {

using Fields = std::vector<std::string>;

std::string Text(std::string_view verb) { return std::string(verb); }

// Returns the answer's HRESULT: the agent's, or the connection's failure when there is no answer.
HResult ResultOf(const std::optional<Fields>& answer, const AgentConnection& connection) {
  if (!answer) return connection.UnusableResult();
  return *ParseHResultField(answer->front());
}

// Returns field `index` of an answer as a number, or nullopt when absent or not a number.
std::optional<std::uint64_t> NumberAt(const Fields& answer, std::size_t index) {
  if (index >= answer.size()) return std::nullopt;
  return wire::ParseNumber(answer[index]);
}

// Returns field `index` of an answer, or "" when absent.
std::string TextAt(const Fields& answer, std::size_t index) {
  return index < answer.size() ? answer[index] : std::string();
}

// Returns the "none" or "some" field and the text field that follows it for an optional value.
Fields OptionalFields(const std::optional<std::string_view>& value) {
  if (!value) return {"none", ""};
  return {"some", std::string(*value)};
}

// Returns the notifications of a "notifications" answer (six fields each, after hr and count);
// nullopt when the answer does not hold as many as it says.
std::optional<std::vector<Notification>> NotificationsFrom(const Fields& answer) {
  constexpr std::size_t kFields = 6;
  const std::optional<std::uint64_t> count = NumberAt(answer, 1);
  if (!count || (answer.size() - 2) / kFields < *count || (answer.size() - 2) % kFields != 0)
    return std::nullopt;
  std::vector<Notification> notifications;
  for (std::size_t i = 2; i + kFields <= answer.size(); i += kFields) {
    Notification notification;
    notification.event = answer[i] == "1" ? JobEvent::kError : JobEvent::kTransferred;
    if (answer[i + 1] == "some") {
      notification.error =
          JobError{ParseHResultField(answer[i + 2]).value_or(HResult()),
                   static_cast<ErrorContext>(NumberAt(answer, i + 3).value_or(0)), answer[i + 4]};
    }
    notification.caller_sid = answer[i + 5];
    notifications.push_back(std::move(notification));
  }
  return notifications;
}

class AgentTokenOptions final : public TokenOptions {
 public:
  AgentTokenOptions(std::shared_ptr<AgentConnection> connection, std::string handle)
      : connection_(std::move(connection)), handle_(std::move(handle)) {}
  ~AgentTokenOptions() override {
    if (connection_->Usable()) Call(protocol::kRelease);
  }

  HResult SetHelperToken() override { return ResultOf(Call(protocol::kSetToken), *connection_); }
  HResult ClearHelperToken() override {
    return ResultOf(Call(protocol::kClearToken), *connection_);
  }
  HResult SetHelperTokenFlags(std::uint32_t flags) override {
    return ResultOf(Call(protocol::kSetFlags, {std::to_string(flags)}), *connection_);
  }
  Outcome<std::uint32_t> GetHelperTokenFlags() override {
    const std::optional<Fields> answer = Call(protocol::kGetFlags);
    Outcome<std::uint32_t> outcome{ResultOf(answer, *connection_), 0};
    if (answer) outcome.value = static_cast<std::uint32_t>(NumberAt(*answer, 1).value_or(0));
    return outcome;
  }
  Outcome<std::optional<std::string>> GetHelperTokenSid() override {
    const std::optional<Fields> answer = Call(protocol::kGetSid);
    Outcome<std::optional<std::string>> outcome{ResultOf(answer, *connection_), std::nullopt};
    if (answer && answer->size() >= 3 && (*answer)[1] == "some") outcome.value = (*answer)[2];
    return outcome;
  }

 private:
  std::optional<Fields> Call(std::string_view verb, Fields arguments = {}) {
    Fields request{Text(protocol::kOpt), handle_, Text(verb)};
    request.insert(request.end(), arguments.begin(), arguments.end());
    return connection_->Call(request);
  }

  std::shared_ptr<AgentConnection> connection_;
  std::string handle_;
};

class AgentJob final : public Job {
 public:
  AgentJob(std::shared_ptr<AgentConnection> connection, std::string handle, std::string id)
      : connection_(std::move(connection)), handle_(std::move(handle)), id_(std::move(id)) {}
  ~AgentJob() override {
    if (connection_->Usable()) Call(protocol::kRelease);
  }

  std::string Id() const override { return id_; }
  HResult AddFile(const std::string& remote_url, const std::string& local_path) override {
    return ResultOf(Call(protocol::kAddFile, {remote_url, local_path}), *connection_);
  }
  HResult Resume() override { return ResultOf(Call(protocol::kResume), *connection_); }
  HResult Suspend() override { return ResultOf(Call(protocol::kSuspend), *connection_); }
  HResult Cancel() override { return ResultOf(Call(protocol::kCancel), *connection_); }
  HResult Complete() override { return ResultOf(Call(protocol::kComplete), *connection_); }
  HResult SetNoProgressTimeout(std::uint32_t seconds) override {
    return ResultOf(Call(protocol::kNoProgress, {std::to_string(seconds)}), *connection_);
  }

  Outcome<JobState> State() override {
    const std::optional<Fields> answer = Call(protocol::kState);
    Outcome<JobState> outcome{ResultOf(answer, *connection_), JobState::kSuspended};
    if (answer) outcome.value = static_cast<JobState>(NumberAt(*answer, 1).value_or(0));
    return outcome;
  }

  Outcome<JobError> Error() override {
    const std::optional<Fields> answer = Call(protocol::kError);
    Outcome<JobError> outcome{ResultOf(answer, *connection_), {}};
    if (answer && answer->size() >= 4) {
      outcome.value.code = ParseHResultField((*answer)[1]).value_or(HResult());
      outcome.value.context = static_cast<ErrorContext>(NumberAt(*answer, 2).value_or(0));
      outcome.value.description = (*answer)[3];
    }
    return outcome;
  }

  WaitResult WaitForState(const std::vector<JobState>& wanted,
                          std::chrono::milliseconds timeout) override {
    Fields arguments{std::to_string(std::max<std::int64_t>(0, timeout.count()))};
    for (JobState state : wanted) arguments.push_back(std::to_string(static_cast<int>(state)));
    const std::optional<Fields> answer = Call(protocol::kWait, arguments, timeout);
    WaitResult result;
    if (!answer || answer->size() < 5) {
      result.waited_for =
          "an answer from the agent (it failed: " + ResultOf(answer, *connection_).ToString() + ")";
      return result;
    }
    result.reached = (*answer)[1] == "1";
    result.state = static_cast<JobState>(NumberAt(*answer, 2).value_or(0));
    result.waited = std::chrono::milliseconds(NumberAt(*answer, 3).value_or(0));
    result.waited_for = (*answer)[4];
    return result;
  }

  std::vector<JobState> StateHistory() const override {
    std::vector<JobState> history;
    const std::optional<Fields> answer = const_cast<AgentJob*>(this)->Call(protocol::kHistory);
    if (!answer) return history;
    for (std::size_t i = 1; i < answer->size(); ++i) {
      history.push_back(static_cast<JobState>(NumberAt(*answer, i).value_or(0)));
    }
    return history;
  }

  HResult SetCostFlags(std::uint32_t flags) override {
    return ResultOf(Call(protocol::kSetCost, {std::to_string(flags)}), *connection_);
  }
  Outcome<std::uint32_t> CostFlags() override {
    const std::optional<Fields> answer = Call(protocol::kGetCost);
    Outcome<std::uint32_t> outcome{ResultOf(answer, *connection_), 0};
    if (answer) outcome.value = static_cast<std::uint32_t>(NumberAt(*answer, 1).value_or(0));
    return outcome;
  }

  HResult SetNotifyFlags(std::uint32_t flags) override {
    return ResultOf(Call(protocol::kSetNotifyFlags, {std::to_string(flags)}), *connection_);
  }
  Outcome<std::uint32_t> NotifyFlags() override {
    const std::optional<Fields> answer = Call(protocol::kGetNotifyFlags);
    Outcome<std::uint32_t> outcome{ResultOf(answer, *connection_), 0};
    if (answer) outcome.value = static_cast<std::uint32_t>(NumberAt(*answer, 1).value_or(0));
    return outcome;
  }
  HResult SetNotifyInterface() override { return ResultOf(Call(protocol::kListen), *connection_); }
  HResult SetBlockingNotifyInterface() override {
    return ResultOf(Call(protocol::kListenBlocking), *connection_);
  }
  HResult RemoveNotifyInterface() override {
    return ResultOf(Call(protocol::kUnlisten), *connection_);
  }
  // The agent waits; its answer may come as late as the timeout allows.
  Outcome<std::vector<Notification>> WaitForNotification(
      JobEvent event, std::chrono::milliseconds timeout) override {
    const std::optional<Fields> answer =
        Call(protocol::kNotifications,
             {std::to_string(std::max<std::int64_t>(0, timeout.count())),
              event == JobEvent::kError ? "1" : "0"},
             timeout);
    Outcome<std::vector<Notification>> outcome{ResultOf(answer, *connection_), {}};
    if (!answer) return outcome;
    std::optional<std::vector<Notification>> notifications = NotificationsFrom(*answer);
    if (!notifications) {
      outcome.hr = hr::kUnexpected;
      return outcome;
    }
    outcome.value = std::move(*notifications);
    return outcome;
  }

  Outcome<std::string> ErrorDescription(std::uint32_t language_id) override {
    return TextOutcome(Call(protocol::kErrorDescription, {std::to_string(language_id)}));
  }
  Outcome<JobFile> ErrorFile() override {
    const std::optional<Fields> answer = Call(protocol::kErrorFile);
    Outcome<JobFile> outcome{ResultOf(answer, *connection_), {}};
    if (answer) outcome.value = JobFile{TextAt(*answer, 1), TextAt(*answer, 2)};
    return outcome;
  }
  Outcome<std::string> ErrorProtocol() override {
    return TextOutcome(Call(protocol::kErrorProtocol));
  }
  Outcome<std::string> OwnerSid() override { return TextOutcome(Call(protocol::kOwner)); }
  HResult TakeOwnership() override {
    return ResultOf(Call(protocol::kTakeOwnership), *connection_);
  }

  // The password travels as LogOn's does: only through the agent's input, never in evidence.
  HResult SetCredentials(const Credentials& credentials) override {
    Fields arguments{std::to_string(static_cast<std::uint32_t>(credentials.target)),
                     std::to_string(static_cast<std::uint32_t>(credentials.scheme))};
    const Fields user = OptionalFields(credentials.user_name);
    arguments.insert(arguments.end(), user.begin(), user.end());
    const Fields password = OptionalFields(
        credentials.password ? std::optional<std::string_view>(credentials.password->Reveal())
                             : std::nullopt);
    arguments.insert(arguments.end(), password.begin(), password.end());
    return ResultOf(Call(protocol::kSetCredentials, arguments, {}, /*secret=*/true), *connection_);
  }

  HResult SetProxySettings(ProxyUsage usage, const std::string& proxy_list,
                           const std::string& bypass_list) override {
    return ResultOf(Call(protocol::kSetProxy, {std::to_string(static_cast<std::uint32_t>(usage)),
                                               proxy_list, bypass_list}),
                    *connection_);
  }
  HResult SetClientCertificate(CertStoreLocation location, const std::string& store_name,
                               const std::string& thumbprint) override {
    return ResultOf(Call(protocol::kSetClientCertificate,
                         {std::to_string(static_cast<std::uint32_t>(location)), store_name,
                          thumbprint}),
                    *connection_);
  }

  Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() override {
    const std::optional<Fields> answer = Call(protocol::kOptions);
    Outcome<std::unique_ptr<TokenOptions>> outcome{ResultOf(answer, *connection_), nullptr};
    if (answer && answer->size() >= 2 && (*answer)[1] != "0") {
      outcome.value = std::make_unique<AgentTokenOptions>(connection_, (*answer)[1]);
    }
    return outcome;
  }

 private:
  std::optional<Fields> Call(std::string_view verb, const Fields& arguments = {},
                             std::chrono::milliseconds extra = {}, bool secret = false) {
    Fields request{Text(protocol::kJob), handle_, Text(verb)};
    request.insert(request.end(), arguments.begin(), arguments.end());
    return connection_->Call(request, extra, secret);
  }

  // Returns the answer's HRESULT and its first field.
  Outcome<std::string> TextOutcome(const std::optional<Fields>& answer) const {
    Outcome<std::string> outcome{ResultOf(answer, *connection_), {}};
    if (answer) outcome.value = TextAt(*answer, 1);
    return outcome;
  }

  std::shared_ptr<AgentConnection> connection_;
  std::string handle_;
  std::string id_;
};

// Turns a "create" or "open" answer into a job.
Outcome<std::unique_ptr<Job>> JobFrom(const std::optional<Fields>& answer,
                                      const std::shared_ptr<AgentConnection>& connection) {
  Outcome<std::unique_ptr<Job>> outcome{ResultOf(answer, *connection), nullptr};
  if (answer && answer->size() >= 3 && (*answer)[1] != "0") {
    outcome.value = std::make_unique<AgentJob>(connection, (*answer)[1], (*answer)[2]);
  }
  return outcome;
}

}  // namespace

AgentCaller::AgentCaller(std::shared_ptr<AgentConnection> connection, std::string sid)
    : connection_(std::move(connection)), sid_(std::move(sid)) {}

AgentCaller::~AgentCaller() { Stop(); }

std::unique_ptr<AgentCaller> AgentCaller::Start(const AgentCommand& command,
                                                AgentDeadlines deadlines,
                                                std::shared_ptr<AgentFaultSink> faults,
                                                std::string* error) {
  std::shared_ptr<AgentConnection> connection =
      AgentConnection::Launch(command, deadlines, faults, error);
  if (!connection) return nullptr;
  return Greet(std::move(connection), command.label, std::move(faults), error);
}

std::unique_ptr<AgentCaller> AgentCaller::Attach(AttachedAgent agent, AgentDeadlines deadlines,
                                                 std::shared_ptr<AgentFaultSink> faults,
                                                 std::string* error) {
  const std::string label = agent.label;
  return Greet(AgentConnection::Attach(std::move(agent), deadlines, faults), label,
               std::move(faults), error);
}

std::unique_ptr<AgentCaller> AgentCaller::Greet(std::shared_ptr<AgentConnection> connection,
                                                const std::string& label,
                                                std::shared_ptr<AgentFaultSink> faults,
                                                std::string* error) {
  // A fault while greeting is the reason Greet gives, not a fault of a caller.
  const auto greeting_faults = std::make_shared<FirstAgentFault>();
  connection->ReportFaultsTo(greeting_faults);
  const std::optional<Fields> hello = connection->Call({Text(protocol::kHello)});
  connection->ReportFaultsTo(faults);
  if (!hello || hello->size() < 2 || ParseHResultField(hello->front())->Failed()) {
    const std::optional<AgentFault> fault = greeting_faults->Take();
    if (error != nullptr) {
      *error = "agent '" + label + "' did not greet: " +
               (fault ? fault->evidence : "hello -> " + ResultOf(hello, *connection).ToString());
    } else if (fault) {
      faults->Report(*fault);
    }
    return nullptr;
  }
  return std::unique_ptr<AgentCaller>(new AgentCaller(std::move(connection), (*hello)[1]));
}

std::string AgentCaller::Sid() const {
  const std::optional<Fields> answer = connection_->Call({Text(protocol::kSid)});
  if (answer && answer->size() >= 2) sid_ = (*answer)[1];
  return sid_;
}

Outcome<std::unique_ptr<Job>> AgentCaller::CreateDownloadJob(const std::string& display_name) {
  return JobFrom(connection_->Call({Text(protocol::kCreate), display_name}), connection_);
}

Outcome<std::unique_ptr<Job>> AgentCaller::OpenJob(const std::string& job_id) {
  return JobFrom(connection_->Call({Text(protocol::kOpen), job_id}), connection_);
}

HResult AgentCaller::Impersonate(const Principal& principal) {
  return ResultOf(connection_->Call({Text(protocol::kImpersonate), principal.name, principal.sid,
                                     std::to_string(static_cast<int>(principal.kind))}),
                  *connection_);
}

HResult AgentCaller::RevertToSelf() {
  return ResultOf(connection_->Call({Text(protocol::kRevert)}), *connection_);
}

HResult AgentCaller::ImpersonateWith(const Principal& principal, TokenShape shape) {
  return ResultOf(connection_->Call({Text(protocol::kImpersonateWith), principal.name,
                                     principal.sid,
                                     std::to_string(static_cast<int>(principal.kind)),
                                     std::to_string(static_cast<int>(shape.level)),
                                     shape.restricted ? "1" : "0"}),
                  *connection_);
}

HResult AgentCaller::InitializeSecurityAgain(CallerSettings settings) {
  return ResultOf(connection_->Call({Text(protocol::kSecurityAgain),
                                     std::to_string(static_cast<int>(settings.level)),
                                     std::to_string(static_cast<int>(settings.cloaking))}),
                  *connection_);
}

HResult AgentCaller::PumpMessages() {
  return ResultOf(connection_->Call({Text(protocol::kPump)}), *connection_);
}

HResult AgentCaller::Reconnect() {
  return ResultOf(connection_->Call({Text(protocol::kReconnect)}), *connection_);
}

HResult AgentCaller::LogOn(const std::string& user, const std::string& password) {
  return ResultOf(connection_->Call({Text(protocol::kLogOn), user, password}, {}, /*secret=*/true),
                  *connection_);
}

HResult AgentCaller::Remember(const std::string& user, const std::string& password) {
  return ResultOf(connection_->Call({Text(protocol::kCredential), user, password}, {},
                                    /*secret=*/true),
                  *connection_);
}

Outcome<TokenReport> AgentCaller::ReportToken() {
  const std::optional<Fields> answer = connection_->Call({Text(protocol::kToken)});
  Outcome<TokenReport> outcome{ResultOf(answer, *connection_), {}};
  if (outcome.hr.Failed()) return outcome;
  const std::optional<std::uint64_t> elevation = NumberAt(*answer, 2);
  const std::optional<AdministratorsGroup> administrators =
      answer->size() >= 4 ? ParseAdministratorsGroup((*answer)[3]) : std::nullopt;
  if (!elevation || *elevation > 0xFFFFFFFFu || !administrators ||
      ((*answer)[1] != "0" && (*answer)[1] != "1")) {
    outcome.hr = hr::kUnexpected;
    return outcome;
  }
  outcome.value.impersonating = (*answer)[1] == "1";
  outcome.value.elevation_type = static_cast<std::uint32_t>(*elevation);
  outcome.value.administrators = *administrators;
  return outcome;
}

Outcome<std::string> AgentCaller::ReadUserProxy() {
  const std::optional<Fields> answer = connection_->Call({Text(protocol::kUserProxy)});
  Outcome<std::string> outcome{ResultOf(answer, *connection_), {}};
  if (outcome.hr.Succeeded() && answer->size() >= 2) outcome.value = (*answer)[1];
  return outcome;
}

HResult AgentCaller::ReleaseCallbacks() {
  return ResultOf(connection_->Call({Text(protocol::kReleaseCallbacks)}), *connection_);
}

HResult AgentCaller::Stop() { return connection_->Stop(); }

bool AgentCaller::Running() const { return connection_->Usable(); }

}  // namespace bitscts::agent
