// The BITS surface of a com target's Job beyond transfers: notify flags and interfaces, error
// details, ownership, credentials, proxy settings and client certificates. Each call is forwarded
// to the doubles of BITS and answers exactly the HRESULT they answered (E_NOTIMPL included: it is
// BITS's answer, never the target's), and each output a successful call left unwritten reads as
// target.h's unwritten mark. Every test ends by checking that every interface and string was
// released or freed once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "callback_gate.h"
#include "com_job.h"
#include "com_ref.h"
#include "job_events.h"
#include "mocks/mock_error.h"
#include "mocks/mock_file.h"
#include "mocks/mock_http_options.h"
#include "mocks/mock_job.h"
#include "mocks/mock_system_api.h"

namespace bitscts::com {
namespace {

using mocks::HandOut;
using mocks::HandOutString;
using mocks::IidIs;
using mocks::MockError;
using mocks::MockFile;
using mocks::MockHttpOptions;
using mocks::MockJob;
using mocks::MockSystemApi;
using mocks::ReportState;
using ::testing::_;
using ::testing::DoAll;
using ::testing::IsNull;
using ::testing::NiceMock;
using ::testing::NotNull;
using ::testing::Return;
using ::testing::SaveArg;
using ::testing::SetArgPointee;
using ::testing::StrEq;

using std::chrono::hours;
using std::chrono::milliseconds;

constexpr GUID kJobId{0x0A1B2C3D, 0x4E5F, 0x6071, {0x82, 0x93, 0xA4, 0xB5, 0xC6, 0xD7, 0xE8, 0xF9}};
constexpr HRESULT kHttp404 = static_cast<HRESULT>(0x80190194u);

// An action that answers `result` and writes nothing.
auto Answer(HRESULT result) {
  return [result](auto&&...) { return result; };
}

class ComJobSurfaceTest : public ::testing::Test {
 protected:
  ComJobSurfaceTest() {
    ON_CALL(job_, GetId).WillByDefault(DoAll(SetArgPointee<0>(kJobId), Return(S_OK)));
    ON_CALL(job_, GetState).WillByDefault(ReportState(BG_JOB_STATE_ERROR));
    ON_CALL(job_, GetError).WillByDefault(HandOut<0>(error_));
    ON_CALL(error_, GetFile).WillByDefault(HandOut<0>(file_));
    job_.AddRef();  // the reference the wrapper takes over
    job = MakeComJob(system_, ComRef<IBackgroundCopyJob>(&job_), events_, gate_);
  }

  void TearDown() override {
    gate_->Open();
    job.reset();
    registered_.Reset();
    events_.Reset();
    mocks::ExpectAllReleased(job_, error_, file_, http_);
    EXPECT_EQ(system_->outstanding_task_memory(), 0u) << "a string BITS returned was never freed";
    EXPECT_EQ(system_->bad_task_memory_frees(), 0u) << "memory was freed twice, or was not BITS'";
  }

  // Registers the job's recording interface (blocking or not) and keeps the callback BITS got.
  void Register(bool blocking) {
    IUnknown* callback = nullptr;
    EXPECT_CALL(job_, SetNotifyInterface(NotNull()))
        .WillOnce(DoAll(SaveArg<0>(&callback), Return(S_OK)));
    ASSERT_EQ(blocking ? job->SetBlockingNotifyInterface() : job->SetNotifyInterface(), hr::kOk);
    ASSERT_NE(callback, nullptr);
    ASSERT_EQ(ToHResult(callback->QueryInterface(IidOf<IBackgroundCopyCallback>(),
                                                 registered_.PutVoid())),
              hr::kOk);
  }

  std::shared_ptr<NiceMock<MockSystemApi>> system_ = std::make_shared<NiceMock<MockSystemApi>>();
  NiceMock<MockJob> job_;
  NiceMock<MockError> error_;
  NiceMock<MockFile> file_;
  NiceMock<MockHttpOptions> http_;
  ComRef<JobEvents> events_{JobEvents::Create()};
  std::shared_ptr<CallbackGate> gate_ = std::make_shared<CallbackGate>();
  ComRef<IBackgroundCopyCallback> registered_;  // what BITS was given, as BITS holds it
  std::unique_ptr<Job> job;
};

// ---- Notify flags ----

TEST_F(ComJobSurfaceTest, NotifyFlagsAreSetAsGivenAndAnswerWhatBitsAnswers) {
  EXPECT_CALL(job_, SetNotifyFlags(ULONG{0x000B})).WillOnce(Return(S_OK));
  EXPECT_CALL(job_, SetNotifyFlags(ULONG{0x0040})).WillOnce(Return(E_NOTIMPL));
  EXPECT_CALL(job_, SetNotifyFlags(ULONG{0x0002})).WillOnce(Return(BG_E_INVALID_STATE));
  EXPECT_EQ(job->SetNotifyFlags(0x000B), hr::kOk);
  EXPECT_EQ(job->SetNotifyFlags(0x0040), hr::kNotImpl);
  EXPECT_EQ(job->SetNotifyFlags(0x0002), hr::kInvalidState);
}

TEST_F(ComJobSurfaceTest, NotifyFlagsAreReadWithBitsAnswer) {
  EXPECT_CALL(job_, GetNotifyFlags(NotNull()))
      .WillOnce(DoAll(SetArgPointee<0>(ULONG{0x0003}), Return(S_OK)))
      .WillOnce(Answer(E_NOTIMPL))
      .WillOnce(Answer(S_OK));
  const Outcome<std::uint32_t> read = job->NotifyFlags();
  EXPECT_EQ(read.hr, hr::kOk);
  EXPECT_EQ(read.value, 0x0003u);
  EXPECT_EQ(job->NotifyFlags().hr, hr::kNotImpl);
  const Outcome<std::uint32_t> unwritten = job->NotifyFlags();
  EXPECT_EQ(unwritten.hr, hr::kOk);
  EXPECT_EQ(unwritten.value, unwritten::kNumber);
}

// ---- Notify interfaces ----

TEST_F(ComJobSurfaceTest, RegistrationsAnswerWhatBitsAnswers) {
  EXPECT_CALL(job_, SetNotifyInterface(NotNull()))
      .WillOnce(Return(E_NOTIMPL))
      .WillOnce(Return(BG_E_INVALID_STATE));
  EXPECT_EQ(job->SetNotifyInterface(), hr::kNotImpl);
  EXPECT_EQ(job->SetBlockingNotifyInterface(), hr::kInvalidState);
}

TEST_F(ComJobSurfaceTest, RemovingTheInterfaceRegistersNull) {
  EXPECT_CALL(job_, SetNotifyInterface(IsNull()))
      .WillOnce(Return(S_OK))
      .WillOnce(Return(E_NOTIMPL));
  EXPECT_EQ(job->RemoveNotifyInterface(), hr::kOk);
  EXPECT_EQ(job->RemoveNotifyInterface(), hr::kNotImpl);
}

TEST_F(ComJobSurfaceTest, WithoutARegistrationNothingIsHeardAndNothingWaited) {
  const auto started = std::chrono::steady_clock::now();
  const auto heard = job->WaitForNotification(JobEvent::kTransferred, hours(1));
  EXPECT_EQ(heard.hr, hr::kOk);
  EXPECT_TRUE(heard.value.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, hours(1));
}

TEST_F(ComJobSurfaceTest, TheInterfaceRecordsEachCallWithTheErrorAndTheCallersIdentity) {
  ASSERT_NO_FATAL_FAILURE(Register(false));
  EXPECT_CALL(*system_, CallingClientSid).WillRepeatedly([](std::wstring* sid) {
    *sid = L"S-1-5-21-1-2-3-1001";
    return DWORD{ERROR_SUCCESS};
  });
  EXPECT_CALL(error_, GetError)
      .WillOnce(DoAll(SetArgPointee<0>(BG_ERROR_CONTEXT_REMOTE_FILE), SetArgPointee<1>(kHttp404),
                      Return(S_OK)));
  EXPECT_CALL(error_, GetErrorDescription)
      .WillOnce(HandOutString<1>(*system_, L"The requested URL does not exist.\r\n"));
  EXPECT_EQ(ToHResult(registered_->JobTransferred(&job_)), hr::kOk);
  EXPECT_EQ(ToHResult(registered_->JobError(&job_, &error_)), hr::kOk);
  EXPECT_EQ(ToHResult(registered_->JobModification(&job_, 0)), hr::kOk);

  const auto heard = job->WaitForNotification(JobEvent::kError, milliseconds(0));
  EXPECT_EQ(heard.hr, hr::kOk);
  ASSERT_EQ(heard.value.size(), 2u) << "JobModification is no Notification";
  EXPECT_EQ(heard.value[0].event, JobEvent::kTransferred);
  EXPECT_FALSE(heard.value[0].error.has_value());
  EXPECT_EQ(heard.value[0].caller_sid, "S-1-5-21-1-2-3-1001");
  EXPECT_EQ(heard.value[1].event, JobEvent::kError);
  ASSERT_TRUE(heard.value[1].error.has_value());
  EXPECT_EQ(heard.value[1].error->code, hr::kHttpError404);
  EXPECT_EQ(heard.value[1].error->context, ErrorContext::kRemoteFile);
  EXPECT_EQ(heard.value[1].error->description, "The requested URL does not exist.");
  EXPECT_EQ(events_->NotificationCount(), 3u) << "every call also wakes the target's waits";
}

TEST_F(ComJobSurfaceTest, AnUnknownCallerIdentityIsEmpty) {
  ASSERT_NO_FATAL_FAILURE(Register(false));
  EXPECT_CALL(*system_, CallingClientSid).WillOnce(Return(DWORD{0x80010111u}));
  registered_->JobTransferred(&job_);
  const auto heard = job->WaitForNotification(JobEvent::kTransferred, milliseconds(0));
  ASSERT_EQ(heard.value.size(), 1u);
  EXPECT_EQ(heard.value[0].caller_sid, "");
}

TEST_F(ComJobSurfaceTest, AJobErrorWithoutAnErrorObjectIsRecordedWithoutError) {
  ASSERT_NO_FATAL_FAILURE(Register(false));
  registered_->JobError(&job_, nullptr);
  const auto heard = job->WaitForNotification(JobEvent::kError, milliseconds(0));
  ASSERT_EQ(heard.value.size(), 1u);
  EXPECT_FALSE(heard.value[0].error.has_value());
}

TEST_F(ComJobSurfaceTest, AWaitEndsWithTheDeadlineAndWhatWasHeard) {
  ASSERT_NO_FATAL_FAILURE(Register(false));
  registered_->JobTransferred(&job_);
  const auto heard = job->WaitForNotification(JobEvent::kError, milliseconds(20));
  EXPECT_EQ(heard.hr, hr::kOk);
  ASSERT_EQ(heard.value.size(), 1u);
  EXPECT_EQ(heard.value[0].event, JobEvent::kTransferred);
}

TEST_F(ComJobSurfaceTest, ACallFromAnotherThreadEndsTheWaitAtOnce) {
  ASSERT_NO_FATAL_FAILURE(Register(false));
  const auto started = std::chrono::steady_clock::now();
  std::thread bits([&] { registered_->JobTransferred(&job_); });
  const auto heard = job->WaitForNotification(JobEvent::kTransferred, hours(24 * 365 * 1000));
  bits.join();
  ASSERT_EQ(heard.value.size(), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, hours(1));
}

TEST_F(ComJobSurfaceTest, ABlockingInterfaceHoldsEachCallUntilTheRelease) {
  ASSERT_NO_FATAL_FAILURE(Register(true));
  std::promise<void> returned;
  std::thread bits([&] {
    registered_->JobTransferred(&job_);
    returned.set_value();
  });
  const auto heard = job->WaitForNotification(JobEvent::kTransferred, hours(1));
  EXPECT_EQ(heard.value.size(), 1u) << "the call is recorded while it is held";
  EXPECT_EQ(events_->NotificationCount(), 1u) << "and has woken the target's waits";
  EXPECT_TRUE(gate_->AwaitHeld(1, std::chrono::steady_clock::now() + hours(1)));
  EXPECT_EQ(returned.get_future().wait_for(milliseconds(0)), std::future_status::timeout);
  gate_->Release();
  bits.join();
  EXPECT_TRUE(gate_->AwaitHeld(0, std::chrono::steady_clock::now()));
}

TEST_F(ComJobSurfaceTest, AReleaseLetsGoACallSeenBeforeItWasHeld) {
  ASSERT_NO_FATAL_FAILURE(Register(true));
  std::thread bits([&] { registered_->JobTransferred(&job_); });
  job->WaitForNotification(JobEvent::kTransferred, hours(1));
  gate_->Release();  // perhaps before the call reached the gate: it must return all the same
  bits.join();
}

TEST_F(ComJobSurfaceTest, HeldCallsReturnWhenTheJobPointerGoes) {
  ASSERT_NO_FATAL_FAILURE(Register(true));
  std::thread bits([&] { registered_->JobTransferred(&job_); });
  EXPECT_TRUE(gate_->AwaitHeld(1, std::chrono::steady_clock::now() + hours(1)));
  job.reset();
  bits.join();
}

// ---- Error details ----

TEST_F(ComJobSurfaceTest, ErrorDescriptionIsAskedInTheGivenLanguage) {
  EXPECT_CALL(error_, GetErrorDescription(DWORD{0x0409}, NotNull()))
      .WillOnce(HandOutString<1>(*system_, L"Not found.\r\n"));
  EXPECT_CALL(error_, GetErrorDescription(DWORD{0x0478}, NotNull()))
      .WillOnce(Answer(HRESULT_FROM_WIN32(1815)));  // ERROR_RESOURCE_LANG_NOT_FOUND
  EXPECT_CALL(error_, GetErrorDescription(DWORD{0}, NotNull())).WillOnce(Answer(E_NOTIMPL));
  const Outcome<std::string> english = job->ErrorDescription(0x0409);
  EXPECT_EQ(english.hr, hr::kOk);
  EXPECT_EQ(english.value, "Not found.\r\n") << "the description as BITS wrote it";
  EXPECT_EQ(job->ErrorDescription(0x0478).hr, ToHResult(HRESULT_FROM_WIN32(1815)));
  EXPECT_EQ(job->ErrorDescription(0).hr, hr::kNotImpl);
}

TEST_F(ComJobSurfaceTest, ErrorDetailsWithoutAnErrorObjectAnswerGetErrorsResult) {
  EXPECT_CALL(job_, GetError)
      .WillRepeatedly(Answer(static_cast<HRESULT>(BG_E_ERROR_INFORMATION_UNAVAILABLE)));
  EXPECT_EQ(job->ErrorDescription(0x0409).hr, hr::kErrorInformationUnavailable);
  EXPECT_EQ(job->ErrorFile().hr, hr::kErrorInformationUnavailable);
  EXPECT_EQ(job->ErrorProtocol().hr, hr::kErrorInformationUnavailable);
}

TEST_F(ComJobSurfaceTest, ErrorFileNamesTheFilesRemoteAndLocalNames) {
  EXPECT_CALL(file_, GetRemoteName).WillOnce(HandOutString<0>(*system_, L"http://h/missing.bin"));
  EXPECT_CALL(file_, GetLocalName).WillOnce(HandOutString<0>(*system_, L"C:\\t\\missing.bin"));
  const Outcome<JobFile> file = job->ErrorFile();
  EXPECT_EQ(file.hr, hr::kOk);
  EXPECT_EQ(file.value.remote_url, "http://h/missing.bin");
  EXPECT_EQ(file.value.local_path, "C:\\t\\missing.bin");
}

TEST_F(ComJobSurfaceTest, ErrorFileAnswersWhatGetFileAnswers) {
  EXPECT_CALL(error_, GetFile)
      .WillOnce(Answer(static_cast<HRESULT>(hr::kFileNotAvailable.bits())))
      .WillOnce(Answer(E_NOTIMPL));
  EXPECT_EQ(job->ErrorFile().hr, hr::kFileNotAvailable);
  EXPECT_EQ(job->ErrorFile().hr, hr::kNotImpl);
}

TEST_F(ComJobSurfaceTest, ErrorFileAnswersWhatTheFilesNamesAnswer) {
  EXPECT_CALL(file_, GetRemoteName).WillOnce(Answer(E_NOTIMPL)).WillOnce(Answer(S_OK));
  EXPECT_CALL(file_, GetLocalName).WillOnce(Answer(E_ACCESSDENIED));
  EXPECT_EQ(job->ErrorFile().hr, hr::kNotImpl);
  EXPECT_EQ(job->ErrorFile().hr, hr::kAccessDenied);
}

TEST_F(ComJobSurfaceTest, UnwrittenErrorDetailsReadAsUnwritten) {
  EXPECT_CALL(error_, GetErrorDescription).WillOnce(Answer(S_OK));
  EXPECT_CALL(error_, GetProtocol).WillOnce(Answer(S_OK));
  EXPECT_CALL(file_, GetRemoteName).WillOnce(Answer(S_OK));
  EXPECT_CALL(file_, GetLocalName).WillOnce(Answer(S_OK));
  EXPECT_EQ(job->ErrorDescription(0x0409).value, unwritten::kText);
  EXPECT_EQ(job->ErrorProtocol().value, unwritten::kText);
  const Outcome<JobFile> file = job->ErrorFile();
  EXPECT_EQ(file.value.remote_url, unwritten::kText);
  EXPECT_EQ(file.value.local_path, unwritten::kText);
}

TEST_F(ComJobSurfaceTest, ErrorObjectsHandedOutAsNothingReadAsUnwritten) {
  EXPECT_CALL(job_, GetError).WillRepeatedly(Answer(S_OK));
  const Outcome<std::string> description = job->ErrorDescription(0x0409);
  EXPECT_EQ(description.hr, hr::kOk);
  EXPECT_EQ(description.value, unwritten::kText);
  EXPECT_EQ(job->ErrorFile().value.remote_url, unwritten::kText);
  EXPECT_EQ(job->ErrorProtocol().value, unwritten::kText);
  EXPECT_CALL(job_, GetError).WillRepeatedly(HandOut<0>(error_));
  EXPECT_CALL(error_, GetFile).WillOnce(Answer(S_OK));
  EXPECT_EQ(job->ErrorFile().value.local_path, unwritten::kText);
}

TEST_F(ComJobSurfaceTest, ErrorProtocolIsReadWithBitsAnswer) {
  EXPECT_CALL(error_, GetProtocol)
      .WillOnce(HandOutString<0>(*system_, L"http"))
      .WillOnce(Answer(static_cast<HRESULT>(hr::kProtocolNotAvailable.bits())))
      .WillOnce(Answer(E_NOTIMPL));
  const Outcome<std::string> protocol = job->ErrorProtocol();
  EXPECT_EQ(protocol.hr, hr::kOk);
  EXPECT_EQ(protocol.value, "http");
  EXPECT_EQ(job->ErrorProtocol().hr, hr::kProtocolNotAvailable);
  EXPECT_EQ(job->ErrorProtocol().hr, hr::kNotImpl);
}

// ---- Ownership ----

TEST_F(ComJobSurfaceTest, OwnerIsReadWithBitsAnswer) {
  EXPECT_CALL(job_, GetOwner)
      .WillOnce(HandOutString<0>(*system_, L"S-1-5-21-1-2-3-1001"))
      .WillOnce(Answer(E_NOTIMPL))
      .WillOnce(Answer(S_OK));
  const Outcome<std::string> owner = job->OwnerSid();
  EXPECT_EQ(owner.hr, hr::kOk);
  EXPECT_EQ(owner.value, "S-1-5-21-1-2-3-1001");
  EXPECT_EQ(job->OwnerSid().hr, hr::kNotImpl);
  EXPECT_EQ(job->OwnerSid().value, unwritten::kText);
}

TEST_F(ComJobSurfaceTest, TakeOwnershipAnswersWhatBitsAnswers) {
  EXPECT_CALL(job_, TakeOwnership)
      .WillOnce(Return(S_OK))
      .WillOnce(Return(E_ACCESSDENIED))
      .WillOnce(Return(E_NOTIMPL));
  EXPECT_EQ(job->TakeOwnership(), hr::kOk);
  EXPECT_EQ(job->TakeOwnership(), hr::kAccessDenied);
  EXPECT_EQ(job->TakeOwnership(), hr::kNotImpl);
}

// ---- Credentials ----

TEST_F(ComJobSurfaceTest, CredentialsReachTheJob2AsGiven) {
  BG_AUTH_CREDENTIALS seen{};
  std::wstring user;
  bool password_matches = false;  // compared here, so that no failure message shows it
  EXPECT_CALL(job_, SetCredentials(NotNull())).WillOnce([&](BG_AUTH_CREDENTIALS* credentials) {
    seen = *credentials;
    user = credentials->Credentials.Basic.UserName;
    password_matches = std::wstring_view(credentials->Credentials.Basic.Password) == L"pa ss%word";
    return S_OK;
  });
  Credentials given{AuthTarget::kProxy, AuthScheme::kBasic, "bitscts-user", Password("pa ss%word")};
  EXPECT_EQ(job->SetCredentials(given), hr::kOk);
  EXPECT_EQ(seen.Target, BG_AUTH_TARGET_PROXY);
  EXPECT_EQ(seen.Scheme, BG_AUTH_SCHEME_BASIC);
  EXPECT_EQ(user, L"bitscts-user");
  EXPECT_TRUE(password_matches);
}

TEST_F(ComJobSurfaceTest, MissingUserAndPasswordArePassedAsNull) {
  EXPECT_CALL(job_, SetCredentials(NotNull())).WillOnce([](BG_AUTH_CREDENTIALS* credentials) {
    EXPECT_EQ(credentials->Scheme, BG_AUTH_SCHEME_NEGOTIATE);
    EXPECT_EQ(credentials->Credentials.Basic.UserName, nullptr);
    EXPECT_EQ(credentials->Credentials.Basic.Password, nullptr);
    return E_NOTIMPL;
  });
  EXPECT_EQ(job->SetCredentials(Credentials{AuthTarget::kServer, AuthScheme::kNegotiate,
                                            std::nullopt, std::nullopt}),
            hr::kNotImpl);
}

TEST_F(ComJobSurfaceTest, CredentialsAnswerTheJob2QueryWhenItFails) {
  EXPECT_CALL(job_, QueryInterface(IidIs<IBackgroundCopyJob2>(), NotNull()))
      .WillOnce(Return(E_NOINTERFACE));
  EXPECT_CALL(job_, SetCredentials).Times(0);
  EXPECT_EQ(job->SetCredentials(Credentials{}), hr::kNoInterface);
}

// ---- Proxy settings ----

TEST_F(ComJobSurfaceTest, ProxySettingsAreSetAsGivenAndEmptyListsAreNull) {
  EXPECT_CALL(job_, SetProxySettings(BG_JOB_PROXY_USAGE_OVERRIDE, StrEq(L"http=127.0.0.1:8081"),
                                     StrEq(L"<local>")))
      .WillOnce(Return(S_OK));
  EXPECT_CALL(job_, SetProxySettings(BG_JOB_PROXY_USAGE_NO_PROXY, IsNull(), IsNull()))
      .WillOnce(Return(E_NOTIMPL));
  EXPECT_CALL(job_, SetProxySettings(BG_JOB_PROXY_USAGE_AUTODETECT, IsNull(), IsNull()))
      .WillOnce(Return(E_INVALIDARG));
  EXPECT_EQ(job->SetProxySettings(ProxyUsage::kOverride, "http=127.0.0.1:8081", "<local>"),
            hr::kOk);
  EXPECT_EQ(job->SetProxySettings(ProxyUsage::kNoProxy, "", ""), hr::kNotImpl);
  EXPECT_EQ(job->SetProxySettings(ProxyUsage::kAutodetect, "", ""), hr::kInvalidArg);
}

// ---- Client certificates ----

TEST_F(ComJobSurfaceTest, ClientCertificateIsNamedByStoreAndHash) {
  EXPECT_CALL(job_, QueryInterface(IidIs<IBackgroundCopyJobHttpOptions>(), NotNull()))
      .WillRepeatedly(HandOut<1>(http_));
  std::vector<BYTE> hash;
  EXPECT_CALL(http_, SetClientCertificateByID(BG_CERT_STORE_LOCATION_LOCAL_MACHINE, StrEq(L"MY"),
                                              NotNull()))
      .WillOnce([&](BG_CERT_STORE_LOCATION, LPCWSTR, BYTE* bytes) {
        hash.assign(bytes, bytes + 20);
        return S_OK;
      });
  EXPECT_CALL(http_, SetClientCertificateByID(BG_CERT_STORE_LOCATION_CURRENT_USER, _, _))
      .WillOnce(Return(E_NOTIMPL));
  EXPECT_EQ(job->SetClientCertificate(CertStoreLocation::kLocalMachine, "MY",
                                      "00112233445566778899aabbccddeeffA0B1C2D3"),
            hr::kOk);
  EXPECT_EQ(hash, (std::vector<BYTE>{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99,
                                     0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0xA0, 0xB1, 0xC2, 0xD3}));
  EXPECT_EQ(job->SetClientCertificate(CertStoreLocation::kCurrentUser, "MY", "00"), hr::kNotImpl);
}

TEST_F(ComJobSurfaceTest, ClientCertificateAnswersTheHttpOptionsQueryWhenItFails) {
  EXPECT_CALL(job_, QueryInterface(IidIs<IBackgroundCopyJobHttpOptions>(), NotNull()))
      .WillOnce(Return(E_NOINTERFACE))
      .WillOnce(Return(S_OK));  // success without a pointer
  EXPECT_EQ(job->SetClientCertificate(CertStoreLocation::kCurrentUser, "MY", "00"),
            hr::kNoInterface);
  EXPECT_EQ(job->SetClientCertificate(CertStoreLocation::kCurrentUser, "MY", "00"),
            hr::kNoInterface);
}

TEST(CertificateHashBytes, AreTheThumbprintsPairsOfDigitsPaddedToASha1Hash) {
  EXPECT_EQ(CertificateHashBytes("0aFf"),
            (std::vector<BYTE>{0x0A, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(CertificateHashBytes(std::string(42, '1')).size(), 21u) << "a longer hash stays longer";
  EXPECT_EQ(CertificateHashBytes("zz1").front(), 0x00) << "no hex digit counts as 0";
}

}  // namespace
}  // namespace bitscts::com
