#include "com_job.h"

#include <algorithm>
#include <string>

#include "win_text.h"

namespace bitscts::com {
namespace {

// Waits wake on every BITS notification; this bound on each wait covers implementations that do
// not notify every change (Wine delivers no JobError and no JobModification). It is a bounded
// fallback poll, not a sleep: a notification ends the wait at once.
constexpr std::chrono::milliseconds kFallbackPoll{200};

std::string StateSetText(const std::vector<JobState>& states) {
  std::string text;
  for (JobState state : states) {
    if (!text.empty()) text += " or ";
    text += Name(state);
  }
  return text;
}

class ComTokenOptions final : public TokenOptions {
 public:
  explicit ComTokenOptions(ComRef<IBitsTokenOptions> options) : options_(std::move(options)) {}

  HResult SetHelperToken() override { return ToHResult(options_->SetHelperToken()); }
  HResult ClearHelperToken() override { return ToHResult(options_->ClearHelperToken()); }
  HResult SetHelperTokenFlags(std::uint32_t flags) override {
    return ToHResult(options_->SetHelperTokenFlags(flags));
  }
  Outcome<std::uint32_t> GetHelperTokenFlags() override {
    DWORD flags = 0;
    const HRESULT result = options_->GetHelperTokenFlags(&flags);
    return {ToHResult(result), static_cast<std::uint32_t>(flags)};
  }
  Outcome<std::optional<std::string>> GetHelperTokenSid() override {
    LPWSTR sid = nullptr;
    const HRESULT result = options_->GetHelperTokenSid(&sid);
    Outcome<std::optional<std::string>> outcome{ToHResult(result), std::nullopt};
    if (sid != nullptr) {
      outcome.value = Narrow(sid);
      CoTaskMemFree(sid);
    }
    return outcome;
  }

 private:
  ComRef<IBitsTokenOptions> options_;
};

class ComJob final : public Job {
 public:
  ComJob(ComRef<IBackgroundCopyJob> job, ComRef<JobEvents> events)
      : job_(std::move(job)), events_(std::move(events)) {
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
    return ToHResult(job_->SetNoProgressTimeout(seconds));
  }

  Outcome<JobState> State() override {
    BG_JOB_STATE state = BG_JOB_STATE_SUSPENDED;
    const HRESULT result = job_->GetState(&state);
    const auto value = static_cast<JobState>(state);
    if (SUCCEEDED(result) && (history_.empty() || history_.back() != value)) history_.push_back(value);
    return {ToHResult(result), value};
  }

  Outcome<JobError> Error() override {
    ComRef<IBackgroundCopyError> error;
    const HRESULT result = job_->GetError(error.Put());
    Outcome<JobError> outcome{ToHResult(result), {}};
    if (FAILED(result) || !error) return outcome;
    BG_ERROR_CONTEXT context = BG_ERROR_CONTEXT_NONE;
    HRESULT code = S_OK;
    outcome.hr = ToHResult(error->GetError(&context, &code));
    outcome.value.code = ToHResult(code);
    outcome.value.context = static_cast<ErrorContext>(context);
    LPWSTR description = nullptr;
    if (SUCCEEDED(error->GetErrorDescription(LANGIDFROMLCID(GetThreadLocale()), &description))) {
      outcome.value.description = Narrow(description);
      CoTaskMemFree(description);
      while (!outcome.value.description.empty() &&
             (outcome.value.description.back() == '\n' || outcome.value.description.back() == '\r')) {
        outcome.value.description.pop_back();
      }
    }
    return outcome;
  }

  WaitResult WaitForState(const std::vector<JobState>& wanted, std::chrono::milliseconds timeout) override {
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + std::clamp(timeout, std::chrono::milliseconds(0), std::chrono::milliseconds(std::chrono::hours(24)));
    WaitResult result;
    result.waited_for = StateSetText(wanted);
    std::uint64_t seen = events_->count();
    while (true) {
      const Outcome<JobState> state = State();
      result.state = state.value;
      const auto now = std::chrono::steady_clock::now();
      result.waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - started);
      if (state.hr.Succeeded() && std::find(wanted.begin(), wanted.end(), state.value) != wanted.end()) {
        result.reached = true;
        return result;
      }
      if (now >= deadline) return result;
      seen = events_->WaitForChange(seen, std::min(deadline, now + kFallbackPoll));
    }
  }

  std::vector<JobState> StateHistory() const override { return history_; }

  Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() override {
    ComRef<IBitsTokenOptions> options;
    const HRESULT result = job_->QueryInterface(kIidBitsTokenOptions, options.PutVoid());
    Outcome<std::unique_ptr<TokenOptions>> outcome{ToHResult(result), nullptr};
    if (SUCCEEDED(result) && options) outcome.value = std::make_unique<ComTokenOptions>(std::move(options));
    return outcome;
  }

 private:
  HResult Observed(HRESULT result) {
    State();
    return ToHResult(result);
  }

  ComRef<IBackgroundCopyJob> job_;
  ComRef<JobEvents> events_;
  std::string id_;
  std::vector<JobState> history_;
};

}  // namespace

std::unique_ptr<Job> MakeComJob(ComRef<IBackgroundCopyJob> job, ComRef<JobEvents> events) {
  return std::make_unique<ComJob>(std::move(job), std::move(events));
}

}  // namespace bitscts::com
