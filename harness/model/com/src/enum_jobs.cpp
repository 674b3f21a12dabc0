// The served IEnumBackgroundCopyJobs: a snapshot of the jobs listed when EnumJobs was called.
#include <utility>
#include <vector>

#include "com_object.h"
#include "objects.h"
#include "served_call.h"

namespace bitscts::model::com_face {
namespace {

class JobEnumeration final : public ComObject<IEnumBackgroundCopyJobs> {
 public:
  JobEnumeration(Served served, std::vector<std::string> job_ids, Token proxy_identity)
      : served_(std::move(served)),
        job_ids_(std::move(job_ids)),
        proxy_identity_(std::move(proxy_identity)) {}

  HRESULT STDMETHODCALLTYPE Next(ULONG count, IBackgroundCopyJob** jobs, ULONG* fetched) override {
    if (jobs == nullptr || (count > 1 && fetched == nullptr)) return E_POINTER;
    if (fetched != nullptr) *fetched = 0;
    return Serve(served_, [&](ServedCall&) {
      ULONG given = 0;
      for (; given < count && next_ < job_ids_.size(); ++given, ++next_)
        jobs[given] = NewJob(served_, job_ids_[next_], proxy_identity_);
      if (fetched != nullptr) *fetched = given;
      return given == count ? S_OK : S_FALSE;
    });
  }
  HRESULT STDMETHODCALLTYPE Skip(ULONG) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE Reset() override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE Clone(IEnumBackgroundCopyJobs**) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetCount(ULONG* count) override {
    if (count == nullptr) return E_POINTER;
    *count = {};
    return Serve(served_, [&](ServedCall&) {
      *count = static_cast<ULONG>(job_ids_.size());
      return S_OK;
    });
  }

 protected:
  HRESULT Find(REFIID iid, void** object) override {
    return Serve(served_, [&](ServedCall&) {
      if (!Is<IUnknown>(iid) && !Is<IEnumBackgroundCopyJobs>(iid)) return E_NOINTERFACE;
      *object = static_cast<IEnumBackgroundCopyJobs*>(this);
      return S_OK;
    });
  }

 private:
  Served served_;
  std::vector<std::string> job_ids_;
  Token proxy_identity_;  // the identity when EnumJobs was called
  std::size_t next_ = 0;  // guarded by the machine lock
};

}  // namespace

IEnumBackgroundCopyJobs* NewJobEnumeration(Served served, std::vector<std::string> job_ids,
                                           Token proxy_identity) {
  return new JobEnumeration(std::move(served), std::move(job_ids), std::move(proxy_identity));
}

}  // namespace bitscts::model::com_face
