#include "broken_client.h"

#include <atomic>
#include <utility>

#include "bitscts/com/bits_api.h"
#include "forwarding_system_api.h"

namespace bitscts::com_model {
namespace {

constexpr DWORD kEoacNone = 0;              // EOAC_NONE
constexpr ULONG kLeakedNotifyFlags = 0x0B;  // TRANSFERRED | ERROR | MODIFICATION

class NoCloaking final : public ForwardingSystemApi {
 public:
  using ForwardingSystemApi::ForwardingSystemApi;
  HRESULT CoInitializeSecurity(DWORD authentication_level, DWORD impersonation_level,
                               DWORD) override {
    return inner().CoInitializeSecurity(authentication_level, impersonation_level, kEoacNone);
  }
};

// A manager whose CreateJob sets the leaked notify flags on each job it creates; every other
// call goes to the manager it wraps.
class LeakingManager final : public IBackgroundCopyManager {
 public:
  explicit LeakingManager(IBackgroundCopyManager* inner) : inner_(inner) {}

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** object) override {
    if (object == nullptr) return E_POINTER;
    if (com::SameGuid(iid, com::IidOf<IUnknown>()) ||
        com::SameGuid(iid, com::IidOf<IBackgroundCopyManager>())) {
      AddRef();
      *object = static_cast<IBackgroundCopyManager*>(this);
      return S_OK;
    }
    return inner_->QueryInterface(iid, object);
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++references_; }
  ULONG STDMETHODCALLTYPE Release() override {
    const ULONG left = --references_;
    if (left == 0) {
      inner_->Release();
      delete this;
    }
    return left;
  }
  HRESULT STDMETHODCALLTYPE CreateJob(LPCWSTR name, BG_JOB_TYPE type, GUID* id,
                                      IBackgroundCopyJob** job) override {
    const HRESULT created = inner_->CreateJob(name, type, id, job);
    if (SUCCEEDED(created) && job != nullptr && *job != nullptr)
      (*job)->SetNotifyFlags(kLeakedNotifyFlags);
    return created;
  }
  HRESULT STDMETHODCALLTYPE GetJob(REFGUID id, IBackgroundCopyJob** job) override {
    return inner_->GetJob(id, job);
  }
  HRESULT STDMETHODCALLTYPE EnumJobs(DWORD flags, IEnumBackgroundCopyJobs** jobs) override {
    return inner_->EnumJobs(flags, jobs);
  }
  HRESULT STDMETHODCALLTYPE GetErrorDescription(HRESULT result, DWORD language,
                                                LPWSTR* description) override {
    return inner_->GetErrorDescription(result, language, description);
  }

 private:
  IBackgroundCopyManager* inner_;
  std::atomic<ULONG> references_{1};
};

class NotifyFlagsLeak final : public ForwardingSystemApi {
 public:
  using ForwardingSystemApi::ForwardingSystemApi;
  HRESULT CoCreateInstance(REFCLSID clsid, DWORD context, REFIID iid, void** object) override {
    const HRESULT created = inner().CoCreateInstance(clsid, context, iid, object);
    if (FAILED(created) || object == nullptr || *object == nullptr ||
        !com::SameGuid(iid, com::IidOf<IBackgroundCopyManager>()))
      return created;
    *object = static_cast<IBackgroundCopyManager*>(
        new LeakingManager(static_cast<IBackgroundCopyManager*>(*object)));
    return created;
  }
};

}  // namespace

std::shared_ptr<com::SystemApi> WithBrokenClient(BrokenClient broken,
                                                 std::shared_ptr<com::SystemApi> system) {
  switch (broken) {
    case BrokenClient::kNone: return system;
    case BrokenClient::kNoCloaking: return std::make_shared<NoCloaking>(std::move(system));
    case BrokenClient::kNotifyFlagsLeak:
      return std::make_shared<NotifyFlagsLeak>(std::move(system));
  }
  return system;
}

BrokenClient ParseBrokenClient(std::string_view word) {
  if (word == "no-cloaking") return BrokenClient::kNoCloaking;
  if (word == "notify-flags") return BrokenClient::kNotifyFlagsLeak;
  return BrokenClient::kNone;
}

}  // namespace bitscts::com_model
