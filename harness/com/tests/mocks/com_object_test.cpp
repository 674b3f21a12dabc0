// The doubles count references, hand out interfaces the way COM callees do, and track the
// memory they hand out, so that the com client tests can check what the client code releases.
#include "mocks/com_object.h"

#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "mocks/mock_enum_jobs.h"
#include "mocks/mock_error.h"
#include "mocks/mock_job.h"
#include "mocks/mock_manager.h"
#include "mocks/mock_system_api.h"
#include "mocks/mock_token_options.h"

namespace bitscts::mocks {
namespace {

using ::testing::_;
using ::testing::NiceMock;
using ::testing::Return;

TEST(MockComObject, CountsReferencesTakenAndGivenBack) {
  NiceMock<MockJob> job;
  EXPECT_EQ(job.AddRef(), 1u);
  EXPECT_EQ(job.AddRef(), 2u);
  job.Release();
  EXPECT_EQ(job.references().outstanding(), 1);
  job.Release();
  ExpectAllReleased(job);
}

TEST(MockComObject, ReportsAKeptReferenceByTheDoublesName) {
  NiceMock<MockManager> manager;
  manager.AddRef();
  EXPECT_NONFATAL_FAILURE(ExpectAllReleased(manager),
                          "kept 1 reference(s) to the IBackgroundCopyManager double");
  manager.Release();
}

TEST(MockComObject, ReportsAnOverRelease) {
  NiceMock<MockTokenOptions> options;
  options.Release();
  EXPECT_NONFATAL_FAILURE(ExpectAllReleased(options),
                          "over-released 1 reference(s) to the IBitsTokenOptions double");
  options.AddRef();
}

TEST(MockComObject, AnswersItsOwnInterfacesWithAReference) {
  NiceMock<MockError> error;
  void* object = nullptr;
  EXPECT_EQ(error.QueryInterface(com::IidOf<IUnknown>(), &object), S_OK);
  EXPECT_EQ(object, static_cast<IBackgroundCopyError*>(&error));
  EXPECT_EQ(error.QueryInterface(com::IidOf<IBackgroundCopyError>(), &object), S_OK);
  EXPECT_EQ(error.references().outstanding(), 2);
  error.Release();
  error.Release();
}

TEST(MockComObject, RefusesOtherInterfaces) {
  NiceMock<MockJob> job;
  void* object = &job;
  EXPECT_EQ(job.QueryInterface(com::IidOf<IBitsTokenOptions>(), &object), E_NOINTERFACE);
  EXPECT_EQ(object, nullptr);
  EXPECT_EQ(job.QueryInterface(com::IidOf<IUnknown>(), nullptr), E_POINTER);
  ExpectAllReleased(job);
}

TEST(HandOut, StoresTheInterfaceWithAReference) {
  NiceMock<MockManager> manager;
  NiceMock<MockJob> job;
  EXPECT_CALL(manager, GetJob(_, _)).WillOnce(HandOut<1>(job));
  IBackgroundCopyJob* out = nullptr;
  EXPECT_EQ(manager.GetJob(GUID{}, &out), S_OK);
  EXPECT_EQ(out, &job);
  EXPECT_EQ(job.references().outstanding(), 1);
  out->Release();
  ExpectAllReleased(manager, job);
}

TEST(HandOut, StoresIntoVoidPointerSlots) {
  NiceMock<MockJob> job;
  NiceMock<MockTokenOptions> options;
  EXPECT_CALL(job, QueryInterface(IidIs<IBitsTokenOptions>(), _)).WillOnce(HandOut<1>(options));
  void* object = nullptr;
  EXPECT_EQ(job.QueryInterface(com::IidOf<IBitsTokenOptions>(), &object), S_OK);
  EXPECT_EQ(object, static_cast<IBitsTokenOptions*>(&options));
  static_cast<IBitsTokenOptions*>(object)->Release();
  ExpectAllReleased(job, options);
}

TEST(MockEnumJobs, HandsOutJobsOneByOne) {
  NiceMock<MockManager> manager;
  NiceMock<MockEnumJobs> jobs;
  NiceMock<MockJob> job;
  EXPECT_CALL(manager, EnumJobs(DWORD{0}, _)).WillOnce(HandOut<1>(jobs));
  EXPECT_CALL(jobs, Next(1u, _, _))
      .WillOnce([&](ULONG, IBackgroundCopyJob** out, ULONG* fetched) {
        job.AddRef();
        *out = &job;
        *fetched = 1;
        return S_OK;
      })
      .WillOnce([](ULONG, IBackgroundCopyJob**, ULONG* fetched) {
        *fetched = 0;
        return S_FALSE;
      });
  IEnumBackgroundCopyJobs* enumerator = nullptr;
  ASSERT_EQ(manager.EnumJobs(0, &enumerator), S_OK);
  IBackgroundCopyJob* next = nullptr;
  ULONG fetched = 0;
  EXPECT_EQ(enumerator->Next(1, &next, &fetched), S_OK);
  next->Release();
  EXPECT_EQ(enumerator->Next(1, &next, &fetched), S_FALSE);
  EXPECT_EQ(fetched, 0u);
  enumerator->Release();
  ExpectAllReleased(manager, jobs, job);
}

TEST(MockSystemApi, TaskStringsAreCountedUntilFreed) {
  NiceMock<MockSystemApi> system;
  LPWSTR text = system.TaskString(L"S-1-5-18");
  EXPECT_EQ(std::wstring(text), L"S-1-5-18");
  EXPECT_EQ(system.outstanding_task_memory(), 1u);
  system.CoTaskMemFree(text);
  EXPECT_EQ(system.outstanding_task_memory(), 0u);
  system.CoTaskMemFree(text);  // a second free is caught, not performed
  EXPECT_EQ(system.bad_task_memory_frees(), 1u);
}

TEST(MockSystemApi, HandOutStringGivesTaskMemory) {
  NiceMock<MockSystemApi> system;
  NiceMock<MockTokenOptions> options;
  EXPECT_CALL(options, GetHelperTokenSid).WillOnce(HandOutString<0>(system, L"S-1-5-20"));
  LPWSTR sid = nullptr;
  EXPECT_EQ(options.GetHelperTokenSid(&sid), S_OK);
  EXPECT_EQ(std::wstring(sid), L"S-1-5-20");
  system.CoTaskMemFree(sid);
  EXPECT_EQ(system.outstanding_task_memory(), 0u);
}

TEST(MockSystemApi, DefaultsDescribeAHealthyMachine) {
  NiceMock<MockSystemApi> system;
  HANDLE token = nullptr;
  EXPECT_EQ(system.LogonUserW(L"a", L".", com::Secret(L"p"), 2, 0, &token), 0u);
  EXPECT_EQ(token, MockSystemApi::kLogonToken);
  std::wstring text;
  EXPECT_EQ(system.CurrentProcessSid(&text), 0u);
  EXPECT_EQ(text, MockSystemApi::kProcessSid);
  void* object = &text;
  EXPECT_EQ(system.CoCreateInstance(GUID{}, 0, GUID{}, &object), REGDB_E_CLASSNOTREG);
  EXPECT_EQ(object, nullptr);
  EXPECT_EQ(system.ReadPlatformFacts().build, 19045u);
}

TEST(MockSystemApi, DeterministicRandomBytesDifferFromCallToCall) {
  NiceMock<MockSystemApi> system;
  std::array<std::uint8_t, 16> first{};
  std::array<std::uint8_t, 16> second{};
  EXPECT_EQ(system.BCryptGenRandom(first), 0);
  EXPECT_EQ(system.BCryptGenRandom(second), 0);
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace bitscts::mocks
