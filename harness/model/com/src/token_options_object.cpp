// The served IBitsTokenOptions of a job, bound to the identity checked when it was queried; every
// method answers through the model's TokenOptionsHandle.
#include <utility>

#include "com_object.h"
#include "handles.h"
#include "objects.h"
#include "served_call.h"

namespace bitscts::model::com_face {
namespace {

class TokenOptionsObject final : public ComObject<IBitsTokenOptions> {
 public:
  TokenOptionsObject(Served served, std::string job_id, Token qi_identity)
      : served_(std::move(served)),
        job_id_(std::move(job_id)),
        qi_identity_(std::move(qi_identity)) {}

  HRESULT STDMETHODCALLTYPE SetHelperTokenFlags(DWORD flags) override {
    return Call(
        [flags](TokenOptionsHandle& options) { return options.SetHelperTokenFlags(flags); });
  }
  HRESULT STDMETHODCALLTYPE GetHelperTokenFlags(DWORD* flags) override {
    if (flags == nullptr) return E_POINTER;
    *flags = {};
    return Call([&](TokenOptionsHandle& options) {
      const Outcome<std::uint32_t> read = options.GetHelperTokenFlags();
      if (read.hr.Succeeded()) *flags = read.value;
      return read.hr;
    });
  }
  HRESULT STDMETHODCALLTYPE SetHelperToken() override {
    return Call([](TokenOptionsHandle& options) { return options.SetHelperToken(); });
  }
  HRESULT STDMETHODCALLTYPE ClearHelperToken() override {
    return Call([](TokenOptionsHandle& options) { return options.ClearHelperToken(); });
  }
  HRESULT STDMETHODCALLTYPE GetHelperTokenSid(LPWSTR* sid) override {
    if (sid == nullptr) return E_POINTER;
    *sid = nullptr;
    return Call([&](TokenOptionsHandle& options) {
      const Outcome<std::optional<std::string>> read = options.GetHelperTokenSid();
      if (read.hr.Succeeded()) *sid = read.value ? TaskString(*read.value) : nullptr;  // HT-SID-3
      return read.hr;
    });
  }

 protected:
  HRESULT Find(REFIID iid, void** object) override {
    return Serve(served_, [&](ServedCall&) {
      if (!Is<IUnknown>(iid) && !Is<IBitsTokenOptions>(iid)) return E_NOINTERFACE;
      *object = static_cast<IBitsTokenOptions*>(this);
      return S_OK;
    });
  }

 private:
  // Runs `body` with the model's handle of this pointer as a served call.
  template <typename Body>
  HRESULT Call(Body body) {
    return Serve(served_, [&](ServedCall&) {
      TokenOptionsHandle options(served_.core->service, served_.process->state, job_id_,
                                 qi_identity_);
      return Raw(body(options));
    });
  }

  Served served_;
  std::string job_id_;
  Token qi_identity_;  // the identity presented at QueryInterface (HT-QI-1)
};

}  // namespace

IBitsTokenOptions* NewTokenOptions(Served served, std::string job_id, Token qi_identity) {
  return new TokenOptionsObject(std::move(served), std::move(job_id), std::move(qi_identity));
}

}  // namespace bitscts::model::com_face
