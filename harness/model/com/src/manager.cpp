// The served IBackgroundCopyManager: creating, opening and enumerating jobs as the identity the
// manager proxy presents.
#include <utility>
#include <vector>

#include "com_object.h"
#include "objects.h"
#include "served_call.h"
#include "text.h"

namespace bitscts::model::com_face {
namespace {

class ManagerObject final : public ComObject<IBackgroundCopyManager> {
 public:
  ManagerObject(Served served, Token proxy_identity)
      : served_(std::move(served)), proxy_identity_(std::move(proxy_identity)) {}

  HRESULT STDMETHODCALLTYPE CreateJob(LPCWSTR display_name, BG_JOB_TYPE type, GUID* id,
                                      IBackgroundCopyJob** job) override {
    if (id == nullptr || job == nullptr) return E_POINTER;
    *job = nullptr;
    if (type != BG_JOB_TYPE_DOWNLOAD) return E_NOTIMPL;  // the model has download jobs only
    return Serve(served_, [&](ServedCall& call) {
      const Token& owner = call.caller().Presented(proxy_identity_);
      if (const HResult can = call.caller().CanModify(owner); can.Failed()) return Raw(can);
      HResult result;
      JobRecord* record = call.service().CreateJob(owner, com::Narrow(display_name), &result);
      if (record == nullptr) return Raw(result);
      com::ParseGuid(record->id, id);
      *job = NewJob(served_, record->id, call.caller().Thread());
      return Raw(result);
    });
  }

  HRESULT STDMETHODCALLTYPE GetJob(REFGUID id, IBackgroundCopyJob** job) override {
    if (job == nullptr) return E_POINTER;
    *job = nullptr;
    return Serve(served_, [&](ServedCall& call) {
      if (const HResult can = call.caller().CanCall(); can.Failed()) return Raw(can);
      HResult result;
      JobRecord* record = call.service().OpenJob(com::GuidText(id),
                                                 call.caller().Presented(proxy_identity_), &result);
      if (record == nullptr) return Raw(result);
      *job = NewJob(served_, record->id, call.caller().Thread());
      return Raw(result);
    });
  }

  HRESULT STDMETHODCALLTYPE EnumJobs(DWORD flags, IEnumBackgroundCopyJobs** jobs) override {
    if (jobs == nullptr) return E_POINTER;
    *jobs = nullptr;
    return Serve(served_, [&](ServedCall& call) {
      if (const HResult can = call.caller().CanCall(); can.Failed()) return Raw(can);
      const Token& presented = call.caller().Presented(proxy_identity_);
      const bool all_users = (flags & BG_JOB_ENUM_ALL_USERS) != 0;
      if (all_users && !presented.AdminEnabled()) return E_ACCESSDENIED;
      std::vector<std::string> listed;
      for (const auto& record : call.service().jobs()) {
        if (IsFinal(record->state)) continue;  // JOB-STATE-9: final jobs leave the queue
        if (all_users || record->owner.user_sid == presented.user_sid) listed.push_back(record->id);
      }
      *jobs = NewJobEnumeration(served_, std::move(listed), call.caller().Thread());
      return S_OK;
    });
  }

  HRESULT STDMETHODCALLTYPE GetErrorDescription(HRESULT, DWORD, LPWSTR*) override {
    return E_NOTIMPL;
  }

 protected:
  HRESULT Find(REFIID iid, void** object) override {
    return Serve(served_, [&](ServedCall&) {
      if (!Is<IUnknown>(iid) && !Is<IBackgroundCopyManager>(iid)) return E_NOINTERFACE;
      *object = static_cast<IBackgroundCopyManager*>(this);
      return S_OK;
    });
  }

 private:
  Served served_;
  Token proxy_identity_;  // the identity when the manager was activated
};

}  // namespace

IBackgroundCopyManager* NewManager(Served served, Token proxy_identity) {
  return new ManagerObject(std::move(served), std::move(proxy_identity));
}

}  // namespace bitscts::model::com_face
