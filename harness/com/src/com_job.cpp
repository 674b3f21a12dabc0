#include "com_job.h"

#include <string>
#include <utility>
#include <vector>

#include "job_wait.h"
#include "text.h"

namespace bitscts::com {
namespace {

// Takes a string a COM method returned: converts it to UTF-8 and frees it exactly once.
std::string TakeTaskString(SystemApi& system, LPWSTR text) {
  std::string narrow = Narrow(text);
  if (text != nullptr) system.CoTaskMemFree(text);
  return narrow;
}

// Every output is filled before the call with a value no BITS writes (target.h, unwritten), so
// that a call answering success without writing its output is seen as such.
wchar_t unwritten_string[] = L"";
constexpr DWORD kUnwrittenDword = unwritten::kNumber;
const auto kUnwrittenState = static_cast<BG_JOB_STATE>(unwritten::kState);

class ComTokenOptions final : public TokenOptions {
 public:
  ComTokenOptions(std::shared_ptr<SystemApi> system, ComRef<IBitsTokenOptions> options)
      : system_(std::move(system)), options_(std::move(options)) {}

  HResult SetHelperToken() override { return ToHResult(options_->SetHelperToken()); }
  HResult ClearHelperToken() override { return ToHResult(options_->ClearHelperToken()); }
  HResult SetHelperTokenFlags(std::uint32_t flags) override {
    return ToHResult(options_->SetHelperTokenFlags(static_cast<DWORD>(flags)));
  }
  Outcome<std::uint32_t> GetHelperTokenFlags() override {
    DWORD flags = kUnwrittenDword;
    const HRESULT result = options_->GetHelperTokenFlags(&flags);
    return {ToHResult(result), static_cast<std::uint32_t>(flags)};
  }
  Outcome<std::optional<std::string>> GetHelperTokenSid() override {
    LPWSTR sid = unwritten_string;
    const HRESULT result = options_->GetHelperTokenSid(&sid);
    Outcome<std::optional<std::string>> outcome{ToHResult(result), std::nullopt};
    if (sid == unwritten_string) {
      if (SUCCEEDED(result)) outcome.value = unwritten::kText;
    } else if (sid != nullptr) {
      outcome.value = TakeTaskString(*system_, sid);
    }
    return outcome;
  }

 private:
  std::shared_ptr<SystemApi> system_;
  ComRef<IBitsTokenOptions> options_;
};

class ComJob final : public Job {
 public:
  ComJob(std::shared_ptr<SystemApi> system, ComRef<IBackgroundCopyJob> job,
         ComRef<JobEvents> events)
      : system_(std::move(system)), job_(std::move(job)), events_(std::move(events)) {
    GUID guid{};
    if (SUCCEEDED(job_->GetId(&guid))) id_ = GuidText(guid);
    State();
  }

  std::string Id() const override { return id_; }

  HResult AddFile(const std::string& remote_url, const std::string& local_path) override {
    const std::wstring remote = Widen(remote_url);
    const std::wstring local = Widen(local_path);
    return ToHResult(job_->AddFile(remote.c_str(), local.c_str()));
  }
  HResult Resume() override { return Observed(job_->Resume()); }
  HResult Suspend() override { return Observed(job_->Suspend()); }
  HResult Cancel() override { return Observed(job_->Cancel()); }
  HResult Complete() override { return Observed(job_->Complete()); }
  HResult SetNoProgressTimeout(std::uint32_t seconds) override {
    return ToHResult(job_->SetNoProgressTimeout(static_cast<ULONG>(seconds)));
  }

  Outcome<JobState> State() override {
    BG_JOB_STATE state = kUnwrittenState;
    const HRESULT result = job_->GetState(&state);
    const auto value = static_cast<JobState>(state);  // unwritten::kState when BITS wrote nothing
    if (SUCCEEDED(result) && (history_.empty() || history_.back() != value))
      history_.push_back(value);
    return {ToHResult(result), value};
  }

  Outcome<JobError> Error() override {
    ComRef<IBackgroundCopyError> error;
    const HRESULT result = job_->GetError(error.Put());
    Outcome<JobError> outcome{ToHResult(result), {}};
    if (FAILED(result) || !error) return outcome;
    // BG_ERROR_CONTEXT has no value to spare in every SDK (MinGW's ends at 7), so an unwritten
    // error shows by its code, which no BITS writes as 0xBAADF00D.
    BG_ERROR_CONTEXT context = BG_ERROR_CONTEXT_NONE;
    auto code = static_cast<HRESULT>(kUnwrittenDword);
    outcome.hr = ToHResult(error->GetError(&context, &code));
    outcome.value.code = ToHResult(code);
    outcome.value.context = static_cast<ErrorContext>(context);
    LPWSTR description = unwritten_string;
    if (SUCCEEDED(error->GetErrorDescription(system_->ThreadLanguageId(), &description))) {
      std::string text = description == unwritten_string ? unwritten::kText
                                                         : TakeTaskString(*system_, description);
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
      outcome.value.description = std::move(text);
    }
    return outcome;
  }

  WaitResult WaitForState(const std::vector<JobState>& wanted,
                          std::chrono::milliseconds timeout) override {
    return WaitForJobState([this] { return State(); }, wanted, timeout, *events_.get());
  }

  std::vector<JobState> StateHistory() const override { return history_; }

  // TEMPORARY-SURFACE: replaced by the surface branch's forwarding before this lands.
  HResult SetNotifyFlags(std::uint32_t) override { return hr::kNotImpl; }
  Outcome<std::uint32_t> NotifyFlags() override { return {hr::kNotImpl, 0}; }
  HResult SetNotifyInterface() override { return hr::kNotImpl; }
  HResult SetBlockingNotifyInterface() override { return hr::kNotImpl; }
  HResult RemoveNotifyInterface() override { return hr::kNotImpl; }
  Outcome<std::vector<Notification>> WaitForNotification(JobEvent,
                                                         std::chrono::milliseconds) override {
    return {hr::kNotImpl, {}};
  }
  Outcome<std::string> ErrorDescription(std::uint32_t) override { return {hr::kNotImpl, {}}; }
  Outcome<JobFile> ErrorFile() override { return {hr::kNotImpl, {}}; }
  Outcome<std::string> ErrorProtocol() override { return {hr::kNotImpl, {}}; }
  Outcome<std::string> OwnerSid() override { return {hr::kNotImpl, {}}; }
  HResult TakeOwnership() override { return hr::kNotImpl; }
  HResult SetCredentials(const Credentials&) override { return hr::kNotImpl; }
  HResult SetProxySettings(ProxyUsage, const std::string&, const std::string&) override {
    return hr::kNotImpl;
  }
  HResult SetClientCertificate(CertStoreLocation, const std::string&, const std::string&) override {
    return hr::kNotImpl;
  }

  Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() override {
    ComRef<IBitsTokenOptions> options;
    const HRESULT result = job_->QueryInterface(IidOf<IBitsTokenOptions>(), options.PutVoid());
    Outcome<std::unique_ptr<TokenOptions>> outcome{ToHResult(result), nullptr};
    if (SUCCEEDED(result) && options)
      outcome.value = MakeComTokenOptions(system_, std::move(options));
    return outcome;
  }

  HResult SetCostFlags(std::uint32_t flags) override {
    ComRef<IBackgroundCopyJob5> job5;
    if (const HRESULT queried = QueryJob5(job5); FAILED(queried)) return ToHResult(queried);
    BITS_JOB_PROPERTY_VALUE value{};
    value.Dword = static_cast<DWORD>(flags);
    return ToHResult(job5->SetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS, value));
  }

  Outcome<std::uint32_t> CostFlags() override {
    ComRef<IBackgroundCopyJob5> job5;
    if (const HRESULT queried = QueryJob5(job5); FAILED(queried)) return {ToHResult(queried), 0};
    BITS_JOB_PROPERTY_VALUE value{};
    value.Dword = kUnwrittenDword;
    const HRESULT result = job5->GetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS, &value);
    return {ToHResult(result), SUCCEEDED(result) ? static_cast<std::uint32_t>(value.Dword) : 0};
  }

 private:
  // Queries the job for IBackgroundCopyJob5 (BITS 5.0); E_NOINTERFACE also when no pointer came.
  HRESULT QueryJob5(ComRef<IBackgroundCopyJob5>& job5) {
    const HRESULT queried = job_->QueryInterface(IidOf<IBackgroundCopyJob5>(), job5.PutVoid());
    if (FAILED(queried)) return queried;
    return job5 ? S_OK : E_NOINTERFACE;
  }

  // Records the state a state-changing call left the job in; returns the call's result.
  HResult Observed(HRESULT result) {
    State();
    return ToHResult(result);
  }

  std::shared_ptr<SystemApi> system_;
  ComRef<IBackgroundCopyJob> job_;
  ComRef<JobEvents> events_;
  std::string id_;
  std::vector<JobState> history_;
};

}  // namespace

std::unique_ptr<Job> MakeComJob(std::shared_ptr<SystemApi> system, ComRef<IBackgroundCopyJob> job,
                                ComRef<JobEvents> events) {
  return std::make_unique<ComJob>(std::move(system), std::move(job), std::move(events));
}

std::unique_ptr<TokenOptions> MakeComTokenOptions(std::shared_ptr<SystemApi> system,
                                                  ComRef<IBitsTokenOptions> options) {
  return std::make_unique<ComTokenOptions>(std::move(system), std::move(options));
}

}  // namespace bitscts::com
