#include "com_job.h"

#include <string>
#include <utility>
#include <vector>

#include "bitscts/com/secret.h"
#include "error_object.h"
#include "job_wait.h"
#include "recording_callback.h"
#include "task_string.h"
#include "text.h"

namespace bitscts::com {
namespace {

// Every output is filled before the call with a value no BITS writes (target.h, unwritten), so
// that a call answering success without writing its output is seen as such.
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
    LPWSTR sid = UnwrittenString();
    const HRESULT result = options_->GetHelperTokenSid(&sid);
    Outcome<std::optional<std::string>> outcome{ToHResult(result), std::nullopt};
    if (sid == UnwrittenString()) {
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
         ComRef<JobEvents> events, std::shared_ptr<CallbackGate> gate)
      : system_(std::move(system)),
        job_(std::move(job)),
        events_(std::move(events)),
        gate_(std::move(gate)) {
    GUID guid{};
    if (SUCCEEDED(job_->GetId(&guid))) id_ = GuidText(guid);
    State();
  }
  // Calls held in the blocking interface registered through this pointer return now.
  ~ComJob() override {
    if (recorder_) recorder_->SetBlocking(false);
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
    if (FAILED(result) || !error) return {ToHResult(result), {}};
    return ReadErrorObject(*system_, *error.get());
  }

  WaitResult WaitForState(const std::vector<JobState>& wanted,
                          std::chrono::milliseconds timeout) override {
    return WaitForJobState([this] { return State(); }, wanted, timeout, *events_.get());
  }

  std::vector<JobState> StateHistory() const override { return history_; }

  Outcome<std::unique_ptr<TokenOptions>> QueryTokenOptions() override {
    ComRef<IBitsTokenOptions> options;
    const HRESULT result = job_->QueryInterface(IidOf<IBitsTokenOptions>(), options.PutVoid());
    Outcome<std::unique_ptr<TokenOptions>> outcome{ToHResult(result), nullptr};
    if (SUCCEEDED(result) && options)
      outcome.value = MakeComTokenOptions(system_, std::move(options));
    return outcome;
  }

  HResult SetNotifyFlags(std::uint32_t flags) override {
    return ToHResult(job_->SetNotifyFlags(static_cast<ULONG>(flags)));
  }
  Outcome<std::uint32_t> NotifyFlags() override {
    ULONG flags = kUnwrittenDword;
    const HRESULT result = job_->GetNotifyFlags(&flags);
    return {ToHResult(result), static_cast<std::uint32_t>(flags)};
  }
  HResult SetNotifyInterface() override { return Register(false); }
  HResult SetBlockingNotifyInterface() override { return Register(true); }
  HResult RemoveNotifyInterface() override { return ToHResult(job_->SetNotifyInterface(nullptr)); }
  Outcome<std::vector<Notification>> WaitForNotification(
      JobEvent event, std::chrono::milliseconds timeout) override {
    // Nothing was registered through this pointer, so nothing can arrive for it.
    if (!recorder_) return {hr::kOk, {}};
    return {hr::kOk, recorder_->WaitFor(event, timeout)};
  }

  Outcome<std::string> ErrorDescription(std::uint32_t language_id) override {
    ComRef<IBackgroundCopyError> error;
    const HRESULT read = ReadError(error);
    if (FAILED(read)) return {ToHResult(read), {}};
    if (!error) return {ToHResult(read), unwritten::kText};
    LPWSTR text = UnwrittenString();
    const HRESULT result = error->GetErrorDescription(static_cast<DWORD>(language_id), &text);
    return {ToHResult(result), TakeOutputString(*system_, text, result)};
  }
  Outcome<JobFile> ErrorFile() override {
    ComRef<IBackgroundCopyError> error;
    const HRESULT read = ReadError(error);
    if (FAILED(read)) return {ToHResult(read), {}};
    if (!error) return {ToHResult(read), {unwritten::kText, unwritten::kText}};
    ComRef<IBackgroundCopyFile> file;
    HRESULT result = error->GetFile(file.Put());
    if (FAILED(result)) return {ToHResult(result), {}};
    if (!file) return {ToHResult(result), {unwritten::kText, unwritten::kText}};
    Outcome<JobFile> outcome{ToHResult(result), {}};
    LPWSTR remote = UnwrittenString();
    result = file->GetRemoteName(&remote);
    outcome.value.remote_url = TakeOutputString(*system_, remote, result);
    if (FAILED(result)) return {ToHResult(result), {}};
    LPWSTR local = UnwrittenString();
    result = file->GetLocalName(&local);
    outcome.value.local_path = TakeOutputString(*system_, local, result);
    if (FAILED(result)) return {ToHResult(result), {}};
    return outcome;
  }
  Outcome<std::string> ErrorProtocol() override {
    ComRef<IBackgroundCopyError> error;
    const HRESULT read = ReadError(error);
    if (FAILED(read)) return {ToHResult(read), {}};
    if (!error) return {ToHResult(read), unwritten::kText};
    LPWSTR protocol = UnwrittenString();
    const HRESULT result = error->GetProtocol(&protocol);
    return {ToHResult(result), TakeOutputString(*system_, protocol, result)};
  }

  Outcome<std::string> OwnerSid() override {
    LPWSTR owner = UnwrittenString();
    const HRESULT result = job_->GetOwner(&owner);
    return {ToHResult(result), TakeOutputString(*system_, owner, result)};
  }
  HResult TakeOwnership() override { return ToHResult(job_->TakeOwnership()); }

  HResult SetCredentials(const Credentials& credentials) override {
    ComRef<IBackgroundCopyJob2> job2;
    if (const HRESULT queried = Query(job2); FAILED(queried)) return ToHResult(queried);
    std::wstring user;
    if (credentials.user_name) user = Widen(*credentials.user_name);
    // The password lives only in a Secret, whose characters are scrubbed when it goes.
    Secret password;
    if (credentials.password) {
      std::wstring wide = Widen(credentials.password->Reveal());
      password = Secret(wide);
      ScrubMemory(wide.data(), wide.size() * sizeof(wchar_t));
    }
    BG_AUTH_CREDENTIALS native{};
    native.Target = static_cast<BG_AUTH_TARGET>(credentials.target);
    native.Scheme = static_cast<BG_AUTH_SCHEME>(credentials.scheme);
    native.Credentials.Basic.UserName = credentials.user_name ? user.data() : nullptr;
    native.Credentials.Basic.Password =
        credentials.password ? const_cast<LPWSTR>(password.Expose()) : nullptr;
    return ToHResult(job2->SetCredentials(&native));
  }

  HResult SetProxySettings(ProxyUsage usage, const std::string& proxy_list,
                           const std::string& bypass_list) override {
    const std::wstring proxies = Widen(proxy_list);
    const std::wstring bypass = Widen(bypass_list);
    return ToHResult(job_->SetProxySettings(static_cast<BG_JOB_PROXY_USAGE>(usage),
                                            proxy_list.empty() ? nullptr : proxies.c_str(),
                                            bypass_list.empty() ? nullptr : bypass.c_str()));
  }

  HResult SetClientCertificate(CertStoreLocation location, const std::string& store_name,
                               const std::string& thumbprint) override {
    ComRef<IBackgroundCopyJobHttpOptions> options;
    if (const HRESULT queried = Query(options); FAILED(queried)) return ToHResult(queried);
    const std::wstring store = Widen(store_name);
    std::vector<BYTE> hash = CertificateHashBytes(thumbprint);
    return ToHResult(
        options->SetClientCertificateByID(static_cast<BG_CERT_STORE_LOCATION>(location),
                                          store.c_str(), hash.data()));
  }

  HResult SetCostFlags(std::uint32_t flags) override {
    ComRef<IBackgroundCopyJob5> job5;
    if (const HRESULT queried = Query(job5); FAILED(queried)) return ToHResult(queried);
    BITS_JOB_PROPERTY_VALUE value{};
    value.Dword = static_cast<DWORD>(flags);
    return ToHResult(job5->SetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS, value));
  }

  Outcome<std::uint32_t> CostFlags() override {
    ComRef<IBackgroundCopyJob5> job5;
    if (const HRESULT queried = Query(job5); FAILED(queried)) return {ToHResult(queried), 0};
    BITS_JOB_PROPERTY_VALUE value{};
    value.Dword = kUnwrittenDword;
    const HRESULT result = job5->GetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS, &value);
    return {ToHResult(result), SUCCEEDED(result) ? static_cast<std::uint32_t>(value.Dword) : 0};
  }

 private:
  // Queries the job for `Interface` (IBackgroundCopyJob5: BITS 5.0); E_NOINTERFACE also when no
  // pointer came.
  template <typename Interface>
  HRESULT Query(ComRef<Interface>& object) {
    const HRESULT queried = job_->QueryInterface(IidOf<Interface>(), object.PutVoid());
    if (FAILED(queried)) return queried;
    return object ? S_OK : E_NOINTERFACE;
  }

  // Reads the job's error object (GetError) into `error`, which stays null when a call that
  // succeeded handed out none; returns GetError's result.
  HRESULT ReadError(ComRef<IBackgroundCopyError>& error) { return job_->GetError(error.Put()); }

  // Registers this pointer's recording object (made at the first registration) as the job's
  // notify interface, blocking or not from now on.
  HResult Register(bool blocking) {
    if (!recorder_)
      recorder_ = ComRef<RecordingCallback>(RecordingCallback::Create(system_, events_, gate_));
    recorder_->SetBlocking(blocking);
    return ToHResult(
        job_->SetNotifyInterface(static_cast<IBackgroundCopyCallback*>(recorder_.get())));
  }

  // Records the state a state-changing call left the job in; returns the call's result.
  HResult Observed(HRESULT result) {
    State();
    return ToHResult(result);
  }

  std::shared_ptr<SystemApi> system_;
  ComRef<IBackgroundCopyJob> job_;
  ComRef<JobEvents> events_;
  std::shared_ptr<CallbackGate> gate_;
  ComRef<RecordingCallback> recorder_;  // registered through this pointer, if ever
  std::string id_;
  std::vector<JobState> history_;
};

}  // namespace

std::unique_ptr<Job> MakeComJob(std::shared_ptr<SystemApi> system, ComRef<IBackgroundCopyJob> job,
                                ComRef<JobEvents> events, std::shared_ptr<CallbackGate> gate) {
  return std::make_unique<ComJob>(std::move(system), std::move(job), std::move(events),
                                  std::move(gate));
}

std::vector<BYTE> CertificateHashBytes(const std::string& thumbprint) {
  constexpr std::size_t kSha1Bytes = 20;
  const auto digit = [](char c) -> BYTE {
    if (c >= '0' && c <= '9') return static_cast<BYTE>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<BYTE>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<BYTE>(c - 'A' + 10);
    return 0;
  };
  std::vector<BYTE> bytes;
  for (std::size_t i = 0; i + 1 < thumbprint.size(); i += 2)
    bytes.push_back(static_cast<BYTE>((digit(thumbprint[i]) << 4) | digit(thumbprint[i + 1])));
  if (bytes.size() < kSha1Bytes) bytes.resize(kSha1Bytes, 0);
  return bytes;
}

std::unique_ptr<TokenOptions> MakeComTokenOptions(std::shared_ptr<SystemApi> system,
                                                  ComRef<IBitsTokenOptions> options) {
  return std::make_unique<ComTokenOptions>(std::move(system), std::move(options));
}

}  // namespace bitscts::com
