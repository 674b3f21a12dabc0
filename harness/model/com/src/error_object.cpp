// The served IBackgroundCopyError and IBackgroundCopyFile: snapshots of a job's error taken when
// GetError (or a JobError call) made them, read under the rules of the model's JobHandle.
#include <utility>

#include "com_object.h"
#include "objects.h"
#include "served_call.h"

namespace bitscts::model::com_face {
namespace {

// GetErrorDescription has English strings only (the model's reading, JOB-ERR-5).
constexpr DWORD kPrimaryLanguageMask = 0x3FF;
constexpr DWORD kLangEnglish = 0x09;

// Runs `body` as a served call of a snapshot's method: it reads nothing of the service, but the
// process must still be able to call it.
template <typename Body>
HRESULT ServeSnapshot(const Served& served, Body body) {
  return Serve(served, [&](ServedCall& call) {
    if (const HResult can = call.caller().CanCall(); can.Failed()) return Raw(can);
    return body();
  });
}

class FileObject final : public ComObject<IBackgroundCopyFile> {
 public:
  FileObject(Served served, JobFile file) : served_(std::move(served)), file_(std::move(file)) {}

  HRESULT STDMETHODCALLTYPE GetRemoteName(LPWSTR* name) override {
    if (name == nullptr) return E_POINTER;
    *name = nullptr;
    return ServeSnapshot(served_, [&] {
      *name = TaskString(file_.remote_url);
      return S_OK;
    });
  }
  HRESULT STDMETHODCALLTYPE GetLocalName(LPWSTR* name) override {
    if (name == nullptr) return E_POINTER;
    *name = nullptr;
    return ServeSnapshot(served_, [&] {
      *name = TaskString(file_.local_path);
      return S_OK;
    });
  }
  HRESULT STDMETHODCALLTYPE GetProgress(BG_FILE_PROGRESS*) override { return E_NOTIMPL; }

 protected:
  HRESULT Find(REFIID iid, void** object) override {
    return Serve(served_, [&](ServedCall&) {
      if (!Is<IUnknown>(iid) && !Is<IBackgroundCopyFile>(iid)) return E_NOINTERFACE;
      *object = static_cast<IBackgroundCopyFile*>(this);
      return S_OK;
    });
  }

 private:
  Served served_;
  JobFile file_;
};

class ErrorObject final : public ComObject<IBackgroundCopyError> {
 public:
  ErrorObject(Served served, ErrorSnapshot snapshot)
      : served_(std::move(served)), snapshot_(std::move(snapshot)) {}

  HRESULT STDMETHODCALLTYPE GetError(BG_ERROR_CONTEXT* context, HRESULT* code) override {
    if (context == nullptr || code == nullptr) return E_POINTER;
    *context = {};
    *code = S_OK;
    return ServeSnapshot(served_, [&] {
      *context = static_cast<BG_ERROR_CONTEXT>(snapshot_.report.context);
      *code = Raw(snapshot_.report.code);
      return S_OK;
    });
  }
  HRESULT STDMETHODCALLTYPE GetFile(IBackgroundCopyFile** file) override {
    if (file == nullptr) return E_POINTER;
    *file = nullptr;
    return ServeSnapshot(served_, [&] {
      if (!snapshot_.file) return Raw(hr::kFileNotAvailable);  // JOB-ERR-6
      *file = new FileObject(served_, *snapshot_.file);
      return S_OK;
    });
  }
  HRESULT STDMETHODCALLTYPE GetErrorDescription(DWORD language, LPWSTR* description) override {
    if (description == nullptr) return E_POINTER;
    *description = nullptr;
    return ServeSnapshot(served_, [&] {
      if (language == 0) return E_INVALIDARG;  // JOB-ERR-5
      if ((language & kPrimaryLanguageMask) != kLangEnglish) return Raw(hr::kResourceLangNotFound);
      *description = TaskString(snapshot_.report.description);
      return S_OK;
    });
  }
  HRESULT STDMETHODCALLTYPE GetErrorContextDescription(DWORD, LPWSTR*) override {
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE GetProtocol(LPWSTR* protocol) override {
    if (protocol == nullptr) return E_POINTER;
    *protocol = nullptr;
    return ServeSnapshot(served_, [&] {
      if (snapshot_.protocol.empty()) return Raw(hr::kProtocolNotAvailable);  // JOB-ERR-6
      *protocol = TaskString(snapshot_.protocol);
      return S_OK;
    });
  }

 protected:
  HRESULT Find(REFIID iid, void** object) override {
    return Serve(served_, [&](ServedCall&) {
      if (!Is<IUnknown>(iid) && !Is<IBackgroundCopyError>(iid)) return E_NOINTERFACE;
      *object = static_cast<IBackgroundCopyError*>(this);
      return S_OK;
    });
  }

 private:
  Served served_;
  ErrorSnapshot snapshot_;
};

}  // namespace

ErrorSnapshot SnapshotError(Service& service, const std::string& job_id) {
  const JobRecord& job = *service.Find(job_id);
  if (!job.error) return {};
  ErrorSnapshot snapshot{job.error->report, std::nullopt, job.error->protocol};
  if (job.error->file) {
    const FileRecord& file = job.files[*job.error->file];
    snapshot.file = JobFile{file.remote_url, file.local_path.string()};
  }
  return snapshot;
}

IBackgroundCopyError* NewError(Served served, ErrorSnapshot snapshot) {
  return new ErrorObject(std::move(served), std::move(snapshot));
}

IBackgroundCopyFile* NewFile(Served served, JobFile file) {
  return new FileObject(std::move(served), std::move(file));
}

}  // namespace bitscts::model::com_face
