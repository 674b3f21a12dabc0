#include "bitscts/agent/agent_server.h"

#include <chrono>
#include <istream>
#include <map>
#include <optional>
#include <ostream>
#include <utility>
#include <vector>

#include "fields.h"
#include "protocol.h"
#include "wire.h"

namespace bitscts::agent {
namespace {

using Fields = std::vector<std::string>;

// Thrown when a request does not follow the protocol; answered with kProtocolError.
struct BadRequest {
  std::string reason;
};

std::uint64_t NumberField(const Fields& request, std::size_t index, const char* what) {
  if (index >= request.size()) throw BadRequest{std::string("missing ") + what};
  const std::optional<std::uint64_t> number = wire::ParseNumber(request[index]);
  if (!number) throw BadRequest{std::string("not a number: ") + what};
  return *number;
}

const std::string& TextField(const Fields& request, std::size_t index, const char* what) {
  if (index >= request.size()) throw BadRequest{std::string("missing ") + what};
  return request[index];
}

// Returns a 32-bit number field.
std::uint32_t Number32Field(const Fields& request, std::size_t index, const char* what) {
  const std::uint64_t number = NumberField(request, index, what);
  if (number > 0xFFFFFFFFu) throw BadRequest{std::string("does not fit in 32 bits: ") + what};
  return static_cast<std::uint32_t>(number);
}

// Returns an optional value sent as "none", or "some" and the text in the next field.
std::optional<std::string> OptionalField(const Fields& request, std::size_t index,
                                         const char* what) {
  const std::string& presence = TextField(request, index, what);
  if (presence == "none") return std::nullopt;
  if (presence != "some") throw BadRequest{std::string("neither none nor some: ") + what};
  return TextField(request, index + 1, what);
}

// Returns the fields of `notifications` as a "notifications" answer lists them.
Fields NotificationFields(const std::vector<Notification>& notifications) {
  Fields fields{std::to_string(notifications.size())};
  for (const Notification& notification : notifications) {
    const JobError error = notification.error.value_or(JobError{});
    fields.insert(fields.end(), {notification.event == JobEvent::kError ? "1" : "0",
                                 notification.error ? "some" : "none", HResultField(error.code),
                                 std::to_string(static_cast<int>(error.context)), error.description,
                                 notification.caller_sid});
  }
  return fields;
}

JobState StateField(const Fields& request, std::size_t index) {
  const std::uint64_t state = NumberField(request, index, "job state");
  if (state > static_cast<std::uint64_t>(JobState::kCancelled))
    throw BadRequest{"no such job state"};
  return static_cast<JobState>(state);
}

// An RPC_C_IMP_LEVEL_* number (1 anonymous ... 4 delegate; 0 is the default level).
ImpersonationLevel LevelField(const Fields& request, std::size_t index) {
  const std::uint64_t level = NumberField(request, index, "impersonation level");
  if (level > static_cast<std::uint64_t>(ImpersonationLevel::kDelegate))
    throw BadRequest{"no such impersonation level"};
  return static_cast<ImpersonationLevel>(level);
}

// A 0 or a 1.
bool FlagField(const Fields& request, std::size_t index, const char* what) {
  const std::uint64_t flag = NumberField(request, index, what);
  if (flag > 1) throw BadRequest{std::string("not 0 or 1: ") + what};
  return flag == 1;
}

class Dispatcher {
 public:
  explicit Dispatcher(AgentHost& host) : host_(host) {}

  // Returns the answer to `request`.
  Fields Answer(const Fields& request) {
    const std::string& verb = TextField(request, 0, "verb");
    Caller& caller = host_.caller();
    if (verb == protocol::kHello || verb == protocol::kSid)
      return {HResultField(hr::kOk), caller.Sid()};
    if (verb == protocol::kBye) return {HResultField(hr::kOk)};
    if (verb == protocol::kToken) {
      const Outcome<TokenReport> report = host_.ReportToken();
      return {HResultField(report.hr), report.value.impersonating ? "1" : "0",
              std::to_string(report.value.elevation_type),
              std::string(Name(report.value.administrators))};
    }
    if (verb == protocol::kLogOn) {
      return {HResultField(
          host_.LogOn(TextField(request, 1, "user"), TextField(request, 2, "password")))};
    }
    if (verb == protocol::kCredential) {
      return {HResultField(
          host_.Remember(TextField(request, 1, "user"), TextField(request, 2, "password")))};
    }
    if (verb == protocol::kCreate)
      return NewJob(caller.CreateDownloadJob(TextField(request, 1, "display name")));
    if (verb == protocol::kOpen) return NewJob(caller.OpenJob(TextField(request, 1, "job id")));
    if (verb == protocol::kImpersonate) {
      Principal principal{TextField(request, 1, "name"), TextField(request, 2, "sid"),
                          static_cast<PrincipalKind>(NumberField(request, 3, "kind"))};
      return {HResultField(caller.Impersonate(principal))};
    }
    if (verb == protocol::kRevert) return {HResultField(caller.RevertToSelf())};
    if (verb == protocol::kUserProxy) {
      const Outcome<std::string> proxy = host_.UserProxy();
      return {HResultField(proxy.hr), proxy.value};
    }
    if (verb == protocol::kImpersonateWith) {
      Principal principal{TextField(request, 1, "name"), TextField(request, 2, "sid"),
                          static_cast<PrincipalKind>(NumberField(request, 3, "kind"))};
      TokenShape shape;
      shape.level = LevelField(request, 4);
      shape.restricted = FlagField(request, 5, "restricted");
      return {HResultField(host_.ImpersonateWith(principal, shape))};
    }
    if (verb == protocol::kSecurityAgain) {
      CallerSettings settings;
      settings.level = LevelField(request, 1);
      const std::uint64_t cloaking = NumberField(request, 2, "cloaking");
      if (cloaking > static_cast<std::uint64_t>(Cloaking::kDynamic))
        throw BadRequest{"no such cloaking"};
      settings.cloaking = static_cast<Cloaking>(cloaking);
      return {HResultField(host_.InitializeSecurityAgain(settings))};
    }
    if (verb == protocol::kPump) return {HResultField(host_.PumpMessages())};
    if (verb == protocol::kReconnect) return {HResultField(host_.Reconnect())};
    if (verb == protocol::kReleaseCallbacks) return {HResultField(host_.ReleaseCallbacks())};
    if (verb == protocol::kJob) return AnswerJob(request);
    if (verb == protocol::kOpt) return AnswerOptions(request);
    throw BadRequest{"unknown verb '" + verb + "'"};
  }

 private:
  Fields NewJob(Outcome<std::unique_ptr<Job>> outcome) {
    if (!outcome.value) return {HResultField(outcome.hr), "0", "~"};
    const std::string id = outcome.value->Id();
    jobs_[++last_handle_] = std::move(outcome.value);
    return {HResultField(outcome.hr), std::to_string(last_handle_), id};
  }

  Fields AnswerJob(const Fields& request) {
    const std::uint64_t handle = NumberField(request, 1, "job handle");
    const auto found = jobs_.find(handle);
    if (found == jobs_.end()) throw BadRequest{"no job with handle " + std::to_string(handle)};
    Job& job = *found->second;
    const std::string& verb = TextField(request, 2, "job verb");
    if (verb == protocol::kRelease) {
      jobs_.erase(found);
      return {HResultField(hr::kOk)};
    }
    if (verb == protocol::kAddFile) {
      return {HResultField(
          job.AddFile(TextField(request, 3, "url"), TextField(request, 4, "local path")))};
    }
    if (verb == protocol::kResume) return {HResultField(job.Resume())};
    if (verb == protocol::kSuspend) return {HResultField(job.Suspend())};
    if (verb == protocol::kCancel) return {HResultField(job.Cancel())};
    if (verb == protocol::kComplete) return {HResultField(job.Complete())};
    if (verb == protocol::kNoProgress) {
      return {HResultField(job.SetNoProgressTimeout(
          static_cast<std::uint32_t>(NumberField(request, 3, "seconds"))))};
    }
    if (verb == protocol::kSetCost) {
      return {HResultField(
          job.SetCostFlags(static_cast<std::uint32_t>(NumberField(request, 3, "cost flags"))))};
    }
    if (verb == protocol::kGetCost) {
      const Outcome<std::uint32_t> flags = job.CostFlags();
      return {HResultField(flags.hr), std::to_string(flags.value)};
    }
    if (const std::optional<Fields> answer = AnswerJobSurface(job, verb, request)) return *answer;
    if (verb == protocol::kState) {
      const Outcome<JobState> state = job.State();
      return {HResultField(state.hr), std::to_string(static_cast<int>(state.value))};
    }
    if (verb == protocol::kError) {
      const Outcome<JobError> error = job.Error();
      return {HResultField(error.hr), HResultField(error.value.code),
              std::to_string(static_cast<int>(error.value.context)), error.value.description};
    }
    if (verb == protocol::kWait) return Wait(job, request);
    if (verb == protocol::kHistory) {
      Fields answer{HResultField(hr::kOk)};
      for (JobState state : job.StateHistory())
        answer.push_back(std::to_string(static_cast<int>(state)));
      return answer;
    }
    if (verb == protocol::kOptions) {
      Outcome<std::unique_ptr<TokenOptions>> options = job.QueryTokenOptions();
      if (!options.value) return {HResultField(options.hr), "0"};
      options_[++last_handle_] = std::move(options.value);
      return {HResultField(options.hr), std::to_string(last_handle_)};
    }
    throw BadRequest{"unknown job verb '" + verb + "'"};
  }

  // Answers the job verbs of notifications, error details, ownership, credentials, proxy
  // settings and client certificates; nullopt for any other verb.
  static std::optional<Fields> AnswerJobSurface(Job& job, const std::string& verb,
                                                const Fields& request) {
    if (verb == protocol::kSetNotifyFlags)
      return Fields{HResultField(job.SetNotifyFlags(Number32Field(request, 3, "notify flags")))};
    if (verb == protocol::kGetNotifyFlags) {
      const Outcome<std::uint32_t> flags = job.NotifyFlags();
      return Fields{HResultField(flags.hr), std::to_string(flags.value)};
    }
    if (verb == protocol::kListen) return Fields{HResultField(job.SetNotifyInterface())};
    if (verb == protocol::kListenBlocking)
      return Fields{HResultField(job.SetBlockingNotifyInterface())};
    if (verb == protocol::kUnlisten) return Fields{HResultField(job.RemoveNotifyInterface())};
    if (verb == protocol::kNotifications) {
      const auto timeout = std::chrono::milliseconds(NumberField(request, 3, "timeout"));
      const std::uint64_t event = NumberField(request, 4, "event");
      if (event > 1) throw BadRequest{"no such event"};
      const Outcome<std::vector<Notification>> received =
          job.WaitForNotification(event == 1 ? JobEvent::kError : JobEvent::kTransferred, timeout);
      Fields answer{HResultField(received.hr)};
      const Fields listed = NotificationFields(received.value);
      answer.insert(answer.end(), listed.begin(), listed.end());
      return answer;
    }
    if (verb == protocol::kErrorDescription) {
      const Outcome<std::string> text =
          job.ErrorDescription(Number32Field(request, 3, "language id"));
      return Fields{HResultField(text.hr), text.value};
    }
    if (verb == protocol::kErrorFile) {
      const Outcome<JobFile> file = job.ErrorFile();
      return Fields{HResultField(file.hr), file.value.remote_url, file.value.local_path};
    }
    if (verb == protocol::kErrorProtocol) {
      const Outcome<std::string> text = job.ErrorProtocol();
      return Fields{HResultField(text.hr), text.value};
    }
    if (verb == protocol::kOwner) {
      const Outcome<std::string> owner = job.OwnerSid();
      return Fields{HResultField(owner.hr), owner.value};
    }
    if (verb == protocol::kTakeOwnership) return Fields{HResultField(job.TakeOwnership())};
    if (verb == protocol::kSetCredentials) {
      Credentials credentials;
      credentials.target = static_cast<AuthTarget>(Number32Field(request, 3, "auth target"));
      credentials.scheme = static_cast<AuthScheme>(Number32Field(request, 4, "auth scheme"));
      credentials.user_name = OptionalField(request, 5, "user name");
      if (std::optional<std::string> password = OptionalField(request, 7, "password"))
        credentials.password.emplace(std::move(*password));
      return Fields{HResultField(job.SetCredentials(credentials))};
    }
    if (verb == protocol::kSetProxy) {
      return Fields{HResultField(
          job.SetProxySettings(static_cast<ProxyUsage>(Number32Field(request, 3, "proxy usage")),
                               TextField(request, 4, "proxy list"),
                               TextField(request, 5, "bypass list")))};
    }
    if (verb == protocol::kSetClientCertificate) {
      return Fields{HResultField(job.SetClientCertificate(
          static_cast<CertStoreLocation>(Number32Field(request, 3, "store location")),
          TextField(request, 4, "store name"), TextField(request, 5, "thumbprint")))};
    }
    return std::nullopt;
  }

  static Fields Wait(Job& job, const Fields& request) {
    const auto timeout = std::chrono::milliseconds(NumberField(request, 3, "timeout"));
    std::vector<JobState> wanted;
    for (std::size_t i = 4; i < request.size(); ++i) wanted.push_back(StateField(request, i));
    if (wanted.empty()) throw BadRequest{"a wait needs at least one state"};
    const WaitResult result = job.WaitForState(wanted, timeout);
    return {HResultField(hr::kOk), result.reached ? "1" : "0",
            std::to_string(static_cast<int>(result.state)), std::to_string(result.waited.count()),
            result.waited_for};
  }

  Fields AnswerOptions(const Fields& request) {
    const std::uint64_t handle = NumberField(request, 1, "options handle");
    const auto found = options_.find(handle);
    if (found == options_.end())
      throw BadRequest{"no token options with handle " + std::to_string(handle)};
    TokenOptions& options = *found->second;
    const std::string& verb = TextField(request, 2, "options verb");
    if (verb == protocol::kRelease) {
      options_.erase(found);
      return {HResultField(hr::kOk)};
    }
    if (verb == protocol::kSetToken) return {HResultField(options.SetHelperToken())};
    if (verb == protocol::kClearToken) return {HResultField(options.ClearHelperToken())};
    if (verb == protocol::kSetFlags) {
      const std::uint64_t flags = NumberField(request, 3, "flags");
      if (flags > 0xFFFFFFFFu) throw BadRequest{"flags do not fit in 32 bits"};
      return {HResultField(options.SetHelperTokenFlags(static_cast<std::uint32_t>(flags)))};
    }
    if (verb == protocol::kGetFlags) {
      const Outcome<std::uint32_t> flags = options.GetHelperTokenFlags();
      return {HResultField(flags.hr), std::to_string(flags.value)};
    }
    if (verb == protocol::kGetSid) {
      const Outcome<std::optional<std::string>> sid = options.GetHelperTokenSid();
      if (!sid.value) return {HResultField(sid.hr), "none"};
      return {HResultField(sid.hr), "some", *sid.value};
    }
    throw BadRequest{"unknown options verb '" + verb + "'"};
  }

  AgentHost& host_;
  std::uint64_t last_handle_ = 0;
  // Token options are declared after jobs so that they are released first.
  std::map<std::uint64_t, std::unique_ptr<Job>> jobs_;
  std::map<std::uint64_t, std::unique_ptr<TokenOptions>> options_;
};

}  // namespace

int ServeAgent(AgentHost& host, std::istream& requests, std::ostream& answers) {
  Dispatcher dispatcher(host);
  std::string line;
  while (std::getline(requests, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::optional<Fields> request = wire::Split(line);
    Fields answer;
    bool bye = false;
    if (!request || request->empty()) {
      answer = {std::string(protocol::kProtocolError),
                "the request is not a line of escaped fields"};
    } else {
      try {
        answer = dispatcher.Answer(*request);
        bye = request->front() == protocol::kBye;
      } catch (const BadRequest& bad) {
        answer = {std::string(protocol::kProtocolError), bad.reason};
      }
    }
    answers << wire::Join(answer) << '\n' << std::flush;
    if (bye) break;
  }
  return 0;
}

}  // namespace bitscts::agent
