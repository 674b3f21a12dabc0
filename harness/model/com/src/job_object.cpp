// A served job pointer: IBackgroundCopyJob to IBackgroundCopyJob5 (as the build's BITS has them)
// and IBackgroundCopyJobHttpOptions; IBitsTokenOptions is a separate object bound at
// QueryInterface. Every method answers through the model's JobHandle.
#include <cstdio>
#include <string>
#include <utility>

#include "com_object.h"
#include "handles.h"
#include "notify_interface.h"
#include "objects.h"
#include "served_call.h"
#include "text.h"
#include "token_rules.h"

namespace bitscts::model::com_face {
namespace {

using com::Narrow;

// The first BITS version with IBackgroundCopyJob4.
constexpr std::string_view kJob4Version = "3.0";

// Returns the 20-byte certificate hash `hash` as 40 lowercase hex digits.
std::string HashText(const BYTE* hash) {
  std::string text;
  for (int i = 0; i < 20; ++i) {
    char digits[3];
    std::snprintf(digits, sizeof digits, "%02x", static_cast<unsigned>(hash[i]));
    text += digits;
  }
  return text;
}

// Returns true if and only if BITS `version` ("10.3") is at least `minimum` ("3.0").
bool AtLeast(std::string_view version, std::string_view minimum) {
  const auto number = [](std::string_view text) {
    const std::size_t dot = text.find('.');
    return std::stoi(std::string(text.substr(0, dot))) * 1000 +
           (dot == std::string_view::npos ? 0 : std::stoi(std::string(text.substr(dot + 1))));
  };
  return number(version) >= number(minimum);
}

class JobObject final : public ComObject<IBackgroundCopyJob5, IBackgroundCopyJobHttpOptions> {
 public:
  JobObject(Served served, std::string job_id, Token proxy_identity)
      : served_(std::move(served)),
        job_id_(std::move(job_id)),
        proxy_identity_(std::move(proxy_identity)) {}

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** object) override {
    if (object != nullptr && Is<IBitsTokenOptions>(iid)) return QueryTokenOptions(object);
    return ComObject::QueryInterface(iid, object);
  }

  // ---- IBackgroundCopyJob ----
  HRESULT STDMETHODCALLTYPE AddFileSet(ULONG, BG_FILE_INFO*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE AddFile(LPCWSTR remote_url, LPCWSTR local_name) override {
    return Call(
        [&](JobHandle& job) { return job.AddFile(Narrow(remote_url), Narrow(local_name)); });
  }
  HRESULT STDMETHODCALLTYPE EnumFiles(IEnumBackgroundCopyFiles**) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE Suspend() override {
    return Call([](JobHandle& job) { return job.Suspend(); });
  }
  HRESULT STDMETHODCALLTYPE Resume() override {
    return Call([](JobHandle& job) { return job.Resume(); });
  }
  HRESULT STDMETHODCALLTYPE Cancel() override {
    std::vector<NotifyRegistration> released;  // released after the lock
    return Call([&](JobHandle& job) {
      const HResult result = job.Cancel();
      released = ReleaseFinalRegistrations(*served_.core);
      return result;
    });
  }
  HRESULT STDMETHODCALLTYPE Complete() override {
    std::vector<NotifyRegistration> released;  // released after the lock
    return Call([&](JobHandle& job) {
      const HResult result = job.Complete();
      released = ReleaseFinalRegistrations(*served_.core);
      return result;
    });
  }
  HRESULT STDMETHODCALLTYPE GetId(GUID* id) override {
    if (id == nullptr) return E_POINTER;
    return Serve(served_, [&](ServedCall&) { return com::ParseGuid(job_id_, id) ? S_OK : E_FAIL; });
  }
  HRESULT STDMETHODCALLTYPE GetType(BG_JOB_TYPE* type) override {
    if (type == nullptr) return E_POINTER;
    return Serve(served_, [&](ServedCall& call) {
      if (const HResult can = call.caller().CanCall(); can.Failed()) return Raw(can);
      *type = BG_JOB_TYPE_DOWNLOAD;  // the model's only kind of job
      return S_OK;
    });
  }
  HRESULT STDMETHODCALLTYPE GetProgress(BG_JOB_PROGRESS*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetTimes(BG_JOB_TIMES*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetState(BG_JOB_STATE* state) override {
    if (state == nullptr) return E_POINTER;
    *state = {};
    return Call([&](JobHandle& job) {
      const Outcome<JobState> read = job.State();
      if (read.hr.Succeeded()) *state = static_cast<BG_JOB_STATE>(read.value);
      return read.hr;
    });
  }
  HRESULT STDMETHODCALLTYPE GetError(IBackgroundCopyError** error) override {
    if (error == nullptr) return E_POINTER;
    *error = nullptr;
    return Call([&](JobHandle& job) {
      const Outcome<JobError> read = job.Error();
      if (read.hr.Succeeded())
        *error = NewError(served_, SnapshotError(*served_.core->service, job_id_));
      return read.hr;
    });
  }
  HRESULT STDMETHODCALLTYPE GetOwner(LPWSTR* owner) override {
    if (owner == nullptr) return E_POINTER;
    *owner = nullptr;
    return Call([&](JobHandle& job) {
      const Outcome<std::string> read = job.OwnerSid();
      if (read.hr.Succeeded()) *owner = TaskString(read.value);
      return read.hr;
    });
  }
  HRESULT STDMETHODCALLTYPE SetDisplayName(LPCWSTR) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetDisplayName(LPWSTR* name) override {
    if (name == nullptr) return E_POINTER;
    *name = nullptr;
    return Serve(served_, [&](ServedCall& call) {
      if (const HResult can = call.caller().CanCall(); can.Failed()) return Raw(can);
      *name = TaskString(call.service().Find(job_id_)->display_name);
      return S_OK;
    });
  }
  HRESULT STDMETHODCALLTYPE SetDescription(LPCWSTR) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetDescription(LPWSTR*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetPriority(BG_JOB_PRIORITY) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetPriority(BG_JOB_PRIORITY*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetNotifyFlags(ULONG flags) override {
    return Call([flags](JobHandle& job) { return job.SetNotifyFlags(flags); });
  }
  HRESULT STDMETHODCALLTYPE GetNotifyFlags(ULONG* flags) override {
    if (flags == nullptr) return E_POINTER;
    *flags = {};
    return Call([&](JobHandle& job) {
      const Outcome<std::uint32_t> read = job.NotifyFlags();
      if (read.hr.Succeeded()) *flags = read.value;
      return read.hr;
    });
  }
  HRESULT STDMETHODCALLTYPE SetNotifyInterface(IUnknown* notify) override;
  HRESULT STDMETHODCALLTYPE GetNotifyInterface(IUnknown**) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetMinimumRetryDelay(ULONG seconds) override {
    return Call([seconds](JobHandle& job) { return job.SetMinimumRetryDelay(seconds); });
  }
  HRESULT STDMETHODCALLTYPE GetMinimumRetryDelay(ULONG* seconds) override {
    if (seconds == nullptr) return E_POINTER;
    *seconds = {};
    return Call([&](JobHandle& job) {
      const Outcome<std::uint32_t> read = job.MinimumRetryDelay();
      if (read.hr.Succeeded()) *seconds = read.value;
      return read.hr;
    });
  }
  HRESULT STDMETHODCALLTYPE SetNoProgressTimeout(ULONG seconds) override {
    return Call([seconds](JobHandle& job) { return job.SetNoProgressTimeout(seconds); });
  }
  HRESULT STDMETHODCALLTYPE GetNoProgressTimeout(ULONG* seconds) override {
    if (seconds == nullptr) return E_POINTER;
    *seconds = {};
    return Call([&](JobHandle& job) {
      const Outcome<std::uint32_t> read = job.NoProgressTimeout();
      if (read.hr.Succeeded()) *seconds = read.value;
      return read.hr;
    });
  }
  HRESULT STDMETHODCALLTYPE GetErrorCount(ULONG*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetProxySettings(BG_JOB_PROXY_USAGE usage, const WCHAR* proxy_list,
                                             const WCHAR* bypass_list) override {
    return Call([&](JobHandle& job) {
      return job.SetProxySettings(static_cast<ProxyUsage>(usage), Narrow(proxy_list),
                                  Narrow(bypass_list));
    });
  }
  HRESULT STDMETHODCALLTYPE GetProxySettings(BG_JOB_PROXY_USAGE*, LPWSTR*, LPWSTR*) override {
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE TakeOwnership() override {
    return Call([](JobHandle& job) { return job.TakeOwnership(); });
  }

  // ---- IBackgroundCopyJob2 ----
  HRESULT STDMETHODCALLTYPE SetNotifyCmdLine(LPCWSTR, LPCWSTR) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetNotifyCmdLine(LPWSTR*, LPWSTR*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetReplyProgress(BG_JOB_REPLY_PROGRESS*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetReplyData(byte**, UINT64*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetReplyFileName(LPCWSTR) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetReplyFileName(LPWSTR*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetCredentials(BG_AUTH_CREDENTIALS* credentials) override {
    if (credentials == nullptr) return E_INVALIDARG;
    Credentials model;
    model.target = static_cast<AuthTarget>(credentials->Target);
    model.scheme = static_cast<AuthScheme>(credentials->Scheme);
    const BG_BASIC_CREDENTIALS& basic = credentials->Credentials.Basic;
    if (basic.UserName != nullptr) model.user_name = Narrow(basic.UserName);
    if (basic.Password != nullptr) model.password = Password(Narrow(basic.Password));
    return Call([&](JobHandle& job) { return job.SetCredentials(model); });
  }
  HRESULT STDMETHODCALLTYPE RemoveCredentials(BG_AUTH_TARGET, BG_AUTH_SCHEME) override {
    return E_NOTIMPL;
  }

  // ---- IBackgroundCopyJob3 ----
  HRESULT STDMETHODCALLTYPE ReplaceRemotePrefix(LPCWSTR, LPCWSTR) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE AddFileWithRanges(LPCWSTR, LPCWSTR, DWORD, BG_FILE_RANGE[]) override {
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE SetFileACLFlags(DWORD) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetFileACLFlags(DWORD*) override { return E_NOTIMPL; }

  // ---- IBackgroundCopyJob4 ----
  HRESULT STDMETHODCALLTYPE SetPeerCachingFlags(DWORD) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetPeerCachingFlags(DWORD*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetOwnerIntegrityLevel(ULONG*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetOwnerElevationState(BOOL*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetMaximumDownloadTime(ULONG) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetMaximumDownloadTime(ULONG*) override { return E_NOTIMPL; }

  // ---- IBackgroundCopyJob5 ----
  HRESULT STDMETHODCALLTYPE SetProperty(BITS_JOB_PROPERTY_ID id,
                                        BITS_JOB_PROPERTY_VALUE value) override {
    if (id != BITS_JOB_PROPERTY_ID_COST_FLAGS) return E_NOTIMPL;
    return Call([&](JobHandle& job) { return job.SetCostFlags(value.Dword); });
  }
  HRESULT STDMETHODCALLTYPE GetProperty(BITS_JOB_PROPERTY_ID id,
                                        BITS_JOB_PROPERTY_VALUE* value) override {
    if (value == nullptr) return E_POINTER;
    if (id != BITS_JOB_PROPERTY_ID_COST_FLAGS) return E_NOTIMPL;
    return Call([&](JobHandle& job) {
      const Outcome<std::uint32_t> read = job.CostFlags();
      if (read.hr.Succeeded()) value->Dword = read.value;
      return read.hr;
    });
  }

  // ---- IBackgroundCopyJobHttpOptions ----
  HRESULT STDMETHODCALLTYPE SetClientCertificateByID(BG_CERT_STORE_LOCATION location,
                                                     LPCWSTR store_name, BYTE* hash) override {
    if (hash == nullptr || store_name == nullptr) return E_INVALIDARG;
    return Call([&](JobHandle& job) {
      return job.SetClientCertificate(static_cast<CertStoreLocation>(location), Narrow(store_name),
                                      HashText(hash));
    });
  }
  HRESULT STDMETHODCALLTYPE SetClientCertificateByName(BG_CERT_STORE_LOCATION, LPCWSTR,
                                                       LPCWSTR) override {
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE RemoveClientCertificate() override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetClientCertificate(BG_CERT_STORE_LOCATION*, LPWSTR*, BYTE**,
                                                 LPWSTR*) override {
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE SetCustomHeaders(LPCWSTR) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetCustomHeaders(LPWSTR*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetSecurityFlags(ULONG) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetSecurityFlags(ULONG*) override { return E_NOTIMPL; }

 protected:
  HRESULT Find(REFIID iid, void** object) override {
    return Serve(served_, [&](ServedCall& call) {
      const EmulatedBuild& build = call.service().build();
      // Every emulated BITS is at least 2.5: Job2, Job3 and the HTTP options always exist.
      const bool job =
          Is<IUnknown>(iid) || Is<IBackgroundCopyJob>(iid) || Is<IBackgroundCopyJob2>(iid) ||
          Is<IBackgroundCopyJob3>(iid) ||
          (Is<IBackgroundCopyJob4>(iid) && AtLeast(build.bits_version, kJob4Version)) ||
          (Is<IBackgroundCopyJob5>(iid) && build.HasCostFlags());
      if (job) {
        *object = static_cast<IBackgroundCopyJob5*>(this);
        return S_OK;
      }
      if (Is<IBackgroundCopyJobHttpOptions>(iid)) {
        *object = static_cast<IBackgroundCopyJobHttpOptions*>(this);
        return S_OK;
      }
      return E_NOINTERFACE;
    });
  }

 private:
  // Runs `body` with the model's handle of this pointer as a served call.
  template <typename Body>
  HRESULT Call(Body body) {
    return Serve(served_, [&](ServedCall&) {
      JobHandle job(served_.core->service, served_.process->state, job_id_, proxy_identity_);
      return Raw(body(job));
    });
  }

  // HT-IF-3, HT-QI-1: BITS checks the presented identity when IBitsTokenOptions is queried.
  HRESULT QueryTokenOptions(void** object) {
    *object = nullptr;
    return Serve(served_, [&](ServedCall& call) {
      CallerState& caller = call.caller();
      if (!caller.alive) return Raw(hr::kNotLoggedOn);
      const Token& presented = caller.Presented(proxy_identity_);
      const HResult result =
          CheckQueryInterface(call.service().build().token_rules, caller.settings.level, presented,
                              *call.service().Find(job_id_));
      if (result.Failed()) return Raw(result);
      *object = NewTokenOptions(served_, job_id_, presented);
      return Raw(result);
    });
  }

  Served served_;
  std::string job_id_;
  Token proxy_identity_;  // the thread's identity when this pointer was obtained
};

HRESULT JobObject::SetNotifyInterface(IUnknown* notify) {
  IBackgroundCopyCallback* callback = nullptr;
  if (notify != nullptr) {
    // Outside the lock: the client's QueryInterface may call anything.
    if (FAILED(notify->QueryInterface(com::IidOf<IBackgroundCopyCallback>(),
                                      reinterpret_cast<void**>(&callback))) ||
        callback == nullptr) {
      return E_NOINTERFACE;
    }
  }
  std::optional<NotifyRegistration> dropped;  // destroyed after the lock: it may release a client
  const HRESULT result = Serve(served_, [&](ServedCall& call) {
    if (callback == nullptr) {
      JobRecord* job = call.service().Find(job_id_);
      if (job != nullptr) dropped = std::exchange(job->notify, std::nullopt);
      const HResult removed =
          JobHandle(served_.core->service, served_.process->state, job_id_, proxy_identity_)
              .RemoveNotifyInterface();
      if (removed.Failed() && job != nullptr) job->notify = std::exchange(dropped, std::nullopt);
      return Raw(removed);
    }
    CallerState& caller = call.caller();
    const Token& presented = caller.Presented(proxy_identity_);
    if (const HResult can = caller.CanModify(presented); can.Failed()) return Raw(can);
    JobRecord& job = *call.service().Find(job_id_);
    if (IsFinal(job.state)) return Raw(hr::kInvalidState);  // JOB-STATE-9
    dropped = RegisterNotifyInterface(served_, job, callback, presented.user_sid);
    // JOB-CB-2: an event that already happened is delivered to the new interface.
    if (job.state == JobState::kTransferred) call.service().Notify(job, JobEvent::kTransferred);
    if (job.state == JobState::kError) call.service().Notify(job, JobEvent::kError);
    call.service().Touch(job);
    return S_OK;
  });
  if (callback != nullptr) callback->Release();  // the registration holds its own reference
  return result;
}

}  // namespace

IBackgroundCopyJob* NewJob(Served served, std::string job_id, Token proxy_identity) {
  return new JobObject(std::move(served), std::move(job_id), std::move(proxy_identity));
}

}  // namespace bitscts::model::com_face
