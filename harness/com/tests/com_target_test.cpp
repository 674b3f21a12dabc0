// The com target's client code against doubles of BITS and of the Windows API: connection and
// version detection, probing, jobs, errors, waits, token options and hygiene. Every test ends by
// checking that each interface the target acquired was released (defect D15) and that each
// string BITS handed out was freed once.
#include "bitscts/com/com_target.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <variant>

#include "bits_classes.h"
#include "bitscts/com/preflight.h"
#include "com_ref.h"
#include "control_of.h"
#include "job_wait.h"
#include "mocks/mock_error.h"
#include "mocks/mock_job.h"
#include "mocks/mock_manager.h"
#include "mocks/mock_system_api.h"
#include "mocks/mock_token_options.h"
#include "text.h"

namespace bitscts::com {
namespace {

using mocks::GuidIs;
using mocks::HandOut;
using mocks::HandOutString;
using mocks::IidIs;
using mocks::MockError;
using mocks::MockJob;
using mocks::MockManager;
using mocks::MockSystemApi;
using mocks::MockTokenOptions;
using mocks::ReportState;
using ::testing::_;
using ::testing::AnyNumber;
using ::testing::DoAll;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::NiceMock;
using ::testing::NotNull;
using ::testing::Return;
using ::testing::SaveArg;
using ::testing::SetArgPointee;
using ::testing::StrEq;

constexpr GUID kJobId{0x0A1B2C3D, 0x4E5F, 0x6071, {0x82, 0x93, 0xA4, 0xB5, 0xC6, 0xD7, 0xE8, 0xF9}};
constexpr std::size_t kNewestClass = 0;

class ComTargetTest : public ::testing::Test {
 protected:
  ComTargetTest() {
    ON_CALL(*system_, CoCreateInstance).WillByDefault(HandOut<3>(manager_));
    ON_CALL(manager_, CreateJob).WillByDefault(DoAll(SetArgPointee<2>(kJobId), HandOut<3>(job_)));
    ON_CALL(manager_, GetJob).WillByDefault(HandOut<1>(job_));
    ON_CALL(job_, GetId).WillByDefault(DoAll(SetArgPointee<0>(kJobId), Return(S_OK)));
    ON_CALL(job_, GetState).WillByDefault(ReportState(BG_JOB_STATE_QUEUED));
  }

  void TearDown() override {
    target_.reset();
    mocks::ExpectAllReleased(manager_, job_, options_, error_);
    EXPECT_EQ(system_->outstanding_task_memory(), 0u) << "a string BITS returned was never freed";
    EXPECT_EQ(system_->bad_task_memory_frees(), 0u) << "memory was freed twice, or was not BITS'";
  }

  // Connects the target; on failure adds the reason to the test's failures and throws, which
  // ends the test.
  Target& Connect() { return Connect(Options()); }
  Target& Connect(const ComOptions& options) {
    auto made = ConnectComTarget(system_, options);
    if (auto* error = std::get_if<std::string>(&made)) {
      ADD_FAILURE() << *error;
      throw std::runtime_error("connection failed");
    }
    target_ = std::move(std::get<std::unique_ptr<Target>>(made));
    return *target_;
  }

  // Returns the reason the connection failed, or "" if it succeeded.
  std::string ConnectionFailure() {
    auto made = ConnectComTarget(system_, Options());
    if (auto* error = std::get_if<std::string>(&made)) return *error;
    target_ = std::move(std::get<std::unique_ptr<Target>>(made));
    return {};
  }

  ComOptions Options() const {
    ComOptions options;
    options.scratch = scratch_.string();
    return options;
  }

  // Options whose probe downloads a URL and checks it with `verify`, waiting briefly.
  ComOptions DownloadOptions(std::function<std::string(const std::string&)> verify) const {
    ComOptions options = Options();
    options.probe.url = "http://127.0.0.1:8080/content/7/4096";
    options.probe.verify = std::move(verify);
    options.probe.timeout = std::chrono::milliseconds(300);
    return options;
  }

  std::unique_ptr<Job> CreateJob() {
    Outcome<std::unique_ptr<Job>> created =
        target_->CurrentCaller().CreateDownloadJob("bitscts test");
    EXPECT_EQ(created.hr, hr::kOk);
    return std::move(created.value);
  }

  // Makes the versioned classes newer than `newest` unregistered.
  void RegisterClassesFrom(std::size_t newest) {
    for (std::size_t i = 0; i < std::size(kVersionedClasses); ++i) {
      auto& call =
          EXPECT_CALL(*system_, CoCreateInstance(GuidIs(kVersionedClasses[i].clsid), _, _, _));
      if (i < newest) {
        call.WillOnce(Return(REGDB_E_CLASSNOTREG));
      } else if (i == newest) {
        call.WillOnce(HandOut<3>(manager_));
      } else {
        call.Times(0);
      }
    }
  }

  const std::filesystem::path scratch_ =
      std::filesystem::temp_directory_path() /
      ("bitscts-com-target-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::shared_ptr<NiceMock<MockSystemApi>> system_ = std::make_shared<NiceMock<MockSystemApi>>();
  NiceMock<MockManager> manager_;
  NiceMock<MockJob> job_;
  NiceMock<MockTokenOptions> options_;
  NiceMock<MockError> error_;
  std::unique_ptr<Target> target_;
};

// ---- Connection ----

TEST_F(ComTargetTest, ConnectionAsksForImpersonationWithDynamicCloaking) {
  InSequence order;
  EXPECT_CALL(*system_, CoInitializeEx(static_cast<DWORD>(COINIT_MULTITHREADED)));
  EXPECT_CALL(*system_, CoInitializeSecurity(static_cast<DWORD>(RPC_C_AUTHN_LEVEL_CONNECT),
                                             static_cast<DWORD>(RPC_C_IMP_LEVEL_IMPERSONATE),
                                             static_cast<DWORD>(EOAC_DYNAMIC_CLOAKING)));
  EXPECT_CALL(*system_, CoCreateInstance(GuidIs(kVersionedClasses[kNewestClass].clsid),
                                         static_cast<DWORD>(CLSCTX_LOCAL_SERVER),
                                         IidIs<IBackgroundCopyManager>(), _));
  const TargetDescription& description = Connect().Description();
  EXPECT_EQ(description.id, "windows-10.0.19045");
  EXPECT_EQ(description.family, "windows");
  EXPECT_EQ(description.bits_version, "10.3");
  EXPECT_EQ(description.os_build, 19045u);
  EXPECT_EQ(description.implementation, "Microsoft BITS 10.3");
}

TEST_F(ComTargetTest, NewestActivatableClassNamesTheBitsVersion) {  // D13
  RegisterClassesFrom(4);                                           // 4.0
  Target& target = Connect();
  EXPECT_EQ(target.Description().bits_version, "4.0");
  const Capabilities capabilities = target.Probe();
  EXPECT_TRUE(capabilities.Has(Feature::kBits4));
  EXPECT_THAT(capabilities.Get(Feature::kBits4).evidence,
              HasSubstr("BackgroundCopyManager10.3 -> REGDB_E_CLASSNOTREG (0x80040154)"));
  EXPECT_THAT(capabilities.Get(Feature::kBits4).evidence,
              HasSubstr("BackgroundCopyManager4.0 -> S_OK"));
}

TEST_F(ComTargetTest, BitsOlderThanFourIsNotBits4) {      // D13
  RegisterClassesFrom(std::size(kVersionedClasses) - 1);  // 1.0 only
  Target& target = Connect();
  EXPECT_EQ(target.Description().bits_version, "1.0");
  EXPECT_FALSE(target.Probe().Has(Feature::kBits4));
}

TEST_F(ComTargetTest, NoActivatableClassFailsTheConnectionWithEveryResult) {
  EXPECT_CALL(*system_, CoCreateInstance)
      .Times(static_cast<int>(std::size(kVersionedClasses)))
      .WillRepeatedly(Return(REGDB_E_CLASSNOTREG));
  EXPECT_CALL(*system_, CoUninitialize).Times(1);
  const std::string failure = ConnectionFailure();
  EXPECT_THAT(failure, HasSubstr("no BackgroundCopyManager class could be activated"));
  EXPECT_THAT(failure, HasSubstr("BackgroundCopyManager1.0 -> REGDB_E_CLASSNOTREG (0x80040154)"));
}

TEST_F(ComTargetTest, ClassThatActivatesWithoutAnObjectIsSkipped) {
  EXPECT_CALL(*system_, CoCreateInstance).Times(AnyNumber());
  EXPECT_CALL(*system_, CoCreateInstance(GuidIs(kVersionedClasses[0].clsid), _, _, _))
      .WillOnce([](REFCLSID, DWORD, REFIID, void** object) {
        *object = nullptr;
        return S_OK;
      });
  EXPECT_EQ(Connect().Description().bits_version, "10.2");
}

TEST_F(ComTargetTest, SecurityAlreadyInitialisedIsNotFatal) {  // D14
  EXPECT_CALL(*system_, CoInitializeSecurity).WillOnce(Return(RPC_E_TOO_LATE));
  Target& target = Connect();
  EXPECT_THAT(target.Probe().Get(Feature::kDownload).evidence,
              HasSubstr("RPC_E_TOO_LATE (0x80010119)"));
}

TEST_F(ComTargetTest, OtherSecurityFailureIsReportedByName) {
  EXPECT_CALL(*system_, CoInitializeSecurity).WillOnce(Return(E_ACCESSDENIED));
  EXPECT_CALL(*system_, CoCreateInstance).Times(0);
  EXPECT_CALL(*system_, CoUninitialize).Times(1);
  EXPECT_EQ(ConnectionFailure(),
            "CoInitializeSecurity(RPC_C_IMP_LEVEL_IMPERSONATE, EOAC_DYNAMIC_CLOAKING) -> "
            "E_ACCESSDENIED (0x80070005)");
}

TEST_F(ComTargetTest, FailedComInitialisationIsReportedAndNotUndone) {
  EXPECT_CALL(*system_, CoInitializeEx)
      .WillOnce(Return(static_cast<HRESULT>(0x80010106u)));  // RPC_E_CHANGED_MODE
  EXPECT_CALL(*system_, CoUninitialize).Times(0);
  EXPECT_EQ(ConnectionFailure(), "CoInitializeEx failed with RPC_E_CHANGED_MODE (0x80010106)");
}

TEST_F(ComTargetTest, ComIsUninitialisedOnceAfterEveryInterfaceIsReleased) {
  Connect();
  EXPECT_CALL(*system_, CoUninitialize).WillOnce([this] {
    EXPECT_EQ(manager_.references().outstanding(), 0);
  });
  target_.reset();
}

TEST_F(ComTargetTest, WineIsDescribedAsWine) {
  ON_CALL(*system_, ReadPlatformFacts).WillByDefault([] {
    PlatformFacts facts;
    facts.major = 6;
    facts.minor = 1;
    facts.build = 7601;
    facts.wine_version = "8.0";
    return facts;
  });
  const TargetDescription& description = Connect().Description();
  EXPECT_EQ(description.id, "wine-8.0");
  EXPECT_EQ(description.family, "wine");
  EXPECT_EQ(description.implementation, "Wine 8.0 qmgr");
  EXPECT_EQ(description.os_name, "Wine 8.0 reporting Windows 6.1.7601");
}

// ---- Probe ----

TEST_F(ComTargetTest, MissingTokenOptionsAreUnsupportedWithTheQueryResultAsEvidence) {
  Target& target = Connect();
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(Return(E_NOINTERFACE));
  EXPECT_CALL(job_, Cancel).Times(1);
  const Probe probe = target.Probe().Get(Feature::kTokenOptions);
  EXPECT_FALSE(probe.available);
  EXPECT_EQ(
      probe.evidence,
      "QueryInterface(IID_IBitsTokenOptions) on a new job returned E_NOINTERFACE (0x80004002)");
}

TEST_F(ComTargetTest, TokenOptionsAnsweringTheQueryAreSupported) {
  Target& target = Connect();
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(HandOut<1>(options_));
  EXPECT_CALL(job_, Cancel).Times(1);
  EXPECT_TRUE(target.Probe().Has(Feature::kTokenOptions));
}

TEST_F(ComTargetTest, FailedProbeJobIsReportedByName) {
  Target& target = Connect();
  EXPECT_CALL(manager_, CreateJob).WillOnce(Return(E_ACCESSDENIED));
  const Probe probe = target.Probe().Get(Feature::kTokenOptions);
  EXPECT_FALSE(probe.available);
  EXPECT_EQ(probe.evidence, "CreateJob for the probe failed with E_ACCESSDENIED (0x80070005)");
}

TEST_F(ComTargetTest, ProbeReportsThePreflightsElevationAndClaimsNothingUnseen) {
  const Capabilities capabilities = Connect().Probe();
  EXPECT_TRUE(capabilities.Has(Feature::kAdministrator));
  EXPECT_EQ(capabilities.Get(Feature::kAdministrator).evidence,
            "[ok] elevated: MockSystemApi: the process is an administrator; TokenIsElevated 1, "
            "TokenElevationTypeFull; "
            "nothing to change");
  EXPECT_FALSE(capabilities.Has(Feature::kDistinctIdentities));
  EXPECT_FALSE(capabilities.Has(Feature::kLogoff));
  EXPECT_FALSE(capabilities.Has(Feature::kDownload)) << "no content to download was given";
  EXPECT_THAT(capabilities.Get(Feature::kDownload).evidence, HasSubstr("no download was tried"));
}

TEST_F(ComTargetTest, ProbeFirstRemovesWhatACrashedRunLeftThroughEveryControl) {
  const std::filesystem::path runs = scratch_ / "runs";
  std::filesystem::create_directories(runs / "bitscts-run-crashed" / "writers-1");
  std::filesystem::create_directories(runs / "bitscts-run-now");
  const std::wstring marker =
      L"SOFTWARE\\bitscts\\UserProxy\\" + std::wstring(MockSystemApi::kProcessSid);
  system_->SetRegistry(RegistryRoot::kLocalMachine, marker, L"ProxyEnable",
                       {win32::kRegDword, {0, 0, 0, 0}});
  ASSERT_EQ(system_->NetShareAdd(ShareSpec{L"bitscts-crashed", L"C:\\gone", L"", {}}),
            DWORD{ERROR_SUCCESS});
  ComOptions options = Options();
  options.scratch = (runs / "bitscts-run-now").string();
  Connect(options).Probe();
  EXPECT_FALSE(std::filesystem::exists(runs / "bitscts-run-crashed" / "writers-1"));
  EXPECT_THAT(system_->shares(), ::testing::IsEmpty());
  std::vector<std::wstring> keys;
  EXPECT_EQ(system_->RegistrySubkeys(RegistryRoot::kLocalMachine, L"SOFTWARE\\bitscts", &keys),
            win32::kErrorFileNotFound)
      << "the marker was restored and its keys deleted";
  std::filesystem::remove_all(scratch_);
}

TEST_F(ComTargetTest, ALeftoverThatStaysIsNamedOnStandardErrorAndAFailedLookUpIsNot) {
  ASSERT_EQ(system_->NetShareAdd(ShareSpec{L"bitscts-crashed", L"C:\\gone", L"", {}}),
            DWORD{ERROR_SUCCESS});
  EXPECT_CALL(*system_, NetShareDel(std::wstring(L"bitscts-crashed")))
      .WillOnce(Return(win32::kErrorAccessDenied));
  EXPECT_CALL(*system_, ListMachineKeys).WillOnce(Return(DWORD{0x80090029}));  // as on Wine
  ::testing::internal::CaptureStderr();
  Connect().Probe();
  const std::string said = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(said, HasSubstr("removing an earlier run's shares: "));
  EXPECT_THAT(said, HasSubstr("NetShareDel(bitscts-crashed) -> E_ACCESSDENIED"));
  EXPECT_THAT(said, ::testing::Not(HasSubstr("ListMachineKeys")));
}

// ---- Probe: a download as the runner ----

TEST_F(ComTargetTest, DownloadIsClaimedOnceAJobHasTransferredContentWhoseBytesAreVerified) {
  std::string checked;
  ComOptions options = DownloadOptions([&checked](const std::string& path) {
    checked = path;
    return std::string();
  });
  const std::string local = (scratch_ / "probe-download.bin").string();
  EXPECT_CALL(manager_, CreateJob).Times(AnyNumber());  // the token options probe's
  {
    InSequence order;
    EXPECT_CALL(manager_, CreateJob(StrEq(L"bitscts probe download"), BG_JOB_TYPE_DOWNLOAD, _, _));
    EXPECT_CALL(job_, AddFile(StrEq(L"http://127.0.0.1:8080/content/7/4096"), StrEq(Widen(local))));
    EXPECT_CALL(job_, Resume());
    EXPECT_CALL(job_, Complete());
  }
  ON_CALL(job_, GetState).WillByDefault(ReportState(BG_JOB_STATE_TRANSFERRED));
  const Probe download = Connect(options).Probe().Get(Feature::kDownload);
  EXPECT_TRUE(download.available) << download.evidence;
  EXPECT_EQ(checked, local);
  EXPECT_THAT(download.evidence, HasSubstr("a download as the runner: CreateJob(\"bitscts probe "
                                           "download\") -> S_OK (0x00000000); job {"));
  EXPECT_THAT(download.evidence, HasSubstr("TRANSFERRED after"));
  EXPECT_THAT(download.evidence, HasSubstr("Complete -> S_OK (0x00000000); " + local +
                                           " holds exactly the served content"));
}

// The old probe claimed Download as soon as BITS activated, without any transfer.
TEST_F(ComTargetTest, AJobThatNeverTransfersIsNoDownload) {
  ComOptions options = DownloadOptions([](const std::string&) { return std::string(); });
  EXPECT_CALL(job_, Complete).Times(0);
  EXPECT_CALL(job_, Cancel).Times(2);  // the download's, and the token options probe's
  const Probe download = Connect(options).Probe().Get(Feature::kDownload);
  EXPECT_FALSE(download.available);
  EXPECT_THAT(download.evidence,
              HasSubstr(
                  "waited for BG_JOB_STATE_TRANSFERRED or BG_JOB_STATE_ERROR: not reached in"));
  EXPECT_THAT(download.evidence, HasSubstr("last seen BG_JOB_STATE_QUEUED; Cancel -> S_OK"));
  // What would keep transfers from happening, as the preflight sees it.
  EXPECT_THAT(download.evidence, HasSubstr("[ok] interactive session: session 1"));
  EXPECT_THAT(download.evidence, HasSubstr("[ok] BITS group policy: none configured"));
}

TEST_F(ComTargetTest, AFailedDownloadNamesTheJobsErrorAndThePoliciesThatLimitBits) {
  ComOptions options = DownloadOptions([](const std::string&) { return std::string(); });
  ON_CALL(job_, GetState).WillByDefault(ReportState(BG_JOB_STATE_ERROR));
  EXPECT_CALL(job_, GetError).WillOnce(HandOut<0>(error_));
  EXPECT_CALL(error_, GetError)
      .WillOnce(DoAll(SetArgPointee<0>(BG_ERROR_CONTEXT_REMOTE_FILE),
                      SetArgPointee<1>(static_cast<HRESULT>(0x80190194u)), Return(S_OK)));
  EXPECT_CALL(*system_, RegistryValues(_, _)).Times(testing::AnyNumber());
  EXPECT_CALL(*system_, RegistryValues(std::wstring(kBitsPolicyKey), _))
      .WillOnce([](const std::wstring&, std::vector<RegistryValue>* values) {
        values->push_back({L"MaxJobsPerUser", 4, 10, {}});
        return DWORD{0};
      });
  const Probe download = Connect(options).Probe().Get(Feature::kDownload);
  EXPECT_FALSE(download.available);
  EXPECT_THAT(download.evidence,
              HasSubstr("GetError -> S_OK (0x00000000); the job's error: "
                        "BG_E_HTTP_ERROR_404 (0x80190194) in BG_ERROR_CONTEXT_REMOTE_FILE"));
  EXPECT_THAT(download.evidence, HasSubstr("[fail] BITS policy MaxJobsPerUser: 10"));
}

TEST_F(ComTargetTest, DownloadedBytesThatDifferAreNoDownload) {
  ComOptions options =
      DownloadOptions([](const std::string&) { return std::string("byte 12 differs"); });
  ON_CALL(job_, GetState).WillByDefault(ReportState(BG_JOB_STATE_TRANSFERRED));
  const Probe download = Connect(options).Probe().Get(Feature::kDownload);
  EXPECT_FALSE(download.available);
  EXPECT_THAT(download.evidence,
              HasSubstr("the downloaded file is not the served content: byte 12 differs"));
}

TEST_F(ComTargetTest, AFileTheJobRefusesIsNoDownloadAndTheJobIsCancelled) {
  ComOptions options = DownloadOptions([](const std::string&) { return std::string(); });
  EXPECT_CALL(job_, AddFile).WillOnce(Return(E_ACCESSDENIED));
  EXPECT_CALL(job_, Resume).Times(0);
  EXPECT_CALL(job_, Cancel).Times(2);  // the download's, and the token options probe's
  const Probe download = Connect(options).Probe().Get(Feature::kDownload);
  EXPECT_FALSE(download.available);
  EXPECT_THAT(download.evidence, HasSubstr("-> E_ACCESSDENIED (0x80070005); Cancel -> S_OK"));
}

TEST_F(ComTargetTest, ADownloadJobThatCannotBeCreatedIsTheEvidence) {
  ComOptions options = DownloadOptions([](const std::string&) { return std::string(); });
  EXPECT_CALL(manager_, CreateJob).Times(AnyNumber());  // the token options probe's
  EXPECT_CALL(manager_, CreateJob(StrEq(L"bitscts probe download"), _, _, _))
      .WillOnce(Return(E_ACCESSDENIED));
  const Probe download = Connect(options).Probe().Get(Feature::kDownload);
  EXPECT_FALSE(download.available);
  EXPECT_THAT(download.evidence,
              HasSubstr("CreateJob(\"bitscts probe download\") -> E_ACCESSDENIED"));
}

// ---- The process caller ----

TEST_F(ComTargetTest, CurrentCallerIsTheProcessIdentity) {
  EXPECT_EQ(Connect().CurrentCaller().Sid(), "S-1-5-21-1000000001-1000000002-1000000003-1000");
}

TEST_F(ComTargetTest, UnreadableProcessSidIsEmpty) {
  EXPECT_CALL(*system_, CurrentProcessSid).WillOnce(Return(DWORD{5}));
  EXPECT_EQ(Connect().CurrentCaller().Sid(), "");
}

TEST_F(ComTargetTest, CallerRevertToSelfReportsWin32ErrorsAsHresults) {
  Caller& caller = Connect().CurrentCaller();
  EXPECT_CALL(*system_, RevertToSelf).WillOnce(Return(DWORD{0})).WillOnce(Return(DWORD{5}));
  EXPECT_EQ(caller.RevertToSelf(), hr::kOk);
  EXPECT_EQ(caller.RevertToSelf(), hr::kAccessDenied);
}

// ---- Jobs ----

TEST_F(ComTargetTest, CreatedJobIsSubscribedWithoutChangingItsNotifyFlags) {
  Connect();
  EXPECT_CALL(manager_,
              CreateJob(StrEq(L"bitscts test"), BG_JOB_TYPE_DOWNLOAD, NotNull(), NotNull()));
  EXPECT_CALL(job_, SetNotifyInterface(NotNull()));
  EXPECT_CALL(job_, SetNotifyFlags).Times(0);  // a scenario reads BITS's own default flags
  const std::unique_ptr<Job> job = CreateJob();
  ASSERT_NE(job, nullptr);
  EXPECT_EQ(job->Id(), "{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}");
}

TEST_F(ComTargetTest, NotifyFlagsOfANewJobAreWhatBitsAnswers) {
  Connect();
  ON_CALL(job_, GetNotifyFlags).WillByDefault(DoAll(SetArgPointee<0>(ULONG{0x0003}), Return(S_OK)));
  const std::unique_ptr<Job> job = CreateJob();
  const Outcome<std::uint32_t> flags = job->NotifyFlags();
  EXPECT_EQ(flags.hr, hr::kOk);
  EXPECT_EQ(flags.value, 0x0003u);
}

TEST_F(ComTargetTest, FailedJobCreationIsReportedWithoutAJob) {
  Connect();
  EXPECT_CALL(manager_, CreateJob).WillOnce(Return(static_cast<HRESULT>(0x80200049u)));
  const Outcome<std::unique_ptr<Job>> created = target_->CurrentCaller().CreateDownloadJob("x");
  EXPECT_EQ(created.hr, hr::kTooManyJobsPerUser);
  EXPECT_EQ(created.value, nullptr);
}

TEST_F(ComTargetTest, FilesAreAddedWithWideStrings) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, AddFile(StrEq(L"http://127.0.0.1:8080/f\u00E9"), StrEq(L"C:\\scratch\\f")))
      .WillOnce(Return(S_OK));
  EXPECT_EQ(job->AddFile("http://127.0.0.1:8080/f\xC3\xA9", "C:\\scratch\\f"), hr::kOk);
}

TEST_F(ComTargetTest, EachDistinctStateIsRecordedOnce) {
  Connect();
  EXPECT_CALL(job_, GetState)
      .WillOnce(ReportState(BG_JOB_STATE_QUEUED))
      .WillOnce(ReportState(BG_JOB_STATE_QUEUED))
      .WillOnce(ReportState(BG_JOB_STATE_TRANSFERRING))
      .WillOnce(Return(E_ACCESSDENIED))
      .WillOnce(ReportState(BG_JOB_STATE_TRANSFERRED));
  const std::unique_ptr<Job> job = CreateJob();  // reads once
  EXPECT_EQ(job->State().value, JobState::kQueued);
  EXPECT_EQ(job->State().value, JobState::kTransferring);
  EXPECT_EQ(job->State().hr, hr::kAccessDenied);
  EXPECT_EQ(job->State().value, JobState::kTransferred);
  EXPECT_EQ(job->StateHistory(), (std::vector<JobState>{JobState::kQueued, JobState::kTransferring,
                                                        JobState::kTransferred}));
}

TEST_F(ComTargetTest, StateChangingCallsReturnTheirResultAndRecordTheStateTheyLeave) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, Resume).WillOnce(Return(S_OK));
  EXPECT_CALL(job_, Suspend).WillOnce(Return(E_NOTIMPL));
  EXPECT_CALL(job_, Complete).WillOnce(Return(BG_E_INVALID_STATE));
  EXPECT_CALL(job_, Cancel).WillOnce(Return(BG_S_UNABLE_TO_DELETE_FILES));
  EXPECT_CALL(job_, SetNoProgressTimeout(ULONG{0})).WillOnce(Return(S_OK));
  EXPECT_CALL(job_, GetState).Times(4).WillRepeatedly(ReportState(BG_JOB_STATE_CANCELLED));
  EXPECT_EQ(job->Resume(), hr::kOk);
  EXPECT_EQ(job->Suspend(), hr::kNotImpl);
  EXPECT_EQ(job->Complete(), hr::kInvalidState);
  EXPECT_EQ(job->Cancel(), hr::kUnableToDeleteFiles);
  EXPECT_EQ(job->SetNoProgressTimeout(0), hr::kOk);
  EXPECT_EQ(job->StateHistory().back(), JobState::kCancelled);
}

TEST_F(ComTargetTest, JobErrorGivesContextCodeAndDescriptionWithoutLineEnd) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, GetError).WillOnce(HandOut<0>(error_));
  EXPECT_CALL(error_, GetError)
      .WillOnce(DoAll(SetArgPointee<0>(BG_ERROR_CONTEXT_REMOTE_FILE),
                      SetArgPointee<1>(static_cast<HRESULT>(0x80190194u)), Return(S_OK)));
  EXPECT_CALL(*system_, ThreadLanguageId).WillOnce(Return(DWORD{0x040C}));
  EXPECT_CALL(error_, GetErrorDescription(DWORD{0x040C}, _))
      .WillOnce(HandOutString<1>(*system_, L"Le serveur a renvoy\u00E9 404.\r\n"));
  const Outcome<JobError> error = job->Error();
  EXPECT_EQ(error.hr, hr::kOk);
  EXPECT_EQ(error.value.code, hr::kHttpError404);
  EXPECT_EQ(error.value.context, ErrorContext::kRemoteFile);
  EXPECT_EQ(error.value.description, "Le serveur a renvoy\xC3\xA9 404.");
}

TEST_F(ComTargetTest, JobErrorWithoutDescriptionKeepsCodeAndContext) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, GetError).WillOnce(HandOut<0>(error_));
  EXPECT_CALL(error_, GetError)
      .WillOnce(DoAll(SetArgPointee<0>(BG_ERROR_CONTEXT_LOCAL_FILE),
                      SetArgPointee<1>(E_ACCESSDENIED), Return(S_OK)));
  EXPECT_CALL(error_, GetErrorDescription).WillOnce(Return(static_cast<HRESULT>(0x80070717u)));
  const Outcome<JobError> error = job->Error();
  EXPECT_EQ(error.value.code, hr::kAccessDenied);
  EXPECT_EQ(error.value.context, ErrorContext::kLocalFile);
  EXPECT_EQ(error.value.description, "");
}

TEST_F(ComTargetTest, JobWithoutAnErrorReportsTheHresult) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, GetError).WillOnce(Return(BG_E_ERROR_INFORMATION_UNAVAILABLE));
  EXPECT_EQ(job->Error().hr, hr::kErrorInformationUnavailable);
}

// ---- Waits ----

TEST_F(ComTargetTest, WaitWakesOnTheJobsNotificationDespiteAMillenniumTimeout) {  // D6, D7
  Connect();
  IUnknown* subscribed = nullptr;
  EXPECT_CALL(job_, SetNotifyInterface).WillOnce(DoAll(SaveArg<0>(&subscribed), Return(S_OK)));
  const std::unique_ptr<Job> job = CreateJob();
  ASSERT_NE(subscribed, nullptr);
  ComRef<IBackgroundCopyCallback> callback;
  ASSERT_EQ(ToHResult(
                subscribed->QueryInterface(IidOf<IBackgroundCopyCallback>(), callback.PutVoid())),
            hr::kOk);

  EXPECT_CALL(job_, GetState)
      .WillOnce([&](BG_JOB_STATE* state) {
        *state = BG_JOB_STATE_TRANSFERRING;
        callback->JobTransferred(&job_);  // BITS notifies while the state is being read
        return S_OK;
      })
      .WillOnce(ReportState(BG_JOB_STATE_TRANSFERRED));
  const auto started = std::chrono::steady_clock::now();
  const WaitResult result =
      job->WaitForState({JobState::kTransferred}, std::chrono::hours(24 * 365 * 1000));
  EXPECT_TRUE(result.reached);
  EXPECT_EQ(result.state, JobState::kTransferred);
  EXPECT_LT(std::chrono::steady_clock::now() - started, kFallbackPoll)
      << "the notification did not end the wait";
}

TEST_F(ComTargetTest, WaitWithZeroTimeoutReadsOnceAndReturns) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, GetState).Times(1).WillOnce(ReportState(BG_JOB_STATE_QUEUED));
  const WaitResult result =
      job->WaitForState({JobState::kTransferred}, std::chrono::milliseconds(0));
  EXPECT_FALSE(result.reached);
  EXPECT_EQ(result.state, JobState::kQueued);
}

// ---- Token options ----

TEST_F(ComTargetTest, TokenOptionsPassCallsAndResultsThrough) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(HandOut<1>(options_));
  Outcome<std::unique_ptr<TokenOptions>> queried = job->QueryTokenOptions();
  ASSERT_EQ(queried.hr, hr::kOk);
  TokenOptions& options = *queried.value;

  EXPECT_CALL(options_, SetHelperToken()).WillOnce(Return(static_cast<HRESULT>(0x80010123u)));
  EXPECT_CALL(options_, ClearHelperToken()).WillOnce(Return(S_OK));
  EXPECT_CALL(options_, SetHelperTokenFlags(DWORD{0x3})).WillOnce(Return(E_ACCESSDENIED));
  EXPECT_CALL(options_, GetHelperTokenFlags)
      .WillOnce(DoAll(SetArgPointee<0>(DWORD{0x2}), Return(S_OK)));
  EXPECT_EQ(options.SetHelperToken(), hr::kFailedToImpersonate);
  EXPECT_EQ(options.ClearHelperToken(), hr::kOk);
  EXPECT_EQ(options.SetHelperTokenFlags(0x3), hr::kAccessDenied);
  EXPECT_EQ(options.GetHelperTokenFlags().value, 0x2u);
}

TEST_F(ComTargetTest, HelperTokenSidIsReadAndFreedOnce) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(HandOut<1>(options_));
  const std::unique_ptr<TokenOptions> options = std::move(job->QueryTokenOptions().value);
  EXPECT_CALL(options_, GetHelperTokenSid)
      .WillOnce(HandOutString<0>(*system_, L"S-1-5-21-1-2-3-1001"))
      .WillOnce(DoAll(SetArgPointee<0>(nullptr), Return(S_OK)));
  const Outcome<std::optional<std::string>> sid = options->GetHelperTokenSid();
  EXPECT_EQ(sid.hr, hr::kOk);
  EXPECT_EQ(sid.value, std::optional<std::string>("S-1-5-21-1-2-3-1001"));
  EXPECT_EQ(options->GetHelperTokenSid().value, std::nullopt);  // a null string is no SID
}

// A BITS that answers S_OK without writing its outputs is seen as such: never as the zero flags,
// null SID, SUSPENDED state or S_OK error code a scenario may expect, and nothing is freed.
TEST_F(ComTargetTest, OutputsLeftUnwrittenReadAsUnwritten) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(HandOut<1>(options_));
  const std::unique_ptr<TokenOptions> options = std::move(job->QueryTokenOptions().value);
  EXPECT_CALL(options_, GetHelperTokenFlags).WillOnce(Return(S_OK));
  EXPECT_CALL(options_, GetHelperTokenSid).WillOnce(Return(S_OK));
  EXPECT_CALL(*system_, CoTaskMemFree).Times(0);
  EXPECT_EQ(options->GetHelperTokenFlags().value, unwritten::kNumber);
  EXPECT_EQ(options->GetHelperTokenSid().value, std::optional<std::string>(unwritten::kText));

  EXPECT_CALL(job_, GetState).WillOnce(Return(S_OK));
  const Outcome<JobState> state = job->State();
  EXPECT_EQ(state.hr, hr::kOk);
  EXPECT_EQ(state.value, unwritten::kState);

  EXPECT_CALL(job_, GetError).WillOnce(HandOut<0>(error_));
  EXPECT_CALL(error_, GetError).WillOnce(Return(S_OK));
  EXPECT_CALL(error_, GetErrorDescription).WillOnce(Return(S_OK));
  const Outcome<JobError> error = job->Error();
  EXPECT_EQ(error.hr, hr::kOk);
  EXPECT_EQ(error.value.code, HResult{unwritten::kNumber});
  EXPECT_EQ(error.value.description, unwritten::kText);
}

TEST_F(ComTargetTest, JobWithoutTokenOptionsGivesNoObject) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(Return(E_NOINTERFACE));
  const Outcome<std::unique_ptr<TokenOptions>> queried = job->QueryTokenOptions();
  EXPECT_EQ(queried.hr, hr::kNoInterface);
  EXPECT_EQ(queried.value, nullptr);
}

// ---- Cost flags (IBackgroundCopyJob5) ----

TEST_F(ComTargetTest, CostFlagsAreTheJob5PropertyAndTheQueryIsReleased) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, SetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS,
                                Field(&BITS_JOB_PROPERTY_VALUE::Dword, 0x800000FFu)))
      .WillOnce(Return(E_ACCESSDENIED));
  EXPECT_CALL(job_, GetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS, NotNull()))
      .WillOnce([](BITS_JOB_PROPERTY_ID, BITS_JOB_PROPERTY_VALUE* value) {
        value->Dword = 0x80000067u;
        return S_OK;
      })
      .WillOnce(Return(E_FAIL));
  EXPECT_EQ(job->SetCostFlags(cost::kPolicyAlways), hr::kAccessDenied);
  EXPECT_EQ(job->CostFlags().value, cost::kPolicyStandard);
  const Outcome<std::uint32_t> failed = job->CostFlags();
  EXPECT_EQ(failed.hr, hr::kFail);
  EXPECT_EQ(failed.value, 0u) << "no value from a failed GetProperty";
}

TEST_F(ComTargetTest, JobWithoutJob5AnswersWithItsQueryResult) {
  Connect();
  const std::unique_ptr<Job> job = CreateJob();
  EXPECT_CALL(job_, QueryInterface(IidIs<IBackgroundCopyJob5>(), _))
      .WillOnce(Return(E_NOINTERFACE))
      .WillOnce(Return(S_OK));  // success without a pointer is no interface either
  EXPECT_CALL(job_, SetProperty).Times(0);
  EXPECT_CALL(job_, GetProperty).Times(0);
  EXPECT_EQ(job->SetCostFlags(cost::kPolicyAlways), hr::kNoInterface);
  EXPECT_EQ(job->CostFlags().hr, hr::kNoInterface);
}

// ---- Opening jobs and hygiene ----

TEST_F(ComTargetTest, OpenJobAsksTheManagerForTheParsedGuid) {
  Caller& caller = Connect().CurrentCaller();
  EXPECT_CALL(manager_, GetJob(GuidIs(kJobId), NotNull()));
  const Outcome<std::unique_ptr<Job>> opened =
      caller.OpenJob("{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9}");
  EXPECT_EQ(opened.hr, hr::kOk);
  ASSERT_NE(opened.value, nullptr);
}

TEST_F(ComTargetTest, OpeningAMalformedIdIsAnInvalidArgument) {
  Caller& caller = Connect().CurrentCaller();
  EXPECT_CALL(manager_, GetJob).Times(0);
  EXPECT_EQ(caller.OpenJob("not a guid").hr, hr::kInvalidArg);
}

TEST_F(ComTargetTest, OpeningAnUnknownJobReportsNotFound) {
  Caller& caller = Connect().CurrentCaller();
  EXPECT_CALL(manager_, GetJob).WillOnce(Return(BG_E_NOT_FOUND));
  const Outcome<std::unique_ptr<Job>> opened =
      caller.OpenJob("{0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}");
  EXPECT_EQ(opened.hr, hr::kNotFound);
  EXPECT_EQ(opened.value, nullptr);
}

TEST_F(ComTargetTest, LeftoverJobsOfThisRunAreCancelledUnlessFinished) {
  Connect();
  NiceMock<MockJob> finished;
  NiceMock<MockJob> unreadable;
  const GUID ids[] = {{1, 0, 0, {0}}, {2, 0, 0, {0}}, {3, 0, 0, {0}}, {4, 0, 0, {0}}};
  EXPECT_CALL(manager_, CreateJob)
      .WillOnce(DoAll(SetArgPointee<2>(ids[0]), HandOut<3>(job_)))
      .WillOnce(DoAll(SetArgPointee<2>(ids[1]), HandOut<3>(finished)))
      .WillOnce(DoAll(SetArgPointee<2>(ids[2]), HandOut<3>(unreadable)))
      .WillOnce(DoAll(SetArgPointee<2>(ids[3]), HandOut<3>(job_)));
  for (int i = 0; i < 4; ++i) CreateJob();
  EXPECT_CALL(manager_, GetJob(GuidIs(ids[0]), _)).WillOnce(HandOut<1>(job_));
  EXPECT_CALL(manager_, GetJob(GuidIs(ids[1]), _)).WillOnce(HandOut<1>(finished));
  EXPECT_CALL(manager_, GetJob(GuidIs(ids[2]), _)).WillOnce(HandOut<1>(unreadable));
  EXPECT_CALL(manager_, GetJob(GuidIs(ids[3]), _)).WillOnce(Return(BG_E_NOT_FOUND));
  EXPECT_CALL(job_, GetState).WillOnce(ReportState(BG_JOB_STATE_ERROR));
  EXPECT_CALL(job_, Cancel).WillOnce(Return(S_OK));
  EXPECT_CALL(finished, GetState).WillOnce(ReportState(BG_JOB_STATE_ACKNOWLEDGED));
  EXPECT_CALL(finished, Cancel).Times(0);
  EXPECT_CALL(unreadable, GetState).WillOnce(Return(E_ACCESSDENIED));
  EXPECT_CALL(unreadable, Cancel).Times(0);
  EXPECT_EQ(target_->CancelLeftoverJobs(), 1);
  EXPECT_EQ(target_->CancelLeftoverJobs(), 0);  // the list was cleared
  mocks::ExpectAllReleased(finished, unreadable);
}

TEST_F(ComTargetTest, WithholdsWhatNoRealMachineOffersAndSaysWhy) {
  const ControlSet& controls = Connect().Controls();
  ASSERT_TRUE(controls.Missing(TimeControl::kFeature).has_value());
  EXPECT_NE(controls.Missing(TimeControl::kFeature)->find("real time"), std::string::npos);
  ASSERT_TRUE(controls.Missing(NetworkControl::kFeature).has_value());
  EXPECT_NE(controls.Missing(NetworkControl::kFeature)->find("CI runner"), std::string::npos);
  EXPECT_FALSE(controls.Missing(FileVersionControl::kFeature).has_value());
}

TEST_F(ComTargetTest, OffersExactlyWhatThePlanSays) {
  const ControlSet& controls = Connect().Controls();
  const std::map<Feature, std::string> withheld = com::WithheldControls();
  for (const Feature feature : ControlSet::ControlFeatures()) {
    const auto planned = withheld.find(feature);
    const std::optional<std::string> missing = controls.Missing(feature);
    EXPECT_EQ(missing.has_value(), planned != withheld.end()) << Name(feature);
    if (missing && planned != withheld.end()) {
      EXPECT_EQ(*missing, planned->second);
    }
  }
}

TEST_F(ComTargetTest, FoldersAreCreatedInTheScratchFolderWithTheirWriters) {
  std::filesystem::create_directories(scratch_);
  Target& target = Connect();
  EXPECT_CALL(*system_, SetFolderWriters).Times(AnyNumber());
  EXPECT_CALL(*system_, SetFolderWriters(_, _, std::vector<std::wstring>{L"S-1-5-21-9"}, _));
  const Outcome<std::string> first =
      ControlOf<FolderControl>(target).CreateFolder({Principal{"writer", "S-1-5-21-9"}});
  const Outcome<std::string> second = ControlOf<FolderControl>(target).CreateFolder({});
  EXPECT_EQ(first.hr, hr::kOk);
  EXPECT_TRUE(std::filesystem::is_directory(first.value));
  EXPECT_NE(first.value, second.value);
  EXPECT_EQ(std::filesystem::path(first.value).parent_path(), scratch_);
  target_.reset();
  EXPECT_FALSE(std::filesystem::exists(first.value)) << "removed at the end of the run";
  std::filesystem::remove_all(scratch_);
}

TEST_F(ComTargetTest, ActivateManagerClassCreatesAndReleasesTheVersionedClass) {
  Target& target = Connect();
  const auto index_of = [](std::string_view version) {
    for (std::size_t i = 0; i < std::size(kVersionedClasses); ++i) {
      if (version == kVersionedClasses[i].version) return i;
    }
    return std::size(kVersionedClasses);
  };
  EXPECT_CALL(*system_, CoCreateInstance(GuidIs(kVersionedClasses[index_of("4.0")].clsid),
                                         static_cast<DWORD>(CLSCTX_LOCAL_SERVER), _, _))
      .WillOnce(HandOut<3>(manager_));
  EXPECT_EQ(target.ActivateManagerClass("4.0"), hr::kOk);
  EXPECT_CALL(*system_,
              CoCreateInstance(GuidIs(kVersionedClasses[index_of("10.3")].clsid), _, _, _))
      .WillOnce(Return(REGDB_E_CLASSNOTREG));
  EXPECT_EQ(target.ActivateManagerClass("10.3"), hr::kClassNotRegistered);
  EXPECT_EQ(target.ActivateManagerClass("9.9"), hr::kInvalidArg) << "no such class";
}

TEST_F(ComTargetTest, WithoutAgentsThereIsNoLogOn) {
  Target& target = Connect();
  const Outcome<Principal> account = target.Provision(PrincipalKind::kStandardUser);
  ASSERT_EQ(account.hr, hr::kOk);
  EXPECT_EQ(target.LogOn(account.value, CallerSettings{}).hr, hr::kNotSupported);
}

TEST_F(ComTargetTest, AProvisionedAccountMayWriteTheScratchFolder) {
  Target& target = Connect();
  EXPECT_CALL(*system_, GrantFolderAccess(std::wstring(scratch_.wstring()), _))
      .WillOnce(Return(DWORD{0}));
  EXPECT_EQ(target.Provision(PrincipalKind::kStandardUser).hr, hr::kOk);
}

TEST_F(ComTargetTest, AnAccountThatCannotWriteTheScratchFolderIsNotProvisioned) {
  Target& target = Connect();
  EXPECT_CALL(*system_, GrantFolderAccess).WillOnce(Return(win32::kErrorAccessDenied));
  EXPECT_EQ(target.Provision(PrincipalKind::kStandardUser).hr, hr::kAccessDenied);
}

// The controls the target offers (controls.h).

TEST_F(ComTargetTest, SharesAreMadeByTheShareControlAndDeletedWithTheTarget) {
  Target& target = Connect();
  std::filesystem::create_directories(scratch_);
  const Outcome<Share> share = ControlOf<ShareControl>(target).CreateShare({});
  ASSERT_EQ(share.hr, hr::kOk);
  EXPECT_TRUE(share.value.unc.starts_with("\\\\TESTHOST\\bitscts-")) << share.value.unc;
  EXPECT_EQ(std::filesystem::path(share.value.local_folder).parent_path(), scratch_);
  EXPECT_EQ(system_->shares().size(), 1u);
  target_.reset();
  EXPECT_THAT(system_->shares(), ::testing::IsEmpty());
  std::filesystem::remove_all(scratch_);
}

TEST_F(ComTargetTest, ATestAccountsUserProxyIsSetInItsHiveUntilTheTargetEnds) {
  Target& target = Connect();
  const Outcome<Principal> account = target.Provision(PrincipalKind::kStandardUser);
  ASSERT_EQ(account.hr, hr::kOk);
  EXPECT_CALL(*system_, LoadUserProfileW).Times(1);  // a new account's hive is not loaded
  EXPECT_EQ(ControlOf<UserProxyControl>(target).SetUserProxy(account.value, "proxy.test:8080"),
            hr::kOk);
  EXPECT_FALSE(system_->registry().empty());
  EXPECT_CALL(*system_, UnloadUserProfile(_, MockSystemApi::kProfile));
  target_.reset();
  EXPECT_THAT(system_->registry(), ::testing::IsEmpty()) << "restored as it was: empty";
}

TEST_F(ComTargetTest, TheRunnersUserProxyIsReadInProcess) {
  Target& target = Connect();
  const Outcome<std::string> proxy =
      ControlOf<UserProxyControl>(target).UserProxyOf(target.CurrentCaller());
  EXPECT_EQ(proxy.hr, hr::kOk);
  EXPECT_EQ(proxy.value, "") << "the mock's direct connection";
}

TEST_F(ComTargetTest, WithoutAgentsThereIsNoLogOnOfAnyKind) {
  Target& target = Connect();
  const Outcome<Principal> account = target.Provision(PrincipalKind::kStandardUser);
  ASSERT_EQ(account.hr, hr::kOk);
  for (LogonKind kind :
       {LogonKind::kInteractive, LogonKind::kSecondary, LogonKind::kPowerShellRemote}) {
    EXPECT_EQ(ControlOf<LogonControl>(target).LogOnAs(account.value, CallerSettings{}, kind).hr,
              hr::kNotSupported)
        << Name(kind);
  }
}

}  // namespace
}  // namespace bitscts::com
