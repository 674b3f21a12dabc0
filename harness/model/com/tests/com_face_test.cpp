// The model's COM face as the com client meets it: activation and QueryInterface per build, the
// identity each proxy presents, notify interfaces called on their own threads (or through a
// single-threaded client's pump) and their JOB-CB-4 limit, error snapshots, and restarts.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bits_classes.h"
#include "bitscts/fakeserver/server.h"
#include "com_ref.h"
#include "machine.h"
#include "text.h"

namespace bitscts::model::com_face {
namespace {

using com::ComRef;
using com::IidOf;
using com::ToHResult;
using namespace std::chrono_literals;

constexpr std::uint32_t kWindows7 = 7601;
constexpr std::uint32_t kWindows10 = 19045;
constexpr auto kDeadline = 60s;  // real time: a failed transfer takes a few seconds

// Returns the BackgroundCopyManager class of BITS `version` ("4.0").
const GUID& ManagerClass(std::string_view version) {
  for (const com::VersionedClass& versioned : com::kVersionedClasses) {
    if (versioned.version == version) return versioned.clsid;
  }
  throw std::logic_error("no such BITS version");
}

// Returns a COM string a served method returned, freed.
std::string Take(LPWSTR text) {
  std::string narrow = com::Narrow(text);
  FreeTaskString(text);
  return narrow;
}

// One call a notify interface received.
struct Received {
  bool error = false;  // JobError (else JobTransferred)
  std::thread::id thread;
  std::string serving_sid;  // Machine::serving_sid during the call
  std::string job_id;
  HRESULT code = S_OK;  // of the error object, for JobError
};

// An IBackgroundCopyCallback that records its calls; with a gate, JobError waits until a permit
// is given.
class RecordingCallback final : public IBackgroundCopyCallback {
 public:
  explicit RecordingCallback(bool gated = false) : gated_(gated) {}

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** object) override {
    if (!com::SameGuid(iid, IidOf<IUnknown>()) &&
        !com::SameGuid(iid, IidOf<IBackgroundCopyCallback>())) {
      *object = nullptr;
      return E_NOINTERFACE;
    }
    *object = static_cast<IBackgroundCopyCallback*>(this);
    AddRef();
    return S_OK;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++references_; }
  ULONG STDMETHODCALLTYPE Release() override {
    const ULONG left = --references_;
    if (left == 0) delete this;
    return left;
  }
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    Record(job, nullptr);
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job,
                                     IBackgroundCopyError* error) override {
    Record(job, error);
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !gated_ || permits_ > 0; });
    if (gated_) --permits_;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }

  // Waits until `count` calls arrived; returns false at the deadline.
  bool WaitForCalls(std::size_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, kDeadline, [&] { return received_.size() >= count; });
  }
  // Lets `count` gated calls return.
  void Permit(int count) {
    std::lock_guard<std::mutex> lock(mutex_);
    permits_ += count;
    changed_.notify_all();
  }
  std::vector<Received> received() {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

 private:
  void Record(IBackgroundCopyJob* job, IBackgroundCopyError* error) {
    Received call{error != nullptr, std::this_thread::get_id(), Machine::serving_sid, {}, S_OK};
    GUID id{};
    if (SUCCEEDED(job->GetId(&id))) call.job_id = com::GuidText(id);
    if (error != nullptr) {
      BG_ERROR_CONTEXT context{};
      error->GetError(&context, &call.code);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    received_.push_back(std::move(call));
    changed_.notify_all();
  }

  std::atomic<ULONG> references_{1};
  const bool gated_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Received> received_;
  int permits_ = 0;
};

class ComFaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(server_.Start(), "");
    folder_ = std::filesystem::temp_directory_path() /
              ("bitscts-com-face-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override {
    machine_.reset();
    server_.Stop();
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }

  Machine& Make(std::uint32_t build) {
    std::string error;
    const std::optional<EmulatedBuild> emulated = DescribeBuild(build, &error);
    if (!emulated) throw std::logic_error(error);
    machine_ = std::make_unique<Machine>(*emulated, [this](const std::string& name,
                                                           const std::string& password) {
      server_.AddUser(name, password);
    });
    return *machine_;
  }

  // Returns the token of a new, logged-on account of `kind`.
  Token NewToken(PrincipalKind kind) {
    auto lock = machine_->Lock();
    const Account& account = machine_->authority().Provision(kind);
    return machine_->authority().TokenFor(account, machine_->authority().LogOn(account));
  }

  std::shared_ptr<ClientProcess> NewProcess(PrincipalKind kind, Cloaking cloaking) {
    std::shared_ptr<ClientProcess> process = machine_->NewProcess(NewToken(kind));
    auto lock = machine_->Lock();
    process->state->settings.cloaking = cloaking;
    process->security_set = true;
    return process;
  }

  // Makes `token` the calling thread's impersonation token in `process`.
  void Impersonate(ClientProcess& process, const Token& token) {
    auto lock = machine_->Lock();
    process.thread_tokens[std::this_thread::get_id()] = token;
  }

  ComRef<IBackgroundCopyManager> Activate(const std::shared_ptr<ClientProcess>& process,
                                          std::string_view version = "4.0") {
    ComRef<IBackgroundCopyManager> manager;
    EXPECT_EQ(ToHResult(machine_->Activate(process, ManagerClass(version),
                                           IidOf<IBackgroundCopyManager>(), manager.PutVoid())),
              hr::kOk);
    return manager;
  }

  ComRef<IBackgroundCopyJob> CreateJob(IBackgroundCopyManager* manager) {
    ComRef<IBackgroundCopyJob> job;
    GUID id{};
    EXPECT_EQ(ToHResult(manager->CreateJob(L"com face test", BG_JOB_TYPE_DOWNLOAD, &id, job.Put())),
              hr::kOk);
    return job;
  }

  std::string OwnerOf(IBackgroundCopyJob* job) {
    LPWSTR owner = nullptr;
    EXPECT_EQ(ToHResult(job->GetOwner(&owner)), hr::kOk);
    return Take(owner);
  }

  // Makes `job` download a file the server does not have and starts it: it ends in ERROR with
  // BG_E_HTTP_ERROR_404.
  void StartFailingTransfer(IBackgroundCopyJob* job, const std::string& name) {
    const std::wstring url = com::Widen(missing_url_ = server_.Url("/missing/" + name));
    const std::wstring local = (folder_ / name).wstring();
    ASSERT_EQ(ToHResult(job->AddFile(url.c_str(), local.c_str())), hr::kOk);
    ASSERT_EQ(ToHResult(job->SetNoProgressTimeout(0)), hr::kOk);  // a 404 is then final
    ASSERT_EQ(ToHResult(job->SetNotifyFlags(BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR)),
              hr::kOk);
    ASSERT_EQ(ToHResult(job->Resume()), hr::kOk);
  }

  std::string IdOf(IBackgroundCopyJob* job) {
    GUID id{};
    EXPECT_EQ(ToHResult(job->GetId(&id)), hr::kOk);
    return com::GuidText(id);
  }

  fakeserver::Server server_;
  std::filesystem::path folder_;
  std::string missing_url_;
  std::unique_ptr<Machine> machine_;
};

// Returns the HRESULT of querying `object` for `Interface`, releasing what came.
template <typename Interface>
HResult Query(IUnknown* object) {
  ComRef<Interface> queried;
  return ToHResult(object->QueryInterface(IidOf<Interface>(), queried.PutVoid()));
}

TEST_F(ComFaceTest, OnlyTheBuildsManagerClassesActivate) {
  Make(kWindows7);  // BITS 4.0
  auto process = NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic);
  ComRef<IBackgroundCopyManager> manager;
  EXPECT_EQ(ToHResult(machine_->Activate(process, ManagerClass("5.0"),
                                         IidOf<IBackgroundCopyManager>(), manager.PutVoid())),
            HResult(static_cast<std::uint32_t>(REGDB_E_CLASSNOTREG)));
  EXPECT_FALSE(manager);
  EXPECT_TRUE(Activate(process, "4.0"));
  EXPECT_TRUE(Activate(process, "1.0"));
}

TEST_F(ComFaceTest, Windows10HasTheNewestClassAndAnAnonymousProcessIsRefused) {
  Make(kWindows10);
  EXPECT_TRUE(Activate(NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic), "10.3"));
  auto anonymous = NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic);
  anonymous->state->settings.level = ImpersonationLevel::kAnonymous;
  ComRef<IBackgroundCopyManager> manager;
  EXPECT_EQ(ToHResult(machine_->Activate(anonymous, ManagerClass("10.3"),
                                         IidOf<IBackgroundCopyManager>(), manager.PutVoid())),
            hr::kAccessDenied);
}

TEST_F(ComFaceTest, Windows7JobsHaveNoJob5) {
  Make(kWindows7);
  auto manager = Activate(NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic));
  auto job = CreateJob(manager.get());
  EXPECT_EQ(Query<IBackgroundCopyJob2>(job.get()), hr::kOk);
  EXPECT_EQ(Query<IBackgroundCopyJob3>(job.get()), hr::kOk);
  EXPECT_EQ(Query<IBackgroundCopyJob4>(job.get()), hr::kOk);
  EXPECT_EQ(Query<IBackgroundCopyJobHttpOptions>(job.get()), hr::kOk);
  EXPECT_EQ(Query<IBackgroundCopyJob5>(job.get()), hr::kNoInterface);
  EXPECT_EQ(Query<IBitsTokenOptions>(job.get()), hr::kOk);  // an administrator's job on BITS 4.0
}

TEST_F(ComFaceTest, Windows10JobsHaveJob5AndItsCostFlags) {
  Make(kWindows10);
  auto manager = Activate(NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic), "10.3");
  auto job = CreateJob(manager.get());
  EXPECT_EQ(Query<IBitsTokenOptions>(job.get()), hr::kOk);
  ComRef<IBackgroundCopyJob5> job5;
  ASSERT_EQ(ToHResult(job->QueryInterface(IidOf<IBackgroundCopyJob5>(), job5.PutVoid())), hr::kOk);
  BITS_JOB_PROPERTY_VALUE value{};
  value.Dword = 0x1;  // BITS_COST_STATE_UNRESTRICTED only, not the default
  ASSERT_EQ(ToHResult(job5->SetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS, value)), hr::kOk);
  BITS_JOB_PROPERTY_VALUE read{};
  ASSERT_EQ(ToHResult(job5->GetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS, &read)), hr::kOk);
  EXPECT_EQ(read.Dword, value.Dword);
}

TEST_F(ComFaceTest, WithoutCloakingTheJobIsTheProcesssEvenWhileTheThreadImpersonates) {
  Make(kWindows10);
  auto process = NewProcess(PrincipalKind::kAdministrator, Cloaking::kNone);
  const Token user = NewToken(PrincipalKind::kStandardUser);
  auto manager = Activate(process, "10.3");
  Impersonate(*process, user);
  auto job = CreateJob(manager.get());
  EXPECT_EQ(OwnerOf(job.get()), process->state->process.user_sid);
}

TEST_F(ComFaceTest, WithDynamicCloakingTheJobIsTheThreadTokens) {
  Make(kWindows10);
  auto process = NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic);
  const Token user = NewToken(PrincipalKind::kStandardUser);
  auto manager = Activate(process, "10.3");
  Impersonate(*process, user);
  auto job = CreateJob(manager.get());
  EXPECT_EQ(OwnerOf(job.get()), user.user_sid);
}

TEST_F(ComFaceTest, WithStaticCloakingTheJobIsTheIdentityTheManagerWasActivatedAs) {
  Make(kWindows10);
  auto process = NewProcess(PrincipalKind::kAdministrator, Cloaking::kStatic);
  const Token user = NewToken(PrincipalKind::kStandardUser);
  auto manager = Activate(process, "10.3");  // as the process
  Impersonate(*process, user);
  EXPECT_EQ(OwnerOf(CreateJob(manager.get()).get()), process->state->process.user_sid);
  auto impersonating_manager = Activate(process, "10.3");  // as the user
  EXPECT_EQ(OwnerOf(CreateJob(impersonating_manager.get()).get()), user.user_sid);
}

TEST_F(ComFaceTest, EnumeratingAllUsersJobsNeedsAnEnabledAdministrator) {
  Make(kWindows10);
  auto user = NewProcess(PrincipalKind::kStandardUser, Cloaking::kDynamic);
  auto user_manager = Activate(user, "10.3");
  const std::string user_job = IdOf(CreateJob(user_manager.get()).get());
  ComRef<IEnumBackgroundCopyJobs> jobs;
  EXPECT_EQ(ToHResult(user_manager->EnumJobs(BG_JOB_ENUM_ALL_USERS, jobs.Put())),
            hr::kAccessDenied);

  auto admin = NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic);
  auto admin_manager = Activate(admin, "10.3");
  ASSERT_EQ(ToHResult(admin_manager->EnumJobs(0, jobs.Put())), hr::kOk);
  ULONG count = 99;
  ASSERT_EQ(ToHResult(jobs->GetCount(&count)), hr::kOk);
  EXPECT_EQ(count, 0u);  // the administrator's own jobs: none

  ASSERT_EQ(ToHResult(admin_manager->EnumJobs(BG_JOB_ENUM_ALL_USERS, jobs.Put())), hr::kOk);
  ComRef<IBackgroundCopyJob> listed;
  ULONG fetched = 0;
  ASSERT_EQ(ToHResult(jobs->Next(1, listed.Put(), &fetched)), hr::kOk);
  ASSERT_EQ(fetched, 1u);
  EXPECT_EQ(IdOf(listed.get()), user_job);
  EXPECT_EQ(ToHResult(jobs->Next(1, listed.Put(), &fetched)), HResult(1));  // S_FALSE: no more
}

TEST_F(ComFaceTest, ANotificationIsDeliveredOnItsOwnThreadAsTheRegisteringIdentity) {
  Make(kWindows10);
  auto process = NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic);
  auto manager = Activate(process, "10.3");
  auto job = CreateJob(manager.get());
  ComRef<RecordingCallback> callback(new RecordingCallback());
  ASSERT_EQ(ToHResult(job->SetNotifyInterface(callback.get())), hr::kOk);
  ASSERT_NO_FATAL_FAILURE(StartFailingTransfer(job.get(), "notified.bin"));

  ASSERT_TRUE(callback->WaitForCalls(1));
  const Received call = callback->received().front();
  EXPECT_TRUE(call.error);
  EXPECT_NE(call.thread, std::this_thread::get_id());
  EXPECT_EQ(call.serving_sid, process->state->process.user_sid);
  EXPECT_EQ(call.job_id, IdOf(job.get()));
  EXPECT_EQ(ToHResult(call.code), hr::kHttpError404);
  EXPECT_EQ(Machine::serving_sid, "");  // only inside a served call
}

TEST_F(ComFaceTest, TheFifthBlockedCallWaitsUntilOneReturns) {
  Make(kWindows10);
  auto process = NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic);
  auto manager = Activate(process, "10.3");
  ComRef<RecordingCallback> recorder(new RecordingCallback());
  std::vector<ComRef<IBackgroundCopyJob>> jobs;
  for (int i = 0; i < 5; ++i) {
    jobs.push_back(CreateJob(manager.get()));
    ASSERT_EQ(ToHResult(jobs.back()->SetNotifyInterface(recorder.get())), hr::kOk);
    ASSERT_NO_FATAL_FAILURE(StartFailingTransfer(jobs.back().get(), "blocked" + std::to_string(i)));
  }
  ASSERT_TRUE(recorder->WaitForCalls(5));  // every job is in ERROR

  // JOB-CB-2 replays each error to a new interface; another identity registers it, so that its
  // calls have JOB-CB-4 slots of their own.
  Impersonate(*process, NewToken(PrincipalKind::kAdministrator));
  ComRef<RecordingCallback> blocking(new RecordingCallback(/*gated=*/true));
  for (auto& job : jobs) ASSERT_EQ(ToHResult(job->SetNotifyInterface(blocking.get())), hr::kOk);
  ASSERT_TRUE(blocking->WaitForCalls(4));
  EXPECT_EQ(blocking->received().size(), 4u);  // the fifth was never started

  blocking->Permit(1);
  EXPECT_TRUE(blocking->WaitForCalls(5));
  blocking->Permit(4);
}

TEST_F(ComFaceTest, AnErrorObjectIsASnapshot) {
  Make(kWindows10);
  auto manager = Activate(NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic), "10.3");
  auto job = CreateJob(manager.get());
  ComRef<RecordingCallback> recorder(new RecordingCallback());
  ASSERT_EQ(ToHResult(job->SetNotifyInterface(recorder.get())), hr::kOk);
  ComRef<IBackgroundCopyError> error;
  EXPECT_EQ(ToHResult(job->GetError(error.Put())), hr::kErrorInformationUnavailable);
  ASSERT_NO_FATAL_FAILURE(StartFailingTransfer(job.get(), "snapshot.bin"));
  ASSERT_TRUE(recorder->WaitForCalls(1));

  ASSERT_EQ(ToHResult(job->GetError(error.Put())), hr::kOk);
  ASSERT_EQ(ToHResult(job->Cancel()), hr::kOk);  // the job's error is gone; the snapshot stays

  BG_ERROR_CONTEXT context{};
  HRESULT code = S_OK;
  ASSERT_EQ(ToHResult(error->GetError(&context, &code)), hr::kOk);
  EXPECT_EQ(ToHResult(code), hr::kHttpError404);
  EXPECT_EQ(context, BG_ERROR_CONTEXT_REMOTE_FILE);
  ComRef<IBackgroundCopyFile> file;
  ASSERT_EQ(ToHResult(error->GetFile(file.Put())), hr::kOk);
  LPWSTR remote = nullptr;
  ASSERT_EQ(ToHResult(file->GetRemoteName(&remote)), hr::kOk);
  EXPECT_EQ(Take(remote), missing_url_);
  LPWSTR protocol = nullptr;
  ASSERT_EQ(ToHResult(error->GetProtocol(&protocol)), hr::kOk);
  EXPECT_EQ(Take(protocol), "http");
  LPWSTR description = nullptr;
  EXPECT_EQ(ToHResult(error->GetErrorDescription(0, &description)), hr::kInvalidArg);
  EXPECT_EQ(ToHResult(error->GetErrorDescription(0x0407, &description)), hr::kResourceLangNotFound);
  ASSERT_EQ(ToHResult(error->GetErrorDescription(0x0409, &description)), hr::kOk);
  EXPECT_NE(Take(description), "");
}

TEST_F(ComFaceTest, ObjectsOfARestartedServiceAreDisconnected) {
  Make(kWindows10);
  auto process = NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic);
  auto manager = Activate(process, "10.3");
  auto job = CreateJob(manager.get());
  ComRef<IBitsTokenOptions> options;
  ASSERT_EQ(ToHResult(job->QueryInterface(IidOf<IBitsTokenOptions>(), options.PutVoid())), hr::kOk);
  const std::string id = IdOf(job.get());

  machine_->RestartService();
  BG_JOB_STATE state{};
  EXPECT_EQ(ToHResult(job->GetState(&state)), hr::kDisconnected);
  DWORD flags = 0;
  EXPECT_EQ(ToHResult(options->GetHelperTokenFlags(&flags)), hr::kDisconnected);
  ComRef<IBackgroundCopyJob> created;
  GUID new_id{};
  EXPECT_EQ(ToHResult(manager->CreateJob(L"late", BG_JOB_TYPE_DOWNLOAD, &new_id, created.Put())),
            hr::kDisconnected);

  auto reconnected = Activate(process, "10.3");  // a new manager reaches the job again
  GUID guid{};
  ASSERT_TRUE(com::ParseGuid(id, &guid));
  ComRef<IBackgroundCopyJob> reopened;
  ASSERT_EQ(ToHResult(reconnected->GetJob(guid, reopened.Put())), hr::kOk);
  EXPECT_EQ(ToHResult(reopened->GetState(&state)), hr::kOk);
  EXPECT_EQ(state, BG_JOB_STATE_SUSPENDED);
}

TEST_F(ComFaceTest, ASingleThreadedProcessGetsItsCallsWhenItPumps) {
  Make(kWindows10);
  auto process = NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic);
  auto manager = Activate(process, "10.3");
  auto job = CreateJob(manager.get());
  ComRef<RecordingCallback> recorder(new RecordingCallback());
  ASSERT_EQ(ToHResult(job->SetNotifyInterface(recorder.get())), hr::kOk);
  ASSERT_NO_FATAL_FAILURE(StartFailingTransfer(job.get(), "pumped.bin"));
  ASSERT_TRUE(recorder->WaitForCalls(1));  // the job is in ERROR

  auto apartment = NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic);
  apartment->single_threaded = true;
  auto apartment_manager = Activate(apartment, "10.3");
  GUID guid{};
  ASSERT_TRUE(com::ParseGuid(IdOf(job.get()), &guid));
  ComRef<IBackgroundCopyJob> opened;
  ASSERT_EQ(ToHResult(apartment_manager->GetJob(guid, opened.Put())), hr::kOk);
  ComRef<RecordingCallback> pumped(new RecordingCallback());
  ASSERT_EQ(ToHResult(opened->SetNotifyInterface(pumped.get())), hr::kOk);  // replays the error
  EXPECT_TRUE(pumped->received().empty());  // waiting in the message queue

  EXPECT_EQ(machine_->Pump(*apartment), 1u);
  ASSERT_EQ(pumped->received().size(), 1u);
  const Received call = pumped->received().front();
  EXPECT_TRUE(call.error);
  EXPECT_EQ(call.thread, std::this_thread::get_id());
  EXPECT_EQ(call.serving_sid, apartment->state->process.user_sid);
  EXPECT_EQ(machine_->Pump(*apartment), 0u);
}

TEST_F(ComFaceTest, CallsLostWithALoggedOffProcessGiveBackTheirSlots) {
  Make(kWindows10);
  auto process = NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic);
  auto manager = Activate(process, "10.3");
  ComRef<RecordingCallback> recorder(new RecordingCallback());
  std::vector<ComRef<IBackgroundCopyJob>> jobs;
  for (int i = 0; i < 5; ++i) {
    jobs.push_back(CreateJob(manager.get()));
    ASSERT_EQ(ToHResult(jobs.back()->SetNotifyInterface(recorder.get())), hr::kOk);
    ASSERT_NO_FATAL_FAILURE(StartFailingTransfer(jobs.back().get(), "lost" + std::to_string(i)));
  }
  ASSERT_TRUE(recorder->WaitForCalls(5));  // every job is in ERROR

  // A single-threaded process registers four of them as `user`: the replayed errors wait in its
  // message queue, each holding one of the user's JOB-CB-4 slots, until it logs off unpumped.
  const Token user = NewToken(PrincipalKind::kAdministrator);
  auto apartment = NewProcess(PrincipalKind::kAdministrator, Cloaking::kDynamic);
  apartment->single_threaded = true;
  Impersonate(*apartment, user);
  auto apartment_manager = Activate(apartment, "10.3");
  ComRef<RecordingCallback> never_pumped(new RecordingCallback());
  for (std::size_t i = 0; i < 4; ++i) {
    GUID guid{};
    ASSERT_TRUE(com::ParseGuid(IdOf(jobs[i].get()), &guid));
    ComRef<IBackgroundCopyJob> opened;
    ASSERT_EQ(ToHResult(apartment_manager->GetJob(guid, opened.Put())), hr::kOk);
    ASSERT_EQ(ToHResult(opened->SetNotifyInterface(never_pumped.get())), hr::kOk);
  }
  machine_->LogOff(*apartment);

  Impersonate(*process, user);
  ComRef<RecordingCallback> late(new RecordingCallback());
  ASSERT_EQ(ToHResult(jobs[4]->SetNotifyInterface(late.get())), hr::kOk);
  EXPECT_TRUE(late->WaitForCalls(1));  // the lost calls returned: the user has free slots
  EXPECT_TRUE(never_pumped->received().empty());
}

}  // namespace
}  // namespace bitscts::model::com_face
