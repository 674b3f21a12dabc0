#include "recording.h"

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

namespace bitscts::internal {
namespace {

std::string StateList(const std::vector<JobState>& states) {
  std::string text;
  for (JobState state : states) {
    if (!text.empty()) text += " -> ";
    text += Name(state);
  }
  return text.empty() ? "(none observed)" : text;
}

std::string NotificationList(const std::vector<Notification>& notifications) {
  std::string text;
  for (const Notification& notification : notifications) {
    if (!text.empty()) text += ", ";
    text += Name(notification.event);
    if (notification.error) text += "(" + notification.error->code.ToString() + ")";
    if (!notification.caller_sid.empty()) text += " as " + notification.caller_sid;
  }
  return text.empty() ? "nothing" : text;
}

std::string Hex(std::uint32_t value) {
  std::ostringstream text;
  text << "0x" << std::hex << std::uppercase << value;
  return text.str();
}

class RecordingTokenOptions final : public TokenOptions {
 public:
  RecordingTokenOptions(std::unique_ptr<TokenOptions> inner, std::string label, Evidence& evidence)
      : inner_(std::move(inner)), label_(std::move(label)), evidence_(evidence) {}

  HResult SetHelperToken() override { return Log("SetHelperToken()", inner_->SetHelperToken()); }
  HResult ClearHelperToken() override {
    return Log("ClearHelperToken()", inner_->ClearHelperToken());
  }
  HResult SetHelperTokenFlags(std::uint32_t flags) override {
    return Log("SetHelperTokenFlags(" + TokenUsageName(flags) + ")",
               inner_->SetHelperTokenFlags(flags));
  }
  Outcome<std::uint32_t> GetHelperTokenFlags() override {
    auto outcome = inner_->GetHelperTokenFlags();
    Log("GetHelperTokenFlags() = " + TokenUsageName(outcome.value), outcome.hr);
    return outcome;
  }
  Outcome<std::optional<std::string>> GetHelperTokenSid() override {
    auto outcome = inner_->GetHelperTokenSid();
    Log("GetHelperTokenSid() = " + outcome.value.value_or("(null)"), outcome.hr);
    return outcome;
  }

 private:
  HResult Log(const std::string& what, HResult result) {
    evidence_.Call(label_ + ": " + what, result);
    return result;
  }

  std::unique_ptr<TokenOptions> inner_;
  std::string label_;
  Evidence& evidence_;
};

// Returns " = <value>" for a successful outcome and nothing for a failed one.
template <typename T>
std::string Shown(const Outcome<T>& outcome, const std::string& value) {
  return outcome.hr.Succeeded() ? " = " + value : std::string();
}

class RecordingJob final : public Job {
 public:
  RecordingJob(std::unique_ptr<Job> inner, std::string label, Evidence& evidence)
      : inner_(std::move(inner)), label_(std::move(label)), evidence_(evidence) {}

  ~RecordingJob() override {
    const auto state = inner_->State();
    if (state.hr.Succeeded() &&
        (state.value == JobState::kError || state.value == JobState::kTransientError)) {
      const auto error = inner_->Error();
      if (error.hr.Succeeded()) {
        evidence_.Note(label_ + ": job error " + error.value.code.ToString() + " in " +
                       Name(error.value.context) +
                       (error.value.description.empty() ? "" : ": " + error.value.description));
      }
    }
    evidence_.Note(label_ + ": state history " + StateList(inner_->StateHistory()));
    if (state.hr.Failed() || !IsFinal(state.value)) Log("cleanup: Cancel()", inner_->Cancel());
  }

  std::string Id() const override { return inner_->Id(); }
  HResult AddFile(const std::string& remote_url, const std::string& local_path) override {
    return Log("AddFile(" + remote_url + ", " + local_path + ")",
               inner_->AddFile(remote_url, local_path));
  }
  HResult Resume() override { return Log("Resume()", inner_->Resume()); }
  HResult Suspend() override { return Log("Suspend()", inner_->Suspend()); }
  HResult Cancel() override { return Log("Cancel()", inner_->Cancel()); }
  HResult Complete() override { return Log("Complete()", inner_->Complete()); }
  HResult SetNoProgressTimeout(std::uint32_t seconds) override {
    return Log("SetNoProgressTimeout(" + std::to_string(seconds) + ")",
               inner_->SetNoProgressTimeout(seconds));
  }
  Outcome<JobState> State() override {
    auto outcome = inner_->State();
    Log("GetState() = " + Name(outcome.value), outcome.hr);
    return outcome;
  }
  Outcome<JobError> Error() override {
    auto outcome = inner_->Error();
    Log("GetError() = " + outcome.value.code.ToString() + " in " + Name(outcome.value.context),
        outcome.hr);
    return outcome;
  }
  WaitResult WaitForState(const std::vector<JobState>& wanted,
                          std::chrono::milliseconds timeout) override {
    WaitResult result = inner_->WaitForState(wanted, timeout);
    std::ostringstream line;
    line << label_ << ": waited " << result.waited.count() << " ms for " << result.waited_for
         << ": " << (result.reached ? "reached " : "timed out in ") << Name(result.state);
    evidence_.Note(line.str());
    return result;
  }
  std::vector<JobState> StateHistory() const override { return inner_->StateHistory(); }
  Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() override {
    auto outcome = inner_->QueryTokenOptions();
    Log("QueryInterface(IID_IBitsTokenOptions)", outcome.hr);
    if (outcome.value) {
      outcome.value =
          std::make_unique<RecordingTokenOptions>(std::move(outcome.value), label_, evidence_);
    }
    return outcome;
  }

  HResult SetNotifyFlags(std::uint32_t flags) override {
    return Log("SetNotifyFlags(" + NotifyFlagsName(flags) + ")", inner_->SetNotifyFlags(flags));
  }
  Outcome<std::uint32_t> NotifyFlags() override {
    auto outcome = inner_->NotifyFlags();
    Log("GetNotifyFlags()" + Shown(outcome, NotifyFlagsName(outcome.value)), outcome.hr);
    return outcome;
  }
  HResult SetNotifyInterface() override {
    return Log("SetNotifyInterface(recording callback)", inner_->SetNotifyInterface());
  }
  HResult SetBlockingNotifyInterface() override {
    return Log("SetNotifyInterface(recording callback that blocks)",
               inner_->SetBlockingNotifyInterface());
  }
  HResult RemoveNotifyInterface() override {
    return Log("SetNotifyInterface(NULL)", inner_->RemoveNotifyInterface());
  }
  Outcome<std::vector<Notification>> WaitForNotification(
      JobEvent event, std::chrono::milliseconds timeout) override {
    auto outcome = inner_->WaitForNotification(event, timeout);
    Log("waited up to " + std::to_string(timeout.count()) + " ms for " + Name(event) +
            "; callbacks received: " + NotificationList(outcome.value),
        outcome.hr);
    return outcome;
  }
  Outcome<std::string> ErrorDescription(std::uint32_t language_id) override {
    auto outcome = inner_->ErrorDescription(language_id);
    Log("GetErrorDescription(" + Hex(language_id) + ")" +
            Shown(outcome, "\"" + outcome.value + "\""),
        outcome.hr);
    return outcome;
  }
  Outcome<JobFile> ErrorFile() override {
    auto outcome = inner_->ErrorFile();
    Log("GetFile()" + Shown(outcome, outcome.value.remote_url + " -> " + outcome.value.local_path),
        outcome.hr);
    return outcome;
  }
  Outcome<std::string> ErrorProtocol() override {
    auto outcome = inner_->ErrorProtocol();
    Log("GetProtocol()" + Shown(outcome, outcome.value), outcome.hr);
    return outcome;
  }
  Outcome<std::string> OwnerSid() override {
    auto outcome = inner_->OwnerSid();
    Log("GetOwner()" + Shown(outcome, outcome.value), outcome.hr);
    return outcome;
  }
  HResult TakeOwnership() override { return Log("TakeOwnership()", inner_->TakeOwnership()); }
  HResult SetCredentials(const Credentials& credentials) override {
    return Log("SetCredentials(" + Describe(credentials) + ")",
               inner_->SetCredentials(credentials));
  }
  HResult SetProxySettings(ProxyUsage usage, const std::string& proxy_list,
                           const std::string& bypass_list) override {
    const auto list = [](const std::string& text) {
      return text.empty() ? std::string("NULL") : "\"" + text + "\"";
    };
    return Log("SetProxySettings(" + Name(usage) + ", " + list(proxy_list) + ", " +
                   list(bypass_list) + ")",
               inner_->SetProxySettings(usage, proxy_list, bypass_list));
  }
  HResult SetClientCertificate(CertStoreLocation location, const std::string& store_name,
                               const std::string& thumbprint) override {
    return Log("SetClientCertificateByID(" + Name(location) + ", \"" + store_name + "\", " +
                   thumbprint + ")",
               inner_->SetClientCertificate(location, store_name, thumbprint));
  }
  HResult SetCostFlags(std::uint32_t flags) override {
    return Log("SetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS, " + Hex(flags) + ")",
               inner_->SetCostFlags(flags));
  }
  Outcome<std::uint32_t> CostFlags() override {
    auto outcome = inner_->CostFlags();
    Log("GetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS)" + Shown(outcome, Hex(outcome.value)),
        outcome.hr);
    return outcome;
  }

 private:
  HResult Log(const std::string& what, HResult result) {
    evidence_.Call(label_ + ": " + what, result);
    return result;
  }

  std::unique_ptr<Job> inner_;
  std::string label_;
  Evidence& evidence_;
};

class RecordingCaller final : public Caller {
 public:
  RecordingCaller(Caller& inner, std::string label, Evidence& evidence)
      : inner_(inner), label_(std::move(label)), evidence_(evidence) {}

  std::string Sid() const override { return inner_.Sid(); }
  Outcome<std::unique_ptr<Job>> CreateDownloadJob(const std::string& display_name) override {
    auto outcome = inner_.CreateDownloadJob(display_name);
    return Wrap("CreateJob(" + display_name + ", BG_JOB_TYPE_DOWNLOAD)", std::move(outcome));
  }
  Outcome<std::unique_ptr<Job>> OpenJob(const std::string& job_id) override {
    return Wrap("GetJob(" + job_id + ")", inner_.OpenJob(job_id));
  }
  HResult Impersonate(const Principal& principal) override {
    const HResult result = inner_.Impersonate(principal);
    evidence_.Call(label_ + ": impersonate " + principal.name + " (" + Name(principal.kind) + ")",
                   result);
    return result;
  }
  HResult RevertToSelf() override {
    const HResult result = inner_.RevertToSelf();
    evidence_.Call(label_ + ": RevertToSelf()", result);
    return result;
  }

 private:
  Outcome<std::unique_ptr<Job>> Wrap(const std::string& what,
                                     Outcome<std::unique_ptr<Job>> outcome) {
    std::string job_label = label_ + " job";
    if (outcome.value) {
      job_label += " " + outcome.value->Id();
      outcome.value = RecordJob(std::move(outcome.value), job_label, evidence_);
    }
    evidence_.Call(label_ + ": " + what, outcome.hr);
    return outcome;
  }

  Caller& inner_;
  std::string label_;
  Evidence& evidence_;
};

}  // namespace

std::unique_ptr<Caller> RecordCaller(Caller& inner, std::string label, Evidence& evidence) {
  return std::make_unique<RecordingCaller>(inner, std::move(label), evidence);
}

std::unique_ptr<Job> RecordJob(std::unique_ptr<Job> inner, std::string label, Evidence& evidence) {
  return std::make_unique<RecordingJob>(std::move(inner), std::move(label), evidence);
}

}  // namespace bitscts::internal
